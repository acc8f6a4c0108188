package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/klauspost/compress/zlib"
)

// Writer is the PDF writer the reports draw with: A4 portrait, millimetres, the
// embedded TrueType faces as CID fonts (Identity-H), each cut per document to the
// glyphs it uses. Its methods follow fpdf's (the library the reports were first
// written with) so that the layout code reads the same, but it parses the faces
// once per process instead of once per document: with 1,000 feedback PDFs per run
// fpdf spent 80 % of its time parsing fonts, then hashing their width tables.
//
// The output is deterministic: the same calls give the same bytes.
type Writer struct {
	err error

	pages   []*pdfPage
	page    *pdfPage
	x, y    float64
	lMargin float64
	tMargin float64
	rMargin float64

	faces    []*pdfFace
	faceKey  map[string]int // family+style → index in faces
	used     []*faceUse     // per face: the glyphs the document adds to its base; nil until used
	base     []*baseFont    // per face: glyphs shared with other documents, or nil
	baseUsed []bool         // per face: a glyph of the base was drawn
	face     int            // current face, -1 none
	sizePt   float64
	sizeMM   float64
	textCol  string // "0.000 g"
	fillCol  string
	drawCol  string
	lineW    float64 // mm
	dash     string  // "[..] 0 d" or ""
	alphas   []string
	alphaIdx map[string]int
	forms    []*formPath // TextPath's form XObjects /X1, /X2 …
	formIdx  map[*formPath]int

	header, footer     func()
	inHeader, inFooter bool
	aliasNb            string

	outlines []outline
	meta     map[string]string
	lang     string
	date     time.Time
	fast     bool // compress page contents for speed rather than size
}

func (p *Writer) textDeflate() int {
	if p.fast {
		return deflateFast
	}
	return deflateBest
}

func (p *Writer) fontDeflate() int {
	if p.fast {
		return deflateHuffman
	}
	return deflateBest
}

type pdfPage struct {
	buf      []byte
	deferred []deferredCell
	st       streamState   // what the content stream has set so far
	saved    []streamState // at each q
}

// streamState is the part of the graphics state the writer sets lazily: the
// non-stroking colour (text and fills) and the font. Operators are written only
// when a change is needed; q and Q save and restore it as the PDF does.
type streamState struct {
	ns   string // non-stroking colour operator
	font int    // face of the font resource (see appendFontName), -1 none
	size float64
}

func newPage() *pdfPage { return &pdfPage{st: streamState{ns: "0.000 g", font: -1}} }

// nonStroking makes col the current non-stroking colour.
func (p *Writer) nonStroking(col string) {
	if p.page.st.ns != col {
		p.page.st.ns = col
		p.out(col + "\n")
	}
}

// deferredCell is a cell whose text holds the page-count alias: it is laid out
// when the document is written and the count known.
type deferredCell struct {
	at             int // position in the page buffer
	face           int
	sizePt, sizeMM float64
	textCol        string
	x, y, w, h     float64
	align, txt     string
}

type outline struct {
	title string
	level int
	page  int
	y     float64
	// tree links, set when written
	parent, first, last, prev, next int
}

// faceUse is one face's glyphs in one document: CID i+1 is glyph gids[i].
type faceUse struct {
	cid  []uint16 // by glyph: its CID, 0 until used
	gids []uint16
	uni  []rune // the first rune drawn with each CID
}

// Point is a point in millimetres from the top left of the page.
type Point struct{ X, Y float64 }

const (
	ptPerMM = 72 / 25.4
	cMargin = CellInset
)

// CellInset is the text inset (mm) of a left-aligned, right-aligned or justified
// cell (CellFormat).
const CellInset = 1.0

// A4 portrait in millimetres: the only page size the writer makes.
const (
	PageWidth  = 210.0
	PageHeight = 297.0
	pageW      = PageWidth
	pageH      = PageHeight
)

// NewWriter returns an empty document with the set's faces registered under their
// family and style names.
func (fs *FontSet) NewWriter() *Writer {
	n := len(fs.faces)
	return &Writer{faces: fs.faces, faceKey: fs.key, used: make([]*faceUse, n), face: -1,
		base: make([]*baseFont, n), baseUsed: make([]bool, n),
		textCol: "0.000 g", fillCol: "0.000 g", drawCol: "0.000 G", lineW: 0.2,
		alphaIdx: map[string]int{}, meta: map[string]string{}, lMargin: 10, tMargin: 10, rMargin: 10}
}

// SetFast makes the writer compress page contents and font programs for speed
// rather than size (for documents written by the thousand).
func (p *Writer) SetFast(fast bool) { p.fast = fast }

// Error returns the first error met while drawing (sticky: the drawing calls do
// nothing after it), or nil.
func (p *Writer) Error() error { return p.err }

// SetError records err as the document's error unless one is already recorded.
func (p *Writer) SetError(err error) {
	if p.err == nil {
		p.err = err
	}
}

// ---- document settings ----

