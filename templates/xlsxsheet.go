package templates

import (
	"fmt"
	"math"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/xuri/excelize/v2"
)

// xlCol is one column of a sheet's table.
type xlCol struct {
	// Group is the upper header: consecutive columns with the same non-empty Group
	// share one merged cell above their Names. When no column of a table has a Group
	// the table has a single header row.
	Group string
	Name  string
	// Section (a chapter id) marks where a printed page may best begin: a column
	// break goes at a change of Section when the page is already well filled.
	Section string
	// Width is a fixed width in characters; 0 fits the column to its content, up to
	// Max (default 24). Wrap lets long text in the column break into lines.
	Width, Max float64
	Wrap       bool
	Style      int // the default style of the column's cells
}

// xlWidthSample is how many rows column widths are fitted to (the cost of a
// width estimate per cell shows at a thousand units).
const xlWidthSample = 300

// xlCell is one cell of a table. V is nil, a string, an int or a float64: strings are
// always written as text (never as formulas), numbers as numbers.
type xlCell struct {
	V     any
	Style int    // 0: the column's style
	Note  string // a cell comment, "" for none
}

// xlTable is a sheet made of a title block and one table.
type xlTable struct {
	Name   string // sheet name
	Title  string // the sheet's heading (the workbook title is prefixed)
	Notes  []string
	Legend []xlLegendItem
	Cols   []xlCol
	Rows   [][]xlCell
	// FreezeCols is the number of leading columns kept in view when scrolling right.
	FreezeCols int
	// NoFilter leaves the autofilter off (document-like sheets).
	NoFilter bool
	// Portrait prints the sheet in portrait orientation (default landscape).
	Portrait bool
	// Finish, when set, adds what depends on where the table landed (colour scales,
	// a chart below the table: see placeBelow) before the sheet is closed: nothing can
	// be added to it afterwards.
	Finish func(*xlLayout) error
}

// xlLegendItem is one coloured sample of a legend line.
type xlLegendItem struct {
	Style int
	Label string
}

// xlLayout says where a written table landed and how it prints.
type xlLayout struct {
	HeaderTop int // the first header row (1-based)
	HeaderRow int // the last header row
	FirstRow  int // the first data row
	LastRow   int // the last data row (== HeaderRow when there are no rows)
	LastCol   int
	Widths    []float64
	// BlockCols is the number of columns the title block spans: those of the first
	// page, or more than the table's when it is narrow (xlBlockExtra).
	BlockCols int
	// BlockWidths are the widths of the title block's columns.
	BlockWidths []float64
	Plan        xlPlan
	// RowHeights are the heights in points of rows 1..LastRow (0: xlRowHeight).
	RowHeights []float64
	// PrintLastRow is the last printed row of the first page range: LastRow, or the
	// bottom of what placeBelow put under the table; RowBreaks the rows placeBelow
	// started a page with.
	PrintLastRow int
	RowBreaks    []int
}

// xlTextWidth estimates the width of s in Excel character units: CJK and full-width
// characters count two, the rest a little over one.
func xlTextWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= 0x2E80 || r == '—' || r == '…' || r == '↑' || r == '↓':
			w += 2
		default:
			w += 1.1
		}
	}
	return w
}

// xlHeaderWidth is the column width (characters) that header text s wraps in
// onto the given number of lines, with room for the bold face and for a closing
// bracket that would otherwise end up alone on the last line.
func xlHeaderWidth(s string, lines int) float64 {
	return math.Ceil(xlTextWidth(s)/float64(lines)*1.1) + 2
}

// xlHeaderLines is header text s in a column (run) w characters wide, and the
// lines it takes. A name with its unit in brackets that does not fit on one line
// gets a line break before the bracket, so that the unit reads as a line of its own
// and a closing bracket never wraps onto a line alone.
func xlHeaderLines(s string, w float64) (string, int) {
	i := strings.LastIndex(s, "（")
	if i <= 0 || !strings.HasSuffix(s, "）") || xlLines(xlTextWidth(s), w) == 1 {
		return s, xlLines(xlTextWidth(s), w)
	}
	name, unit := s[:i], s[i:]
	return name + "\n" + unit, xlLines(xlTextWidth(name), w) + xlLines(xlTextWidth(unit), w)
}

