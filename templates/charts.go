package templates

import (
	"fmt"
	"math"
	"strings"
)

// Chart geometry, drawn on a canvas: the PDF report draws it with the PDF writer
// (pdfcharts.go), the web edition as inline SVG (svgcanvas.go). One geometry, two
// outputs: the same bars, labels and values in both, measured with the same font
// metrics. Coordinates are millimetres from the top left; values are plotted at
// full precision; every printed number comes formatted by the caller
// (evaluator.FormatFixed).

// chartPt is a point of a chart (mm).
type chartPt struct{ X, Y float64 }

// canvas is what the chart geometry draws on. The calls mirror the PDF writer's
// state machine (font, colours, line width, dash and alpha apply to what follows),
// so that the PDF backend makes exactly the calls the charts made before there
// was a second backend.
type canvas interface {
	serif(size float64) // the serif face at size pt (measuring and drawing)
	textGray(g int)     // text colour g,g,g
	black()             // text colour black
	fill(c [3]int)      // fill colour
	fillWhite()         // fill colour white
	draw(c [3]int)      // stroke colour
	drawBlack()         // stroke colour black
	lineWidth(w float64)
	dash(pattern []float64) // nil: solid
	alpha(a float64)        // opacity of strokes and fills
	line(x1, y1, x2, y2 float64)
	rect(x, y, w, h float64, style string) // style "F" fill, "D" stroke
	polygon(pts []chartPt, style string)
	circle(x, y, r float64, style string)
	// cell writes s in a w × h box, vertically centred, aligned L, C or R (1 mm
	// inset for L and R), on a filled ground when fill.
	cell(x, y, w, h float64, s, align string, fill bool)
	width(s string) float64 // width of s in the current font (mm)
	clean(s string) string  // s as it can be drawn (runes the fonts lack replaced)
	wrap(s string, w float64) []string
}

// Chart colours: a muted blue for the data, grey for references.
var (
	colBar      = [3]int{52, 96, 145}
	colBarHi    = [3]int{196, 120, 38}
	colRef      = [3]int{110, 110, 110}
	colGrid     = [3]int{215, 215, 215}
	colMeanPoly = [3]int{120, 120, 120}
)

// barItem is one bar of a horizontal bar chart.
type barItem struct {
	label     string
	value     float64
	text      string // the value as printed
	na        bool   // 不适用 / not shown: no bar, text only
	highlight bool
}

// chartRowH is the height (mm) of a bar or an interval row.
const chartRowH = 6.0

// barChartHeight is the height (mm) a bar chart of n bars takes, from the position
// it is drawn at to the content after it.
func barChartHeight(n int) float64 { return float64(n)*chartRowH + 16 }

// intervalChartHeight is the same for the stability chart of n units.
func intervalChartHeight(n int) float64 { return float64(n)*chartRowH + 20 }

// radarChartHeight is the same for a radar chart of radius r with n axes.
func radarChartHeight(r float64, n int) float64 {
	h := 2*r + 20
	if radarLabelBelow(n) {
		h += 7
	}
	return h
}

// radarLabelBelow reports whether an axis label of an n-axis radar chart sits
// under the chart (the legend moves down).
func radarLabelBelow(n int) bool {
	return n > 0 && math.Abs(math.Sin(-math.Pi/2+2*math.Pi*float64(n/2)/float64(n))) > 0.9
}

// barScale is the end of a bar chart's scale: the first multiple of 20 at or above
// max(values, 100).
func barScale(items []barItem) float64 {
	maxV := 100.0
	for _, it := range items {
		if !it.na && it.value > maxV {
			maxV = it.value
		}
	}
	return math.Ceil(maxV/20) * 20
}