func (p *Writer) SetMargins(left, top, right float64) {
	p.lMargin, p.tMargin, p.rMargin = left, top, right
}
func (p *Writer) SetHeaderFunc(f func())    { p.header = f }
func (p *Writer) SetFooterFunc(f func())    { p.footer = f }
func (p *Writer) AliasNbPages(alias string) { p.aliasNb = alias }
func (p *Writer) SetLang(lang string)       { p.lang = lang }
func (p *Writer) SetDate(t time.Time)       { p.date = t }

// SetInfo sets a document information entry (Title, Subject, Author, Keywords,
// Creator, Producer).
func (p *Writer) SetInfo(key, value string) { p.meta[key] = value }

// ---- pages and position ----

// AddPage ends the current page (running the footer) and starts a new one
// (running the header), keeping the font, colours and line width.
func (p *Writer) AddPage() {
	if p.err != nil {
		return
	}
	face, size, lw, dc, fc, tc := p.face, p.sizePt, p.lineW, p.drawCol, p.fillCol, p.textCol
	if p.page != nil && p.footer != nil {
		p.inFooter = true
		p.footer()
		p.inFooter = false
	}
	p.page = newPage()
	p.pages = append(p.pages, p.page)
	p.x, p.y = p.lMargin, p.tMargin
	p.out("0 J 0 j ")
	p.outNum(lw*ptPerMM, 2)
	p.out(" w\n")
	if p.dash != "" {
		p.out(p.dash)
	}
	if dc != "0.000 G" {
		p.out(dc + "\n")
	}
	if p.header != nil {
		p.inHeader = true
		p.header()
		p.inHeader = false
		p.x, p.y = p.lMargin, p.tMargin
	}
	if p.lineW != lw {
		p.SetLineWidthMM(lw)
	}
	if p.drawCol != dc {
		p.drawCol = dc
		p.out(dc + "\n")
	}
	p.fillCol = fc
	p.face, p.sizePt, p.sizeMM, p.textCol = face, size, size/ptPerMM, tc
}

func (p *Writer) PageNo() int                { return len(p.pages) }
func (p *Writer) GetY() float64              { return p.y }
func (p *Writer) GetX() float64              { return p.x }
func (p *Writer) SetXY(x, y float64)         { p.x, p.y = x, y }
func (p *Writer) SetX(x float64)             { p.x = x }
func (p *Writer) Ln(h float64)               { p.x = p.lMargin; p.y += h }
func (p *Writer) out(s string)               { p.page.buf = append(p.page.buf, s...) }
func (p *Writer) outNum(v float64, prec int) { p.page.buf = appendNum(p.page.buf, v, prec) }

// appendNum writes v with prec (≤ 5) decimals, rounded half away from zero,
// without "-0".
func appendNum(b []byte, v float64, prec int) []byte {
	n := math.Round(v * pow10[prec])
	if math.IsNaN(n) || math.Abs(n) >= 1e15 {
		return strconv.AppendFloat(b, v, 'f', prec, 64)
	}
	i := int64(n)
	if i < 0 {
		b = append(b, '-')
		i = -i
	}
	unit := int64(pow10[prec])
	b = strconv.AppendInt(b, i/unit, 10)
	if prec > 0 {
		b = append(b, '.')
		frac := i % unit
		for d := unit / 10; d > 0; d /= 10 {
			b = append(b, byte('0'+frac/d%10))
		}
	}
	return b
}

var pow10 = [...]float64{1, 10, 100, 1000, 1e4, 1e5}

// pageH is the A4 height in mm; PDF y grows upwards from the bottom.
func pdfY(y float64) float64 { return (pageH - y) * ptPerMM }

// ---- graphics state ----

func colorOp(r, g, b int, gray, rgb string) string {
	if r == g && g == b {
		return fmt.Sprintf("%.3f %s", float64(r)/255, gray)
	}
	return fmt.Sprintf("%.3f %.3f %.3f %s", float64(r)/255, float64(g)/255, float64(b)/255, rgb)
}

func (p *Writer) SetTextColor(r, g, b int) { p.textCol = colorOp(r, g, b, "g", "rg") }

func (p *Writer) SetDrawColor(r, g, b int) {
	p.drawCol = colorOp(r, g, b, "G", "RG")
	if p.page != nil {
		p.out(p.drawCol + "\n")
	}
}

func (p *Writer) SetFillColor(r, g, b int) {
	p.fillCol = colorOp(r, g, b, "g", "rg") // written when something is filled
}

// SetLineWidth sets the line width in mm.
func (p *Writer) SetLineWidth(w float64) { p.SetLineWidthMM(w) }

func (p *Writer) SetLineWidthMM(w float64) {
	p.lineW = w
	if p.page != nil {
		p.outNum(w*ptPerMM, 2)
		p.out(" w\n")
	}
}

// SetDashPattern sets the dash lengths (mm); nil for solid lines.
func (p *Writer) SetDashPattern(dashes []float64, phase float64) {
	b := []byte{'['}
	for i, v := range dashes {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendNum(b, v*ptPerMM, 2)
	}
	b = append(b, "] "...)
	b = appendNum(b, phase*ptPerMM, 2)
	b = append(b, " d\n"...)
	p.dash = string(b)
	if len(dashes) == 0 {
		p.dash = ""
	}
	if p.page != nil {
		p.out(string(b))
	}
}

