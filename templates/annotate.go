package templates

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
)

// SheetFindings is the sheet Annotate adds to list every finding of the workbook,
// those without a cell (a missing row, a template from another framework) included.
const SheetFindings = "检查结果"

// Fill colours of annotated cells: a clear red and an amber that stand out from the template's pale input fills.
const (
	annotateErrorFill   = "FF8F8F"
	annotateWarningFill = "FFD54F"
)

// Annotate writes to w a copy of the workbook original with each cell named by a
// finding filled (red for an error, yellow for a warning) and commented with the
// findings' messages, and a 检查结果 sheet listing all findings (what each code
// means, evaluator.FindingMeaning, with the units called unitNoun). Only findings of
// sheets that exist are marked; the original bytes are never modified. The cell
// keeps its number format, borders and protection: only the fill changes.
func Annotate(w io.Writer, original []byte, findings evaluator.Findings, unitNoun string) error {
	f, err := excelize.OpenReader(bytes.NewReader(original), excelize.Options{
		UnzipSizeLimit: evaluator.MaxUnzipped, UnzipXMLSizeLimit: evaluator.MaxUnzipped}) // nothing spills to temp files
	if err != nil {
		return fmt.Errorf("annotate: %w", err)
	}
	defer f.Close()

	fs := append(evaluator.Findings(nil), findings...)
	evaluator.SortFindings(fs)
	sheets := map[string]bool{}
	for _, s := range f.GetSheetList() {
		sheets[s] = true
	}
	type mark struct {
		sheet, cell string
		err         bool
		msgs        []string
	}
	var marks []*mark
	byCell := map[string]*mark{}
	for _, x := range fs {
		if x.Cell == "" || !sheets[x.Sheet] || x.Sheet == evaluator.SheetMeta {
			continue
		}
		if _, _, err := excelize.CellNameToCoordinates(x.Cell); err != nil {
			continue
		}
		k := x.Sheet + "!" + x.Cell
		m := byCell[k]
		if m == nil {
			m = &mark{sheet: x.Sheet, cell: x.Cell}
			byCell[k] = m
			marks = append(marks, m)
		}
		m.err = m.err || x.Severity == evaluator.SevError
		m.msgs = append(m.msgs, severityLabel(x.Severity)+"："+x.Detail())
	}

	styles := map[[2]int]int{}                    // (original style, error?) → new style
	oldComments := map[string]map[string]string{} // sheet → cell → text of the comment it had
	for _, m := range marks {
		orig, err := f.GetCellStyle(m.sheet, m.cell)
		if err != nil {
			return fmt.Errorf("annotate %s!%s: %w", m.sheet, m.cell, err)
		}
		key := [2]int{orig, 0}
		if m.err {
			key[1] = 1
		}
		id, ok := styles[key]
		if !ok {
			color := annotateWarningFill
			if m.err {
				color = annotateErrorFill
			}
			if id, err = withFill(f, orig, color); err != nil {
				return fmt.Errorf("annotate: style: %w", err)
			}
			styles[key] = id
		}
		if err := f.SetCellStyle(m.sheet, m.cell, m.cell, id); err != nil {
			return fmt.Errorf("annotate %s!%s: %w", m.sheet, m.cell, err)
		}
		old, ok := oldComments[m.sheet]
		if !ok {
			old = sheetComments(f, m.sheet)
			oldComments[m.sheet] = old
		}
		if err := comment(f, m.sheet, m.cell, m.msgs, old); err != nil {
			return err
		}
	}
	if err := findingsSheet(f, fs, unitNoun); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("annotate: %w", err)
	}
	return nil
}

func severityLabel(sev string) string {
	if sev == evaluator.SevWarning {
		return "警告"
	}
	return "错误"
}

// withFill returns the id of a cell style that is the style orig with only its fill
// replaced by a solid fill of color (6 hex digits). The original cell format record
// is copied as it is, so fonts, borders, number formats, protection and theme colours
// stay untouched. (Style → GetStyle → NewStyle is lossy: in a workbook without a theme,
// as LibreOffice writes them, excelize reads every border colour as "" and writes it
// back as rgb="FF"; an 8-digit colour from openpyxl comes back as rgb="FF00000000".
// openpyxl refuses both.)
func withFill(f *excelize.File, orig int, color string) (int, error) {
	fillOnly, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}})
	if err != nil {
		return 0, err
	}
	xfs := f.Styles.CellXfs // loaded by NewStyle
	if xfs == nil || fillOnly >= len(xfs.Xf) {
		return 0, fmt.Errorf("no cell formats after adding style %d", fillOnly)
	}
	if orig < 0 || orig >= len(xfs.Xf) {
		orig = 0
	}
	xf := xfs.Xf[orig]
	xf.FillID = xfs.Xf[fillOnly].FillID
	applied := true
	xf.ApplyFill = &applied
	xfs.Xf = append(xfs.Xf, xf)
	xfs.Count = len(xfs.Xf)
	return len(xfs.Xf) - 1, nil
}

