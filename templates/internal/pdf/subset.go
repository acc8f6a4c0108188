package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"sort"
)

// A TrueType subsetter: the PDF writer (Writer) embeds in each document only the
// glyphs it draws, cut from the full faces parsed once per process. A subset keeps
// glyph 0 (.notdef), the glyphs asked for in the order given (CID i of a document is
// glyph i of its subset), the components of composite glyphs after them, glyph data
// byte for byte (components renumbered), metrics, and the tables a font program
// needs (head, hhea, maxp, hmtx, loca, glyf, a format-4 cmap, post 3.0, name, OS/2,
// and cvt/fpgm/prep/gasp when present).

// sfnt is a parsed table directory.
type sfnt struct {
	b      []byte
	tables map[string][]byte
}

func parseSFNT(b []byte) (*sfnt, error) {
	if len(b) < 12 {
		return nil, errors.New("font too short")
	}
	if v := binary.BigEndian.Uint32(b); v != 0x00010000 && v != 0x74727565 {
		return nil, fmt.Errorf("not a TrueType font (version %#x)", v)
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if 12+16*n > len(b) {
		return nil, errors.New("truncated table directory")
	}
	f := &sfnt{b: b, tables: make(map[string][]byte, n)}
	for i := 0; i < n; i++ {
		rec := b[12+16*i:]
		off := int(binary.BigEndian.Uint32(rec[8:]))
		size := int(binary.BigEndian.Uint32(rec[12:]))
		if off < 0 || size < 0 || off > len(b) || size > len(b)-off {
			return nil, fmt.Errorf("table %q outside the file", rec[:4])
		}
		f.tables[string(rec[:4])] = b[off : off+size]
	}
	return f, nil
}

func (f *sfnt) table(tag string, min int) ([]byte, error) {
	t, ok := f.tables[tag]
	if !ok {
		return nil, fmt.Errorf("no %q table", tag)
	}
	if len(t) < min {
		return nil, fmt.Errorf("%q table too short", tag)
	}
	return t, nil
}

// cmapGlyphs returns rune → glyph id from the (3,1) or (0,x) format-4 cmap subtable
// of a TrueType font. Unmapped runes (glyph 0) are left out.
func cmapGlyphs(b []byte) (map[rune]uint16, error) {
	f, err := parseSFNT(b)
	if err != nil {
		return nil, err
	}
	cmap, err := f.table("cmap", 4)
	if err != nil {
		return nil, err
	}
	u16 := func(off int) (int, error) {
		if off < 0 || off+2 > len(cmap) {
			return 0, fmt.Errorf("truncated cmap at offset %d", off)
		}
		return int(binary.BigEndian.Uint16(cmap[off:])), nil
	}
	nsub, _ := u16(2)
	sub := -1
	for i := 0; i < nsub; i++ {
		pid, err1 := u16(4 + 8*i)
		eid, err2 := u16(6 + 8*i)
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		if 12+8*i > len(cmap) {
			return nil, errors.New("truncated cmap")
		}
		off := int(binary.BigEndian.Uint32(cmap[8+8*i:]))
		if format, _ := u16(off); format == 4 && (pid == 0 || pid == 3 && eid == 1) {
			sub = off
			break
		}
	}
	if sub < 0 {
		return nil, errors.New("no format-4 Unicode cmap")
	}
	segX2, err := u16(sub + 6)
	if err != nil {
		return nil, err
	}
	ends, starts, deltas, ranges := sub+14, sub+16+segX2, sub+16+2*segX2, sub+16+3*segX2
	out := map[rune]uint16{}
	for s := 0; s < segX2; s += 2 {
		end, err1 := u16(ends + s)
		start, err2 := u16(starts + s)
		delta, err3 := u16(deltas + s)
		ro, err4 := u16(ranges + s)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return nil, err
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
				out[rune(c)] = uint16(gid)
			}
		}
	}
	return out, nil
}

// Composite glyph flags (OpenType glyf table).
const (
	compArgWords   = 0x0001
	compScale      = 0x0008
	compMore       = 0x0020
	compXYScale    = 0x0040
	compTwoByTwo   = 0x0080
	compHeaderSize = 10
)

// glyphComponents returns the offsets, inside a composite glyph's data, of its
// component glyph ids (nil for a simple glyph).
func glyphComponents(g []byte) ([]int, error) {
	if len(g) < compHeaderSize || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return nil, nil
	}
	var offs []int
	p := compHeaderSize
	for {
		if p+4 > len(g) {
			return nil, errors.New("truncated composite glyph")
		}
		flags := binary.BigEndian.Uint16(g[p:])
		offs = append(offs, p+2)
		p += 4
		if flags&compArgWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&compScale != 0:
			p += 2
		case flags&compXYScale != 0:
			p += 4
		case flags&compTwoByTwo != 0:
			p += 8
		}
		if flags&compMore == 0 {
			return offs, nil
		}
	}
}