// SetAlpha sets the opacity of what follows (strokes and fills; blend mode Normal).
func (p *Writer) SetAlpha(alpha float64, blend string) {
	if alpha < 0 || alpha > 1 || (blend != "" && blend != "Normal") {
		p.SetError(fmt.Errorf("pdf: unsupported alpha %g / blend mode %q", alpha, blend))
		return
	}
	key := strconv.FormatFloat(alpha, 'f', 3, 64)
	i, ok := p.alphaIdx[key]
	if !ok {
		i = len(p.alphas) + 1
		p.alphaIdx[key] = i
		p.alphas = append(p.alphas, key)
	}
	p.out("/GS" + strconv.Itoa(i) + " gs\n")
}

func (p *Writer) TransformBegin() {
	p.out("q\n")
	p.page.saved = append(p.page.saved, p.page.st)
}

func (p *Writer) TransformEnd() {
	if n := len(p.page.saved); n > 0 {
		p.out("Q\n")
		p.page.st = p.page.saved[n-1]
		p.page.saved = p.page.saved[:n-1]
	}
}

// TransformRotate rotates what follows by angle degrees anticlockwise about (x, y).
func (p *Writer) TransformRotate(angle, x, y float64) {
	x, y = x*ptPerMM, pdfY(y)
	a := angle * math.Pi / 180
	c, s := math.Cos(a), math.Sin(a)
	for _, v := range []float64{c, s, -s, c, x + s*y - c*x, y - c*y - s*x} {
		p.outNum(v, 5)
		p.out(" ")
	}
	p.out("cm\n")
}

// ---- drawing ----

func paintOp(style string) string {
	switch strings.ToUpper(style) {
	case "F":
		return "f"
	case "FD", "DF":
		return "B"
	default:
		return "S"
	}
}

// fillFor sets the fill colour when style fills.
func (p *Writer) fillFor(style string) {
	if strings.ContainsAny(style, "Ff") {
		p.nonStroking(p.fillCol)
	}
}

func (p *Writer) point(x, y float64, op string) {
	p.outNum(x*ptPerMM, 2)
	p.out(" ")
	p.outNum(pdfY(y), 2)
	p.out(op)
}

func (p *Writer) Line(x1, y1, x2, y2 float64) {
	p.point(x1, y1, " m ")
	p.point(x2, y2, " l S\n")
}

func (p *Writer) Rect(x, y, w, h float64, style string) {
	p.fillFor(style)
	p.point(x, y, " ")
	p.outNum(w*ptPerMM, 2)
	p.out(" ")
	p.outNum(-h*ptPerMM, 2)
	p.out(" re " + paintOp(style) + "\n")
}

// Polygon draws the closed figure through the points.
func (p *Writer) Polygon(pts []Point, style string) {
	if len(pts) < 3 {
		return
	}
	p.fillFor(style)
	for i, q := range pts {
		if i == 0 {
			p.point(q.X, q.Y, " m\n")
		} else {
			p.point(q.X, q.Y, " l\n")
		}
	}
	p.out("h " + paintOp(style) + "\n")
}

// Circle draws a circle of radius r about (x, y) with four Bézier arcs.
func (p *Writer) Circle(x, y, r float64, style string) {
	const k = 0.5522847498 // 4/3 (√2 − 1)
	c := r * k
	p.fillFor(style)
	p.point(x+r, y, " m\n")
	curve := func(x1, y1, x2, y2, x3, y3 float64) {
		p.point(x1, y1, " ")
		p.point(x2, y2, " ")
		p.point(x3, y3, " c\n")
	}
	curve(x+r, y-c, x+c, y-r, x, y-r)
	curve(x-c, y-r, x-r, y-c, x-r, y)
	curve(x-r, y+c, x-c, y+r, x, y+r)
	curve(x+c, y+r, x+r, y+c, x+r, y)
	p.out("h " + paintOp(style) + "\n")
}

// ---- text ----

// SetFont selects a registered face ("serif"/"" , "serif"/"B", "sans"/"B") and
// size in points.
func (p *Writer) SetFont(family, style string, sizePt float64) {
	i, ok := p.faceKey[family+"/"+style]
	if !ok {
		p.SetError(fmt.Errorf("pdf: no font %s %s", family, style))
		return
	}
	p.face, p.sizePt, p.sizeMM = i, sizePt, sizePt/ptPerMM
}

// CanDraw tells whether the current font maps every rune of s to a glyph (a
// partial face may not: see Face.Partial).
func (p *Writer) CanDraw(s string) bool {
	if p.face < 0 {
		return false
	}
	f := p.faces[p.face]
	for _, r := range s {
		if r < 0 || r >= 0x10000 || f.glyph[r] == 0 {
			return false
		}
	}
	return true
}

