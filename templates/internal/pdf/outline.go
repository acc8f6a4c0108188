package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Text drawn as glyph outlines (TextPath): for watermarks, which a reader must
// see but text extraction (pdftotext, copy and paste, screen readers) must not
// find mixed into the paragraphs under them.

// formPath is the outlines of one text in one face, as the content of a form
// XObject in 1/1000 em with the baseline's start at the origin, compressed;
// made once per process (pdfFace.paths) and written once per document.
type formPath struct {
	data []byte // compressed path operators
	bbox [4]float64
}

// TextPath draws s like Text — baseline starting at (x, y), in the current font,
// size and text colour, under the current transformation — but as filled glyph
// outlines instead of text, so that it is seen but not extracted. Each distinct
// text is written once per document (a form XObject) however many pages draw it.
func (p *Writer) TextPath(x, y float64, s string) {
	if p.err != nil {
		return
	}
	if p.face < 0 {
		p.SetError(errors.New("pdf: no font set"))
		return
	}
	f := p.faces[p.face]
	fp, err := f.formPath(s)
	if err != nil {
		p.SetError(fmt.Errorf("pdf: outlines of %q in %s: %w", s, f.name, err))
		return
	}
	i, ok := p.formIdx[fp]
	if !ok {
		if p.formIdx == nil {
			p.formIdx = map[*formPath]int{}
		}
		p.forms = append(p.forms, fp)
		i = len(p.forms)
		p.formIdx[fp] = i
	}
	p.nonStroking(p.textCol)
	k := p.sizePt / 1000
	p.out("q ")
	p.outNum(k, 5)
	p.out(" 0 0 ")
	p.outNum(k, 5)
	p.out(" ")
	p.point(x, y, " cm /X"+strconv.Itoa(i)+" Do Q\n")
}

// formPath returns the outlines of s in f, made at the first call.
func (f *pdfFace) formPath(s string) (*formPath, error) {
	if v, ok := f.paths.Load(s); ok {
		return v.(*formPath), nil
	}
	var b []byte
	bbox := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	scale := 1000 / float64(f.upem)
	x := 0.0 // pen position, 1/1000 em
	for _, r := range s {
		var g uint16
		if r >= 0 && r < 0x10000 {
			g = f.glyph[r]
		}
		m := [6]float64{scale, 0, 0, scale, x, 0}
		var err error
		if b, err = f.appendGlyphPath(b, int(g), m, 0); err != nil {
			return nil, err
		}
		if hdr := f.glyphData(int(g)); len(hdr) >= 10 {
			i16 := func(o int) float64 { return float64(int16(binary.BigEndian.Uint16(hdr[o:]))) }
			bbox[0] = min(bbox[0], x+i16(2)*scale)
			bbox[1] = min(bbox[1], i16(4)*scale)
			bbox[2] = max(bbox[2], x+i16(6)*scale)
			bbox[3] = max(bbox[3], i16(8)*scale)
		}
		x += float64(f.runeWidth(r))
	}
	b = append(b, "f\n"...)
	if math.IsInf(bbox[0], 1) {
		bbox = [4]float64{}
	}
	fp := &formPath{data: deflate(b, deflateBest), bbox: bbox}
	v, _ := f.paths.LoadOrStore(s, fp)
	return v.(*formPath), nil
}

// glyphData returns the glyf bytes of glyph g (nil for an empty glyph or a bad id).
func (f *pdfFace) glyphData(g int) []byte {
	if g < 0 || g >= len(f.advance) {
		return nil
	}
	var a, e int
	if f.longLoca {
		if 4*g+8 > len(f.loca) {
			return nil
		}
		a, e = int(binary.BigEndian.Uint32(f.loca[4*g:])), int(binary.BigEndian.Uint32(f.loca[4*g+4:]))
	} else {
		if 2*g+4 > len(f.loca) {
			return nil
		}
		a, e = 2*int(binary.BigEndian.Uint16(f.loca[2*g:])), 2*int(binary.BigEndian.Uint16(f.loca[2*g+2:]))
	}
	if a >= e || e > len(f.glyf) {
		return nil
	}
	return f.glyf[a:e]
}

// Flags of a simple glyph's points and of a composite's components (the others
// are in subset.go).
const (
	ptOnCurve     = 0x01
	ptXShort      = 0x02
	ptYShort      = 0x04
	ptRepeat      = 0x08
	ptXSame       = 0x10
	ptYSame       = 0x20
	compArgsAreXY = 0x0002
)

