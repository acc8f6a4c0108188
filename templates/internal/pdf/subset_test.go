package pdf

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// TestSubsetTrueType checks a subset against the face it was cut from: the glyphs
// it keeps, their outlines and metrics, and its cmap.
func TestSubsetTrueType(t *testing.T) {
	testFonts(t)
	for _, face := range fontFaces {
		src := testFiles[face.file]
		full, err := cmapGlyphs(src)
		if err != nil {
			t.Fatal(err)
		}
		runes := []rune("江阴市评估A1，。")
		sub, err := subsetTrueType(src, full, append(runes, 0x10000, 0xE000 /* unmapped */))
		if err != nil {
			t.Fatalf("%s: %v", face.file, err)
		}
		if len(sub) > len(src)/100 {
			t.Errorf("%s: subset of %d runes is %d bytes (face %d)", face.file, len(runes), len(sub), len(src))
		}
		cm, err := cmapGlyphs(sub)
		if err != nil {
			t.Fatalf("%s: subset cmap: %v", face.file, err)
		}
		if len(cm) != len(runes) {
			t.Errorf("%s: subset maps %d runes, want %d", face.file, len(cm), len(runes))
		}
		a, _ := parseSFNT(src)
		b, _ := parseSFNT(sub)
		if got := binary.BigEndian.Uint16(b.tables["maxp"][4:]); int(got) != len(runes)+1 {
			t.Errorf("%s: numGlyphs %d, want %d (.notdef + one per rune)", face.file, got, len(runes)+1)
		}
		// glyph ids follow the original order; outlines and advance widths are kept
		prev := -1
		for _, r := range runes {
			og, ng := int(full[r]), int(cm[r])
			if ng <= 0 {
				t.Errorf("%s: %c unmapped in the subset", face.file, r)
				continue
			}
			if !bytes.Equal(glyphData(t, a, og), glyphData(t, b, ng)) {
				t.Errorf("%s: outline of %c differs", face.file, r)
			}
			if advance(a, og) != advance(b, ng) {
				t.Errorf("%s: advance of %c %d, want %d", face.file, r, advance(b, ng), advance(a, og))
			}
			_ = prev
		}
		order := map[int]int{}
		for _, r := range runes {
			order[int(full[r])] = int(cm[r])
		}
		for o1, n1 := range order {
			for o2, n2 := range order {
				if (o1 < o2) != (n1 < n2) {
					t.Fatalf("%s: glyph order not kept (%d→%d, %d→%d)", face.file, o1, n1, o2, n2)
				}
			}
		}
		for _, tag := range []string{"name", "OS/2"} {
			if !bytes.Equal(a.tables[tag], b.tables[tag]) {
				t.Errorf("%s: table %s changed", face.file, tag)
			}
		}
		if sfntChecksum(sub) != 0xB1B0AFBA {
			t.Errorf("%s: whole-font checksum %#x, want 0xB1B0AFBA", face.file, sfntChecksum(sub))
		}
	}
}

func glyphData(t *testing.T, f *sfnt, g int) []byte {
	t.Helper()
	loca, glyf := f.tables["loca"], f.tables["glyf"]
	var a, b int
	if binary.BigEndian.Uint16(f.tables["head"][50:]) == 1 {
		a, b = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
	} else {
		a, b = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
	}
	return glyf[a:b]
}

func advance(f *sfnt, g int) int {
	n := int(binary.BigEndian.Uint16(f.tables["hhea"][34:]))
	if g >= n {
		g = n - 1
	}
	return int(binary.BigEndian.Uint16(f.tables["hmtx"][4*g:]))
}

// TestSubsetComposite builds a tiny font with a composite glyph and checks that its
// component is kept and renumbered.
func TestSubsetComposite(t *testing.T) {
	be := binary.BigEndian
	simple := func(tag byte) []byte { // a one-contour glyph header, distinguishable by tag
		g := make([]byte, 12)
		be.PutUint16(g, 1)
		g[11] = tag
		return g
	}
	// glyphs: 0 .notdef, 1 'A' (unused), 2 accent, 3 'É' = composite of 4 and 2, 4 'E'
	comp := make([]byte, 10)
	be.PutUint16(comp, 0xFFFF)
	for _, c := range [][2]uint16{{compMore, 4}, {0, 2}} {
		comp = be.AppendUint16(comp, c[0])
		comp = be.AppendUint16(comp, c[1])
		comp = append(comp, 0, 0) // byte arguments
	}
	glyphs := [][]byte{simple(0), simple(1), simple(2), comp, simple(4)}
	var glyf, loca []byte
	for _, g := range glyphs {
		loca = be.AppendUint32(loca, uint32(len(glyf)))
		glyf = append(glyf, g...)
	}
	loca = be.AppendUint32(loca, uint32(len(glyf)))
	head := make([]byte, 54)
	be.PutUint16(head[50:], 1)
	hhea := make([]byte, 36)
	be.PutUint16(hhea[34:], 5)
	maxp := make([]byte, 6)
	be.PutUint16(maxp[4:], 5)
	var hmtx []byte
	for i := range glyphs {
		hmtx = be.AppendUint16(hmtx, uint16(100*(i+1)))
		hmtx = be.AppendUint16(hmtx, 0)
	}
	cmapT, err := buildCmap4([][2]int{{'A', 1}, {'E', 4}, {'É', 3}}, map[int]int{1: 1, 3: 3, 4: 4})
	if err != nil {
		t.Fatal(err)
	}
	font := assembleSFNT(map[string][]byte{"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx,
		"loca": loca, "glyf": glyf, "cmap": cmapT, "post": make([]byte, 32)})
	cm, err := cmapGlyphs(font)
	if err != nil || cm['É'] != 3 || cm['A'] != 1 {
		t.Fatalf("test font cmap %v, %v", cm, err)
	}
	sub, err := subsetTrueType(font, cm, []rune{'É'})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := parseSFNT(sub)
	// kept: 0, then 3 (É), then its components 4 and 2 → new ids 0, 1, 2, 3
	if n := be.Uint16(f.tables["maxp"][4:]); n != 4 {
		t.Fatalf("numGlyphs %d, want 4", n)
	}
	c := glyphData(t, f, 1)
	if be.Uint16(c[12:]) != 2 || be.Uint16(c[18:]) != 3 {
		t.Errorf("components renumbered to %d and %d, want 2 and 3", be.Uint16(c[12:]), be.Uint16(c[18:]))
	}
	if g := glyphData(t, f, 2); g[11] != 4 {
		t.Errorf("glyph 2 is old glyph %d, want 4", g[11])
	}
	if g := glyphData(t, f, 3); g[11] != 2 {
		t.Errorf("glyph 3 is old glyph %d, want 2", g[11])
	}
	if advance(f, 1) != 400 || advance(f, 2) != 500 || advance(f, 3) != 300 {
		t.Errorf("advances %d %d %d, want 400 500 300", advance(f, 1), advance(f, 2), advance(f, 3))
	}
	scm, _ := cmapGlyphs(sub)
	if len(scm) != 1 || scm['É'] != 1 {
		t.Errorf("subset cmap %v, want É → 1", scm)
	}
}
