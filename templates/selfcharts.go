package templates

import (
	"math"
	"strconv"
)

// trendLine is one line of a trend chart: a value per year (nil: no data that year).
type trendLine struct {
	label string
	color [3]int
	pts   map[int]*float64
}

// planPath is the planned path of an indicator: baseline (year, value) to target
// (year, value), drawn dashed.
type planPath struct {
	y0, y1 int
	v0, v1 float64
}

var trendColors = [][3]int{colBar, colBarHi, {64, 140, 90}, {150, 70, 120}, {120, 120, 40}, {90, 90, 90}}

// trendChart draws years on x and values on y in the box (x, y, w, h): each line
// with its points (gaps where a year has no data), the plan path dashed, the y
// range from the data and the plan padded to round ticks; format prints a tick.
// It returns the height used (the legend under the box included).
func trendChart(c canvas, x, y, w, h float64, years []int, lines []trendLine, plan *planPath, format func(float64) string) float64 {
	if len(years) == 0 {
		return 0
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	see := func(v float64) { lo, hi = math.Min(lo, v), math.Max(hi, v) }
	for _, l := range lines {
		for _, v := range l.pts {
			if v != nil {
				see(*v)
			}
		}
	}
	first, last := years[0], years[len(years)-1]
	if plan != nil {
		first = min(first, plan.y0)
		last = max(last, plan.y1)
		see(plan.v0)
		see(plan.v1)
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	step := niceStep((hi - lo) / 4)
	lo = math.Floor(lo/step) * step
	hi = math.Ceil(hi/step) * step
	axisW := 12.0
	px, pw := x+axisW, w-axisW-3
	py, ph := y+2, h-10
	xOf := func(yr int) float64 {
		if last == first {
			return px + pw/2
		}
		return px + pw*float64(yr-first)/float64(last-first)
	}
	yOf := func(v float64) float64 { return py + ph - ph*(v-lo)/(hi-lo) }
	// grid and y ticks
	c.serif(sizeChart - 1)
	c.textGray(90)
	c.lineWidth(0.15)
	c.draw(colGrid)
	for v := lo; v <= hi+step/2; v += step {
		yy := yOf(v)
		c.line(px, yy, px+pw, yy)
		c.cell(x, yy-2, axisW-1, 4, format(v), "R", false)
	}
	// x ticks
	for yr := first; yr <= last; yr++ {
		xx := xOf(yr)
		c.drawBlack()
		c.line(xx, py+ph, xx, py+ph+1)
		c.cell(xx-7, py+ph+1, 14, 4, strconv.Itoa(yr), "C", false)
	}
	c.drawBlack()
	c.lineWidth(0.25)
	c.line(px, py+ph, px+pw, py+ph)
	// plan path
	if plan != nil {
		c.draw(colRef)
		c.lineWidth(0.3)
		c.dash([]float64{1.2, 0.8})
		c.line(xOf(plan.y0), yOf(plan.v0), xOf(plan.y1), yOf(plan.v1))
		c.dash(nil)
		c.fill(colRef)
		c.circle(xOf(plan.y1), yOf(plan.v1), 0.8, "F")
	}
	// lines
	for _, l := range lines {
		c.draw(l.color)
		c.fill(l.color)
		c.lineWidth(0.5)
		var prev *chartPt
		for yr := first; yr <= last; yr++ {
			v := l.pts[yr]
			if v == nil {
				prev = nil
				continue
			}
			p := chartPt{xOf(yr), yOf(*v)}
			if prev != nil {
				c.line(prev.X, prev.Y, p.X, p.Y)
			}
			c.circle(p.X, p.Y, 0.7, "F")
			prev = &p
		}
	}
	// legend
	ly := py + ph + 5.5
	lx := px
	c.serif(sizeChart - 1)
	c.textGray(60)
	for _, l := range lines {
		tw := c.width(c.clean(l.label))
		if lx > px && lx+5.5+tw+2 > x+w {
			lx, ly = px, ly+4.5
		}
		c.draw(l.color)
		c.lineWidth(0.6)
		c.line(lx, ly+2, lx+5, ly+2)
		c.cell(lx+5.5, ly, tw+2, 4, l.label, "L", false)
		lx += 5.5 + tw + 5
	}
	if plan != nil {
		if lx > px && lx+40 > x+w {
			lx, ly = px, ly+4.5
		}
		c.draw(colRef)
		c.lineWidth(0.3)
		c.dash([]float64{1.2, 0.8})
		c.line(lx, ly+2, lx+5, ly+2)
		c.dash(nil)
		c.cell(lx+5.5, ly, 30, 4, "规划路径（基期→目标）", "L", false)
	}
	c.black()
	c.drawBlack()
	c.lineWidth(0.2)
	return ly + 4.5 - y
}

// niceStep rounds a raw tick step up to 1, 2 or 5 × 10^k.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}
