package templates

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/templates/internal/pdf"
)

// Captions of the public report's tables and figures (PUBLICATION.md): each
// numbered through the report (表1、表2…, 图1、图2…), the table's caption centred
// above it, the figure's centred below it, and a 数据来源 line under each.

// captionHeight is the height (mm) of a table or figure caption over width w, 0
// without one.
func (d *pdfDoc) captionHeight(caption string, w float64) float64 {
	if caption == "" {
		return 0
	}
	d.sansBold(sizeCaption)
	return float64(len(d.wrap(caption, w)))*captionLeading + 0.8
}

// captionLeading is the line height (mm) of a caption at 小4.
const captionLeading = 6.5

// sourceLeading is the line height (mm) of a 数据来源 line at 小5.
const sourceLeading = 4.4

// tableCaption prints a caption centred over [x, x+w] (the table's width), wrapped
// in balanced lines when long.
func (d *pdfDoc) tableCaption(caption string, x, w float64) {
	if caption == "" {
		return
	}
	d.sansBold(sizeCaption)
	d.black()
	for _, ln := range d.captionLines(caption, w) {
		d.pdf.SetXY(x, d.y())
		d.pdf.CellFormat(w, captionLeading, ln, "", 1, "C", false, 0, "")
	}
	d.pdf.Ln(0.8)
}

// continuedCaption heads the part of a numbered table continued on a new page:
// 续表N, right-aligned over the table.
func (d *pdfDoc) continuedCaption(caption string, x, w float64) {
	no, _, ok := strings.Cut(caption, "  ")
	if !ok || !strings.HasPrefix(no, "表") {
		return
	}
	d.sansBold(sizeSmall)
	d.black()
	d.pdf.SetXY(x, d.y())
	d.pdf.CellFormat(w, sourceLeading+1, "续"+no, "", 1, "R", false, 0, "")
}

// captionLines breaks a caption that does not fit one line into balanced lines.
func (d *pdfDoc) captionLines(caption string, w float64) []string {
	if d.pdf.GetStringWidth(d.clean(caption)) <= w {
		return []string{d.clean(caption)}
	}
	return d.balancedLines(caption, w)
}

// sourceHeight is the height (mm) of a 数据来源 line over width w, 0 without one.
func (d *pdfDoc) sourceHeight(source string, w float64) float64 {
	if source == "" {
		return 0
	}
	d.serif(sizeSmall)
	return float64(len(d.wrap(source, w-pdf.CellInset)))*sourceLeading + 1
}

// sourceLine prints a 数据来源 line in small grey type, left-aligned over [x, x+w].
func (d *pdfDoc) sourceLine(source string, x, w float64) {
	if source == "" {
		return
	}
	d.serif(sizeSmall)
	d.textGray(60)
	for _, ln := range d.wrap(source, w-pdf.CellInset) { // the text starts 1 mm in
		d.pdf.SetXY(x, d.y())
		d.pdf.CellFormat(w, sourceLeading, ln, "", 1, "L", false, 0, "")
	}
	d.black()
}

// figureHeight is the height (mm) of a chart h mm high with its caption and
// 数据来源 line over width w.
func (d *pdfDoc) figureHeight(caption, source string, w, h float64) float64 {
	return h + 1 + d.captionHeight(caption, w) + d.sourceHeight(source, w) + 3
}

// figureBeside draws a chart w mm wide and h high at the left margin with its
// caption under it and the table t to its right, top-aligned with the chart, and
// then one 数据来源 line over the text width for the two, under both: a unit's
// radar and its chapter table show the same figures and have the same source.
func (d *pdfDoc) figureBeside(caption, source string, w, h float64, draw func(), t table) {
	srcH := d.sourceHeight(source, textW)
	fh := d.figureHeight(caption, "", w, h) + srcH
	d.keepWithNext(fh)
	d.need(fh)
	y0 := d.y()
	draw()
	d.pdf.SetXY(marginLeft, d.y()+1)
	d.tableCaption(caption, marginLeft, w)
	below := d.y()
	d.setY(y0 + 6)
	t.source = ""
	d.drawTable(t)
	d.setY(max(below, d.y()-3) + 0.8) // drawTable leaves 3 mm under the table
	d.sourceLine(source, marginLeft, textW)
	d.setY(d.y() + 5)
}

// tableTitle numbers a table caption: 表N  title.
func (r *publicReport) tableTitle(title string) string {
	r.tables++
	return fmt.Sprintf("表%d  %s", r.tables, title)
}

// figureTitle numbers a figure caption: 图N  title.
func (r *publicReport) figureTitle(title string) string {
	r.figures++
	return fmt.Sprintf("图%d  %s", r.figures, title)
}

// sourceOf is the 数据来源 line of a table or figure computed from the indicators
// under nodes: the units' submissions, the departments their fields name as
// source (the three named most often, then 等), and who computed it (by).
func (r *publicReport) sourceOf(nodes ...*evaluator.Node) string {
	m := r.m
	count := map[string]int{}
	var order []string
	for _, n := range nodes {
		leaves := []*evaluator.Node{n}
		if n.Kind != evaluator.KindIndicator {
			leaves = m.leavesUnder(n)
		}
		for _, l := range leaves {
			for _, dep := range m.departments(l) {
				if count[dep] == 0 {
					order = append(order, dep)
				}
				count[dep]++
			}
		}
	}
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(count[b], count[a]) })
	s := "数据来源：各" + m.fw.UnitNoun() + "填报数据"
	if len(order) > 0 {
		more := ""
		if len(order) > 3 {
			order, more = order[:3], "等部门"
		}
		s += "（" + strings.Join(order, "、") + more + "提供）"
	}
	return s + "；" + m.by("计算") + "。"
}

