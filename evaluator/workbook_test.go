package evaluator_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/examplegen"
	"github.com/wuxi-data/dteval/templates"
)

var rdRoot = filepath.Join("..", "testdata")

func rdFramework(t testing.TB) *evaluator.Framework {
	t.Helper()
	fw, err := evaluator.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

// rdFilled is jiangyin's 2025 template with a few fields typed in.
func rdFilled(t testing.TB, fw *evaluator.Framework, entries map[string]examplegen.Entry) []byte {
	t.Helper()
	u, _ := fw.Unit("jiangyin")
	var tpl bytes.Buffer
	if err := templates.WriteSubmission(&tpl, fw, u, templates.SubmissionOptions{Date: "2026-01-15"}); err != nil {
		t.Fatal(err)
	}
	data, err := examplegen.Fill(tpl.Bytes(), fw, examplegen.Filling{Entries: entries})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// rdEdit opens a workbook, lets change edit it and saves it, as a clerk's Excel would.
func rdEdit(t testing.TB, data []byte, change func(f *excelize.File, rows map[string]int)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := examplegen.FieldRows(f)
	if err != nil {
		t.Fatal(err)
	}
	change(f, rows)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func rdRow(t testing.TB, sub *evaluator.RawSubmission, id string) evaluator.RawRow {
	t.Helper()
	if sub == nil {
		t.Fatalf("no submission")
	}
	for _, r := range sub.Rows {
		if r.Field == id {
			return r
		}
	}
	t.Fatalf("no row %s", id)
	return evaluator.RawRow{}
}

func rdCodes(fs evaluator.Findings) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.Code)
	}
	return strings.Join(s, ",")
}

// The reader finds rows by 字段编码 and columns by header, and keeps the raw text
// of the usual habits for Validate to judge.
func TestReadWorkbookHabits(t *testing.T) {
	fw := rdFramework(t)
	base := rdFilled(t, fw, map[string]examplegen.Entry{
		"population":          {Value: "178.6"},
		"gdp":                 {Value: "5212.4"},
		"venues_5g_rate":      {Value: "97.5"},
		"gigabit_users_share": {Value: "32.5"},
		"coordination_grade":  {Value: "A", Evidence: "2025-江阴-议事协调.pdf"},
	})
	sh := evaluator.SheetData
	cases := []struct {
		name   string
		change func(f *excelize.File, rows map[string]int)
		field  string
		text   string
		cell   string // "" = the template's E<row>
		pct    bool
	}{
		{name: "as filled", field: "population", text: "178.6", cell: "E8"},
		{name: "typed 85 % in a percent cell", field: "gigabit_users_share", text: "0.325", pct: true},
		{name: "85% typed as text in a percent cell", change: func(f *excelize.File, r map[string]int) {
			f.SetCellStr(sh, "E"+strconv.Itoa(r["venues_5g_rate"]), "85%")
		}, field: "venues_5g_rate", text: "85%", pct: true},
		{name: "number stored as text with separators", change: func(f *excelize.File, r map[string]int) {
			f.SetCellStr(sh, "E"+strconv.Itoa(r["gdp"]), "5,212.4 ")
		}, field: "gdp", text: "5,212.4 "},
		{name: "full-width digits", change: func(f *excelize.File, r map[string]int) {
			f.SetCellStr(sh, "E"+strconv.Itoa(r["population"]), "１７８．６")
		}, field: "population", text: "１７８．６", cell: "E8"},
		{name: "full-width grade letter", change: func(f *excelize.File, r map[string]int) {
			f.SetCellStr(sh, "E"+strconv.Itoa(r["coordination_grade"]), "Ａ")
		}, field: "coordination_grade", text: "Ａ"},
		{name: "rows re-ordered", change: func(f *excelize.File, r map[string]int) {
			// Swap the population and gdp rows (code and value).
			p, g := strconv.Itoa(r["population"]), strconv.Itoa(r["gdp"])
			f.SetCellStr(sh, "B"+p, "gdp")
			f.SetCellFloat(sh, "E"+p, 5212.4, -1, 64)
			f.SetCellStr(sh, "B"+g, "population")
			f.SetCellFloat(sh, "E"+g, 178.6, -1, 64)
		}, field: "population", text: "178.6", cell: "E98"}, // gdp, read by no indicator, is listed last
		{name: "blank rows inserted", change: func(f *excelize.File, r map[string]int) {
			f.InsertRows(sh, 8, 3)
		}, field: "population", text: "178.6", cell: "E11"},
		{name: "a column inserted before 填报值", change: func(f *excelize.File, r map[string]int) {
			f.InsertCols(sh, "D", 1)
			f.SetCellStr(sh, "D6", "口径")
		}, field: "gigabit_users_share", text: "0.325", cell: "F20", pct: true},
		{name: "data sheet renamed", change: func(f *excelize.File, r map[string]int) {
			f.SetSheetName(sh, "Sheet1")
		}, field: "population", text: "178.6", cell: "E8"},
		{name: "code with spaces", change: func(f *excelize.File, r map[string]int) {
			f.SetCellStr(sh, "B"+strconv.Itoa(r["population"]), "  population\u3000")
		}, field: "population", text: "178.6", cell: "E8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := base
			if c.change != nil {
				data = rdEdit(t, base, c.change)
			}
			sub, fs := evaluator.ReadWorkbookBytes("jiangyin.xlsx", data)
			if len(fs) != 0 {
				t.Fatalf("findings: %v", fs)
			}
			r := rdRow(t, sub, c.field)
			if r.Value.Text != c.text || r.Value.PercentFormat != c.pct {
				t.Errorf("read %q percent %v, want %q %v", r.Value.Text, r.Value.PercentFormat, c.text, c.pct)
			}
			if c.cell != "" && r.Value.Prov.Cell != c.cell {
				t.Errorf("cell %s, want %s", r.Value.Prov.Cell, c.cell)
			}
			if len(sub.Rows) != len(fw.Fields) {
				t.Errorf("%d rows, want %d", len(sub.Rows), len(fw.Fields))
			}
		})
	}
}