// GetStringWidth is the width of s in the current font, in mm.
func (p *Writer) GetStringWidth(s string) float64 {
	if p.face < 0 {
		return 0
	}
	f := p.faces[p.face]
	w := 0
	for _, r := range s {
		w += f.runeWidth(r)
	}
	return float64(w) * p.sizeMM / 1000
}

// docCID returns the CID of glyph g (drawn for rune r) in the document's own
// subset of face i, giving it the next one at its first use; glyph 0 is CID 0.
func (p *Writer) docCID(i int, g uint16, r rune) uint16 {
	if g == 0 {
		return 0
	}
	u := p.used[i]
	if u == nil {
		u = &faceUse{cid: make([]uint16, len(p.faces[i].advance))}
		p.used[i] = u
	}
	c := u.cid[g]
	if c == 0 {
		u.gids = append(u.gids, g)
		u.uni = append(u.uni, r)
		c = uint16(len(u.gids))
		if b := p.base[i]; b != nil {
			c += uint16(len(b.use.gids)) // after the base's glyphs: one font per face
		}
		u.cid[g] = c
	}
	return c
}

// appendFontName appends the name of face i's font resource, /F(i+1): one per
// face, its own glyphs and those of its base (UseSubsets) together.
func (p *Writer) appendFontName(b []byte, face int) []byte {
	b = append(b, "/F"...)
	return strconv.AppendInt(b, int64(face+1), 10)
}

// appendStringByte appends c to a PDF literal string, escaped if need be.
func appendStringByte(b []byte, c byte) []byte {
	switch c {
	case '(', ')', '\\':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	case '\n':
		return append(b, '\\', 'n')
	}
	return append(b, c)
}

// textOp appends a text object to b: s at baseline (x, y) in mm, with gap mm of
// extra space in each gap justification may widen (see justifiable; 0: none). Each
// glyph is taken from the face's shared subset when it has it, else from the
// document's own; the text switches font between runs. With st, the font and colour
// are set only if st lacks them (and st is updated); without, the object is
// self-contained (q … Q), for text spliced in later.
func (p *Writer) textOp(b []byte, st *streamState, face int, sizePt float64, col string, x, y float64, s string, gap float64) []byte {
	if st == nil {
		b = append(b, "q "...)
	}
	b = append(b, "BT "...)
	if st == nil || st.ns != col {
		b = append(b, col...)
		b = append(b, ' ')
	}
	b = appendNum(b, x*ptPerMM, 2)
	b = append(b, ' ')
	b = appendNum(b, pdfY(y), 2)
	b = append(b, " Td "...)
	font := -1 // the font set in this text object
	if st != nil && st.size == sizePt {
		font = st.font
	}
	if s != "" {
		if font != face {
			b = p.appendFontName(b, face)
			b = append(b, ' ')
			b = appendNum(b, sizePt, 2)
			b = append(b, " Tf "...)
			font = face
		}
		if gap != 0 {
			b = p.appendSpread(b, face, sizePt, s, gap)
		} else {
			b = append(b, '(')
			for _, r := range s {
				b = p.appendCID(b, face, r)
			}
			b = append(b, ") Tj "...)
		}
	}
	b = append(b, "ET"...)
	if st != nil {
		st.ns = col
		if font >= 0 {
			st.font, st.size = font, sizePt
		}
	} else {
		b = append(b, " Q"...)
	}
	return append(b, '\n')
}

// appendCID appends the CID that draws r in face to a string: from the face's
// shared subset when it has the glyph, else from the document's own.
func (p *Writer) appendCID(b []byte, face int, r rune) []byte {
	var g uint16
	if r >= 0 && r < 0x10000 {
		g = p.faces[face].glyph[r]
	}
	var cid uint16
	if base := p.base[face]; base != nil && g != 0 && base.use.cid[g] != 0 {
		cid = base.use.cid[g]
		p.baseUsed[face] = true
	} else {
		cid = p.docCID(face, g, r)
	}
	return appendStringByte(appendStringByte(b, byte(cid>>8)), byte(cid))
}

