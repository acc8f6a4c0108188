package synth

import (
	"fmt"
	"strconv"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/examplegen"
	"github.com/wuxi-data/dteval/templates"
)

// RawSubmissions is what the workbook reader returns for the workbooks of
// Workbooks, built directly from the fillings (no .xlsx in between): the
// validation, scoring and rendering benchmarks start from it without paying for
// 1,000 workbooks. Rows, cells and provenance follow the template layout; a
// percent is stored as Excel stores a typed 85 % in a percent-formatted cell
// (0.85, PercentFormat). The row layout is learnt from reading the workbook of
// the first unit. TestRawMatchesReader checks the result against the reader.
func RawSubmissions(s Spec, fw *evaluator.Framework) ([]*evaluator.RawSubmission, error) {
	data, err := Workbook(s, fw, 0)
	if err != nil {
		return nil, err
	}
	first, fs := evaluator.ReadWorkbookBytes(fw.Units[0].ID+".xlsx", data)
	if first == nil {
		return nil, fmt.Errorf("synthetic workbook: %v", fs)
	}
	out := make([]*evaluator.RawSubmission, s.Units)
	for u := range s.Units {
		out[u] = rawSubmission(s, fw, u, first.Rows)
	}
	return out, nil
}

func rawSubmission(s Spec, fw *evaluator.Framework, u int, layout []evaluator.RawRow) *evaluator.RawSubmission {
	unit := fw.Units[u]
	file := unit.ID + ".xlsx"
	sh := evaluator.SheetData
	prov := func(cell string) evaluator.Provenance {
		return evaluator.Provenance{File: file, Sheet: sh, Cell: cell}
	}
	in := Filling(s, fw, u)
	raw := &evaluator.RawSubmission{
		Kind: "workbook", File: file, Path: file, Sheet: sh,
		FrameworkID: fw.ID, FrameworkVersion: fw.Version, FrameworkSHA256: fw.SHA256,
		FrameworkSource: fw.Source,
		Unit:            unit.ID, UnitCell: prov(templates.SubmissionCellUnit),
		Year: strconv.Itoa(fw.Year), YearCell: prov(templates.SubmissionCellYear),
		Contacts: map[string]string{},
	}
	for k, v := range in.Contacts {
		raw.Contacts[k] = v
	}
	for _, lr := range layout {
		fd := fw.Field(lr.Field)
		e := in.Entries[fd.ID]
		r := lr.Row
		rs := strconv.Itoa(r)
		v := evaluator.RawCell{Text: e.Value, Prov: prov(templates.SubmissionColValue + rs)}
		if fd.Type == evaluator.TypePercent {
			v.PercentFormat = true
			if _, err := strconv.ParseFloat(e.Value, 64); err == nil {
				v.Text = examplegen.ShiftDecimal(e.Value, -2)
			}
		}
		raw.Rows = append(raw.Rows, evaluator.RawRow{
			Field:    fd.ID,
			Value:    v,
			Evidence: evaluator.RawCell{Text: e.Evidence, Prov: prov(templates.SubmissionColEvidence + rs)},
			Note:     evaluator.RawCell{Text: e.Note, Prov: prov(templates.SubmissionColNote + rs)},
			Row:      r,
		})
	}
	return raw
}