// xlColMax is the widest a column of c is fitted to (its fixed width when it has one).
func xlColMax(c xlCol) float64 {
	if c.Width > 0 {
		return c.Width
	}
	if c.Max == 0 {
		return 24
	}
	return c.Max
}

// xlLineHeight is the height in points of a line of 10 pt CJK text.
const xlLineHeight = 15

// xlHasCJK reports whether s has a CJK or full-width character.
func xlHasCJK(s string) bool {
	for _, r := range s {
		if r >= 0x2E80 {
			return true
		}
	}
	return false
}

// xlLines is the number of lines text of width w takes in a column of width cw.
func xlLines(w, cw float64) int {
	if cw <= 1 {
		return 1
	}
	n := int(math.Ceil(w / (cw - 1)))
	if n < 1 {
		n = 1
	}
	return n
}

func xlCellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func xlColName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// displayText is the text a cell shows, for width estimates.
func (b *xlBook) displayText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int:
		return fmt.Sprint(x)
	case float64:
		s := evaluator.FormatFixed(x, b.decimals)
		if len(s) > 3 {
			s += ",,"
		}
		return s + "↑"
	}
	return fmt.Sprint(v)
}

// writeTable writes t as a new sheet of the workbook, with the conventions of a
// finished workbook: title block, frozen and filtered header, fitted widths, A4 print
// setup with repeated header rows and page numbers.
//
// The cells go through excelize's StreamWriter (rows written once, in order, as XML),
// which is several times faster than cell-by-cell writes for the large sheets. The
// writer fixes what precedes <sheetData> when it starts (sheet properties, dimension)
// and at the first row (views, columns), and writes the rest of the worksheet at
// Flush; so widths, notes (sized as before: see below), view, filter, print setup and
// dimension are set first, then the rows, then t.Finish (colour scales, a chart) before
// Flush.
func (b *xlBook) writeTable(t *xlTable) (xlLayout, error) {
	f, st := b.f, b.st
	if err := b.addSheet(t.Name); err != nil {
		return xlLayout{}, err
	}
	ncol := len(t.Cols)
	if ncol == 0 {
		return xlLayout{}, fmt.Errorf("sheet %s: no columns", t.Name)
	}
	// Column widths.
	widths := make([]float64, ncol)
	groups, sections := make([]string, ncol), make([]string, ncol)
	twoRows := false
	for i, c := range t.Cols {
		groups[i], sections[i] = c.Group, c.Section
		if c.Group != "" {
			twoRows = true
		}
		if c.Width > 0 {
			widths[i] = c.Width
			continue
		}
		max := xlColMax(c)
		// A header may wrap onto two lines; one without CJK (an id) may not.
		w := math.Max(6, xlHeaderWidth(c.Name, 2))
		if xlTextWidth(c.Name) <= 10 || !xlHasCJK(c.Name) {
			w = math.Max(w, xlTextWidth(c.Name)+1.5)
		}
		for k, r := range t.Rows {
			if k == xlWidthSample {
				break
			}
			if i < len(r) {
				w = math.Max(w, xlTextWidth(b.displayText(r[i].V))+1.5)
			}
		}
		widths[i] = math.Min(math.Ceil(w), max)
	}
	// An upper header (a group's name) wraps onto at most two lines over one
	// column, three over more: its columns are widened evenly, each up to its Max,
	// where they are narrower.
	for i := 0; i < ncol; {
		j := i
		for t.Cols[i].Group != "" && j+1 < ncol && t.Cols[j+1].Group == t.Cols[i].Group {
			j++
		}
		if g := t.Cols[i].Group; g != "" && xlHasCJK(g) {
			lines := 2
			if j > i {
				lines = 3
			}
			need := xlHeaderWidth(g, lines)
			for k := 0; k < 4; k++ { // widen those that can, until the run is wide enough
				sum, open := 0.0, 0
				for c := i; c <= j; c++ {
					sum += widths[c]
					if widths[c] < xlColMax(t.Cols[c]) {
						open++
					}
				}
				if sum >= need || open == 0 {
					break
				}
				add := math.Ceil((need - sum) / float64(open))
				for c := i; c <= j; c++ {
					widths[c] = math.Min(widths[c]+add, math.Max(widths[c], xlColMax(t.Cols[c])))
				}
			}
		}
		i = j + 1
	}
	// One call per run of equal widths: excelize re-flattens every column entry
	// on each call, quadratic in the 400 columns of the 1,000-unit sheets.
	for i := 0; i < len(widths); {
		j := i
		for j+1 < len(widths) && widths[j+1] == widths[i] {
			j++
		}
		if err := f.SetColWidth(t.Name, xlColName(i+1), xlColName(j+1), widths[i]); err != nil {
			return xlLayout{}, err
		}
		i = j + 1
	}

	// The print plan, and the columns of the title block: the first page's, or
	// more than the table's when it is narrow.
	extra := xlBlockExtra(widths, b.heading+"："+t.Title+strings.Join(b.marks(), "【】"), t.Portrait)
	blockPixels := 0.0
	for _, w := range extra {
		blockPixels += xlColPixels(w)
	}
	for _, w := range widths {
		blockPixels += xlColPixels(w)
	}
	plan := xlPlanPrint(widths, groups, sections, t.FreezeCols, t.Portrait, blockPixels)
	blockWidths := append(widths[:plan.Ranges[0][1]:plan.Ranges[0][1]], extra...)
	for i, w := range extra {
		c := xlColName(ncol + i + 1)
		if err := f.SetColWidth(t.Name, c, c, w); err != nil {
			return xlLayout{}, err
		}
	}
	nblock := len(blockWidths)
	lines, legend, row := b.titleLines(t.Title, t.Notes, t.Legend, blockWidths)

	// Header rows: the cells of the upper and lower row, their merges and height.
	top := row
	hdr := row
	if twoRows {
		hdr = row + 1
	}
	topCells, hdrCells := make([]any, ncol), make([]any, ncol)
	for i := range ncol {
		topCells[i] = excelize.Cell{StyleID: st.header}
		hdrCells[i] = excelize.Cell{StyleID: st.header}
	}
	// text is a header cell in a column run w wide, and the lines it takes.
	text := func(s string, w float64) (excelize.Cell, int) {
		s, lines := xlHeaderLines(s, w)
		return excelize.Cell{StyleID: st.header, Value: s}, lines
	}
	var merges [][2]string
	// Lines of the upper and the lower header row; span: of a name over both.
	hlines, llines, span := 1, 1, 1
	for i := 0; i < ncol; {
		c := t.Cols[i]
		j := i
		for twoRows && c.Group != "" && j+1 < ncol && t.Cols[j+1].Group == c.Group {
			j++
		}
		if twoRows && c.Group != "" {
			sum := 0.0
			for k := i; k <= j; k++ {
				sum += widths[k]
			}
			cell, n := text(c.Group, sum)
			topCells[i], hlines = cell, max(hlines, n)
			if j > i {
				merges = append(merges, [2]string{xlCellName(i+1, top), xlCellName(j+1, top)})
			}
			for k := i; k <= j; k++ {
				cell, n := text(t.Cols[k].Name, widths[k])
				hdrCells[k], llines = cell, max(llines, n)
			}
		} else {
			cell, n := text(c.Name, widths[i])
			topCells[i] = cell
			if twoRows {
				merges = append(merges, [2]string{xlCellName(i+1, top), xlCellName(i+1, hdr)})
				span = max(span, n)
			} else {
				hlines = max(hlines, n)
			}
		}
		i = j + 1
	}
	if twoRows && hlines+llines < span {
		hlines = span - llines
	}
	heights2 := [2]float64{float64(hlines)*xlLineHeight + 5, float64(llines)*xlLineHeight + 5}
	if !twoRows {
		heights2[1] = heights2[0]
	}
	// headerHeight is the height of header row rn.
	headerHeight := func(rn int) float64 { return heights2[min(rn-top, 1)] }

	first := hdr + 1
	last := hdr + len(t.Rows)
	lay := xlLayout{HeaderTop: top, HeaderRow: hdr, FirstRow: first, LastRow: last, LastCol: ncol, Widths: widths,
		BlockCols: nblock, BlockWidths: blockWidths, Plan: plan, PrintLastRow: last}

	// Data row heights: a row with wrapped text grows to its longest cell.
	heights := make([]float64, len(t.Rows))
	hasNotes := false
	for k, r := range t.Rows {
		rowLines := 1
		for i := 0; i < ncol && i < len(r); i++ {
			if t.Cols[i].Wrap {
				if s, ok := r[i].V.(string); ok {
					rowLines = max(rowLines, xlLines(xlTextWidth(s), widths[i]))
				}
			}
			hasNotes = hasNotes || r[i].Note != ""
		}
		if rowLines > 1 {
			heights[k] = float64(rowLines)*xlLineHeight + 4
		}
	}
	lay.RowHeights = make([]float64, 0, last)
	for _, l := range lines {
		lay.RowHeights = append(lay.RowHeights, l.height)
	}
	for len(lay.RowHeights) < top-1 {
		lay.RowHeights = append(lay.RowHeights, 0) // the legend row and a blank row
	}
	for rn := top; rn <= hdr; rn++ {
		lay.RowHeights = append(lay.RowHeights, headerHeight(rn))
	}
	lay.RowHeights = append(lay.RowHeights, heights...)
	// Notes (cell comments) first: excelize sizes a note's box from the row heights
	// it knows and the sheet's default height, which the print setup below fixes. The
	// custom heights are recorded here for that only (the stream writer writes its own
	// rows).
	if hasNotes {
		for k, l := range lines {
			if err := f.SetRowHeight(t.Name, k+1, l.height); err != nil {
				return xlLayout{}, err
			}
		}
		for rn := top; rn <= hdr; rn++ {
			if err := f.SetRowHeight(t.Name, rn, headerHeight(rn)); err != nil {
				return xlLayout{}, err
			}
		}
		for k, h := range heights {
			if h > 0 {
				if err := f.SetRowHeight(t.Name, first+k, h); err != nil {
					return xlLayout{}, err
				}
			}
		}
		for k, r := range t.Rows {
			for i := 0; i < ncol && i < len(r); i++ {
				if r[i].Note != "" {
					if err := b.addNote(t.Name, xlCellName(i+1, first+k), r[i].Note); err != nil {
						return xlLayout{}, err
					}
				}
			}
		}
	}

	// What the stream writer fixes when it starts: view, filter, print setup, dimension.
	if err := b.finishSheet(t.Name, lay, t.FreezeCols, !t.NoFilter && last >= first, t.Portrait); err != nil {
		return xlLayout{}, err
	}
	if err := b.setDimension(t.Name, max(ncol, nblock, len(t.Legend)+1), last); err != nil {
		return xlLayout{}, err
	}

	// For every streamed cell excelize first looks up a default style: the row's, in
	// the worksheet's in-memory rows, else a scan of all the column entries (one per
	// column: 400 on 指标得分, for each of its 400,000 cells at 1,000 units). Every
	// cell here carries its own style, so the lookup is wasted; a row style in those
	// in-memory rows, which the stream writer never writes (it writes the rows given
	// to SetRow), ends it at once. TestRenderXLSXStreamedSheetLayout checks that no
	// row style reaches the file.
	if err := f.SetRowStyle(t.Name, 1, max(last, 1), st.text); err != nil {
		return xlLayout{}, err
	}
	sw, err := f.NewStreamWriter(t.Name)
	if err != nil {
		return xlLayout{}, err
	}
	for k, l := range lines {
		rn := k + 1
		cells := make([]any, nblock)
		cells[0] = excelize.Cell{StyleID: l.style, Value: l.runs}
		for i := 1; i < nblock; i++ {
			cells[i] = excelize.Cell{StyleID: l.style}
		}
		if err := sw.SetRow(xlCellName(1, rn), cells, excelize.RowOpts{Height: l.height}); err != nil {
			return xlLayout{}, err
		}
		if nblock > 1 {
			if err := sw.MergeCell(xlCellName(1, rn), xlCellName(nblock, rn)); err != nil {
				return xlLayout{}, err
			}
		}
	}
	if len(legend) > 0 {
		if err := sw.SetRow(xlCellName(1, len(lines)+1), legend); err != nil {
			return xlLayout{}, err
		}
	}
	if err := sw.SetRow(xlCellName(1, top), topCells, excelize.RowOpts{Height: headerHeight(top)}); err != nil {
		return xlLayout{}, err
	}
	if twoRows {
		if err := sw.SetRow(xlCellName(1, hdr), hdrCells, excelize.RowOpts{Height: headerHeight(hdr)}); err != nil {
			return xlLayout{}, err
		}
	}
	for _, m := range merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return xlLayout{}, err
		}
	}

	// Data rows: each cell with its own style, or its column's.
	colStyles := make([]int, ncol)
	for i, c := range t.Cols {
		colStyles[i] = c.Style
		if colStyles[i] == 0 {
			colStyles[i] = st.text
		}
	}
	cells := make([]any, ncol)
	for k, r := range t.Rows {
		for i := range ncol {
			cell := excelize.Cell{StyleID: colStyles[i]}
			if i < len(r) {
				cell.Value = r[i].V
				if r[i].Style != 0 {
					cell.StyleID = r[i].Style
				}
			}
			cells[i] = cell
		}
		if err := sw.SetRow(xlCellName(1, first+k), cells, excelize.RowOpts{Height: heights[k]}); err != nil {
			return xlLayout{}, err
		}
	}
	if t.Finish != nil {
		if err := t.Finish(&lay); err != nil {
			return xlLayout{}, err
		}
	}
	if err := b.setPrintArea(t.Name, &lay); err != nil {
		return xlLayout{}, err
	}
	return lay, sw.Flush()
}

