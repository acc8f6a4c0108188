package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
)

// pdfFace is a TrueType face parsed once per process: what the PDF writer
// needs to measure text, to cut a subset per document and to describe the font.
type pdfFace struct {
	name string // PostScript-style name for /BaseFont
	src  []byte
	cmap map[rune]uint16
	// glyph is cmap for the BMP as a table (0: unmapped).
	glyph []uint16
	// width is the advance of the glyph of each BMP rune in 1/1000 em (0: unmapped).
	width []int32
	// advance is the advance of every glyph in 1/1000 em.
	advance []int32

	missingWidth int // advance of glyph 0
	ascent       int // all in 1/1000 em
	descent      int
	capHeight    int
	bbox         [4]int
	italicAngle  int
	stemV        int

	// for drawing glyphs as outlines (TextPath)
	upem     int
	glyf     []byte
	loca     []byte
	longLoca bool
	paths    sync.Map // text → *formPath, the outlines of a text (see TextPath)
}

// Face is one TrueType face to register with a FontSet: the family and style
// names SetFont selects it by ("" or "B"), the PostScript-style name written as
// its /BaseFont, and the font file's bytes (a TrueType "glyf" font with a format-4
// cmap; the bytes are kept, not copied, and must not change). A Partial face
// covers fewer characters than the others (the Kai face: the common ones only): it
// is left out of Covered, and callers ask Writer.CanDraw before using it.
type Face struct {
	Family, Style string
	Name          string
	Data          []byte
	Partial       bool
}

// FontSet is a set of faces parsed once, shared by every Writer made from it (safe
// for concurrent use): parsing a CJK face and its width tables is the costly part
// of a small document, so a process parses each face once, not once per document.
type FontSet struct {
	faces   []*pdfFace
	key     map[string]int // family+"/"+style → index in faces
	covered map[rune]bool  // runes every face maps
}

// NewFontSet parses the faces. The order of faces is the order of their font
// resources in every document.
func NewFontSet(faces []Face) (*FontSet, error) {
	fs := &FontSet{key: map[string]int{}}
	for i, ff := range faces {
		cmap, err := cmapGlyphs(ff.Data)
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", ff.Name, err)
		}
		f, err := parseFace(ff.Name, ff.Data, cmap)
		if err != nil {
			return nil, fmt.Errorf("font %s: %w", ff.Name, err)
		}
		fs.faces = append(fs.faces, f)
		fs.key[ff.Family+"/"+ff.Style] = i
		if ff.Partial {
			continue
		}
		if fs.covered == nil {
			fs.covered = make(map[rune]bool, len(cmap))
			for r := range cmap {
				fs.covered[r] = true
			}
			continue
		}
		for r := range fs.covered {
			if _, ok := cmap[r]; !ok {
				delete(fs.covered, r)
			}
		}
	}
	return fs, nil
}

// Covered is the set of runes every face of the set but the partial ones maps to
// a glyph. A rune
// outside it is drawn with the face's .notdef glyph; callers that want another
// replacement substitute it before drawing. The map must not be changed.
func (fs *FontSet) Covered() map[rune]bool { return fs.covered }

func parseFace(name string, src []byte, cmap map[rune]uint16) (*pdfFace, error) {
	s, err := parseSFNT(src)
	if err != nil {
		return nil, err
	}
	head, err1 := s.table("head", 54)
	hhea, err2 := s.table("hhea", 36)
	maxp, err3 := s.table("maxp", 6)
	hmtx, err4 := s.table("hmtx", 0)
	post, err5 := s.table("post", 32)
	os2, err6 := s.table("OS/2", 90)
	loca, err7 := s.table("loca", 0)
	glyf, err8 := s.table("glyf", 0)
	if err := errors.Join(err1, err2, err3, err4, err5, err6, err7, err8); err != nil {
		return nil, err
	}
	be := binary.BigEndian
	upem := float64(be.Uint16(head[18:]))
	if upem == 0 {
		return nil, errors.New("unitsPerEm is 0")
	}
	scale := func(v int) int { return int(math.Round(float64(v) * 1000 / upem)) }
	numGlyphs := int(be.Uint16(maxp[4:]))
	numHM := int(be.Uint16(hhea[34:]))
	if numHM == 0 || numHM > numGlyphs || len(hmtx) < 4*numHM {
		return nil, errors.New("inconsistent hhea/maxp/hmtx")
	}
	f := &pdfFace{name: name, src: src, cmap: cmap, advance: make([]int32, numGlyphs),
		width: make([]int32, 0x10000), glyph: make([]uint16, 0x10000),
		upem: int(upem), glyf: glyf, loca: loca, longLoca: be.Uint16(head[50:]) == 1}
	for g := range numGlyphs {
		a := int(be.Uint16(hmtx[4*min(g, numHM-1):]))
		f.advance[g] = int32(scale(a))
	}
	for r, g := range cmap {
		if r < 0x10000 && int(g) < numGlyphs {
			f.width[r] = f.advance[g]
			f.glyph[r] = g
		}
	}
	f.missingWidth = int(f.advance[0])
	i16 := func(b []byte, off int) int { return int(int16(be.Uint16(b[off:]))) }
	f.bbox = [4]int{scale(i16(head, 36)), scale(i16(head, 38)), scale(i16(head, 40)), scale(i16(head, 42))}
	f.ascent = scale(i16(hhea, 4))
	f.descent = scale(i16(hhea, 6))
	if be.Uint16(os2) >= 2 && len(os2) >= 90 {
		f.capHeight = scale(i16(os2, 88))
	} else {
		f.capHeight = f.ascent
	}
	f.italicAngle = int(int32(be.Uint32(post[4:])) >> 16)
	weight := int(be.Uint16(os2[4:]))
	f.stemV = 50 + int(math.Pow(float64(weight)/65, 2))
	return f, nil
}

// runeWidth is the advance of r in 1/1000 em, glyph 0's for an unmapped rune.
func (f *pdfFace) runeWidth(r rune) int {
	if r >= 0 && r < 0x10000 {
		if f.glyph[r] != 0 {
			return int(f.width[r])
		}
	}
	return f.missingWidth
}