// appendSpread appends the strings that show s justified, gap mm wider at each
// justifiable gap (see justifiable), to a text object whose font is set.
//
// The space is character spacing (Tc, points) after each glyph before such a gap,
// not TJ offsets: the last glyph takes none, so that the text ends on its width
// plus the gaps, and Tc is 0 again at the end. A gap over wordSpace reads as a
// space between words to text extractors (poppler breaks words at 0.1 em): the
// text after the indent then goes in a span whose ActualText gives them the text
// as it is.
func (p *Writer) appendSpread(b []byte, face int, sizePt float64, s string, gap float64) []byte {
	spread := math.Round(gap*ptPerMM*1000) / 1000
	span := -1
	if gap > wordSpace*sizePt/ptPerMM {
		span = len(s) - len(strings.TrimLeft(s, "\u3000"))
	}
	tc, open := 0.0, false
	for i := 0; i < len(s); {
		if i == span {
			if open {
				b = append(b, ") Tj "...)
				open = false
			}
			b = append(b, "/Span <</ActualText "...)
			b = append(b, pdfString(s[i:])...)
			b = append(b, ">> BDC "...)
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		want := 0.0
		if next, _ := utf8.DecodeRuneInString(s[i:]); i < len(s) && justifiable(r, next) {
			want = spread
		}
		if want != tc {
			if open {
				b = append(b, ") Tj "...)
				open = false
			}
			b = appendNum(b, want, 3)
			b = append(b, " Tc "...)
			tc = want
		}
		if !open {
			b = append(b, '(')
			open = true
		}
		b = p.appendCID(b, face, r)
	}
	b = append(b, ") Tj "...)
	if span >= 0 {
		b = append(b, "EMC "...)
	}
	return b
}

// Text writes s with its baseline at (x, y).
func (p *Writer) Text(x, y float64, s string) {
	if p.face < 0 {
		p.SetError(errors.New("pdf: no font set"))
		return
	}
	p.page.buf = p.textOp(p.page.buf, &p.page.st, p.face, p.sizePt, p.textCol, x, y, s, 0)
}

// Cell writes a left-aligned cell (see CellFormat).
func (p *Writer) Cell(w, h float64, s string) { p.CellFormat(w, h, s, "", 0, "L", false, 0, "") }

// CellFormat writes s in a w × h cell at the current position, vertically centred
// and aligned "L", "C" or "R" (1 mm inset for L and R) or justified, "J": inset
// 1 mm as for L and spread to the cell's right edge (see JustifyGap; a line that
// cannot be spread is left-aligned), optionally filled; then
// moves right (ln 0), to the start of the next line (1) or below (2). Borders and
// links are not supported (the reports draw their own rules).
func (p *Writer) CellFormat(w, h float64, s, border string, ln int, align string, fill bool, _ int, _ string) {
	if p.err != nil {
		return
	}
	if border != "" {
		p.SetError(errors.New("pdf: cell borders are not supported"))
		return
	}
	if w == 0 {
		w = pageW - p.rMargin - p.x
	}
	if fill && h > 0 {
		p.Rect(p.x, p.y, w, h, "F")
	}
	if s != "" {
		if p.face < 0 {
			p.SetError(errors.New("pdf: no font set"))
			return
		}
		if p.aliasNb != "" && strings.Contains(s, p.aliasNb) {
			p.page.deferred = append(p.page.deferred, deferredCell{at: len(p.page.buf), face: p.face,
				sizePt: p.sizePt, sizeMM: p.sizeMM, textCol: p.textCol, x: p.x, y: p.y, w: w, h: h, align: align, txt: s})
		} else {
			p.page.buf = p.cellText(p.page.buf, &p.page.st, p.face, p.sizePt, p.sizeMM, p.textCol, p.x, p.y, w, h, align, s)
		}
	}
	if ln > 0 {
		p.y += h
		if ln == 1 {
			p.x = p.lMargin
		}
	} else {
		p.x += w
	}
}

func (p *Writer) cellText(b []byte, st *streamState, face int, sizePt, sizeMM float64, col string, x, y, w, h float64, align, s string) []byte {
	width := 0
	for _, r := range s {
		width += p.faces[face].runeWidth(r)
	}
	sw := float64(width) * sizeMM / 1000
	var dx, gap float64
	switch {
	case strings.Contains(align, "J"):
		dx = cMargin
		gap = justifyGap(s, sw, w-cMargin, sizeMM)
	case strings.Contains(align, "R"):
		dx = w - cMargin - sw
	case strings.Contains(align, "C"):
		dx = (w - sw) / 2
	default:
		dx = cMargin
	}
	return p.textOp(b, st, face, sizePt, col, x+dx, y+0.5*h+0.3*sizeMM, s, gap)
}

// Bookmark adds an outline entry at height y of the current page (y < 0: the
// current position).
func (p *Writer) Bookmark(title string, level int, y float64) {
	if y < 0 {
		y = p.y
	}
	p.outlines = append(p.outlines, outline{title: title, level: level, page: len(p.pages), y: y})
}

// ---- output ----

// Streams are compressed with klauspost/compress, twice the speed of
// compress/zlib for the same sizes (a feedback PDF's 79 KB of page contents at the
// fastest level: 0.63 ms against 1.15 ms), at the default level — except in
// documents made by the thousand (Writer.fast, the feedback PDFs), where page
// contents take the fastest level and font programs Huffman coding only. Glyph
// outlines compress little whatever the effort (84 KB of subsets: 68 % of their
// size at the default level in 2.5 ms, 72 % at the fastest in 1.0 ms, 84 %
// Huffman-only in 0.4 ms).
const (
	deflateBest = iota
	deflateFast
	deflateHuffman
)

var zlibPools = [3]sync.Pool{
	{New: func() any { w, _ := zlib.NewWriterLevel(nil, zlib.DefaultCompression); return w }},
	{New: func() any { w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed); return w }},
	{New: func() any { w, _ := zlib.NewWriterLevel(nil, zlib.HuffmanOnly); return w }},
}

