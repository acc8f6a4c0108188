package templates

import (
	"embed"
	"fmt"
	"sync"
)

// The report faces: Noto Serif SC Regular/Bold (宋体/小标宋 stand-ins, body and titles)
// and Noto Sans SC Bold (黑体, headings), converted to TrueType by
// scripts/convert-fonts.py. SIL Open Font License 1.1: fonts/OFL.txt.
//
//go:embed fonts/NotoSerifSC-Regular.ttf fonts/NotoSerifSC-Bold.ttf fonts/NotoSansSC-Bold.ttf
var fontFS embed.FS

// Font families as registered with the PDF writer.
const (
	fontSerif = "serif" // styles "" and "B"
	fontSans  = "sans"  // style "B" only
)

type fontFace struct {
	family, style, file string
}

var fontFaces = []fontFace{
	{fontSerif, "", "fonts/NotoSerifSC-Regular.ttf"},
	{fontSerif, "B", "fonts/NotoSerifSC-Bold.ttf"},
	{fontSans, "B", "fonts/NotoSansSC-Bold.ttf"},
}

// replacementRune stands for a character none of the faces can draw.
const replacementRune = '□'

var (
	fontOnce  sync.Once
	fontBytes map[string][]byte          // file → bytes
	fontCmaps map[string]map[rune]uint16 // file → rune → glyph
	fontRunes map[rune]bool              // runes every face covers
	fontErr   error
)

// loadFonts reads the embedded faces and the set of runes all of them cover.
func loadFonts() (map[string][]byte, map[rune]bool, error) {
	fontOnce.Do(func() {
		fontBytes = map[string][]byte{}
		fontCmaps = map[string]map[rune]uint16{}
		for i, f := range fontFaces {
			b, err := fontFS.ReadFile(f.file)
			if err != nil {
				fontErr = fmt.Errorf("embedded font %s: %w", f.file, err)
				return
			}
			fontBytes[f.file] = b
			cov, err := cmapGlyphs(b)
			if err != nil {
				fontErr = fmt.Errorf("embedded font %s: %w", f.file, err)
				return
			}
			fontCmaps[f.file] = cov
			if i == 0 {
				fontRunes = make(map[rune]bool, len(cov))
				for r := range cov {
					fontRunes[r] = true
				}
				continue
			}
			for r := range fontRunes {
				if _, ok := cov[r]; !ok {
					delete(fontRunes, r)
				}
			}
		}
	})
	return fontBytes, fontRunes, fontErr
}