// setStr writes a string as text.
func (b *xlBook) setStr(sheet, cell, s string) {
	if b.err == nil {
		b.err = b.f.SetCellStr(sheet, cell, s)
	}
}

func (b *xlBook) addNote(sheet, cell, text string) error {
	return b.f.AddComment(sheet, excelize.Comment{
		Author: "dteval", Cell: cell,
		Paragraph: []excelize.RichTextRun{{Text: text, Font: &excelize.Font{Family: xlFontBody, Size: 9}}},
	})
}

// xlTitleLine is one line of a sheet's title block: rich text over the table's
// width, its style and row height.
type xlTitleLine struct {
	runs   []excelize.RichTextRun
	style  int
	height float64
}

// titleLines lays out the heading, the status marks and the notes at the top of a
// sheet whose columns have the given widths (each line spans the table's width and
// wraps within it), and the legend row's cells (nil without a legend). row is the
// first free row after them and a blank row.
func (b *xlBook) titleLines(title string, notes []string, legend []xlLegendItem, widths []float64) (lines []xlTitleLine, legendCells []any, row int) {
	st := b.st
	total := 0.0
	for _, w := range widths {
		total += w
	}
	line := func(runs []excelize.RichTextRun, style int, lineHeight float64) {
		text := ""
		for _, r := range runs {
			text += r.Text
		}
		scale := 1.0 // the width estimates are for 10 pt
		switch style {
		case st.title:
			scale = 1.4
		case st.note:
			scale = 0.9
		}
		lines = append(lines, xlTitleLine{runs: runs, style: style,
			height: float64(xlLines(xlTextWidth(text)*scale, total))*lineHeight + 4})
	}
	runs := []excelize.RichTextRun{{Text: b.heading + "：" + title, Font: &excelize.Font{Family: xlFontTitle, Size: 14, Bold: true}}}
	for _, m := range b.marks() {
		runs = append(runs, excelize.RichTextRun{Text: "【" + m + "】", Font: &excelize.Font{Family: xlFontTitle, Size: 14, Bold: true, Color: xlColorDraft}})
	}
	line(runs, st.title, 21)
	for _, m := range b.markLines() {
		line([]excelize.RichTextRun{{Text: m, Font: &excelize.Font{Family: xlFontTitle, Size: 10, Bold: true, Color: xlColorDraft}}}, st.mark, 14)
	}
	for _, n := range notes {
		line([]excelize.RichTextRun{{Text: n, Font: &excelize.Font{Family: xlFontBody, Size: 9, Color: "595959"}}}, st.note, 13)
	}
	row = len(lines) + 1
	if len(legend) > 0 {
		legendCells = append(legendCells, excelize.Cell{StyleID: st.legendLabel, Value: "图例："})
		for _, item := range legend {
			legendCells = append(legendCells, excelize.Cell{StyleID: item.Style, Value: item.Label})
		}
		row++
	}
	return lines, legendCells, row + 1
}