func deflate(b []byte, kind int) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b)/2 + 64)
	zw := zlibPools[kind].Get().(*zlib.Writer)
	zw.Reset(&buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	zlibPools[kind].Put(zw)
	return buf.Bytes()
}

// pdfOut assembles numbered objects and the cross-reference table.
type pdfOut struct {
	buf     bytes.Buffer
	offsets []int // by object number - 1
}

func (o *pdfOut) reserve() int {
	o.offsets = append(o.offsets, 0)
	return len(o.offsets)
}

func (o *pdfOut) begin(n int) {
	o.offsets[n-1] = o.buf.Len()
	fmt.Fprintf(&o.buf, "%d 0 obj\n", n)
}

func (o *pdfOut) object(n int, body string) {
	o.begin(n)
	o.buf.WriteString(body)
	o.buf.WriteString("\nendobj\n")
}

func (o *pdfOut) stream(n int, dict string, data []byte, kind int) {
	o.begin(n)
	data = deflate(data, kind)
	dict += " /Filter /FlateDecode"
	fmt.Fprintf(&o.buf, "<<%s /Length %d>>\nstream\n", dict, len(data))
	o.buf.Write(data)
	o.buf.WriteString("\nendstream\nendobj\n")
}

// deflated writes a stream whose data is already zlib-compressed.
func (o *pdfOut) deflated(n int, dict string, data []byte) {
	o.begin(n)
	fmt.Fprintf(&o.buf, "<<%s /Filter /FlateDecode /Length %d>>\nstream\n", dict, len(data))
	o.buf.Write(data)
	o.buf.WriteString("\nendstream\nendobj\n")
}

// pdfString encodes s as a UTF-16BE hex string with a byte-order mark.
func pdfString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// Output ends the last page and writes the document.
func (p *Writer) Output(w io.Writer) error {
	if p.err != nil {
		return p.err
	}
	if len(p.pages) == 0 {
		p.AddPage()
	}
	if p.footer != nil {
		p.inFooter = true
		p.footer()
		p.inFooter = false
	}
	total := strconv.Itoa(len(p.pages))
	for _, pg := range p.pages {
		if len(pg.deferred) == 0 {
			continue
		}
		var b []byte
		last := 0
		for _, d := range pg.deferred {
			b = append(b, pg.buf[last:d.at]...)
			b = p.cellText(b, nil, d.face, d.sizePt, d.sizeMM, d.textCol, d.x, d.y, d.w, d.h, d.align,
				strings.ReplaceAll(d.txt, p.aliasNb, total))
			last = d.at
		}
		pg.buf = append(b, pg.buf[last:]...)
		pg.deferred = nil
	}
	if p.err != nil {
		return p.err
	}

	var o pdfOut
	o.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	pagesN := o.reserve()
	resN := o.reserve()
	pageN := make([]int, len(p.pages))
	for i, pg := range p.pages {
		pageN[i] = o.reserve()
		contentN := o.reserve()
		o.object(pageN[i], fmt.Sprintf("<</Type /Page /Parent %d 0 R /MediaBox [0 0 595.28 841.89] /Resources %d 0 R /Contents %d 0 R>>",
			pagesN, resN, contentN))
		o.stream(contentN, "", pg.buf, p.textDeflate())
	}
	kids := make([]string, len(pageN))
	for i, n := range pageN {
		kids[i] = strconv.Itoa(n) + " 0 R"
	}
	o.object(pagesN, fmt.Sprintf("<</Type /Pages /Kids [%s] /Count %d>>", strings.Join(kids, " "), len(pageN)))

	var fonts strings.Builder
	for i, u := range p.used {
		base := p.base[i]
		var parts *fontParts
		switch {
		case u == nil && (base == nil || !p.baseUsed[i]):
			continue // face not drawn
		case u == nil:
			parts = base.parts // the base's glyphs only: the subset made once
		default:
			if base != nil {
				// the base's glyphs (CIDs 1…n) and the document's after them, in one font
				u = &faceUse{gids: slices.Concat(base.use.gids, u.gids), uni: slices.Concat(base.use.uni, u.uni)}
			}
			var err error
			if parts, err = newFontParts(p.faces[i], u, p.fontDeflate(), p.textDeflate()); err != nil {
				return err
			}
		}
		fmt.Fprintf(&fonts, "/F%d %d 0 R ", i+1, parts.write(&o))
	}
	var gs strings.Builder
	for i, a := range p.alphas {
		n := o.reserve()
		o.object(n, fmt.Sprintf("<</Type /ExtGState /ca %s /CA %s /BM /Normal>>", a, a))
		fmt.Fprintf(&gs, "/GS%d %d 0 R ", i+1, n)
	}
	res := "<</ProcSet [/PDF /Text] /Font <<" + fonts.String() + ">>"
	if gs.Len() > 0 {
		res += " /ExtGState <<" + gs.String() + ">>"
	}
	if len(p.forms) > 0 {
		var xo strings.Builder
		for i, fp := range p.forms {
			n := o.reserve()
			o.deflated(n, fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [%.1f %.1f %.1f %.1f]",
				fp.bbox[0], fp.bbox[1], fp.bbox[2], fp.bbox[3]), fp.data)
			fmt.Fprintf(&xo, "/X%d %d 0 R ", i+1, n)
		}
		res += " /XObject <<" + xo.String() + ">>"
	}
	o.object(resN, res+">>")

	outlinesN := p.putOutlines(&o, pageN)

	infoN := o.reserve()
	var info strings.Builder
	info.WriteString("<<")
	for _, k := range []string{"Title", "Subject", "Author", "Keywords", "Creator", "Producer"} {
		if v, ok := p.meta[k]; ok && v != "" {
			fmt.Fprintf(&info, "/%s %s ", k, pdfString(v))
		}
	}
	if !p.date.IsZero() {
		d := "D:" + p.date.UTC().Format("20060102150405") + "Z"
		fmt.Fprintf(&info, "/CreationDate (%s) /ModDate (%s)", d, d)
	}
	info.WriteString(">>")
	o.object(infoN, info.String())

	catN := o.reserve()
	cat := fmt.Sprintf("<</Type /Catalog /Pages %d 0 R /OpenAction [%d 0 R /Fit] /PageLayout /SinglePage", pagesN, pageN[0])
	if outlinesN > 0 {
		cat += fmt.Sprintf(" /Outlines %d 0 R /PageMode /UseOutlines", outlinesN)
	}
	if p.lang != "" {
		cat += " /Lang (" + p.lang + ")"
	}
	o.object(catN, cat+">>")

	xref := o.buf.Len()
	fmt.Fprintf(&o.buf, "xref\n0 %d\n0000000000 65535 f \n", len(o.offsets)+1)
	for _, off := range o.offsets {
		fmt.Fprintf(&o.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&o.buf, "trailer\n<</Size %d /Root %d 0 R /Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n",
		len(o.offsets)+1, catN, infoN, xref)
	_, err := w.Write(o.buf.Bytes())
	return err
}

