// Package pdf is dteval's PDF engine: a small, deterministic PDF writer for A4
// portrait documents in millimetres, with TrueType faces embedded as CID fonts
// (Identity-H) cut per document to the glyphs it draws, text measuring and CJK
// line breaking. It imports nothing else of dteval; the reports
// (package templates) are its only user.
//
// Its room:
//
//   - FontSet (face.go): faces parsed once per process from TrueType bytes the
//     caller supplies; Covered tells which runes every face can draw.
//   - Writer (writer.go): pages, position, fonts, colours, lines, shapes,
//     cells, bookmarks, a page-count alias, document information, Output. Its
//     methods follow fpdf's names so that layout code reads the same.
//   - Wrap and WrapCache (wrap.go): line breaking that keeps Latin words and
//     numbers together and follows the kinsoku rules for CJK punctuation.
//   - subset.go: TrueType subsetting (glyf/loca/hmtx/cmap format 4), composite
//     glyphs included.
//   - SharedSubsets: a subset made once from one document and copied into many
//     (the feedback PDFs) that draw no other glyph; a document that adds glyphs
//     embeds the shared ones and its own as one font, each face once.
//   - TextPath (outline.go): text drawn as glyph outlines (a form XObject), seen
//     but not extracted: the watermarks.
//
// The same calls give the same bytes. Errors are sticky (Writer.Error): after
// the first, drawing calls do nothing and Output returns it.
package pdf