// titleBlock writes the title block of titleLines at the top of a sheet written cell
// by cell, and returns the first free row.
func (b *xlBook) titleBlock(sheet, title string, notes []string, legend []xlLegendItem, widths []float64) (int, error) {
	f := b.f
	last := len(widths)
	lines, legendCells, next := b.titleLines(title, notes, legend, widths)
	for k, l := range lines {
		row := k + 1
		a, z := xlCellName(1, row), xlCellName(last, row)
		if err := f.SetCellRichText(sheet, a, l.runs); err != nil {
			return 0, err
		}
		if last > 1 {
			if err := f.MergeCell(sheet, a, z); err != nil {
				return 0, err
			}
		}
		if err := f.SetCellStyle(sheet, a, z, l.style); err != nil {
			return 0, err
		}
		if err := f.SetRowHeight(sheet, row, l.height); err != nil {
			return 0, err
		}
	}
	for i, c := range legendCells {
		cell, v := xlCellName(i+1, len(lines)+1), c.(excelize.Cell)
		b.setStr(sheet, cell, v.Value.(string))
		if err := f.SetCellStyle(sheet, cell, cell, v.StyleID); err != nil {
			return 0, err
		}
	}
	return next, b.err
}

// finishSheet applies the view and print conventions to a written table (see
// xlPlan): the header rows repeated on every page, and on a table wider than a
// page the leading (frozen) columns too, with column breaks between the column
// ranges so that a value and its score (or a score and its rank) stay on one page.
func (b *xlBook) finishSheet(sheet string, lay xlLayout, freezeCols int, filter, portrait bool) error {
	f := b.f
	if filter {
		ref := xlCellName(1, lay.HeaderRow) + ":" + xlCellName(lay.LastCol, lay.LastRow)
		if err := f.AutoFilter(sheet, ref, nil); err != nil {
			return err
		}
	}
	pane := "bottomLeft"
	if freezeCols > 0 {
		pane = "bottomRight"
	}
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, XSplit: freezeCols, YSplit: lay.HeaderRow,
		TopLeftCell: xlCellName(freezeCols+1, lay.HeaderRow+1), ActivePane: pane,
	}); err != nil {
		return err
	}
	titleRows := fmt.Sprintf("$%d:$%d", lay.HeaderTop, lay.HeaderRow)
	if lay.Plan.Fit {
		return b.printSetup(sheet, portrait, 1, "", titleRows)
	}
	if err := b.printSetup(sheet, portrait, 0, "$A:$"+xlColName(lay.Plan.Repeat), titleRows); err != nil {
		return err
	}
	for _, r := range lay.Plan.Ranges[1:] {
		if err := f.InsertPageBreak(sheet, xlCellName(r[0], 1)); err != nil {
			return err
		}
	}
	return nil
}