// fontParts is one face's subset as PDF objects, the streams compressed: a Type 0
// font over a CIDFontType2 whose CID i is glyph i of the subset.
type fontParts struct {
	f       *pdfFace
	name    string // subset tag + face name
	widths  string // the /W array
	program []byte // FontFile2, compressed
	length1 int    // its length uncompressed
	toUni   []byte // ToUnicode CMap, compressed
}

// newFontParts cuts the glyphs of u from face f and prepares its objects, the
// font program compressed at level progLevel, the Unicode map at textLevel.
func newFontParts(f *pdfFace, u *faceUse, progLevel, textLevel int) (*fontParts, error) {
	order := make([]int, len(u.gids))
	for i, g := range u.gids {
		order[i] = int(g)
	}
	pairs := make([][2]int, len(u.uni))
	for i, r := range u.uni {
		pairs[i] = [2]int{int(r), int(u.gids[i])}
	}
	sub, err := subsetGlyphs(f.src, order, pairs)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", f.name, err)
	}
	h := fnv.New32a()
	for _, g := range u.gids {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	sum := h.Sum32()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = byte('A' + sum%26)
		sum /= 26
	}
	var wb strings.Builder
	wb.WriteString("[1 [")
	for i, g := range u.gids {
		if i > 0 {
			wb.WriteByte(' ')
		}
		wb.WriteString(strconv.Itoa(int(f.advance[g])))
	}
	wb.WriteString("]]")

	var cm strings.Builder
	cm.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for start := 0; start < len(u.uni); start += 100 {
		end := min(start+100, len(u.uni))
		fmt.Fprintf(&cm, "%d beginbfchar\n", end-start)
		for i := start; i < end; i++ {
			fmt.Fprintf(&cm, "<%04X> <", i+1)
			for _, c := range utf16.Encode([]rune{u.uni[i]}) {
				fmt.Fprintf(&cm, "%04X", c)
			}
			cm.WriteString(">\n")
		}
		cm.WriteString("endbfchar\n")
	}
	cm.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return &fontParts{f: f, name: string(tag) + "+" + f.name, widths: wb.String(),
		program: deflate(sub, progLevel), length1: len(sub), toUni: deflate([]byte(cm.String()), textLevel)}, nil
}

// write adds the font's objects to o and returns the Type 0 font's number.
func (fp *fontParts) write(o *pdfOut) int {
	f, name := fp.f, fp.name
	type0, cidN, descN, fileN, uniN := o.reserve(), o.reserve(), o.reserve(), o.reserve(), o.reserve()
	o.object(type0, fmt.Sprintf("<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>",
		name, cidN, uniN))
	o.object(cidN, fmt.Sprintf("<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW %d /W %s /CIDToGIDMap /Identity>>",
		name, descN, f.missingWidth, fp.widths))
	o.object(descN, fmt.Sprintf("<</Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [%d %d %d %d] /ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R>>",
		name, f.bbox[0], f.bbox[1], f.bbox[2], f.bbox[3], f.italicAngle, f.ascent, f.descent, f.capHeight, f.stemV, f.missingWidth, fileN))
	o.deflated(fileN, fmt.Sprintf(" /Length1 %d", fp.length1), fp.program)
	o.deflated(uniN, "", fp.toUni)
	return type0
}