// Structural findings: the reader's own. Everything else is Validate's.
func TestReadWorkbookStructural(t *testing.T) {
	fw := rdFramework(t)
	good := rdFilled(t, fw, map[string]examplegen.Entry{"population": {Value: "178.6"}})
	noMeta := rdEdit(t, good, func(f *excelize.File, _ map[string]int) { f.DeleteSheet(evaluator.SheetMeta) })
	dup := rdEdit(t, good, func(f *excelize.File, rows map[string]int) {
		f.SetCellStr(evaluator.SheetData, "B100", "population")
		f.SetCellInt(evaluator.SheetData, "E100", 1)
	})
	cases := []struct {
		name string
		data []byte
		code string
		cell string
		ok   bool // a submission still comes back
	}{
		{"garbage", []byte("hello, not a workbook"), evaluator.CodeFileUnreadable, "", false},
		{"encrypted or .xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), evaluator.CodeFileUnreadable, "", false},
		{"truncated", good[:len(good)/2], evaluator.CodeFileUnreadable, "", false},
		{"zip bomb", rdZip(t, map[string][]byte{"xl/worksheets/sheet1.xml": bytes.Repeat([]byte{' '}, 65<<20)}), evaluator.CodeFileUnreadable, "", false},
		{"doctype", rdReplacePart(t, good, "xl/worksheets/sheet2.xml", func(s string) string {
			return strings.Replace(s, "?>", `?><!DOCTYPE x [<!ENTITY a "b">]>`, 1)
		}), evaluator.CodeFileUnreadable, "", false},
		{"path escape", rdAddPart(t, good, "../evil.xml", []byte("<x/>")), evaluator.CodeFileUnreadable, "", false},
		{"rows missing below the dimension", rdReplacePart(t, good, "xl/worksheets/sheet2.xml", func(s string) string {
			i := strings.Index(s, `<row r="40"`)
			j := strings.Index(s, "</sheetData>")
			return s[:i] + s[j:]
		}), evaluator.CodeFileUnreadable, "", false},
		{"no _meta", noMeta, evaluator.CodeTemplateMismatch, "", false},
		{"duplicate 字段编码", dup, evaluator.CodeFieldDuplicate, "B100", true},
		{"too big", append(append([]byte{}, good...), make([]byte, evaluator.MaxWorkbookSize)...), evaluator.CodeFileUnreadable, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sub, fs := evaluator.ReadWorkbookBytes("jiangyin.xlsx", c.data)
			if len(fs) != 1 || fs[0].Code != c.code || fs[0].Severity != evaluator.SevError {
				t.Fatalf("findings %v, want one %s", fs, c.code)
			}
			if fs[0].File != "jiangyin.xlsx" || fs[0].Cell != c.cell || !strings.ContainsAny(fs[0].Message, "请文") {
				t.Errorf("finding %+v", fs[0])
			}
			if (sub != nil) != c.ok {
				t.Errorf("submission %v, want %v", sub != nil, c.ok)
			}
		})
	}
	if sub, _ := evaluator.ReadWorkbookBytes("jiangyin.xlsx", dup); rdRow(t, sub, "population").Value.Text != "178.6" {
		t.Error("the first of two duplicate rows must win")
	}
}

