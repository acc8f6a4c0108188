package templates

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlPlan is how a table's sheet prints: its scale and the columns of each page.
//
// A table one page wide prints as one column range, fitted to the page width. A
// wider one prints at xlMinPrintScale as several ranges of columns, one print area
// each, the first from row 1 (the title block and the table) and the others from the
// header rows down (the table only): a print area starts a new page, and the title
// block, which spans the first range only, is never printed cut off beside the
// repeated leading columns.
type xlPlan struct {
	Fit    bool     // fitted one page wide
	Scale  float64  // the print scale (estimated when fitted)
	Ranges [][2]int // first and last column (1-based) of each column range
	Height float64  // a page's printable height in the sheet's points at Scale
	Repeat int      // the leading columns printed on every page (0: none)
}

// Printable height of A4 within the margins of printSetup (0.75 in top and bottom),
// in points at 100 %.
const (
	xlPageHeightLandscape = (8.27 - 1.5) * 72
	xlPageHeightPortrait  = (11.69 - 1.5) * 72
	// xlPageSafety is the share of a page planned on: the width estimates of text
	// and the row heights LibreOffice and Excel give unstyled rows differ a little.
	xlPageSafety = 0.95
	// xlRowHeight is the height in points of a row with no height of its own.
	xlRowHeight = 15
)

// xlPlanPrint plans the pages of a table with the given column widths (characters):
// see xlPlan. blockWidth (pixels) is the width of the title block above the table.
func xlPlanPrint(widths []float64, groups, sections []string, freeze int, portrait bool, blockWidth float64) xlPlan {
	pageWidth, pageHeight := xlPageWidthLandscape, xlPageHeightLandscape
	if portrait {
		pageWidth, pageHeight = xlPageWidthPortrait, xlPageHeightPortrait
	}
	total := 0.0
	for _, w := range widths {
		total += xlColPixels(w)
	}
	avail := pageWidth / xlMinPrintScale
	if total <= avail || freeze == 0 { // with no leading columns to repeat, a split page cannot be read alone
		scale := math.Min(1, pageWidth/math.Max(total, blockWidth))
		return xlPlan{Fit: true, Scale: scale, Ranges: [][2]int{{1, len(widths)}}, Height: pageHeight / scale}
	}
	used := 0.0
	for i := 0; i < freeze && i < len(widths); i++ {
		used += xlColPixels(widths[i])
	}
	p := xlPlan{Scale: xlMinPrintScale, Height: pageHeight / xlMinPrintScale, Repeat: freeze}
	first := 1
	for _, c := range xlColumnBreaks(widths, groups, sections, freeze, avail*xlPageSafety-used) {
		p.Ranges = append(p.Ranges, [2]int{first, c - 1})
		first = c
	}
	p.Ranges = append(p.Ranges, [2]int{first, len(widths)})
	return p
}

// xlBlockMin is the narrowest a title block is made (characters) when the table
// under it is narrower: a heading and notes wrapped in a few narrow columns are read
// a word a line.
const xlBlockMin = 72