// baseFont is a subset of a face shared by many documents — the glyphs every
// feedback PDF draws (see sharedFonts) — prepared once and copied into each.
type baseFont struct {
	use   *faceUse // cid by glyph; CIDs follow glyph order
	parts *fontParts
}

// SharedSubsets are font subsets made once from one document's glyphs and copied
// into many documents of the same kind (see Writer.ShareSubsets).
type SharedSubsets struct{ base []*baseFont }

// ShareSubsets returns, per face, a subset of the glyphs this document drew, its
// font program compressed at the best level, to be used by other documents of
// the same kind (UseSubsets): a document that draws no other glyph of a face
// copies that font as it is; one that adds glyphs embeds one font of the shared
// glyphs and its own (cut and compressed for it), never two fonts of one face.
// Call it after Output.
func (p *Writer) ShareSubsets() (*SharedSubsets, error) {
	b, err := sharedFonts(p)
	if err != nil {
		return nil, err
	}
	return &SharedSubsets{base: b}, nil
}

// UseSubsets makes the document start from the shared subsets s, which must come
// from a Writer of the same FontSet. Call it before drawing.
func (p *Writer) UseSubsets(s *SharedSubsets) {
	if s != nil {
		copy(p.base, s.base)
	}
}

// sharedFonts returns, per face, a shared subset of the glyphs the document p
// drew (nil for a face it did not use), its font program compressed at the
// default level: it is made once for all the documents.
func sharedFonts(p *Writer) ([]*baseFont, error) {
	out := make([]*baseFont, len(p.faces))
	for i, u := range p.used {
		if u == nil {
			continue
		}
		f := p.faces[i]
		type gr struct {
			g uint16
			r rune
		}
		gs := make([]gr, len(u.gids))
		for j, g := range u.gids {
			gs[j] = gr{g, u.uni[j]}
		}
		slices.SortFunc(gs, func(a, b gr) int { return int(a.g) - int(b.g) })
		bu := &faceUse{cid: make([]uint16, len(f.advance))}
		for j, x := range gs {
			bu.gids = append(bu.gids, x.g)
			bu.uni = append(bu.uni, x.r)
			bu.cid[x.g] = uint16(j + 1)
		}
		parts, err := newFontParts(f, bu, deflateBest, deflateBest)
		if err != nil {
			return nil, err
		}
		out[i] = &baseFont{use: bu, parts: parts}
	}
	return out, nil
}

// putOutlines writes the bookmarks as an outline tree and returns its root's
// object number (0 without bookmarks).
func (p *Writer) putOutlines(o *pdfOut, pageN []int) int {
	ol := p.outlines
	if len(ol) == 0 {
		return 0
	}
	for i := range ol {
		ol[i].parent, ol[i].first, ol[i].last, ol[i].prev, ol[i].next = -1, -1, -1, -1, -1
	}
	lastAt := map[int]int{} // level → last item seen at that level
	level := 0
	for i := range ol {
		if i == 0 {
			ol[i].level = 0
		} else if ol[i].level > level+1 {
			ol[i].level = level + 1 // no skipped levels
		}
		if ol[i].level > 0 {
			parent := lastAt[ol[i].level-1]
			ol[i].parent = parent
			ol[parent].last = i
			if ol[parent].first < 0 {
				ol[parent].first = i
			}
		}
		if prev, ok := lastAt[ol[i].level]; ok && i > 0 && ol[prev].parent == ol[i].parent {
			ol[prev].next = i
			ol[i].prev = prev
		}
		lastAt[ol[i].level] = i
		for l := range lastAt {
			if l > ol[i].level {
				delete(lastAt, l)
			}
		}
		level = ol[i].level
	}
	base := len(o.offsets) + 1
	for range ol {
		o.reserve()
	}
	root := o.reserve()
	ref := func(i int) int {
		if i < 0 {
			return root
		}
		return base + i
	}
	var first, last = -1, -1
	for i := range ol {
		if ol[i].level == 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	for i, it := range ol {
		var b strings.Builder
		fmt.Fprintf(&b, "<</Title %s /Parent %d 0 R", pdfString(it.title), ref(it.parent))
		if it.prev >= 0 {
			fmt.Fprintf(&b, " /Prev %d 0 R", ref(it.prev))
		}
		if it.next >= 0 {
			fmt.Fprintf(&b, " /Next %d 0 R", ref(it.next))
		}
		if it.first >= 0 {
			fmt.Fprintf(&b, " /First %d 0 R /Last %d 0 R", ref(it.first), ref(it.last))
		}
		pg := max(it.page, 1)
		fmt.Fprintf(&b, " /Dest [%d 0 R /XYZ 0 %.2f null] /Count 0>>", pageN[pg-1], pdfY(it.y))
		o.object(ref(i), b.String())
	}
	o.object(root, fmt.Sprintf("<</Type /Outlines /First %d 0 R /Last %d 0 R>>", ref(first), ref(last)))
	return root
}