func rdZip(t testing.TB, parts map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

func rdParts(t testing.TB, data []byte) ([]string, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	parts := map[string][]byte{}
	for _, e := range zr.File {
		rc, _ := e.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		names = append(names, e.Name)
		parts[e.Name] = b.Bytes()
	}
	return names, parts
}

func rdRezip(t testing.TB, names []string, parts map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(parts[n])
	}
	zw.Close()
	return buf.Bytes()
}

func rdReplacePart(t testing.TB, data []byte, part string, change func(string) string) []byte {
	names, parts := rdParts(t, data)
	parts[part] = []byte(change(string(parts[part])))
	return rdRezip(t, names, parts)
}

func rdAddPart(t testing.TB, data []byte, part string, b []byte) []byte {
	names, parts := rdParts(t, data)
	parts[part] = b
	return rdRezip(t, append(names, part), parts)
}

func TestReadWorkbookFormula(t *testing.T) {
	fw := rdFramework(t)
	data := rdEdit(t, rdFilled(t, fw, nil), func(f *excelize.File, rows map[string]int) {
		f.SetCellFormula(evaluator.SheetData, "E"+strconv.Itoa(rows["gdp"]), "1+1")
	})
	sub, fs := evaluator.ReadWorkbookBytes("jiangyin.xlsx", data)
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	// excelize writes no cached value: a formula with nothing to read.
	if r := rdRow(t, sub, "gdp"); r.Value.Formula != "1+1" || !r.Value.FormulaError {
		t.Errorf("formula %q error %v", r.Value.Formula, r.Value.FormulaError)
	}
}

