package templates

import (
	"embed"
	"fmt"
	"slices"
	"sync"
)

// The report faces: Noto Serif SC Regular/Bold (宋体/小标宋 stand-ins, body and titles)
// and Noto Sans SC Bold (黑体, headings), converted to TrueType by
// scripts/convert-fonts.py. SIL Open Font License 1.1: fonts/OFL.txt.
//
//go:embed fonts/NotoSerifSC-Regular.ttf fonts/NotoSerifSC-Bold.ttf fonts/NotoSansSC-Bold.ttf
var fontFS embed.FS

// Font families as registered with fpdf.
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

// fontSet is the font files a document is built with: the embedded faces, or
// subsets of them (subsetTrueType) cut to a set of runes.
type fontSet struct {
	files map[string][]byte // face file → font bytes
	have  map[rune]bool     // the runes the subsets were cut to; nil: the full faces
}

// fullFonts is the embedded faces as they are.
func fullFonts() (*fontSet, error) {
	files, _, err := loadFonts()
	if err != nil {
		return nil, err
	}
	return &fontSet{files: files}, nil
}

// subsetFonts cuts every face to the runes given plus every rune up to U+00FF the
// face maps (fpdf writes the widths of those whatever a document uses, so they must
// be there for a subset to give the same PDF as the full face).
func subsetFonts(runes map[rune]bool) (*fontSet, error) {
	full, _, err := loadFonts()
	if err != nil {
		return nil, err
	}
	have := make(map[rune]bool, len(runes)+256)
	for r := range runes {
		have[r] = true
	}
	for r := rune(0); r < 0x100; r++ {
		have[r] = true
	}
	list := make([]rune, 0, len(have))
	for r := range have {
		list = append(list, r)
	}
	slices.Sort(list)
	fs := &fontSet{files: map[string][]byte{}, have: have}
	for _, f := range fontFaces {
		b, err := subsetTrueType(full[f.file], fontCmaps[f.file], list)
		if err != nil {
			return nil, fmt.Errorf("subsetting %s: %w", f.file, err)
		}
		fs.files[f.file] = b
	}
	return fs, nil
}

// lacks reports whether a document drawing r needs fuller fonts than fs.
func (fs *fontSet) lacks(r rune) bool {
	return fs.have != nil && r >= 0x100 && !fs.have[r]
}

// textRunes adds the runes of every string to set.
func textRunes(set map[rune]bool, texts ...string) {
	for _, s := range texts {
		for _, r := range s {
			set[r] = true
		}
	}
}