// barChart draws horizontal bars below y0 over [x, x+w] and returns the chart's
// height and the y where the content after it starts. ref, when set, is drawn as
// a dashed line labelled refText. The scale runs from 0 to the first multiple of
// 20 at or above max(values, 100) — of all the bars of the figure when scale is
// given (a part of a figure split across pages), else of items.
func barChart(c canvas, x, y0, w float64, items []barItem, scale float64, ref *float64, refText string) (h, end float64) {
	rowH := chartRowH
	labelW := 30.0
	valueW := 16.0
	top := y0 + 2
	plotX := x + labelW
	plotW := w - labelW - valueW
	maxV := scale
	if maxV <= 0 {
		maxV = barScale(items)
	}
	h = float64(len(items))*rowH + 14
	plotTop := top + 6
	plotBottom := plotTop + float64(len(items))*rowH
	// grid and scale
	c.serif(sizeChart)
	c.textGray(80)
	c.lineWidth(0.15)
	for v := 0.0; v <= maxV+1e-9; v += 20 {
		gx := plotX + plotW*v/maxV
		c.draw(colGrid)
		c.line(gx, plotTop-1, gx, plotBottom)
		c.cell(gx-8, plotBottom+0.5, 16, 4, fmt.Sprintf("%d", int(v)), "C", false)
	}
	// bars
	for i, it := range items {
		y := plotTop + float64(i)*rowH
		c.serif(sizeChart + 1)
		c.black()
		c.cell(x, y, labelW-2, rowH, fitText(c, it.label, labelW-2), "R", false)
		if !it.na && it.value > 0 {
			bw := plotW * math.Min(it.value, maxV) / maxV
			if it.highlight {
				c.fill(colBarHi)
			} else {
				c.fill(colBar)
			}
			c.rect(plotX, y+1.2, bw, rowH-2.4, "F")
		}
	}
	// axis line
	c.draw(colRef)
	c.lineWidth(0.3)
	c.line(plotX, plotTop-1, plotX, plotBottom)
	if ref != nil {
		rx := plotX + plotW*math.Max(0, math.Min(*ref, maxV))/maxV
		c.draw(colRef)
		c.lineWidth(0.3)
		c.dash([]float64{1.2, 0.8})
		c.line(rx, plotTop-2, rx, plotBottom)
		c.dash(nil)
		c.serif(sizeChart)
		c.textGray(60)
		t := c.clean(refText)
		tw := c.width(t)
		tx := math.Min(rx-tw/2, plotX+plotW+valueW-tw)
		c.cell(tx, top-1, tw, 4, t, "L", false)
	}
	// value labels on a white ground, over the reference line
	c.serif(sizeChart)
	c.black()
	c.fillWhite()
	for i, it := range items {
		y := plotTop + float64(i)*rowH
		vx := plotX
		if !it.na {
			vx = plotX + plotW*math.Max(0, math.Min(it.value, maxV))/maxV
		}
		t := c.clean(it.text)
		tw := c.width(t) + 1
		c.cell(vx+0.8, y+1.2, tw, rowH-2.4, t, "C", true)
	}
	c.black()
	c.drawBlack()
	return h, top + h
}

// fitText shortens s with … to fit width w in the canvas's current font.
func fitText(c canvas, s string, w float64) string {
	s = c.clean(s)
	if c.width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if c.width(string(r)+"…") <= w {
			break
		}
	}
	return string(r) + "…"
}

// balancedLines breaks a title into lines of similar length (PUBLICATION.md).
func balancedLines(c canvas, s string, w float64) []string {
	lines := c.wrap(s, w)
	if len(lines) < 2 {
		return lines
	}
	n := len(lines)
	total := c.width(c.clean(s))
	for target := total / float64(n); target <= w; target += 2 {
		ls := c.wrap(s, target)
		if len(ls) == n {
			return ls
		}
	}
	return lines
}

// labelBreakAfter are the characters a chart label is best broken after: a
// conjunction or the end of a -化 word (经济数字化/转型, 数字技术创新与/基础设施建设).
const labelBreakAfter = "与和及、化的"

// labelLines breaks a chart label into lines no wider than w without cutting a
// word: the whole label when it fits; else two lines at the most balanced break
// after one of labelBreakAfter that fits; else balanced lines.
func labelLines(c canvas, s string, w float64) []string {
	s = c.clean(s)
	if c.width(s) <= w {
		return []string{s}
	}
	rs := []rune(s)
	best, bestW := -1, 0.0
	for i := 1; i < len(rs)-1; i++ {
		if !strings.ContainsRune(labelBreakAfter, rs[i-1]) {
			continue
		}
		a, b := c.width(string(rs[:i])), c.width(string(rs[i:]))
		if a > w || b > w {
			continue
		}
		if m := math.Max(a, b); best < 0 || m < bestW {
			best, bestW = i, m
		}
	}
	if best > 0 {
		return []string{string(rs[:best]), string(rs[best:])}
	}
	return balancedLines(c, s, w)
}