// sheetComments reads the comments a sheet already has, by cell.
func sheetComments(f *excelize.File, sheet string) map[string]string {
	out := map[string]string{}
	cs, err := f.GetComments(sheet)
	if err != nil {
		return out
	}
	for _, c := range cs {
		text := c.Text
		for _, p := range c.Paragraph {
			text += p.Text
		}
		out[c.Cell] += text
	}
	return out
}

// comment puts the messages in the cell's comment, after the comment it had (old,
// the sheet's original comments by cell, read once per sheet: reading them per cell
// made annotation quadratic in findings).
func comment(f *excelize.File, sheet, cell string, msgs []string, old map[string]string) error {
	prev, had := old[cell]
	if had {
		if err := f.DeleteComment(sheet, cell); err != nil {
			return fmt.Errorf("annotate %s!%s: %w", sheet, cell, err)
		}
	}
	runs := []excelize.RichTextRun{{Text: "dteval 检查：\n", Font: &excelize.Font{Bold: true}}}
	runs = append(runs, excelize.RichTextRun{Text: strings.Join(msgs, "\n")})
	if prev != "" {
		runs = append(runs, excelize.RichTextRun{Text: "\n（原批注）" + prev})
	}
	n := 0
	for _, m := range msgs {
		n += len([]rune(m))/24 + 1
	}
	h := uint(30 + 15*n)
	if h > 400 {
		h = 400
	}
	if err := f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "dteval", Paragraph: runs, Width: 320, Height: h}); err != nil {
		return fmt.Errorf("annotate %s!%s: comment: %w", sheet, cell, err)
	}
	return nil
}

// findingsSheet adds (or replaces) the 检查结果 sheet: one row per finding.
func findingsSheet(f *excelize.File, fs evaluator.Findings, unitNoun string) error {
	if idx, _ := f.GetSheetIndex(SheetFindings); idx >= 0 {
		if err := f.DeleteSheet(SheetFindings); err != nil {
			return fmt.Errorf("annotate: %w", err)
		}
	}
	if _, err := f.NewSheet(SheetFindings); err != nil {
		return fmt.Errorf("annotate: %w", err)
	}
	s := SheetFindings
	hdr, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	red, _ := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{annotateErrorFill}}, Alignment: &excelize.Alignment{Vertical: "top"}})
	yellow, _ := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{annotateWarningFill}}, Alignment: &excelize.Alignment{Vertical: "top"}})
	e, w := fs.Errors(), fs.Warnings()
	summary := fmt.Sprintf("dteval 检查结果：错误 %d 项，警告 %d 项。红色单元格为错误，黄色为警告；请在原文件中改正后重新检查。", e, w)
	if len(fs) == 0 {
		summary = "dteval 检查结果：未发现问题。"
	}
	cells := [][]any{{summary}, {"级别", "问题", "位置", "字段编码", "说明", "代码"}}
	for _, x := range fs {
		pos := x.Cell
		if x.Sheet != "" && x.Cell != "" {
			pos = x.Sheet + "!" + x.Cell
		} else if x.Sheet != "" {
			pos = x.Sheet
		}
		cells = append(cells, []any{severityLabel(x.Severity), evaluator.FindingMeaning(x.Code, unitNoun), pos, x.Field, x.Detail(), x.Code})
	}
	for i, row := range cells {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(s, ref, &row); err != nil {
			return fmt.Errorf("annotate: %w", err)
		}
	}
	_ = f.SetCellStyle(s, "A2", "F2", hdr)
	if len(fs) > 0 {
		last := len(cells)
		_ = f.SetCellStyle(s, "E3", fmt.Sprintf("E%d", last), wrap)
		for i, x := range fs {
			st := red
			if x.Severity == evaluator.SevWarning {
				st = yellow
			}
			ref := fmt.Sprintf("A%d", i+3)
			_ = f.SetCellStyle(s, ref, ref, st)
			// Row heights by hand: viewers do not grow rows for wrapped text on load.
			lines := (len([]rune(x.Detail())) + 47) / 48
			_ = f.SetRowHeight(s, i+3, float64(15*lines+2))
		}
	}
	for col, w := range map[string]float64{"A": 6, "B": 24, "C": 14, "D": 24, "E": 90, "F": 20} {
		_ = f.SetColWidth(s, col, col, w)
	}
	_ = f.MergeCell(s, "A1", "F1")
	_ = f.SetCellStyle(s, "A1", "A1", wrap)
	_ = f.SetRowHeight(s, 1, 30)
	landscape, fit := "landscape", true
	one, zero := 1, 0
	_ = f.SetPageLayout(s, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero})
	_ = f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: &fit})
	_ = f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	last, _ := excelize.CoordinatesToCellName(6, len(cells))
	_ = f.SetSheetDimension(s, "A1:"+last)
	// Show the findings first: move the sheet to the front and make it active.
	list := f.GetSheetList()
	if len(list) > 0 && list[0] != s {
		if err := f.MoveSheet(s, list[0]); err != nil {
			return fmt.Errorf("annotate: %w", err)
		}
	}
	if idx, err := f.GetSheetIndex(s); err == nil {
		f.SetActiveSheet(idx)
	}
	return nil
}