// xlColumnBreaks returns the 1-based columns before which a page break goes, so that
// the columns after the first freeze ones fill pages of width pageWidth (pixels)
// without splitting a run of columns with the same non-empty group. A group wider
// than a page is split where it must be (by the printer). Where sections are given, a
// page that is at least xlSectionFill full ends where a new section begins.
func xlColumnBreaks(widths []float64, groups, sections []string, freeze int, pageWidth float64) []int {
	var breaks []int
	cur := 0.0
	for i := freeze; i < len(widths); {
		j := i + 1
		for j < len(widths) && j < len(groups) && groups[i] != "" && groups[j] == groups[i] {
			j++
		}
		w := 0.0
		for k := i; k < j; k++ {
			w += xlColPixels(widths[k])
		}
		newSection := i > freeze && i < len(sections) && sections[i] != "" && sections[i] != sections[i-1]
		if cur > 0 && (cur+w > pageWidth || newSection && cur >= xlSectionFill*pageWidth) {
			breaks = append(breaks, i+1)
			cur = 0
		}
		cur += w
		i = j
	}
	return breaks
}

// xlColPixels is the printed width of a column of w characters at 100 % (Excel's
// rule for the workbook's default font, 宋体 11 pt: 8 pixels a character and 5 of padding;
// 9 here, as LibreOffice's substitute for 宋体 is wider: measured about 9.4 with padding,
// 96 pixels an inch).
func xlColPixels(w float64) float64 { return 9*w + 5 }

