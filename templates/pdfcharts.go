package templates

import (
	"fmt"
	"math"

	"github.com/wuxi-data/dteval/templates/internal/pdf"
)

// Vector charts drawn with the writer's primitives: sharp at any zoom, text selectable.
// Values are plotted at full precision; every printed number comes formatted by
// the caller (evaluator.FormatFixed).

// Chart colours: a muted blue for the data, grey for references.
var (
	colBar      = [3]int{52, 96, 145}
	colBarHi    = [3]int{196, 120, 38}
	colRef      = [3]int{110, 110, 110}
	colGrid     = [3]int{215, 215, 215}
	colMeanPoly = [3]int{120, 120, 120}
)

func (d *pdfDoc) fill(c [3]int) { d.pdf.SetFillColor(c[0], c[1], c[2]) }
func (d *pdfDoc) draw(c [3]int) { d.pdf.SetDrawColor(c[0], c[1], c[2]) }

// barItem is one bar of a horizontal bar chart.
type barItem struct {
	label     string
	value     float64
	text      string // the value as printed
	na        bool   // 不适用 / not shown: no bar, text only
	highlight bool
}

// barChart draws horizontal bars from the current position over width w and
// returns its height. ref, when set, is drawn as a dashed line labelled refText.
// The scale runs from 0 to the first multiple of 20 at or above max(values, 100).
func (d *pdfDoc) barChart(x, w float64, items []barItem, ref *float64, refText string) float64 {
	p := d.pdf
	rowH := 6.0
	labelW := 30.0
	valueW := 16.0
	top := d.y() + 2
	plotX := x + labelW
	plotW := w - labelW - valueW
	maxV := 100.0
	for _, it := range items {
		if !it.na && it.value > maxV {
			maxV = it.value
		}
	}
	maxV = math.Ceil(maxV/20) * 20
	h := float64(len(items))*rowH + 14
	plotTop := top + 6
	plotBottom := plotTop + float64(len(items))*rowH
	// grid and scale
	d.serif(sizeChart)
	d.textGray(80)
	p.SetLineWidth(0.15)
	for v := 0.0; v <= maxV+1e-9; v += 20 {
		gx := plotX + plotW*v/maxV
		d.draw(colGrid)
		p.Line(gx, plotTop-1, gx, plotBottom)
		s := fmt.Sprintf("%d", int(v))
		p.SetXY(gx-8, plotBottom+0.5)
		p.CellFormat(16, 4, s, "", 0, "C", false, 0, "")
	}
	// bars
	for i, it := range items {
		y := plotTop + float64(i)*rowH
		d.serif(sizeChart + 1)
		d.black()
		lbl := d.fitText(it.label, labelW-2)
		p.SetXY(x, y)
		p.CellFormat(labelW-2, rowH, lbl, "", 0, "R", false, 0, "")
		if !it.na && it.value > 0 {
			bw := plotW * math.Min(it.value, maxV) / maxV
			if it.highlight {
				d.fill(colBarHi)
			} else {
				d.fill(colBar)
			}
			p.Rect(plotX, y+1.2, bw, rowH-2.4, "F")
		}
	}
	// axis line
	d.draw(colRef)
	p.SetLineWidth(0.3)
	p.Line(plotX, plotTop-1, plotX, plotBottom)
	if ref != nil {
		rx := plotX + plotW*math.Max(0, math.Min(*ref, maxV))/maxV
		d.draw(colRef)
		p.SetLineWidth(0.3)
		p.SetDashPattern([]float64{1.2, 0.8}, 0)
		p.Line(rx, plotTop-2, rx, plotBottom)
		p.SetDashPattern(nil, 0)
		d.serif(sizeChart)
		d.textGray(60)
		t := d.clean(refText)
		tw := p.GetStringWidth(t)
		tx := math.Min(rx-tw/2, plotX+plotW+valueW-tw)
		p.SetXY(tx, top-1)
		p.CellFormat(tw, 4, t, "", 0, "L", false, 0, "")
	}
	// value labels on a white ground, over the reference line
	d.serif(sizeChart)
	d.black()
	p.SetFillColor(255, 255, 255)
	for i, it := range items {
		y := plotTop + float64(i)*rowH
		vx := plotX
		if !it.na {
			vx = plotX + plotW*math.Max(0, math.Min(it.value, maxV))/maxV
		}
		t := d.clean(it.text)
		tw := p.GetStringWidth(t) + 1
		p.SetXY(vx+0.8, y+1.2)
		p.CellFormat(tw, rowH-2.4, t, "", 0, "C", true, 0, "")
	}
	d.black()
	p.SetDrawColor(0, 0, 0)
	d.setY(top + h)
	return h
}