// appendGlyphPath appends glyph g's outline as PDF path operators (m, l, c, h
// and a nonzero fill, f), its points mapped by the affine m (x' = m0·x + m2·y + m4,
// y' = m1·x + m3·y + m5).
func (f *pdfFace) appendGlyphPath(b []byte, g int, m [6]float64, depth int) ([]byte, error) {
	d := f.glyphData(g)
	if len(d) < 10 {
		return b, nil // empty glyph (space)
	}
	be := binary.BigEndian
	nc := int(int16(be.Uint16(d)))
	if nc < 0 {
		return f.appendComposite(b, d, m, depth)
	}
	p := 10
	if p+2*nc+2 > len(d) {
		return nil, errors.New("truncated glyph")
	}
	ends := make([]int, nc)
	for i := range ends {
		ends[i] = int(be.Uint16(d[p+2*i:]))
	}
	p += 2 * nc
	if nc == 0 {
		return b, nil
	}
	n := ends[nc-1] + 1
	p += 2 + int(be.Uint16(d[p:])) // skip the instructions
	flags := make([]byte, 0, n)
	for len(flags) < n {
		if p >= len(d) {
			return nil, errors.New("truncated glyph flags")
		}
		fl := d[p]
		p++
		flags = append(flags, fl)
		if fl&ptRepeat != 0 {
			if p >= len(d) {
				return nil, errors.New("truncated glyph flags")
			}
			for k := int(d[p]); k > 0 && len(flags) < n; k-- {
				flags = append(flags, fl)
			}
			p++
		}
	}
	coords := func(short, same byte) ([]float64, error) {
		out := make([]float64, n)
		v := 0
		for i, fl := range flags {
			switch {
			case fl&short != 0:
				if p >= len(d) {
					return nil, errors.New("truncated glyph coordinates")
				}
				if fl&same != 0 {
					v += int(d[p])
				} else {
					v -= int(d[p])
				}
				p++
			case fl&same == 0:
				if p+2 > len(d) {
					return nil, errors.New("truncated glyph coordinates")
				}
				v += int(int16(be.Uint16(d[p:])))
				p += 2
			}
			out[i] = float64(v)
		}
		return out, nil
	}
	xs, err := coords(ptXShort, ptXSame)
	if err != nil {
		return nil, err
	}
	ys, err := coords(ptYShort, ptYSame)
	if err != nil {
		return nil, err
	}
	start := 0
	for _, end := range ends {
		if end < start || end >= n {
			return nil, errors.New("bad contour ends")
		}
		b = appendContour(b, xs[start:end+1], ys[start:end+1], flags[start:end+1], m)
		start = end + 1
	}
	return b, nil
}

// appendContour appends one closed quadratic contour as PDF path operators.
func appendContour(b []byte, xs, ys []float64, flags []byte, m [6]float64) []byte {
	type pt struct {
		x, y float64
		on   bool
	}
	// the points with the implied on-curve midpoints between two off-curve ones
	var ps []pt
	n := len(xs)
	for i := range n {
		j := (i + 1) % n
		on := flags[i]&ptOnCurve != 0
		ps = append(ps, pt{xs[i], ys[i], on})
		if !on && flags[j]&ptOnCurve == 0 && n > 1 {
			ps = append(ps, pt{(xs[i] + xs[j]) / 2, (ys[i] + ys[j]) / 2, true})
		}
	}
	first := -1
	for i, q := range ps {
		if q.on {
			first = i
			break
		}
	}
	if first < 0 {
		return b // a lone off-curve point draws nothing
	}
	ps = append(ps[first:], ps[:first]...)
	ps = append(ps, ps[0]) // back to the start
	pos := func(b []byte, x, y float64, op string) []byte {
		b = appendNum(b, m[0]*x+m[2]*y+m[4], 1)
		b = append(b, ' ')
		b = appendNum(b, m[1]*x+m[3]*y+m[5], 1)
		return append(b, op...)
	}
	cur := ps[0]
	b = pos(b, cur.x, cur.y, " m\n")
	for i := 1; i < len(ps); i++ {
		q := ps[i]
		if q.on {
			if i < len(ps)-1 || q.x != cur.x || q.y != cur.y {
				b = pos(b, q.x, q.y, " l\n")
			}
			cur = q
			continue
		}
		e := ps[i+1] // the list ends on an on-curve point
		b = pos(b, cur.x+2*(q.x-cur.x)/3, cur.y+2*(q.y-cur.y)/3, " ")
		b = pos(b, e.x+2*(q.x-e.x)/3, e.y+2*(q.y-e.y)/3, " ")
		b = pos(b, e.x, e.y, " c\n")
		cur = e
		i++
	}
	return append(b, "h\n"...)
}

// appendComposite appends the components of a composite glyph.
func (f *pdfFace) appendComposite(b []byte, d []byte, m [6]float64, depth int) ([]byte, error) {
	if depth > 8 {
		return nil, errors.New("composite glyphs nested too deep")
	}
	be := binary.BigEndian
	f2 := func(o int) float64 { return float64(int16(be.Uint16(d[o:]))) / 16384 }
	p := compHeaderSize
	for {
		if p+4 > len(d) {
			return nil, errors.New("truncated composite glyph")
		}
		flags := be.Uint16(d[p:])
		g := int(be.Uint16(d[p+2:]))
		p += 4
		var dx, dy float64
		if flags&compArgWords != 0 {
			if p+4 > len(d) {
				return nil, errors.New("truncated composite glyph")
			}
			dx, dy = float64(int16(be.Uint16(d[p:]))), float64(int16(be.Uint16(d[p+2:])))
			p += 4
		} else {
			if p+2 > len(d) {
				return nil, errors.New("truncated composite glyph")
			}
			dx, dy = float64(int8(d[p])), float64(int8(d[p+1]))
			p += 2
		}
		if flags&compArgsAreXY == 0 {
			dx, dy = 0, 0 // anchored by point numbers: not used by the report faces
		}
		a, bb, c, dd := 1.0, 0.0, 0.0, 1.0
		switch {
		case flags&compScale != 0 && p+2 <= len(d):
			a = f2(p)
			dd = a
			p += 2
		case flags&compXYScale != 0 && p+4 <= len(d):
			a, dd = f2(p), f2(p+2)
			p += 4
		case flags&compTwoByTwo != 0 && p+8 <= len(d):
			a, bb, c, dd = f2(p), f2(p+2), f2(p+4), f2(p+6)
			p += 8
		}
		// the component's map, then the parent's
		cm := [6]float64{
			m[0]*a + m[2]*bb, m[1]*a + m[3]*bb,
			m[0]*c + m[2]*dd, m[1]*c + m[3]*dd,
			m[0]*dx + m[2]*dy + m[4], m[1]*dx + m[3]*dy + m[5],
		}
		var err error
		if b, err = f.appendGlyphPath(b, g, cm, depth+1); err != nil {
			return nil, err
		}
		if flags&compMore == 0 {
			return b, nil
		}
	}
}