// Printable width of A4 at 100 % within the margins of printSetup (0.5 in left and
// right), in pixels at 96 an inch; and the smallest scale a wide table is printed at:
// the 10 pt table text then prints at 8 pt.
const (
	xlPageWidthLandscape float64 = (11.69 - 1.0) * 96
	xlPageWidthPortrait  float64 = (8.27 - 1.0) * 96
	xlMinPrintScale              = 0.8
	// xlSectionFill: how full a page must be to end it early at a chapter's start.
	xlSectionFill = 0.6
)

// printSetup sets A4 paper, fit to pagesWide pages wide (0: no fitting, printed at
// xlMinPrintScale with the column breaks the caller sets), the columns and rows
// repeated on every page (like "$A:$B" and "$3:$4", "" for none), page numbers and the
// status marks in the page header.
func (b *xlBook) printSetup(sheet string, portrait bool, pagesWide int, titleCols, titleRows string) error {
	f := b.f
	size, orient := 9, "landscape" // 9 = A4
	if portrait {
		orient = "portrait"
	}
	fit := pagesWide > 0
	if fit {
		wide, zero := pagesWide, 0
		if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
			Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &zero,
		}); err != nil {
			return err
		}
	} else {
		scale := uint(math.Round(xlMinPrintScale * 100))
		if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
			Size: &size, Orientation: &orient, AdjustTo: &scale,
		}); err != nil {
			return err
		}
	}
	// Rows without a height of their own are xlRowHeight high in every reader (the
	// page plans count on it; LibreOffice would otherwise size them to their text).
	custom, height := true, float64(xlRowHeight)
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit, CustomHeight: &custom, DefaultRowHeight: &height}); err != nil {
		return err
	}
	m := func(v float64) *float64 { return &v }
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Top: m(0.75), Bottom: m(0.75), Left: m(0.5), Right: m(0.5), Header: m(0.3), Footer: m(0.3),
	}); err != nil {
		return err
	}
	// No font-size code before the heading: "&9" followed by "2025年…" would read as size 92025.
	header := "&L" + xlHeaderEscape(b.heading) + "：&A"
	if marks := b.marks(); len(marks) > 0 {
		header += "&R&\"" + xlFontTitle + ",Bold\"&12&K" + xlColorDraft + xlHeaderEscape(strings.Join(marks, "　"))
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: header,
		OddFooter: "&C&9第 &P 页 共 &N 页",
	}); err != nil {
		return err
	}
	var refs []string
	for _, r := range []string{titleCols, titleRows} {
		if r != "" {
			refs = append(refs, xlQuoteSheet(sheet)+"!"+r)
		}
	}
	if len(refs) > 0 {
		return f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: strings.Join(refs, ","), Scope: sheet,
		})
	}
	return nil
}

// setDimension records the used range of a sheet (excelize writes "A1" otherwise,
// and some readers then see column A only).
func (b *xlBook) setDimension(sheet string, lastCol, lastRow int) error {
	return b.f.SetSheetDimension(sheet, "A1:"+xlCellName(max(lastCol, 1), max(lastRow, 1)))
}

// xlQuoteSheet quotes a sheet name for a reference.
func xlQuoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// xlHeaderEscape escapes & in page header text.
func xlHeaderEscape(s string) string { return strings.ReplaceAll(s, "&", "&&") }
