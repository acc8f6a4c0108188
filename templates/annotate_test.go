package templates

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
)

// fieldRow finds the 数据填报 row of a field id in column B.
func fieldRow(t *testing.T, f *excelize.File, id string) int {
	t.Helper()
	rows, err := f.GetRows(evaluator.SheetData)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 1 && r[1] == id {
			return i + 1
		}
	}
	t.Fatalf("field %s not in the workbook", id)
	return 0
}

// spoiled returns the example jiangyin.xlsx with a clerk's mistakes typed in.
func spoiled(t *testing.T) (data []byte, cells map[string]string) {
	t.Helper()
	orig, err := os.ReadFile(filepath.Join("..", "testdata", "examples", "2025", "jiangyin.xlsx"))
	if err != nil {
		t.Fatalf("example workbook missing: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cells = map[string]string{}
	set := func(id, v string) {
		r := fieldRow(t, f, id)
		c := "E" + itoa(r)
		cells[id] = c
		if err := f.SetCellStr(evaluator.SheetData, c, v); err != nil {
			t.Fatal(err)
		}
	}
	set("enterprises_above_scale", "约300") // value-not-number (error)
	set("population", "178.6万人")           // value-coerced (warning)
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), cells
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

func TestAnnotate(t *testing.T) {
	data, cells := spoiled(t)
	raw, rf := evaluator.ReadWorkbookBytes("jiangyin.xlsx", data)
	if raw == nil {
		t.Fatalf("read: %v", rf)
	}
	fw, err := evaluator.LoadBytes("_meta", raw.FrameworkSource)
	if err != nil {
		t.Fatal(err)
	}
	// The statistics come from the bureau's table, as in the examples.
	stats, err := os.ReadFile(filepath.Join("..", "testdata", "examples", "2025", "统计局数据.csv"))
	if err != nil {
		t.Fatal(err)
	}
	tables, tf := evaluator.ReadTableBytes("统计局数据.csv", stats, fw)
	if len(tf) > 0 {
		t.Fatalf("table: %v", tf)
	}
	var mine []*evaluator.RawSubmission
	for _, r := range tables {
		if r.Unit == "jiangyin" {
			mine = append(mine, r)
		}
	}
	_, fs, _ := evaluator.ValidateAll(context.Background(), fw, append([]*evaluator.RawSubmission{raw}, mine...), evaluator.ValidateOptions{})
	var own evaluator.Findings
	for _, x := range fs {
		if x.File == "jiangyin.xlsx" {
			own = append(own, x)
		}
	}
	if len(own) != len(fs) {
		t.Errorf("findings about other files: %v", fs)
	}
	byCode := fs.ByCode()
	if byCode[evaluator.CodeValueNotNumber] != 1 || byCode[evaluator.CodeValueCoerced] != 1 {
		t.Fatalf("findings: %v", fs)
	}
	sum := sha256.Sum256(data)
	var out bytes.Buffer
	if err := Annotate(&out, data, fs, fw.UnitNoun()); err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(data) != sum {
		t.Fatal("Annotate changed the original bytes")
	}
	if os.Getenv("DTEVAL_KEEP_ANNOTATED") != "" {
		os.WriteFile(os.Getenv("DTEVAL_KEEP_ANNOTATED"), out.Bytes(), 0o644)
	}

	f, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if list := f.GetSheetList(); list[0] != SheetFindings {
		t.Errorf("sheets %v: want %s first", list, SheetFindings)
	}
	fill := func(cell string) string {
		id, err := f.GetCellStyle(evaluator.SheetData, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || len(st.Fill.Color) == 0 {
			return ""
		}
		return strings.ToUpper(st.Fill.Color[0])
	}
	if got := fill(cells["enterprises_above_scale"]); got != annotateErrorFill {
		t.Errorf("error cell fill %q, want %s", got, annotateErrorFill)
	}
	if got := fill(cells["population"]); got != annotateWarningFill {
		t.Errorf("warning cell fill %q, want %s", got, annotateWarningFill)
	}
	found := sheetComments(f, evaluator.SheetData)
	if !strings.Contains(found[cells["enterprises_above_scale"]], "当前为「约300」") {
		t.Errorf("comment on the error cell: %q", found[cells["enterprises_above_scale"]])
	}
	if !strings.Contains(found[cells["population"]], "已按「178.6」读取") {
		t.Errorf("comment on the warning cell: %q", found[cells["population"]])
	}
	if len(found) != 2 {
		t.Errorf("%d comments, want 2: %v", len(found), found)
	}
	rows, _ := f.GetRows(SheetFindings)
	if len(rows) != 2+len(fs) || !strings.Contains(rows[0][0], "错误 1 项，警告 1 项") {
		t.Errorf("检查结果 sheet: %v", rows)
	}
	// Each finding says what its code means, from the one table; the code comes last.
	if len(rows) > 2 && (rows[2][1] != evaluator.FindingMeaning(rows[2][5], fw.UnitNoun()) || rows[2][1] == "其他问题") {
		t.Errorf("检查结果 row %q: the code's meaning is not in 问题", rows[2])
	}

	// The annotated copy is still a submission workbook that reads the same.
	again, af := evaluator.ReadWorkbookBytes("jiangyin.xlsx", out.Bytes())
	if again == nil {
		t.Fatalf("annotated copy does not read: %v", af)
	}
	_, fs2, _ := evaluator.ValidateAll(context.Background(), fw, append([]*evaluator.RawSubmission{again}, mine...), evaluator.ValidateOptions{})
	if len(fs2) != len(fs) {
		t.Errorf("annotated copy validates differently: %v vs %v", fs2, fs)
	}
	for i := range again.Rows {
		if again.Rows[i].Value.PercentFormat != raw.Rows[i].Value.PercentFormat {
			t.Errorf("row %s lost its percent format", raw.Rows[i].Field)
		}
	}
}
