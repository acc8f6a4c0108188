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
// findings' messages, and a 检查结果 sheet listing all findings. Only findings of
// sheets that exist are marked; the original bytes are never modified. The cell
// keeps its number format, borders and protection: only the fill changes.
func Annotate(w io.Writer, original []byte, findings evaluator.Findings) error {
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
		m.msgs = append(m.msgs, severityLabel(x.Severity)+"："+x.Message)
	}

	styles := map[[2]int]int{} // (original style, error?) → new style
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
			st, err := f.GetStyle(orig)
			if err != nil || st == nil {
				st = &excelize.Style{}
			}
			color := annotateWarningFill
			if m.err {
				color = annotateErrorFill
			}
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
			if id, err = f.NewStyle(st); err != nil {
				return fmt.Errorf("annotate: style: %w", err)
			}
			styles[key] = id
		}
		if err := f.SetCellStyle(m.sheet, m.cell, m.cell, id); err != nil {
			return fmt.Errorf("annotate %s!%s: %w", m.sheet, m.cell, err)
		}
		if err := comment(f, m.sheet, m.cell, m.msgs); err != nil {
			return err
		}
	}
	if err := findingsSheet(f, fs); err != nil {
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

// comment puts the messages in the cell's comment, after any comment it had.
func comment(f *excelize.File, sheet, cell string, msgs []string) error {
	var old string
	if cs, err := f.GetComments(sheet); err == nil {
		for _, c := range cs {
			if c.Cell == cell {
				old = c.Text
				for _, p := range c.Paragraph {
					old += p.Text
				}
				if err := f.DeleteComment(sheet, cell); err != nil {
					return fmt.Errorf("annotate %s!%s: %w", sheet, cell, err)
				}
			}
		}
	}
	runs := []excelize.RichTextRun{{Text: "dteval 检查：\n", Font: &excelize.Font{Bold: true}}}
	runs = append(runs, excelize.RichTextRun{Text: strings.Join(msgs, "\n")})
	if old != "" {
		runs = append(runs, excelize.RichTextRun{Text: "\n（原批注）" + old})
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
func findingsSheet(f *excelize.File, fs evaluator.Findings) error {
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
	cells := [][]any{{summary}, {"级别", "代码", "位置", "字段编码", "说明"}}
	for _, x := range fs {
		pos := x.Cell
		if x.Sheet != "" && x.Cell != "" {
			pos = x.Sheet + "!" + x.Cell
		} else if x.Sheet != "" {
			pos = x.Sheet
		}
		cells = append(cells, []any{severityLabel(x.Severity), x.Code, pos, x.Field, x.Message})
	}
	for i, row := range cells {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(s, ref, &row); err != nil {
			return fmt.Errorf("annotate: %w", err)
		}
	}
	_ = f.SetCellStyle(s, "A2", "E2", hdr)
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
			lines := (len([]rune(x.Message)) + 47) / 48
			_ = f.SetRowHeight(s, i+3, float64(15*lines+2))
		}
	}
	for col, w := range map[string]float64{"A": 6, "B": 20, "C": 14, "D": 24, "E": 90} {
		_ = f.SetColWidth(s, col, col, w)
	}
	_ = f.MergeCell(s, "A1", "E1")
	_ = f.SetCellStyle(s, "A1", "A1", wrap)
	_ = f.SetRowHeight(s, 1, 30)
	landscape, fit := "landscape", true
	one, zero := 1, 0
	_ = f.SetPageLayout(s, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero})
	_ = f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: &fit})
	_ = f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	last, _ := excelize.CoordinatesToCellName(5, len(cells))
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
