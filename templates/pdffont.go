package templates

import (
	"embed"
	"fmt"
	"sync"

	"github.com/wuxi-data/dteval/templates/internal/pdf"
)

// The report faces: Noto Serif SC Regular/Bold (宋体/小标宋 stand-ins, body and titles)
// and Noto Sans SC Bold (黑体, headings), converted to TrueType by
// scripts/convert-fonts.py, SIL Open Font License 1.1: fonts/OFL.txt; and a Kai face
// (楷体 stand-in, （一） headings) cut from LXGW WenKai to the GB 2312 characters by the
// same script, SIL OFL 1.1: fonts/OFL-KaiSC.txt.
//
//go:embed fonts/NotoSerifSC-Regular.ttf fonts/NotoSerifSC-Bold.ttf fonts/NotoSansSC-Bold.ttf fonts/KaiSC-Regular.ttf
var fontFS embed.FS

// Font families as registered with the PDF writer.
const (
	fontSerif = "serif" // styles "" and "B"
	fontSans  = "sans"  // style "B" only
	fontKai   = "kai"   // style "" only; common characters only (see pdfDoc.kai)
)

type fontFace struct {
	family, style, file, name string
	partial                   bool
}

var fontFaces = []fontFace{
	{fontSerif, "", "fonts/NotoSerifSC-Regular.ttf", "NotoSerifSC-Regular", false},
	{fontSerif, "B", "fonts/NotoSerifSC-Bold.ttf", "NotoSerifSC-Bold", false},
	{fontSans, "B", "fonts/NotoSansSC-Bold.ttf", "NotoSansSC-Bold", false},
	{fontKai, "", "fonts/KaiSC-Regular.ttf", "KaiSC-Regular", true},
}

// replacementRune stands for a character none of the faces can draw.
const replacementRune = '□'

var (
	fontOnce sync.Once
	fontSet  *pdf.FontSet
	fontErr  error
)

// loadFonts parses the embedded faces once per process.
func loadFonts() (*pdf.FontSet, error) {
	fontOnce.Do(func() {
		var faces []pdf.Face
		for _, f := range fontFaces {
			b, err := fontFS.ReadFile(f.file)
			if err != nil {
				fontErr = fmt.Errorf("embedded font %s: %w", f.file, err)
				return
			}
			faces = append(faces, pdf.Face{Family: f.family, Style: f.style, Name: f.name, Data: b, Partial: f.partial})
		}
		fontSet, fontErr = pdf.NewFontSet(faces)
		if fontErr != nil {
			fontErr = fmt.Errorf("embedded fonts: %w", fontErr)
		}
	})
	return fontSet, fontErr
}