// Workbooks of ours re-saved by LibreOffice or openpyxl (different writers, as a
// clerk's Excel or WPS would be) read exactly as the originals. Each pair is committed together
// (testdata/resaved/X.orig.xlsx as we wrote it, X.xlsx after LibreOffice), so that
// regenerating the examples does not invalidate the fixture.
func TestReadResavedFixtures(t *testing.T) {
	cases := []struct{ orig, resaved string }{
		{"resaved/jiangyin-2025.orig.xlsx", "resaved/jiangyin-2025.xlsx"},
		{"resaved/yixing-2024.orig.xlsx", "resaved/yixing-2024.xlsx"},
		{"resaved/formula-error.orig.xlsx", "resaved/formula-error.xlsx"},
		{"resaved/typo-number.orig.xlsx", "resaved/typo-number.xlsx"},
		{"resaved/percent-as-fraction.orig.xlsx", "resaved/percent-as-fraction.xlsx"},
		{"resaved/jiangyin-2025.orig.xlsx", "resaved/jiangyin-2025.openpyxl.xlsx"},
		{"resaved/typo-number.orig.xlsx", "resaved/typo-number.openpyxl.xlsx"},
		{"resaved/yixing-2024.orig.xlsx", "resaved/yixing-2024.lo-openpyxl.xlsx"},
	}
	for _, c := range cases {
		t.Run(c.resaved, func(t *testing.T) {
			a, fa := evaluator.ReadWorkbook(filepath.Join(rdRoot, c.orig))
			b, fb := evaluator.ReadWorkbook(filepath.Join(rdRoot, c.resaved))
			if len(fa)+len(fb) != 0 {
				t.Fatal(fa, fb)
			}
			if a.Unit != b.Unit || a.Year != b.Year || a.FrameworkVersion != b.FrameworkVersion ||
				a.FrameworkSHA256 != b.FrameworkSHA256 || !bytes.Equal(a.FrameworkSource, b.FrameworkSource) ||
				fmt.Sprint(a.Contacts) != fmt.Sprint(b.Contacts) || a.YearCell.Cell != b.YearCell.Cell {
				t.Errorf("meta differs: %+v / %+v", a.Contacts, b.Contacts)
			}
			if len(a.Rows) != len(b.Rows) || len(a.Rows) == 0 {
				t.Fatalf("%d rows vs %d", len(a.Rows), len(b.Rows))
			}
			pct := 0
			for i := range a.Rows {
				x, y := a.Rows[i], b.Rows[i]
				if x.Field != y.Field || !sameCellText(x.Value.Text, y.Value.Text) || x.Value.PercentFormat != y.Value.PercentFormat ||
					x.Value.Prov.Cell != y.Value.Prov.Cell || x.Evidence.Text != y.Evidence.Text || x.Note.Text != y.Note.Text ||
					x.Value.FormulaError != y.Value.FormulaError {
					t.Errorf("row %s: %+v\nresaved: %+v", x.Field, x, y)
				}
				if y.Value.PercentFormat {
					pct++
				}
			}
			if pct == 0 {
				t.Error("no percent-formatted cell recognised after LibreOffice")
			}
		})
	}
	// LibreOffice computed and cached the error itself.
	sub, _ := evaluator.ReadWorkbook(filepath.Join(rdRoot, "resaved/formula-error.xlsx"))
	if r := rdRow(t, sub, "cloud_equipment_rate"); r.Value.Text != "#DIV/0!" || !r.Value.FormulaError || r.Value.Formula == "" {
		t.Errorf("formula error after LibreOffice: %+v", r.Value)
	}
}

// sameCellText: the same text, or the same number written with other digits
// (openpyxl writes 0.685 as 0.6850000000000001, 17 significant digits of the same double).
func sameCellText(a, b string) bool {
	if a == b {
		return true
	}
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	return errA == nil && errB == nil && x == y
}

// What the reader must hand to Validate for each broken fixture
// (testdata/broken/README.md lists the findings Validate then gives).
func TestReadBrokenFixtures(t *testing.T) {
	cases := []struct {
		file, field, text, cell string
		pct, formulaErr         bool
		code                    string
	}{
		{file: "typo-number.xlsx", field: "stations_5g", text: "643O", cell: "E18"},
		{file: "missing-required.xlsx", field: "gov_items", text: "", cell: "E47"},
		{file: "wrong-unit.xlsx", field: "population", text: "1786000", cell: "E8"},
		{file: "percent-as-fraction.xlsx", field: "gigabit_users_share", text: "0.325", cell: "E20"},
		{file: "formula-error.xlsx", field: "cloud_equipment_rate", text: "#DIV/0!", cell: "E26", pct: true, formulaErr: true},
		{file: "stale-template.xlsx", field: "population", text: "178.6", cell: "E8"},
		{file: "duplicate-field.xlsx", field: "patents_it", text: "2411", cell: "E13", code: evaluator.CodeFieldDuplicate},
		{file: "not-a-workbook.xlsx", code: evaluator.CodeFileUnreadable},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			sub, fs := evaluator.ReadWorkbook(filepath.Join(rdRoot, "broken", c.file))
			if rdCodes(fs) != c.code {
				t.Fatalf("findings %v, want %q", fs, c.code)
			}
			if c.field == "" {
				return
			}
			r := rdRow(t, sub, c.field)
			if r.Value.Text != c.text || r.Value.Prov.Cell != c.cell || r.Value.PercentFormat != c.pct || r.Value.FormulaError != c.formulaErr {
				t.Errorf("got %+v", r.Value)
			}
		})
	}
	sub, _ := evaluator.ReadWorkbook(filepath.Join(rdRoot, "broken", "stale-template.xlsx"))
	if sub.FrameworkVersion != "2024.1" || sub.Year != "2024" {
		t.Errorf("stale template: version %s year %s", sub.FrameworkVersion, sub.Year)
	}
}