// fitText shortens s with … to fit width w in the current font.
func (d *pdfDoc) fitText(s string, w float64) string {
	s = d.clean(s)
	if d.pdf.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if d.pdf.GetStringWidth(string(r)+"…") <= w {
			break
		}
	}
	return string(r) + "…"
}

// radarSeries is one polygon of a radar chart.
type radarSeries struct {
	name   string
	values []float64 // 0–100 per axis
}

// radarChart draws a radar chart of unit against mean (both 0–100) over the axes,
// centred horizontally in [x, x+w], from the current position; returns its height.
func (d *pdfDoc) radarChart(x, w, r float64, axes []string, unit, mean radarSeries) float64 {
	p := d.pdf
	n := len(axes)
	top := d.y() + 3
	cx := x + w/2
	cy := top + r + 9
	// room for the labels left and right of the chart
	lw := math.Max(16, (w-2*r*1.12)/2-1)
	pt := func(i int, v float64) pdf.Point {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		rr := r * math.Max(0, math.Min(v, 100)) / 100
		return pdf.Point{X: cx + rr*math.Cos(a), Y: cy + rr*math.Sin(a)}
	}
	// rings and spokes
	p.SetLineWidth(0.15)
	d.draw(colGrid)
	for _, v := range []float64{20, 40, 60, 80, 100} {
		var ring []pdf.Point
		for i := 0; i < n; i++ {
			ring = append(ring, pt(i, v))
		}
		p.Polygon(ring, "D")
	}
	for i := 0; i < n; i++ {
		e := pt(i, 100)
		p.Line(cx, cy, e.X, e.Y)
	}
	d.serif(6.5)
	d.textGray(120)
	for _, v := range []float64{20, 60, 100} {
		q := pt(0, v)
		p.SetXY(q.X+0.6, q.Y-1.6)
		p.CellFormat(6, 3, fmt.Sprintf("%d", int(v)), "", 0, "L", false, 0, "")
	}
	// mean polygon (dashed grey), then the unit (filled blue)
	poly := func(s radarSeries) []pdf.Point {
		var out []pdf.Point
		for i := 0; i < n && i < len(s.values); i++ {
			out = append(out, pt(i, s.values[i]))
		}
		return out
	}
	d.draw(colMeanPoly)
	p.SetLineWidth(0.4)
	p.SetDashPattern([]float64{1.2, 0.8}, 0)
	p.Polygon(poly(mean), "D")
	p.SetDashPattern(nil, 0)
	up := poly(unit)
	p.SetAlpha(0.25, "Normal")
	d.fill(colBar)
	p.Polygon(up, "F")
	p.SetAlpha(1, "Normal")
	d.draw(colBar)
	p.SetLineWidth(0.5)
	p.Polygon(up, "D")
	d.fill(colBar)
	for _, q := range up {
		p.Circle(q.X, q.Y, 0.7, "F")
	}
	// axis labels, wrapped to two lines at most
	d.serif(sizeChart)
	d.black()
	for i, a := range axes {
		ang0 := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		e := pdf.Point{X: cx + 1.1*r*math.Cos(ang0), Y: cy + 1.1*r*math.Sin(ang0)}
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
		lines := d.balancedLines(a, aw)
		if len(lines) > 3 {
			lines = lines[:3]
			lines[2] = d.fitText(lines[2]+"…", aw)
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
			p.SetXY(lx, ly+float64(j)*lh)
			p.CellFormat(aw, lh, ln, "", 0, align, false, 0, "")
		}
	}
	// legend
	ly := cy + r + 3
	if math.Abs(math.Sin(-math.Pi/2+2*math.Pi*float64(n/2)/float64(n))) > 0.9 {
		ly += 7 // a label sits under the chart
	}
	d.serif(sizeChart)
	lx := cx - 40
	d.fill(colBar)
	p.SetAlpha(0.4, "Normal")
	p.Rect(lx, ly, 6, 3, "F")
	p.SetAlpha(1, "Normal")
	p.SetXY(lx+7, ly-0.5)
	p.CellFormat(33, 4, d.clean(unit.name), "", 0, "L", false, 0, "")
	d.draw(colMeanPoly)
	p.SetLineWidth(0.4)
	p.SetDashPattern([]float64{1.2, 0.8}, 0)
	p.Line(lx+42, ly+1.5, lx+48, ly+1.5)
	p.SetDashPattern(nil, 0)
	p.SetXY(lx+49, ly-0.5)
	p.CellFormat(33, 4, d.clean(mean.name), "", 0, "L", false, 0, "")
	h := ly + 5 - top
	p.SetDrawColor(0, 0, 0)
	d.black()
	d.setY(top + h)
	return h
}