// xlBlockExtra returns the widths of the empty columns added to the right of a table
// of the given widths so that its title block is at least xlBlockMin wide, and the
// title fits on one line, without passing the page width; nil when none are needed.
func xlBlockExtra(widths []float64, title string, portrait bool) []float64 {
	pageWidth := xlPageWidthLandscape
	if portrait {
		pageWidth = xlPageWidthPortrait
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	want := math.Max(xlBlockMin, math.Ceil(xlTextWidth(title)*1.4)+4)
	want = math.Min(want, ((pageWidth*xlPageSafety-5)/9)-float64(len(widths)))
	var extra []float64
	for total < want {
		w := math.Min(12, math.Ceil(want-total))
		w = math.Max(w, 4)
		extra = append(extra, w)
		total += w
	}
	return extra
}

// pageUsed simulates how the rows 1..last of the first column range fall on pages
// and returns the height used on the page row last ends: rows go to the next page
// when they do not fit, under the repeated header rows. Manual row breaks (breaks,
// each the first row of a new page) are taken as they come.
func (lay *xlLayout) pageUsed(last int, breaks []int) float64 {
	room := lay.Plan.Height * xlPageSafety
	header := lay.headerHeight()
	used := 0.0
	for r := 1; r <= last; r++ {
		h := lay.rowHeight(r)
		if len(breaks) > 0 && breaks[0] == r {
			breaks = breaks[1:]
			used = header
		} else if used+h > room && r > 1 {
			used = header
		}
		used += h
	}
	return used
}

// rowHeight is the planned height in points of row r.
func (lay *xlLayout) rowHeight(r int) float64 {
	if r >= 1 && r <= len(lay.RowHeights) && lay.RowHeights[r-1] > 0 {
		return lay.RowHeights[r-1]
	}
	return xlRowHeight
}

// headerHeight is the height of the header rows repeated on every page.
func (lay *xlLayout) headerHeight() float64 {
	h := 0.0
	for r := lay.HeaderTop; r <= lay.HeaderRow; r++ {
		h += lay.rowHeight(r)
	}
	return h
}

// chartRoom is the tallest chart (pixels) that fits on a page under the repeated
// header rows.
func (lay *xlLayout) chartRoom() float64 {
	rows := math.Floor((lay.Plan.Height*xlPageSafety-lay.headerHeight())/xlRowHeight) - 2
	return rows*xlChartRowPixels - 8
}

// xlChartRowPixels is the height of a row of xlRowHeight points as excelize counts
// it when it anchors a chart to the rows it covers (ceil(15 × 4 / 3.4)); readers
// draw those rows 20 pixels high, and the chart a tenth taller than asked.
const xlChartRowPixels = 18

// chartWidth is the widest chart (pixels) that fits in the columns of the first
// page (with the title block's). A chart is anchored to the cells it covers, as
// excelize sizes columns (8 pixels a character); a reader that draws the columns
// wider (xlColPixels) widens the chart with them, still within those columns.
func (lay *xlLayout) chartWidth() float64 {
	w := 0.0
	for c := 1; c <= max(lay.Plan.Ranges[0][1], lay.BlockCols); c++ {
		cw := xlDefaultColWidth
		if c <= len(lay.BlockWidths) {
			cw = lay.BlockWidths[c-1]
		}
		w += math.Floor(8*cw + 0.5)
	}
	return w - 16
}

// xlDefaultColWidth is the width in characters of a column with no width of its own.
const xlDefaultColWidth = 9.140625

// roomLeft is the height (pixels) of the tallest chart placeBelow would put on the
// page of what is placed so far.
func (lay *xlLayout) roomLeft() float64 {
	used := lay.pageUsed(lay.PrintLastRow, lay.RowBreaks)
	return math.Floor((lay.Plan.Height*xlPageSafety-used)/xlRowHeight-1)*xlChartRowPixels - 8
}

// placeBelow finds the row a chart h pixels tall is anchored at, under the table and
// the charts placed before it: on the same page when it fits there after a blank
// row, else at the top of the next page (a manual row break before it), so that a
// chart never straddles a page break. It extends the print area over the chart.
func (b *xlBook) placeBelow(sheet string, lay *xlLayout, h float64) (int, error) {
	anchor := lay.PrintLastRow + 2
	rows := int(math.Ceil((h + 8) / xlChartRowPixels))
	used := lay.pageUsed(lay.PrintLastRow, lay.RowBreaks)
	if used+xlRowHeight*float64(rows+1) > lay.Plan.Height*xlPageSafety {
		if err := b.f.InsertPageBreak(sheet, xlCellName(1, anchor)); err != nil {
			return 0, err
		}
		lay.RowBreaks = append(lay.RowBreaks, anchor)
	}
	lay.PrintLastRow = anchor + rows
	return anchor, nil
}

// setPrintArea sets the print area of a written table: one range per page column
// range (xlPlan), the first from row 1 to the last printed row, the others the
// table's columns from the header rows down. Print areas of a sheet are printed in
// order, each starting a new page.
func (b *xlBook) setPrintArea(sheet string, lay *xlLayout) error {
	q := xlQuoteSheet(sheet)
	var refs []string
	for k, r := range lay.Plan.Ranges {
		first, last, top, bottom := r[0], r[1], lay.HeaderTop, lay.LastRow
		if k == 0 {
			last, top, bottom = max(last, lay.BlockCols), 1, max(lay.PrintLastRow, lay.LastRow)
		}
		refs = append(refs, fmt.Sprintf("%s!$%s$%d:$%s$%d", q, xlColName(first), top, xlColName(last), bottom))
	}
	return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: strings.Join(refs, ","), Scope: sheet})
}

// xlSectionBreaks returns the rows that begin a page (manual row breaks) so that no
// section that fits on a page is split across two: heights are those of rows 1..n
// in points, starts the first row of each section in ascending order (rows before
// the first are a title block), room the height of a page. A section taller than a
// page begins a page of its own only when the page it would start on is already
// more than half full.
func xlSectionBreaks(heights []float64, starts []int, room float64) []int {
	var breaks []int
	used := 0.0
	add := func(from, to int) { // rows from..to, 1-based, flowing over pages
		for r := from; r <= to; r++ {
			if used > 0 && used+heights[r-1] > room {
				used = 0
			}
			used += heights[r-1]
		}
	}
	if len(starts) == 0 {
		return nil
	}
	add(1, starts[0]-1)
	for k, a := range starts {
		end := len(heights)
		if k+1 < len(starts) {
			end = starts[k+1] - 1
		}
		h := 0.0
		for r := a; r <= end; r++ {
			h += heights[r-1]
		}
		if used > 0 && used+h > room && (h <= room || used > room/2) {
			breaks = append(breaks, a)
			used = 0
		}
		add(a, end)
	}
	return breaks
}
