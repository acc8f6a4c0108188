package templates

import "github.com/wuxi-data/dteval/templates/internal/pdf"

// The PDF backend of the chart geometry (charts.go): a canvas that makes the PDF
// writer's calls, and the pdfDoc methods that place a chart at the current
// position and move below it.

func (d *pdfDoc) fill(c [3]int) { d.pdf.SetFillColor(c[0], c[1], c[2]) }
func (d *pdfDoc) draw(c [3]int) { d.pdf.SetDrawColor(c[0], c[1], c[2]) }

// pdfCanvas draws chart geometry on a pdfDoc's current page.
type pdfCanvas struct{ d *pdfDoc }

func (c pdfCanvas) serif(size float64)  { c.d.serif(size) }
func (c pdfCanvas) textGray(g int)      { c.d.textGray(g) }
func (c pdfCanvas) black()              { c.d.black() }
func (c pdfCanvas) fill(col [3]int)     { c.d.fill(col) }
func (c pdfCanvas) fillWhite()          { c.d.pdf.SetFillColor(255, 255, 255) }
func (c pdfCanvas) draw(col [3]int)     { c.d.draw(col) }
func (c pdfCanvas) drawBlack()          { c.d.pdf.SetDrawColor(0, 0, 0) }
func (c pdfCanvas) lineWidth(w float64) { c.d.pdf.SetLineWidth(w) }
func (c pdfCanvas) dash(p []float64)    { c.d.pdf.SetDashPattern(p, 0) }
func (c pdfCanvas) alpha(a float64)     { c.d.pdf.SetAlpha(a, "Normal") }
func (c pdfCanvas) line(x1, y1, x2, y2 float64) {
	c.d.pdf.Line(x1, y1, x2, y2)
}
func (c pdfCanvas) rect(x, y, w, h float64, style string) { c.d.pdf.Rect(x, y, w, h, style) }
func (c pdfCanvas) polygon(pts []chartPt, style string) {
	ps := make([]pdf.Point, len(pts))
	for i, q := range pts {
		ps[i] = pdf.Point(q)
	}
	c.d.pdf.Polygon(ps, style)
}
func (c pdfCanvas) circle(x, y, r float64, style string) { c.d.pdf.Circle(x, y, r, style) }
func (c pdfCanvas) cell(x, y, w, h float64, s, align string, fill bool) {
	c.d.pdf.SetXY(x, y)
	c.d.pdf.CellFormat(w, h, s, "", 0, align, fill, 0, "")
}
func (c pdfCanvas) width(s string) float64            { return c.d.pdf.GetStringWidth(s) }
func (c pdfCanvas) clean(s string) string             { return c.d.clean(s) }
func (c pdfCanvas) wrap(s string, w float64) []string { return c.d.wrap(s, w) }

// barChart draws a bar chart (see barChart) from the current position over width
// w and returns its height.
func (d *pdfDoc) barChart(x, w float64, items []barItem, scale float64, ref *float64, refText string) float64 {
	h, end := barChart(pdfCanvas{d}, x, d.y(), w, items, scale, ref, refText)
	d.setY(end)
	return h
}

// radarChart draws a radar chart (see radarChart) from the current position and
// returns its height.
func (d *pdfDoc) radarChart(x, w, r float64, axes []string, unit, mean radarSeries) float64 {
	h, end := radarChart(pdfCanvas{d}, x, d.y(), w, r, axes, unit, mean)
	d.setY(end)
	return h
}

// intervalChart draws the rank intervals (see intervalChart) from the current
// position over width w and returns its height.
func (d *pdfDoc) intervalChart(x, w float64, items []interval, n int) float64 {
	h, end := intervalChart(pdfCanvas{d}, x, d.y(), w, items, n)
	d.setY(end)
	return h
}

// fitText shortens s with … to fit width w in the current font.
func (d *pdfDoc) fitText(s string, w float64) string { return fitText(pdfCanvas{d}, s, w) }

// balancedLines breaks a title into lines of similar length (PUBLICATION.md).
func (d *pdfDoc) balancedLines(s string, w float64) []string {
	return balancedLines(pdfCanvas{d}, s, w)
}
