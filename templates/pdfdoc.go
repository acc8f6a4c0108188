package templates

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/wuxi-data/dteval/templates/internal/pdf"
)

// Page geometry (mm), A4 portrait. Narrative margins follow GB/T 9704-2012
// (PUBLICATION.md): top 37, left 28, right 26, bottom 35 — a 156 × 225 text block.
const (
	pageW        = 210.0
	pageH        = 297.0
	marginTop    = 37.0
	marginLeft   = 28.0
	marginRight  = 26.0
	marginBottom = 35.0
	textW        = pageW - marginLeft - marginRight // 156
	headerY      = 22.0                             // baseline of the running header
	footerY      = pageH - 22.0                     // top of the footer line
	// Wide tables may use tighter side margins.
	wideLeft = 18.0
	wideW    = pageW - 2*wideLeft // 174
)

// Type sizes (pt), PUBLICATION.md: 2号 title; 3号 body and the three heading
// levels (一、 黑体, （一） 楷体, 1. bold serif); 小4 table and figure captions;
// 5号/小5 tables and notes.
const (
	sizeTitle   = 22.0
	sizeH1      = 16.0
	sizeH2      = 16.0
	sizeH3      = 16.0
	sizeBody    = 16.0
	sizeCaption = 12.0
	sizeTable   = 10.5
	sizeSmall   = 9.0
	sizeChart   = 8.0
	bodyLeading = 9.0 // mm per body line (about 1.6 × 16 pt: 25 lines on the 225 mm text block)
	noteLeading = 5.2 // mm per line of a note (5号)
)

// pt2mm converts points to millimetres.
func pt2mm(pt float64) float64 { return pt * 25.4 / 72 }

// pdfDoc wraps the PDF writer (pdf.Writer) with what the reports need: Chinese fonts with rune
// replacement, CJK line wrapping, running header and footer with page X of Y,
// watermarks, outline entries, and tables that repeat their header.
//
// Documents are built in two passes: the first learns the page of every heading
// and the page count, the second prints them (contents and footer).
type pdfDoc struct {
	pdf   *pdf.Writer
	runes map[rune]bool  // runes every face covers (clean draws □ for the others)
	wraps *pdf.WrapCache // shared with other documents, or nil

	warnings []string
	warned   map[rune]bool

	// running header text; marks printed on every page
	headerText string
	sample     bool
	draft      bool
	internal   string // e.g. "内部反馈材料" for the feedback PDFs

	bare     bool // the next page started has no running header/footer (cover)
	pageBare bool // the current page has none (set by the header, read by the footer)

	totalPages int            // from the previous pass; 0 in the first
	onePass    bool           // no contents: the footer's total is the writer's {nb} alias
	pageOf     map[string]int // anchor → page, from the previous pass
	anchors    map[string]int // anchor → page, this pass

	keepAfter float64 // mm the next paragraph or figure keeps with it (keepNext)
}

// docMeta is the PDF document information.
type docMeta struct {
	Title, Subject, Author, Keywords string
	Date                             time.Time
}

// newPDFDoc returns a document with the fonts loaded and the metadata set.
func newPDFDoc(meta docMeta, prev *pdfDoc) (*pdfDoc, error) {
	fs, err := loadFonts()
	if err != nil {
		return nil, err
	}
	p := fs.NewWriter()
	d := &pdfDoc{pdf: p, runes: fs.Covered(), warned: map[rune]bool{}, anchors: map[string]int{}}
	if prev != nil {
		d.totalPages = prev.pdf.PageNo()
		d.pageOf = prev.anchors
	}
	p.SetMargins(marginLeft, marginTop, marginRight)
	p.SetDate(meta.Date)
	p.SetInfo("Title", d.clean(meta.Title))
	p.SetInfo("Subject", d.clean(meta.Subject))
	p.SetInfo("Author", d.clean(meta.Author))
	p.SetInfo("Keywords", d.clean(meta.Keywords))
	p.SetInfo("Creator", "dteval")
	p.SetInfo("Producer", "dteval")
	p.SetLang("zh-CN")
	p.SetHeaderFunc(d.header)
	p.SetFooterFunc(d.footer)
	return d, nil
}