// departments are the source departments of the fields an indicator reads, each
// without its parenthetical remark (统计局（委托第三方调查） → 统计局) and the level
// prefix that names the unit's own department (区工业和信息化局 → 工业和信息化局).
func (m *reportModel) departments(n *evaluator.Node) []string {
	expr := n.Value
	if expr == "" {
		expr = n.ID
	}
	var out []string
	for _, id := range fieldIDRe.FindAllString(expr, -1) {
		f := m.fw.Field(id)
		if f == nil {
			continue
		}
		for _, dep := range strings.FieldsFunc(f.Source, func(r rune) bool { return r == '、' || r == '，' || r == ',' || r == '；' }) {
			if i := strings.IndexAny(dep, "（("); i >= 0 {
				dep = dep[:i]
			}
			dep = strings.TrimSpace(dep)
			for _, level := range []string{"区", "县", "市", "镇"} {
				if rest, ok := strings.CutPrefix(dep, level); ok && utf8.RuneCountInString(rest) >= 3 {
					dep = rest
					break
				}
			}
			if dep != "" && !slices.Contains(out, dep) {
				out = append(out, dep)
			}
		}
	}
	return out
}

// pageFill is how full the current page is: the share of the text block above
// the current position.
func (d *pdfDoc) pageFill() float64 {
	return (d.y() - marginTop) / (pageH - marginTop - marginBottom)
}

// chapterBreak starts a new page for a 一、 section unless the current page is
// less than half full (then the section starts on it: no page is left under half
// full where a chapter ends).
func (d *pdfDoc) chapterBreak() {
	if d.pageFill() >= 0.5 {
		d.newPage()
	}
}

// keepNext makes the next paragraph's last lines or the next figure keep h mm of
// what follows on their page.
func (d *pdfDoc) keepNext(h float64) { d.keepAfter = h }

// keepWithNext is called before a block h mm high that would be kept with what
// follows (keepNext): when the block fits the page but the two together do not,
// it starts a new page, provided the page it leaves is at least half full.
func (d *pdfDoc) keepWithNext(h float64) {
	keep := d.keepAfter
	d.keepAfter = 0
	if keep > 0 && d.room() >= h && d.room() < h+keep && d.pageFill() >= 0.5 {
		d.newPage()
	}
}

// minFigureRows is the fewest rows a part of a figure split across pages has.
const minFigureRows = 4

// rowFigure draws a chart of n rows (rowH mm each, plus fixed mm of axes and
// legend) with its caption and 数据来源 line, split across pages where a page
// ends (a figure that fits a page only when the page it would leave is under half
// full): each part has its caption (续图N after the first), the last one the source
// line, no part fewer than minFigureRows rows (unless the chart has fewer). A
// figure that ends the body (keepNext) goes over to the page of what follows when
// that does not fit after it — whole if the page it leaves stays half full, else
// its last rows.
func (d *pdfDoc) rowFigure(caption, source string, n int, rowH, fixed float64, draw func(from, to int)) {
	keep := d.keepAfter
	d.keepAfter = 0
	capH := d.captionHeight(caption, textW) + 4
	srcH := d.sourceHeight(source, textW)
	part := func(from, to int, last bool) {
		draw(from, to)
		d.pdf.SetXY(marginLeft, d.y()+1)
		if from > 0 {
			d.tableCaption("续"+caption, marginLeft, textW)
		} else {
			d.tableCaption(caption, marginLeft, textW)
		}
		if last {
			d.sourceLine(source, marginLeft, textW)
		}
		d.pdf.SetXY(marginLeft, d.y()+3)
	}
	atTop := func() bool { return d.pageFill() < 0.01 }
	for from := 0; ; {
		rest := n - from
		whole := fixed + float64(rest)*rowH + capH + srcH
		if whole <= d.room() || rest <= minFigureRows && atTop() {
			if keep > 0 && whole+keep > d.room() {
				switch {
				case d.pageFill() >= 0.5 && !atTop():
					d.newPage() // the whole rest goes over with what follows
				case rest >= 2*minFigureRows:
					// the last rows go over with what follows
					part(from, n-minFigureRows, false)
					d.newPage()
					from = n - minFigureRows
				}
				keep = 0
				continue
			}
			part(from, n, true)
			return
		}
		if whole <= pageH-marginTop-marginBottom && d.pageFill() >= 0.5 {
			d.newPage() // a figure that fits a page is split only to fill a page under half full
			continue
		}
		fit := int((d.room() - fixed - capH) / rowH)
		fit = min(fit, rest-minFigureRows) // no part after this one shorter than minFigureRows
		if fit < minFigureRows && !atTop() {
			d.newPage()
			continue
		}
		fit = max(fit, min(rest, minFigureRows), 1)
		part(from, from+fit, false)
		d.newPage()
		from += fit
	}
}