// interval is one unit's rank interval for the stability chart.
type interval struct {
	label           string
	nominal, median int
	lo, hi          int // 5th and 95th percentile ranks
}

// intervalChart draws rank intervals on a rank axis 1…n (1 on the left) from the
// current position over width w; returns its height.
func (d *pdfDoc) intervalChart(x, w float64, items []interval, n int) float64 {
	p := d.pdf
	rowH := 6.0
	labelW := 30.0
	top := d.y() + 2
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
	d.serif(sizeChart)
	d.textGray(80)
	p.SetLineWidth(0.15)
	for k := 1; k <= n; k += step {
		gx := rx(float64(k))
		d.draw(colGrid)
		p.Line(gx, plotTop-1, gx, plotBottom)
		p.SetXY(gx-5, plotBottom+0.5)
		p.CellFormat(10, 4, fmt.Sprintf("%d", k), "", 0, "C", false, 0, "")
	}
	p.SetXY(plotX, top)
	p.CellFormat(plotW, 4, "名次（左为第1名）", "", 0, "C", false, 0, "")
	p.SetXY(plotX+plotW+5, top)
	p.CellFormat(26, 4, "实际/中位/90%区间", "", 0, "L", false, 0, "")
	for i, it := range items {
		y := plotTop + float64(i)*rowH
		cy := y + rowH/2
		d.serif(sizeChart + 1)
		d.black()
		p.SetXY(x, y)
		p.CellFormat(labelW, rowH, d.fitText(it.label, labelW-1), "", 0, "R", false, 0, "")
		d.fill(colBar)
		p.SetAlpha(0.35, "Normal")
		x1, x2 := rx(float64(it.lo)), rx(float64(it.hi))
		p.Rect(x1-1, cy-1.3, x2-x1+2, 2.6, "F")
		p.SetAlpha(1, "Normal")
		d.draw(colBar)
		p.SetLineWidth(0.5)
		p.Line(rx(float64(it.median)), cy-2, rx(float64(it.median)), cy+2)
		p.Circle(rx(float64(it.nominal)), cy, 1.1, "F")
		d.serif(sizeChart)
		d.black()
		p.SetXY(plotX+plotW+5, y)
		p.CellFormat(26, rowH, fmt.Sprintf("%d / %d / %d–%d", it.nominal, it.median, it.lo, it.hi), "", 0, "L", false, 0, "")
	}
	// legend
	ly := plotBottom + 6
	d.serif(sizeChart)
	d.black()
	lx := plotX
	d.fill(colBar)
	p.Circle(lx+1, ly+1.5, 1.1, "F")
	p.SetXY(lx+3, ly-0.5)
	p.CellFormat(20, 4, "实际名次", "", 0, "L", false, 0, "")
	p.Line(lx+26, ly, lx+26, ly+3)
	p.SetXY(lx+28, ly-0.5)
	p.CellFormat(20, 4, "名次中位数", "", 0, "L", false, 0, "")
	p.SetAlpha(0.35, "Normal")
	p.Rect(lx+50, ly+0.2, 8, 2.6, "F")
	p.SetAlpha(1, "Normal")
	p.SetXY(lx+59, ly-0.5)
	p.CellFormat(50, 4, "90%区间（第5至第95百分位）", "", 0, "L", false, 0, "")
	h := ly + 5 - top
	p.SetDrawColor(0, 0, 0)
	d.setY(top + h)
	return h
}
