package templates

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// The SVG backend of the chart geometry (charts.go): the same calls the PDF
// backend turns into PDF operators become SVG elements, in millimetres (the
// viewBox), measured with the PDF's own font metrics so that labels are cut and
// wrapped where the PDF cuts and wraps them. The page's CSS gives the text the
// system's Chinese serif face; no font or other resource is referenced.

// svgCanvas collects the elements of one chart.
type svgCanvas struct {
	m *pdfDoc // measures and wraps text (it draws no page)
	b strings.Builder

	size             float64 // pt
	textCol          string
	fillCol, drawCol string
	lw               float64
	dashes           string
	opacity          float64
}

func newSVGCanvas(measure *pdfDoc) *svgCanvas {
	return &svgCanvas{m: measure, textCol: "#000", fillCol: "#000", drawCol: "#000", lw: 0.2, opacity: 1}
}

func svgRGB(c [3]int) string { return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]) }

// svgNum formats a coordinate with at most two decimals.
func svgNum(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

func (c *svgCanvas) serif(size float64) { c.size = size; c.m.serif(size) }

// textGray: grey text is kept at a contrast of at least 4.5:1 on white (grey
// 110 and darker), whatever the PDF uses.
func (c *svgCanvas) textGray(g int) {
	c.textCol = svgRGB([3]int{min(g, 100), min(g, 100), min(g, 100)})
}
func (c *svgCanvas) black() { c.textCol = "#000" }
func (c *svgCanvas) fill(col [3]int) {
	c.fillCol = svgRGB(col)
}
func (c *svgCanvas) fillWhite()      { c.fillCol = "#fff" }
func (c *svgCanvas) draw(col [3]int) { c.drawCol = svgRGB(col) }
func (c *svgCanvas) drawBlack()      { c.drawCol = "#000" }
func (c *svgCanvas) lineWidth(w float64) {
	c.lw = w
}
func (c *svgCanvas) dash(p []float64) {
	var parts []string
	for _, v := range p {
		parts = append(parts, svgNum(v))
	}
	c.dashes = strings.Join(parts, " ")
}
func (c *svgCanvas) alpha(a float64) { c.opacity = a }

// paint writes the fill/stroke attributes for a PDF paint style.
func (c *svgCanvas) paint(style string) {
	switch style {
	case "F":
		c.b.WriteString(` fill="` + c.fillCol + `"`)
		if c.opacity < 1 {
			c.b.WriteString(` fill-opacity="` + svgNum(c.opacity) + `"`)
		}
	case "D", "":
		c.b.WriteString(` fill="none"`)
		c.stroke()
	default: // FD / DF
		c.b.WriteString(` fill="` + c.fillCol + `"`)
		if c.opacity < 1 {
			c.b.WriteString(` fill-opacity="` + svgNum(c.opacity) + `"`)
		}
		c.stroke()
	}
}

func (c *svgCanvas) stroke() {
	c.b.WriteString(` stroke="` + c.drawCol + `" stroke-width="` + svgNum(c.lw) + `"`)
	if c.dashes != "" {
		c.b.WriteString(` stroke-dasharray="` + c.dashes + `"`)
	}
	if c.opacity < 1 {
		c.b.WriteString(` stroke-opacity="` + svgNum(c.opacity) + `"`)
	}
}

func (c *svgCanvas) line(x1, y1, x2, y2 float64) {
	fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s"`, svgNum(x1), svgNum(y1), svgNum(x2), svgNum(y2))
	c.stroke()
	c.b.WriteString("/>")
}

func (c *svgCanvas) rect(x, y, w, h float64, style string) {
	if w < 0 {
		x, w = x+w, -w
	}
	fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s"`, svgNum(x), svgNum(y), svgNum(w), svgNum(h))
	c.paint(style)
	c.b.WriteString("/>")
}

func (c *svgCanvas) polygon(pts []chartPt, style string) {
	if len(pts) < 3 {
		return
	}
	c.b.WriteString(`<polygon points="`)
	for i, q := range pts {
		if i > 0 {
			c.b.WriteByte(' ')
		}
		c.b.WriteString(svgNum(q.X) + "," + svgNum(q.Y))
	}
	c.b.WriteString(`"`)
	c.paint(style)
	c.b.WriteString("/>")
}

func (c *svgCanvas) circle(x, y, r float64, style string) {
	fmt.Fprintf(&c.b, `<circle cx="%s" cy="%s" r="%s"`, svgNum(x), svgNum(y), svgNum(r))
	c.paint(style)
	c.b.WriteString("/>")
}

func (c *svgCanvas) cell(x, y, w, h float64, s, align string, fill bool) {
	if fill && h > 0 {
		c.rect(x, y, w, h, "F")
	}
	if s == "" {
		return
	}
	tx, anchor := x+1, ""
	switch align {
	case "C":
		tx, anchor = x+w/2, ` text-anchor="middle"`
	case "R":
		tx, anchor = x+w-1, ` text-anchor="end"`
	}
	// PDF points to mm; the baseline a little below the box's middle, as the
	// PDF writer places it
	fs := c.size * 25.4 / 72
	fmt.Fprintf(&c.b, `<text x="%s" y="%s" font-size="%s"%s fill="%s">`, svgNum(tx), svgNum(y+h/2+0.35*fs), svgNum(fs), anchor, c.textCol)
	c.b.WriteString(htmlEscape(s))
	c.b.WriteString("</text>")
}

func (c *svgCanvas) width(s string) float64 { return c.m.pdf.GetStringWidth(s) }

// clean: the browser draws every character with the system's fonts; only
// control characters (not allowed in XML) become spaces.
func (c *svgCanvas) clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

func (c *svgCanvas) wrap(s string, w float64) []string { return c.m.pdf.Wrap(c.clean(s), w) }

// svgChart wraps drawn elements in an <svg> of the given size (mm) with a title
// and a description (its text alternative; the data table sits beside it).
func svgChart(id, title, desc, body string, w, h float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart-svg" viewBox="0 0 %s %s" width="%s" role="img" aria-labelledby="%s-t %s-d">`,
		svgNum(w), svgNum(h), svgNum(w*4), id, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, htmlEscape(title), id, htmlEscape(desc))
	b.WriteString(body)
	b.WriteString("</svg>")
	return b.String()
}

// htmlEscape escapes text for HTML and SVG content and attribute values.
func htmlEscape(s string) string {
	return htmlEscaper.Replace(s)
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")
