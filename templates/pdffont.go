package templates

import (
	"embed"
	"encoding/binary"
	"fmt"
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
	fontBytes map[string][]byte // file → bytes
	fontRunes map[rune]bool     // runes every face covers
	fontErr   error
)

// loadFonts reads the embedded faces and the set of runes all of them cover.
func loadFonts() (map[string][]byte, map[rune]bool, error) {
	fontOnce.Do(func() {
		fontBytes = map[string][]byte{}
		for i, f := range fontFaces {
			b, err := fontFS.ReadFile(f.file)
			if err != nil {
				fontErr = fmt.Errorf("embedded font %s: %w", f.file, err)
				return
			}
			fontBytes[f.file] = b
			cov, err := cmapRunes(b)
			if err != nil {
				fontErr = fmt.Errorf("embedded font %s: %w", f.file, err)
				return
			}
			if i == 0 {
				fontRunes = cov
				continue
			}
			for r := range fontRunes {
				if !cov[r] {
					delete(fontRunes, r)
				}
			}
		}
	})
	return fontBytes, fontRunes, fontErr
}

// cmapRunes returns the runes mapped by the (3,1) or (0,x) format-4 cmap subtable of
// a TrueType font: the table fpdf itself reads.
func cmapRunes(b []byte) (map[rune]bool, error) {
	u16 := func(off int) (int, error) {
		if off < 0 || off+2 > len(b) {
			return 0, fmt.Errorf("truncated font at offset %d", off)
		}
		return int(binary.BigEndian.Uint16(b[off:])), nil
	}
	u32 := func(off int) (int, error) {
		if off < 0 || off+4 > len(b) {
			return 0, fmt.Errorf("truncated font at offset %d", off)
		}
		return int(binary.BigEndian.Uint32(b[off:])), nil
	}
	n, err := u16(4)
	if err != nil {
		return nil, err
	}
	cmap := -1
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return nil, fmt.Errorf("truncated table directory")
		}
		if string(b[rec:rec+4]) == "cmap" {
			if cmap, err = u32(rec + 8); err != nil {
				return nil, err
			}
		}
	}
	if cmap < 0 {
		return nil, fmt.Errorf("no cmap table")
	}
	nsub, err := u16(cmap + 2)
	if err != nil {
		return nil, err
	}
	sub := -1
	for i := 0; i < nsub; i++ {
		pid, _ := u16(cmap + 4 + 8*i)
		eid, _ := u16(cmap + 6 + 8*i)
		off, err := u32(cmap + 8 + 8*i)
		if err != nil {
			return nil, err
		}
		if f, _ := u16(cmap + off); f == 4 && (pid == 0 || pid == 3 && eid == 1) {
			sub = cmap + off
			break
		}
	}
	if sub < 0 {
		return nil, fmt.Errorf("no format-4 Unicode cmap")
	}
	segX2, err := u16(sub + 6)
	if err != nil {
		return nil, err
	}
	ends, starts, deltas, ranges := sub+14, sub+16+segX2, sub+16+2*segX2, sub+16+3*segX2
	out := map[rune]bool{}
	for s := 0; s < segX2; s += 2 {
		end, err1 := u16(ends + s)
		start, err2 := u16(starts + s)
		delta, err3 := u16(deltas + s)
		ro, err4 := u16(ranges + s)
		for _, e := range []error{err1, err2, err3, err4} {
			if e != nil {
				return nil, e
			}
		}
		for c := start; c <= end && c != 0xFFFF; c++ {
			var gid int
			if ro == 0 {
				gid = (c + delta) & 0xFFFF
			} else {
				g, err := u16(ranges + s + ro + 2*(c-start))
				if err != nil {
					return nil, err
				}
				if g != 0 {
					g = (g + delta) & 0xFFFF
				}
				gid = g
			}
			if gid != 0 {
				out[rune(c)] = true
			}
		}
	}
	return out, nil
}
