// Package examplegen fills submission workbooks programmatically, as a clerk
// would in Excel, and generates the example data of testdata/examples, the broken
// fixtures of testdata/broken and the demo copy in internal/demo/data from the
// readable values CSVs (see Generate).
package examplegen

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/templates"
)

// Entry is what a clerk types into one field row.
type Entry struct {
	Value    string // as on paper: percents on 0–100 ("85" for 85 %), 是/否, a grade, 不适用
	Evidence string
	Note     string
}

// Filling is a whole workbook's input.
type Filling struct {
	Entries  map[string]Entry  // by field id
	Contacts map[string]string // 填报人, 联系电话, 审核人
}

// Fill writes the entries into a submission workbook (the bytes of a template)
// and returns the new bytes. It finds each field's row by 字段编码, as the reader
// does, and stores values the way Excel does when a clerk types them: a number as
// a number, a percent typed as 85 % in a percent-formatted cell as 0.85, anything
// else as text.
func Fill(tpl []byte, fw *evaluator.Framework, in Filling) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(tpl))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := FieldRows(f)
	if err != nil {
		return nil, err
	}
	sh := evaluator.SheetData
	ids := make([]string, 0, len(in.Entries))
	for id := range in.Entries {
		ids = append(ids, id)
	}
	// Excel's shared-string table records first use: write in sheet order.
	sortByRow(ids, rows)
	for _, id := range ids {
		e := in.Entries[id]
		r, ok := rows[id]
		if !ok {
			return nil, fmt.Errorf("fill: field %s has no row", id)
		}
		fd := fw.Field(id)
		if err := SetValue(f, templates.SubmissionColValue+strconv.Itoa(r), fd, e.Value); err != nil {
			return nil, fmt.Errorf("fill %s: %w", id, err)
		}
		if e.Evidence != "" {
			if err := f.SetCellStr(sh, templates.SubmissionColEvidence+strconv.Itoa(r), e.Evidence); err != nil {
				return nil, err
			}
		}
		if e.Note != "" {
			if err := f.SetCellStr(sh, templates.SubmissionColNote+strconv.Itoa(r), e.Note); err != nil {
				return nil, err
			}
		}
	}
	cells := map[string]string{
		evaluator.LabelFiller:   templates.SubmissionCellFiller,
		evaluator.LabelPhone:    templates.SubmissionCellPhone,
		evaluator.LabelReviewer: templates.SubmissionCellReviewer,
	}
	for _, label := range evaluator.ContactLabels {
		if v, ok := in.Contacts[label]; ok {
			if err := f.SetCellStr(sh, cells[label], v); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func sortByRow(ids []string, rows map[string]int) {
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && (rows[ids[j]] < rows[ids[j-1]] || (rows[ids[j]] == rows[ids[j-1]] && ids[j] < ids[j-1])); j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
}

// FieldRows maps each 字段编码 of the 数据填报 sheet to its row number.
func FieldRows(f *excelize.File) (map[string]int, error) {
	rows, err := f.GetRows(evaluator.SheetData, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for i, row := range rows {
		if i+1 <= templates.SubmissionHeaderRow || len(row) < 2 {
			continue
		}
		if id := strings.TrimSpace(row[1]); id != "" {
			out[id] = i + 1
		}
	}
	return out, nil
}

// SetValue types v into cell as a clerk would (see Fill). An empty v leaves the
// cell empty.
func SetValue(f *excelize.File, cell string, fd *evaluator.Field, v string) error {
	sh := evaluator.SheetData
	if v == "" {
		return nil
	}
	numeric := fd != nil && (fd.Type == evaluator.TypeNumber || fd.Type == evaluator.TypeInteger || fd.Type == evaluator.TypePercent)
	if !numeric {
		return f.SetCellStr(sh, cell, v)
	}
	if _, err := strconv.ParseFloat(v, 64); err != nil {
		return f.SetCellStr(sh, cell, v) // 不适用, or a typo: stays text
	}
	if fd.Type == evaluator.TypePercent {
		v = ShiftDecimal(v, -2)
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return err
	}
	return f.SetCellFloat(sh, cell, x, -1, 64)
}

// ShiftDecimal moves the decimal point of a plain decimal numeral by n places
// (n < 0: to the left), on the text, so "12.34" shifted by -2 is "0.1234" with no
// binary rounding noise.
func ShiftDecimal(s string, n int) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	digits := intPart + frac
	point := len(intPart) + n
	for point <= 0 {
		digits = "0" + digits
		point++
	}
	for point > len(digits) {
		digits += "0"
	}
	out := strings.TrimLeft(digits[:point], "0")
	if out == "" {
		out = "0"
	}
	if f := strings.TrimRight(digits[point:], "0"); f != "" {
		out += "." + f
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out
}