// output writes the finished document.
func (d *pdfDoc) output(w io.Writer) error {
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return fmt.Errorf("writing PDF: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// err returns the document's sticky error.
func (d *pdfDoc) err() error { return d.pdf.Error() }

// warnf records a warning once.
func (d *pdfDoc) warnf(format string, args ...any) {
	d.warnings = append(d.warnings, fmt.Sprintf(format, args...))
}

// clean replaces what the fonts cannot draw: control characters become spaces,
// runes the faces lack (and everything above U+FFFF, outside the faces' format-4 cmaps) become □,
// with one warning per rune.
func (d *pdfDoc) clean(s string) string {
	ok := true
	for _, r := range s {
		if !d.runes[r] {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case d.runes[r]:
			b.WriteRune(r)
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case unicode.IsControl(r) || r == '\u200b' || r == '\ufeff':
			// invisible: dropped
		default:
			if !d.warned[r] {
				d.warned[r] = true
				d.warnf("PDF 字体缺少字符 U+%04X「%s」，已替换为「%c」", r, safeRune(r), replacementRune)
			}
			b.WriteRune(replacementRune)
		}
	}
	return b.String()
}

func safeRune(r rune) string {
	if r == utf8.RuneError || !unicode.IsPrint(r) {
		return "?"
	}
	return string(r)
}

// ---- fonts and colours ----

func (d *pdfDoc) serif(size float64) { d.pdf.SetFont(fontSerif, "", size) }
func (d *pdfDoc) serifBold(size float64) {
	d.pdf.SetFont(fontSerif, "B", size)
}
func (d *pdfDoc) sansBold(size float64) { d.pdf.SetFont(fontSans, "B", size) }

// kai selects the Kai face (楷体 stand-in: PUBLICATION.md sets （一） headings in
// 楷体) for drawing s. The face holds the 6,763 common characters of GB 2312 only:
// for a text with any other character it selects the serif bold face instead, so
// that a heading is never drawn in two faces.
func (d *pdfDoc) kai(size float64, s string) {
	d.pdf.SetFont(fontKai, "", size)
	if !d.pdf.CanDraw(s) {
		d.serifBold(size)
	}
}

func (d *pdfDoc) textGray(g int) { d.pdf.SetTextColor(g, g, g) }
func (d *pdfDoc) black()         { d.pdf.SetTextColor(0, 0, 0) }

// ---- pages, header, footer ----

// newPage starts a page with the running header and footer.
func (d *pdfDoc) newPage() {
	d.bare = false
	d.pdf.AddPage()
	d.pdf.SetXY(marginLeft, marginTop)
}

// newBarePage starts a page without running header/footer (the cover); the sample
// and draft marks are still drawn.
func (d *pdfDoc) newBarePage() {
	d.bare = true
	d.pdf.AddPage()
	d.pdf.SetXY(marginLeft, marginTop)
}

func (d *pdfDoc) y() float64     { return d.pdf.GetY() }
func (d *pdfDoc) setY(y float64) { d.pdf.SetXY(marginLeft, y) }

// room is the vertical space left above the bottom margin.
func (d *pdfDoc) room() float64 { return pageH - marginBottom - d.y() }

// need starts a new page unless h mm are left.
func (d *pdfDoc) need(h float64) {
	if d.room() < h {
		d.newPage()
	}
}

func (d *pdfDoc) header() {
	p := d.pdf
	d.pageBare = d.bare
	if d.sample {
		// A light diagonal watermark behind the content, drawn as glyph outlines so
		// that text extraction does not mix its characters into the paragraphs;
		// and a plain label (text: it is read first, above the running header).
		d.sansBold(60)
		p.SetTextColor(236, 236, 236)
		p.TransformBegin()
		p.TransformRotate(35, pageW/2, pageH/2)
		txt := "示例数据"
		p.TextPath(pageW/2-p.GetStringWidth(txt)/2, pageH/2+8, txt)
		p.TransformEnd()
		d.black()
	}
	marks := []string{}
	if d.internal != "" {
		marks = append(marks, d.internal)
	}
	if d.draft {
		marks = append(marks, "征求意见稿")
	}
	if d.sample {
		marks = append(marks, "示例数据")
	}
	if len(marks) > 0 {
		d.sansBold(sizeTable)
		txt := strings.Join(marks, " · ")
		w := p.GetStringWidth(txt) + 4
		x := pageW - marginRight - w
		y := 10.0
		p.SetDrawColor(0, 0, 0)
		p.SetLineWidth(0.3)
		p.Rect(x, y, w, 6, "D")
		p.SetXY(x, y)
		p.CellFormat(w, 6, txt, "", 0, "C", false, 0, "")
	}
	if !d.bare {
		d.serif(sizeSmall)
		d.textGray(60)
		p.SetXY(marginLeft, headerY-5)
		p.CellFormat(textW, 5, d.clean(d.headerText), "", 0, "L", false, 0, "")
		p.SetDrawColor(120, 120, 120)
		p.SetLineWidth(0.2)
		p.Line(marginLeft, headerY+0.5, pageW-marginRight, headerY+0.5)
		d.black()
	}
	p.SetXY(marginLeft, marginTop)
}

func (d *pdfDoc) footer() {
	if d.pageBare {
		return
	}
	p := d.pdf
	d.serif(sizeTable)
	d.black()
	total := d.totalPages
	txt := fmt.Sprintf("第 %d 页 共 %d 页", p.PageNo(), total)
	switch {
	case d.onePass:
		txt = fmt.Sprintf("第 %d 页 共 {nb} 页", p.PageNo())
	case total == 0:
		txt = fmt.Sprintf("第 %d 页 共 %d 页", p.PageNo(), p.PageNo())
	}
	p.SetXY(marginLeft, footerY+3)
	p.CellFormat(textW, 5, txt, "", 0, "C", false, 0, "")
}

// ---- headings and outline ----

// anchor records the page of a named place (for the contents) and returns the page
// it had in the previous pass (0 in the first pass).
func (d *pdfDoc) anchor(key string) int {
	d.anchors[key] = d.pdf.PageNo()
	return d.pageOf[key]
}

// bookmark adds an outline entry at the current position.
func (d *pdfDoc) bookmark(title string, level int) {
	d.pdf.Bookmark(d.clean(title), level, -1)
}

// heading1 prints a 一、 heading in the sans bold face, keeping `keep` mm of the
// following content on the same page, and adds it to the outline.
func (d *pdfDoc) heading1(title string, keep float64) {
	d.need(14 + keep)
	if d.y() > marginTop+1 {
		d.pdf.Ln(4)
	}
	d.anchor(title)
	d.bookmark(title, 0)
	d.sansBold(sizeH1)
	d.black()
	d.pdf.SetX(marginLeft)
	d.pdf.CellFormat(textW, 10, d.clean(title), "", 1, "L", false, 0, "")
	d.pdf.Ln(2)
}

// heading2 prints a （一） heading in the Kai face (楷体, PUBLICATION.md).
func (d *pdfDoc) heading2(title string, keep float64) {
	d.need(11 + keep)
	if d.y() > marginTop+1 {
		d.pdf.Ln(2)
	}
	d.anchor(title)
	d.bookmark(title, 1)
	title = d.clean(title)
	d.kai(sizeH2, title)
	d.black()
	d.pdf.SetX(marginLeft)
	d.pdf.CellFormat(textW, 10, title, "", 1, "L", false, 0, "")
	d.pdf.Ln(1)
}

// annexHeading starts an annex on a new page: its title in the heading face, in
// the outline and the contents.
func (d *pdfDoc) annexHeading(title string) {
	d.newPage()
	d.anchor(title)
	d.bookmark(title, 0)
	d.sansBold(sizeH1)
	d.black()
	d.pdf.SetXY(marginLeft, d.y())
	d.pdf.CellFormat(textW, 10, d.clean(title), "", 1, "L", false, 0, "")
	d.pdf.Ln(3)
}

// ln moves down h mm.
func (d *pdfDoc) ln(h float64) { d.pdf.Ln(h) }

// part marks the start of a part the web edition gives a page of its own; the PDF
// flows on.
func (d *pdfDoc) part(string) {}

// heading3 prints a 1. heading (the third level, PUBLICATION.md) in the bold
// serif face at the body size (no outline entry).
func (d *pdfDoc) heading3(title string, keep float64) {
	d.need(bodyLeading + keep)
	d.serifBold(sizeH3)
	d.black()
	d.pdf.SetX(marginLeft)
	d.pdf.CellFormat(textW, bodyLeading, d.clean(title), "", 1, "L", false, 0, "")
}

// ---- text ----

// paragraph prints body text indented two characters, wrapped, over several pages
// if need be. Blank lines separate paragraphs.
func (d *pdfDoc) paragraph(text string) {
	d.paragraphAt(text, marginLeft, textW, sizeBody, bodyLeading, true)
}

// lines prints lines in the body face as they are, left- or right-aligned (the
// 落款 stands four characters in from the right margin: PUBLICATION.md).
func (d *pdfDoc) lines(ls []string, right bool) {
	d.serif(sizeBody)
	d.black()
	in := 0.0
	if right {
		in = 4 * pt2mm(sizeBody)
	}
	for _, l := range ls {
		d.need(bodyLeading)
		d.pdf.SetX(marginLeft)
		if right {
			d.pdf.CellFormat(textW-in, bodyLeading, d.clean(l), "", 1, "R", false, 0, "")
		} else {
			for _, wl := range d.wrap(l, textW-pdf.CellInset) {
				d.need(bodyLeading)
				d.pdf.SetX(marginLeft)
				d.pdf.CellFormat(textW, bodyLeading, d.clean(wl), "", 1, "L", false, 0, "")
			}
		}
	}
}

// note prints small unindented text.
func (d *pdfDoc) note(text string) {
	d.paragraphAt(text, marginLeft, textW, sizeTable, noteLeading, false)
}

// paragraphAt prints text in paragraphs over [x, x+w], each line but a paragraph's
// last justified (两端对齐): inset 1 mm as every left-aligned cell's text, and
// spread to end on x+w.
func (d *pdfDoc) paragraphAt(text string, x, w, size, leading float64, indent bool) {
	d.serif(size)
	d.black()
	paras := splitParagraphs(text)
	for pi, para := range paras {
		ind := ""
		if indent {
			ind = "\u3000\u3000"
		}
		lines := d.wrap(ind+para, w-pdf.CellInset)
		tail := len(lines) - min(2, len(lines)) // the last lines keep what follows with them
		for i, ln := range lines {
			if i == tail && pi == len(paras)-1 {
				d.keepWithNext(float64(len(lines)-tail) * leading)
			}
			// never leave a single line of a paragraph at the foot of a page
			if i == 0 && len(lines) > 1 && d.room() < 2*leading {
				d.newPage()
				d.serif(size)
			}
			if d.room() < leading {
				d.newPage()
				d.serif(size)
			}
			align := "J"
			if i == len(lines)-1 {
				align = "L"
			}
			d.pdf.SetXY(x, d.y())
			d.pdf.CellFormat(w, leading, ln, "", 1, align, false, 0, "")
		}
		d.pdf.Ln(leading * 0.25)
	}
}

// splitParagraphs splits text at blank lines and joins the lines of a paragraph.
func splitParagraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		lines := strings.Split(p, "\n")
		for i := range lines {
			lines[i] = strings.TrimSpace(lines[i])
		}
		s := joinLines(lines)
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// joinLines joins lines without a space between CJK characters and with one
// between Latin words.
func joinLines(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(l)
			if last < 0x2E80 && first < 0x2E80 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// wrap breaks text into lines no wider than w in the current font (see
// pdf.Writer.Wrap), after replacing the runes the faces cannot draw.
func (d *pdfDoc) wrap(text string, w float64) []string {
	// Only texts that need breaking go through the shared cache: the rest (most
	// table cells, every number) are cheap, and caching them made the cache's lock
	// the feedback renderers' bottleneck (a new entry for every value of every unit).
	if d.wraps == nil || d.pdf.GetStringWidth(text) <= w+0.01 {
		return d.pdf.Wrap(d.clean(text), w)
	}
	if lines, ok := d.wraps.Get(d.pdf, text, w); ok {
		return lines
	}
	lines := d.pdf.Wrap(d.clean(text), w)
	if d.clean(text) == text { // nothing replaced, so no warning is lost on a hit
		d.wraps.Put(d.pdf, text, w, lines)
	}
	return lines
}

// ---- tables ----

// column of a table.
type column struct {
	title string
	w     float64 // mm
	align string  // L C R
}

// table is a simple grid that splits across pages, repeating its header.
type table struct {
	x       float64
	cols    []column
	rows    [][]string
	size    float64        // font size (pt), sizeTable by default
	caption string         // 表N  …, centred above the table, kept with the first rows
	source  string         // 数据来源：…, under the table, kept with the last row
	bold    func(int) bool // rows in bold (e.g. the city mean)
}

// drawTable prints t from the current position.
func (d *pdfDoc) drawTable(t table) { d.layTable(t, true) }

// tableHeight is the height (mm) t takes on one page: caption, header, rows and
// source line.
func (d *pdfDoc) tableHeight(t table) float64 { return d.layTable(t, false) }

// layTable measures t and, with draw, prints it from the current position; it
// returns the height t takes on one page.
func (d *pdfDoc) layTable(t table, draw bool) float64 {
	p := d.pdf
	size := t.size
	if size == 0 {
		size = sizeTable
	}
	lh := pt2mm(size) * 1.35
	pad := 1.2
	x0 := t.x
	if x0 == 0 {
		x0 = marginLeft
	}
	totalW := 0.0
	for _, c := range t.cols {
		totalW += c.w
	}
	wrapRow := func(cells []string, bold bool) ([][]string, float64) {
		if bold {
			d.serifBold(size)
		} else {
			d.serif(size)
		}
		out := make([][]string, len(t.cols))
		n := 1
		for i, c := range t.cols {
			s := ""
			if i < len(cells) {
				s = cells[i]
			}
			out[i] = d.wrap(s, c.w-2*pad)
			n = max(n, len(out[i]))
		}
		return out, float64(n)*lh + 2*pad
	}
	drawRow := func(lines [][]string, h float64, fill bool, bold, head bool) {
		y := d.y()
		if fill {
			if head {
				p.SetFillColor(226, 231, 238)
			} else {
				p.SetFillColor(246, 246, 246)
			}
			p.Rect(x0, y, totalW, h, "F")
		}
		if head {
			d.sansBold(size - 0.5)
		} else if bold {
			d.serifBold(size)
		} else {
			d.serif(size)
		}
		x := x0
		for i, c := range t.cols {
			align := c.align
			if head {
				align = "C"
			}
			// vertically centre the cell's lines
			ty := y + (h-float64(len(lines[i]))*lh)/2
			for _, ln := range lines[i] {
				p.SetXY(x+pad, ty)
				p.CellFormat(c.w-2*pad, lh, ln, "", 0, align, false, 0, "")
				ty += lh
			}
			x += c.w
		}
		p.SetDrawColor(150, 150, 150)
		p.SetLineWidth(0.15)
		p.Line(x0, y+h, x0+totalW, y+h)
		p.SetXY(x0, y+h)
	}
	heads := make([]string, len(t.cols))
	for i, c := range t.cols {
		heads[i] = c.title
	}
	d.sansBold(size - 0.5)
	headLines := make([][]string, len(t.cols))
	hn := 1
	for i, c := range t.cols {
		headLines[i] = d.wrap(heads[i], c.w-2*pad)
		hn = max(hn, len(headLines[i]))
	}
	headH := float64(hn)*lh + 2*pad
	drawHead := func() {
		p.SetDrawColor(0, 0, 0)
		p.SetLineWidth(0.4)
		p.Line(x0, d.y(), x0+totalW, d.y())
		drawRow(headLines, headH, true, false, true)
	}
	// a short table (under a third of a page) that does not fit starts on the next page
	// rather than leaving a row or two behind
	capH := d.captionHeight(t.caption, totalW)
	srcH := d.sourceHeight(t.source, totalW)
	total := capH + headH + srcH
	heights := make([]float64, len(t.rows))
	wrapped := make([][][]string, len(t.rows))
	for ri, r := range t.rows {
		wrapped[ri], heights[ri] = wrapRow(r, t.bold != nil && t.bold(ri))
		total += heights[ri]
	}
	if !draw {
		return total
	}
	if total < (pageH-marginTop-marginBottom)/3 && d.room() < total {
		d.newPage()
	}
	n := len(t.rows)
	first := true
	end := 0 // the row before which the part on this page ends (tablePart)
	for ri := range t.rows {
		bold := t.bold != nil && t.bold(ri)
		lines, h := wrapped[ri], heights[ri]
		// a bold row heads the rows after it: keep it with the next one
		keep := h
		if bold && ri+1 < n {
			keep += heights[ri+1]
		}
		if ri == n-1 {
			keep += srcH // the source line stays with the last row
		}
		if first {
			// keep the caption and header with at least the first row
			d.need(capH + headH + keep)
			// and no part of a split table shorter than minTableRows rows: a table
			// that fits a page goes to the next one whole when the page it leaves
			// stays half full, one whose first part would be too short too; else the
			// split moves up (tablePart)
			if fit := rowsFitting(heights, srcH, 0, d.room()-capH-headH); fit < n && (fit < minTableRows || n-fit < minTableRows) &&
				(total <= pageH-marginTop-marginBottom && d.pageFill() >= 0.5 || fit < minTableRows && d.pageFill() > 0.01) {
				d.newPage()
			}
			end = tablePart(heights, srcH, 0, d.room()-capH-headH)
			d.tableCaption(t.caption, x0, totalW)
			drawHead()
			first = false
		} else if ri == end || d.room() < keep {
			d.newPage()
			d.continuedCaption(t.caption, x0, totalW)
			drawHead()
			end = tablePart(heights, srcH, ri, d.room())
		}
		drawRow(lines, h, ri%2 == 1, bold, false)
	}
	if first {
		d.need(capH + headH + srcH)
		d.tableCaption(t.caption, x0, totalW)
		drawHead()
	}
	p.SetDrawColor(0, 0, 0)
	p.SetLineWidth(0.4)
	p.Line(x0, d.y(), x0+totalW, d.y())
	if t.source != "" {
		p.SetXY(x0, d.y()+0.8)
		d.sourceLine(t.source, x0, totalW)
	}
	p.SetXY(marginLeft, d.y()+3)
	return total
}

// minTableRows is the fewest rows a part of a table split across pages has
// (unless the table has fewer).
const minTableRows = 4

// rowsFitting is the row before which the rows of a table from row from fill
// room mm (heights; the last row also carries the source line, srcH).
func rowsFitting(heights []float64, srcH float64, from int, room float64) int {
	end := from
	for end < len(heights) {
		h := heights[end]
		if end == len(heights)-1 {
			h += srcH
		}
		if h > room {
			break
		}
		room -= h
		end++
	}
	return end
}

// tablePart is the row before which the part of a table starting at row from
// ends, given room mm for its rows: as many rows as fit (at least one), but fewer
// when that leaves the last part minTableRows rows and this part as many.
func tablePart(heights []float64, srcH float64, from int, room float64) int {
	n := len(heights)
	end := rowsFitting(heights, srcH, from, room)
	if end < n && n-end < minTableRows && n-minTableRows-from >= minTableRows {
		end = n - minTableRows
	}
	return max(end, from+1)
}

// singlePass sets the document up to be built once: the page total in the footer
// comes from the writer's alias, laid out when the document is written (no contents, so
// no second pass is needed).
func (d *pdfDoc) singlePass() {
	d.onePass = true
	d.pdf.AliasNbPages("{nb}")
}