// subsetTrueType returns a TrueType font holding glyph 0, the glyphs of the runes
// given (those the font maps; runes above U+FFFF are ignored) and the components of
// any composite among them (the runes' glyphs in their original order, components
// after them). cmap maps the font's runes to
// glyphs (cmapGlyphs).
func subsetTrueType(src []byte, cmap map[rune]uint16, runes []rune) ([]byte, error) {
	var runeGlyph [][2]int // (rune, old glyph)
	seen := map[int]bool{}
	var order []int
	for _, r := range runes {
		g, ok := cmap[r]
		if !ok || r > 0xFFFE {
			continue
		}
		runeGlyph = append(runeGlyph, [2]int{int(r), int(g)})
		if !seen[int(g)] {
			seen[int(g)] = true
			order = append(order, int(g))
		}
	}
	sort.Ints(order)
	return subsetGlyphs(src, order, runeGlyph)
}

// subsetGlyphs returns a TrueType font whose glyph i+1 is the font's glyph order[i]
// (glyph 0 stays .notdef; the components of composites the list lacks follow it),
// with a cmap for the (rune, original glyph) pairs of runeGlyph.
func subsetGlyphs(src []byte, order []int, runeGlyph [][2]int) ([]byte, error) {
	f, err := parseSFNT(src)
	if err != nil {
		return nil, err
	}
	head, err1 := f.table("head", 54)
	hhea, err2 := f.table("hhea", 36)
	maxp, err3 := f.table("maxp", 6)
	hmtx, err4 := f.table("hmtx", 0)
	loca, err5 := f.table("loca", 0)
	glyf, err6 := f.table("glyf", 0)
	post, err7 := f.table("post", 32)
	if err := errors.Join(err1, err2, err3, err4, err5, err6, err7); err != nil {
		return nil, err
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	numHM := int(binary.BigEndian.Uint16(hhea[34:]))
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	if numGlyphs == 0 || numHM == 0 || numHM > numGlyphs ||
		len(hmtx) < 4*numHM+2*(numGlyphs-numHM) {
		return nil, errors.New("inconsistent hhea/maxp/hmtx")
	}
	glyphAt := func(g int) ([]byte, error) {
		var a, b int
		if longLoca {
			if 4*g+8 > len(loca) {
				return nil, errors.New("loca too short")
			}
			a, b = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
		} else {
			if 2*g+4 > len(loca) {
				return nil, errors.New("loca too short")
			}
			a, b = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
		}
		if a > b || b > len(glyf) {
			return nil, fmt.Errorf("glyph %d outside glyf", g)
		}
		return glyf[a:b], nil
	}

	// The glyphs to keep: 0, the list, then composite components (transitively).
	newID := make(map[int]int, len(order)+1)
	old := make([]int, 0, len(order)+1)
	add := func(g int) error {
		if g < 0 || g >= numGlyphs {
			return fmt.Errorf("glyph %d beyond numGlyphs %d", g, numGlyphs)
		}
		if _, ok := newID[g]; !ok {
			newID[g] = len(old)
			old = append(old, g)
		}
		return nil
	}
	_ = add(0)
	for _, g := range order {
		if err := add(g); err != nil {
			return nil, err
		}
	}
	glyfSize := 0
	for i := 0; i < len(old); i++ {
		data, err := glyphAt(old[i])
		if err != nil {
			return nil, err
		}
		glyfSize += len(data)
		offs, err := glyphComponents(data)
		if err != nil {
			return nil, fmt.Errorf("glyph %d: %w", old[i], err)
		}
		for _, o := range offs {
			if err := add(int(binary.BigEndian.Uint16(data[o:]))); err != nil {
				return nil, err
			}
		}
	}
	n := len(old)
	sort.Slice(runeGlyph, func(i, j int) bool { return runeGlyph[i][0] < runeGlyph[j][0] })
	runeGlyph = slices.Compact(runeGlyph)

	// glyf, loca (in the original format) and hmtx (a full metric per glyph).
	newGlyf := make([]byte, 0, glyfSize)
	newLoca := make([]byte, 0, 4*(n+1))
	putLoca := func(off int) error {
		if longLoca {
			newLoca = binary.BigEndian.AppendUint32(newLoca, uint32(off))
			return nil
		}
		if off%2 != 0 || off/2 > 0xFFFF {
			return errors.New("glyph offsets do not fit the short loca format")
		}
		newLoca = binary.BigEndian.AppendUint16(newLoca, uint16(off/2))
		return nil
	}
	newHmtx := make([]byte, 0, 4*n)
	for _, g := range old {
		if err := putLoca(len(newGlyf)); err != nil {
			return nil, err
		}
		data, _ := glyphAt(g)
		start := len(newGlyf)
		newGlyf = append(newGlyf, data...)
		offs, _ := glyphComponents(data)
		for _, o := range offs {
			c := int(binary.BigEndian.Uint16(data[o:]))
			binary.BigEndian.PutUint16(newGlyf[start+o:], uint16(newID[c]))
		}
		if g < numHM {
			newHmtx = append(newHmtx, hmtx[4*g:4*g+4]...)
		} else {
			newHmtx = append(newHmtx, hmtx[4*(numHM-1):4*(numHM-1)+2]...)
			lsb := 4*numHM + 2*(g-numHM)
			newHmtx = append(newHmtx, hmtx[lsb:lsb+2]...)
		}
	}
	if err := putLoca(len(newGlyf)); err != nil {
		return nil, err
	}

	newHhea := slices.Clone(hhea)
	binary.BigEndian.PutUint16(newHhea[34:], uint16(n))
	newMaxp := slices.Clone(maxp)
	binary.BigEndian.PutUint16(newMaxp[4:], uint16(n))
	newPost := slices.Clone(post[:32])
	binary.BigEndian.PutUint32(newPost, 0x00030000)
	newHead := slices.Clone(head)
	binary.BigEndian.PutUint32(newHead[8:], 0) // checkSumAdjustment, set below

	cmapTable, err := buildCmap4(runeGlyph, newID)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{
		"head": newHead, "hhea": newHhea, "maxp": newMaxp, "hmtx": newHmtx,
		"loca": newLoca, "glyf": newGlyf, "post": newPost, "cmap": cmapTable,
	}
	for _, tag := range []string{"name", "OS/2", "cvt ", "fpgm", "prep", "gasp"} {
		if t, ok := f.tables[tag]; ok {
			out[tag] = t
		}
	}
	return assembleSFNT(out), nil
}

// buildCmap4 writes a cmap table with one (3,1) format-4 subtable mapping each rune
// to its new glyph id. Runs of consecutive runes with consecutive glyphs share a
// segment.
func buildCmap4(runeGlyph [][2]int, newID map[int]int) ([]byte, error) {
	type seg struct{ start, end, delta int }
	var segs []seg
	for _, rg := range runeGlyph {
		r, g := rg[0], newID[rg[1]]
		if k := len(segs) - 1; k >= 0 && segs[k].end == r-1 && segs[k].delta == g-r {
			segs[k].end = r
			continue
		}
		segs = append(segs, seg{r, r, g - r})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	segCount := len(segs)
	length := 16 + 8*segCount
	if length > 0xFFFF {
		return nil, fmt.Errorf("cmap of %d segments does not fit format 4", segCount)
	}
	entrySelector := bits.Len(uint(segCount)) - 1
	searchRange := 2 << entrySelector
	b := make([]byte, 0, 12+length)
	be := binary.BigEndian
	b = be.AppendUint16(b, 0)  // version
	b = be.AppendUint16(b, 1)  // one subtable
	b = be.AppendUint16(b, 3)  // platform: Windows
	b = be.AppendUint16(b, 1)  // encoding: Unicode BMP
	b = be.AppendUint32(b, 12) // offset
	b = be.AppendUint16(b, 4)
	b = be.AppendUint16(b, uint16(length))
	b = be.AppendUint16(b, 0) // language
	b = be.AppendUint16(b, uint16(2*segCount))
	b = be.AppendUint16(b, uint16(searchRange))
	b = be.AppendUint16(b, uint16(entrySelector))
	b = be.AppendUint16(b, uint16(2*segCount-searchRange))
	for _, s := range segs {
		b = be.AppendUint16(b, uint16(s.end))
	}
	b = be.AppendUint16(b, 0) // reservedPad
	for _, s := range segs {
		b = be.AppendUint16(b, uint16(s.start))
	}
	for _, s := range segs {
		b = be.AppendUint16(b, uint16(s.delta))
	}
	for range segs {
		b = be.AppendUint16(b, 0) // idRangeOffset
	}
	return b, nil
}

// assembleSFNT writes a font file from its tables: directory sorted by tag, tables
// 4-byte aligned, checksums and head.checkSumAdjustment set.
func assembleSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	entrySelector := bits.Len(uint(n)) - 1
	searchRange := 16 << entrySelector
	be := binary.BigEndian
	size := 12 + 16*n
	for _, t := range tags {
		size += (len(tables[t]) + 3) &^ 3
	}
	b := make([]byte, 0, size)
	b = be.AppendUint32(b, 0x00010000)
	b = be.AppendUint16(b, uint16(n))
	b = be.AppendUint16(b, uint16(searchRange))
	b = be.AppendUint16(b, uint16(entrySelector))
	b = be.AppendUint16(b, uint16(16*n-searchRange))
	off := 12 + 16*n
	headAt := -1
	for _, t := range tags {
		data := tables[t]
		if t == "head" {
			headAt = off
		}
		b = append(b, t...)
		b = be.AppendUint32(b, sfntChecksum(data))
		b = be.AppendUint32(b, uint32(off))
		b = be.AppendUint32(b, uint32(len(data)))
		off += (len(data) + 3) &^ 3
	}
	for _, t := range tags {
		b = append(b, tables[t]...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
	}
	if headAt >= 0 {
		be.PutUint32(b[headAt+8:], 0xB1B0AFBA-sfntChecksum(b))
	}
	return b
}

func sfntChecksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