// radarSeries is one polygon of a radar chart.
type radarSeries struct {
	name   string
	values []float64 // 0–100 per axis
}

// radarChart draws a radar chart of unit against mean (both 0–100) over the axes,
// centred horizontally in [x, x+w], below y0; returns its height and the y where
// the content after it starts.
func radarChart(c canvas, x, y0, w, r float64, axes []string, unit, mean radarSeries) (h, end float64) {
	n := len(axes)
	top := y0 + 3
	cx := x + w/2
	cy := top + r + 9
	// room for the labels left and right of the chart
	lw := math.Max(16, (w-2*r*1.12)/2-1)
	pt := func(i int, v float64) chartPt {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		rr := r * math.Max(0, math.Min(v, 100)) / 100
		return chartPt{X: cx + rr*math.Cos(a), Y: cy + rr*math.Sin(a)}
	}
	// rings and spokes
	c.lineWidth(0.15)
	c.draw(colGrid)
	for _, v := range []float64{20, 40, 60, 80, 100} {
		var ring []chartPt
		for i := 0; i < n; i++ {
			ring = append(ring, pt(i, v))
		}
		c.polygon(ring, "D")
	}
	for i := 0; i < n; i++ {
		e := pt(i, 100)
		c.line(cx, cy, e.X, e.Y)
	}
	// mean polygon (dashed grey), then the unit (filled blue)
	poly := func(s radarSeries) []chartPt {
		var out []chartPt
		for i := 0; i < n && i < len(s.values); i++ {
			out = append(out, pt(i, s.values[i]))
		}
		return out
	}
	c.draw(colMeanPoly)
	c.lineWidth(0.4)
	c.dash([]float64{1.2, 0.8})
	c.polygon(poly(mean), "D")
	c.dash(nil)
	up := poly(unit)
	c.alpha(0.25)
	c.fill(colBar)
	c.polygon(up, "F")
	c.alpha(1)
	c.draw(colBar)
	c.lineWidth(0.5)
	c.polygon(up, "D")
	c.fill(colBar)
	for _, q := range up {
		c.circle(q.X, q.Y, 0.7, "F")
	}
	// the ring values, over the polygons on a white ground so that a unit's
	// polygon never hides them
	c.serif(6.5)
	c.textGray(110)
	for _, v := range []float64{20, 60, 100} {
		q := pt(0, v)
		t := fmt.Sprintf("%d", int(v))
		tw := c.width(t) + 1
		c.fillWhite()
		c.alpha(0.85)
		c.rect(q.X+0.5, q.Y-1.4, tw, 2.8, "F")
		c.alpha(1)
		c.cell(q.X+0.5, q.Y-1.5, tw, 3, t, "C", false)
	}
	// axis labels, wrapped to two lines at most
	c.serif(sizeChart)
	c.black()
	for i, a := range axes {
		ang0 := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		e := chartPt{X: cx + 1.1*r*math.Cos(ang0), Y: cy + 1.1*r*math.Sin(ang0)}
		ang := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		cosA := math.Cos(ang)
		align := "C"
		aw := 2 * r
		lx := e.X - aw/2
		switch {
		case cosA > 0.3:
			aw = math.Min(lw, x+w-e.X)
			align, lx = "L", e.X
		case cosA < -0.3:
			aw = math.Min(lw, e.X-x)
			align, lx = "R", e.X-aw
		}
		lines := labelLines(c, a, aw)
		if len(lines) > 3 {
			lines = lines[:3]
			lines[2] = fitText(c, lines[2]+"…", aw)
		}
		lh := 3.4
		ly := e.Y - float64(len(lines))*lh/2
		switch {
		case math.Sin(ang) < -0.9:
			ly = e.Y - float64(len(lines))*lh
		case math.Sin(ang) > 0.9:
			ly = e.Y
		}
		for j, ln := range lines {
			c.cell(lx, ly+float64(j)*lh, aw, lh, ln, align, false)
		}
	}
	// legend
	ly := cy + r + 3
	if radarLabelBelow(n) {
		ly += 7 // a label sits under the chart
	}
	c.serif(sizeChart)
	lx := cx - 40
	c.fill(colBar)
	c.alpha(0.4)
	c.rect(lx, ly, 6, 3, "F")
	c.alpha(1)
	c.cell(lx+7, ly-0.5, 33, 4, c.clean(unit.name), "L", false)
	c.draw(colMeanPoly)
	c.lineWidth(0.4)
	c.dash([]float64{1.2, 0.8})
	c.line(lx+42, ly+1.5, lx+48, ly+1.5)
	c.dash(nil)
	c.cell(lx+49, ly-0.5, 33, 4, c.clean(mean.name), "L", false)
	h = ly + 5 - top
	c.drawBlack()
	c.black()
	return h, top + h
}