func TestReadExamples(t *testing.T) {
	fw := rdFramework(t)
	subs, fs := evaluator.ReadFilesFor(t.Context(), fw, []string{filepath.Join(rdRoot, "examples", "2025")}, 2)
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	// 8 workbooks, then 8 table rows: file names sort 统计局数据.csv last.
	if len(subs) != 16 {
		t.Fatalf("%d submissions", len(subs))
	}
	seen := map[string]map[string]int{} // unit → field → non-empty count
	for _, s := range subs {
		if seen[s.Unit] == nil {
			seen[s.Unit] = map[string]int{}
		}
		for _, r := range s.Rows {
			if r.Value.Text != "" {
				seen[s.Unit][r.Field]++
			}
		}
	}
	// Every field of every unit is given exactly once across workbooks and table,
	// unless it is optional or every indicator reading it does not apply to the unit
	// (applies_to set by the bureau: 梁溪区 has no 农业生产信息化率 to give).
	needed := func(fd *evaluator.Field, u evaluator.Unit) bool {
		read := false
		for _, n := range append(fw.Leaves(), fw.Vetoes()...) {
			ids := []string{n.ID}
			if n.Expr != nil {
				ids = n.Expr.Fields
			}
			if slices.Contains(ids, fd.ID) {
				read = true
				if n.AppliesToUnit(u) {
					return true
				}
			}
		}
		return !read
	}
	for _, u := range fw.Units {
		for _, fd := range fw.Fields {
			if n := seen[u.ID][fd.ID]; n != 1 && !(n == 0 && (!fd.Required || !needed(fd, u))) {
				t.Errorf("%s %s given %d times", u.ID, fd.ID, n)
			}
		}
	}
	for _, s := range subs[:8] {
		if s.Kind != "workbook" || s.Contacts[evaluator.LabelFiller] != "王示例" {
			t.Errorf("%s: kind %s contacts %v", s.File, s.Kind, s.Contacts)
		}
	}
}

// BenchmarkReadWorkbooks reads 1,000 filled workbooks with the worker pool.
func BenchmarkReadWorkbooks(b *testing.B) {
	src, err := os.ReadFile(filepath.Join(rdRoot, "examples", "2025", "jiangyin.xlsx"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	for i := 0; i < 1000; i++ {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("u%04d.xlsx", i)), src, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		subs, fs := evaluator.ReadFiles(b.Context(), []string{dir}, 2)
		if len(subs) != 1000 || len(fs) != 0 {
			b.Fatalf("%d submissions, %d findings", len(subs), len(fs))
		}
	}
}

// FuzzReadWorkbookBytes: bad input never panics and never comes back without a
// finding or a submission.
func FuzzReadWorkbookBytes(f *testing.F) {
	for _, p := range []string{"examples/2025/jiangyin.xlsx", "resaved/formula-error.xlsx", "broken/not-a-workbook.xlsx"} {
		if b, err := os.ReadFile(filepath.Join(rdRoot, p)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sub, fs := evaluator.ReadWorkbookBytes("fuzz.xlsx", data)
		if sub == nil && len(fs) == 0 {
			t.Fatal("neither a submission nor a finding")
		}
	})
}