// interval is one unit's rank interval for the stability chart.
type interval struct {
	label           string
	nominal, median int
	lo, hi          int // 5th and 95th percentile ranks
}

// intervalChart draws rank intervals on a rank axis 1…n (1 on the left) below y0
// over width w; returns its height and the y where the content after it starts.
func intervalChart(c canvas, x, y0, w float64, items []interval, n int) (h, end float64) {
	rowH := chartRowH
	labelW := 30.0
	top := y0 + 2
	plotX := x + labelW + 3
	plotW := w - labelW - 8 - 26
	plotTop := top + 7
	plotBottom := plotTop + float64(len(items))*rowH
	if n < 2 {
		n = 2
	}
	rx := func(rank float64) float64 { return plotX + plotW*(rank-1)/float64(n-1) }
	step := 1
	for (n-1)/step > 12 {
		step++
	}
	c.serif(sizeChart)
	c.textGray(80)
	c.lineWidth(0.15)
	for k := 1; k <= n; k += step {
		gx := rx(float64(k))
		c.draw(colGrid)
		c.line(gx, plotTop-1, gx, plotBottom)
		c.cell(gx-5, plotBottom+0.5, 10, 4, fmt.Sprintf("%d", k), "C", false)
	}
	c.cell(plotX, top, plotW, 4, "名次（左为第1名）", "C", false)
	c.cell(plotX+plotW+5, top, 26, 4, "实际/中位/90%区间", "L", false)
	for i, it := range items {
		y := plotTop + float64(i)*rowH
		cy := y + rowH/2
		c.serif(sizeChart + 1)
		c.black()
		c.cell(x, y, labelW, rowH, fitText(c, it.label, labelW-1), "R", false)
		c.fill(colBar)
		c.alpha(0.35)
		x1, x2 := rx(float64(it.lo)), rx(float64(it.hi))
		c.rect(x1-1, cy-1.3, x2-x1+2, 2.6, "F")
		c.alpha(1)
		c.draw(colBar)
		c.lineWidth(0.5)
		c.line(rx(float64(it.median)), cy-2, rx(float64(it.median)), cy+2)
		c.circle(rx(float64(it.nominal)), cy, 1.1, "F")
		c.serif(sizeChart)
		c.black()
		c.cell(plotX+plotW+5, y, 26, rowH, fmt.Sprintf("%d / %d / %d–%d", it.nominal, it.median, it.lo, it.hi), "L", false)
	}
	// legend
	ly := plotBottom + 6
	c.serif(sizeChart)
	c.black()
	lx := plotX
	c.fill(colBar)
	c.circle(lx+1, ly+1.5, 1.1, "F")
	c.cell(lx+3, ly-0.5, 20, 4, "实际名次", "L", false)
	c.line(lx+26, ly, lx+26, ly+3)
	c.cell(lx+28, ly-0.5, 20, 4, "名次中位数", "L", false)
	c.alpha(0.35)
	c.rect(lx+50, ly+0.2, 8, 2.6, "F")
	c.alpha(1)
	c.cell(lx+59, ly-0.5, 50, 4, "90%区间（第5至第95百分位）", "L", false)
	h = ly + 5 - top
	c.drawBlack()
	return h, top + h
}
