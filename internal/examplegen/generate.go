package examplegen

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/templates"
)

// Edition is one year of example data.
type Edition struct {
	Year      int
	Framework string // path under the module root
	Values    string // the readable values CSV: field,<unit ids…>
	Date      string // the templates' issue date
	// TableSource, when set, moves the fields of that source department out of the
	// workbooks into one consolidated CSV table (as another department sends it).
	TableSource string
	TableName   string
	// Dir is the folder under testdata/examples and the demo data: the year for the
	// default framework's editions (""), else the framework's file stem.
	Dir string
}

// Editions are the example years.
var Editions = []Edition{
	{Year: 2025, Framework: "indicators/wuxi-2025.yaml", Values: "testdata/examples/values-2025.csv", Date: "2026-01-15",
		TableSource: "统计局", TableName: "统计局数据.csv"},
	{Year: 2024, Framework: "indicators/wuxi-2024.yaml", Values: "testdata/examples/values-2024.csv", Date: "2025-01-15"},
	// A county-level city assessing its 镇 and 街道: three years, so that the demo
	// shows a three-year trend.
	{Year: 2025, Framework: "indicators/jiangyin-towns-2025.yaml", Values: "testdata/examples/values-jiangyin-towns-2025.csv", Date: "2026-01-15", Dir: "jiangyin-towns-2025"},
	{Year: 2024, Framework: "indicators/jiangyin-towns-2024.yaml", Values: "testdata/examples/values-jiangyin-towns-2024.csv", Date: "2025-01-15", Dir: "jiangyin-towns-2024"},
	{Year: 2023, Framework: "indicators/jiangyin-towns-2023.yaml", Values: "testdata/examples/values-jiangyin-towns-2023.csv", Date: "2024-01-15", Dir: "jiangyin-towns-2023"},
}

// Fictional contacts: obviously not real people or numbers.
var sampleContacts = map[string]string{
	evaluator.LabelFiller:   "王示例",
	evaluator.LabelPhone:    "0510-00000000",
	evaluator.LabelReviewer: "李示例",
}

// Out lists where Generate writes, relative to the module root.
const (
	ExamplesDir = "testdata/examples"
	BrokenDir   = "testdata/broken"
	DemoDir     = "internal/demo/data"
)

// Generate writes, under the module root: testdata/examples/<year>/<unit>.xlsx and
// the consolidated table, testdata/broken/*.xlsx, and the same example files under
// internal/demo/data (embedded for dteval demo). Everything is deterministic: the
// same inputs give byte-identical files.
func Generate(root string) error {
	var demo []string // relative paths written under ExamplesDir, mirrored into DemoDir
	var fw25 *evaluator.Framework
	var vals25 map[string]map[string]string
	for _, ed := range Editions {
		fw, err := evaluator.Load(filepath.Join(root, ed.Framework))
		if err != nil {
			return err
		}
		vals, err := ReadValues(filepath.Join(root, ed.Values))
		if err != nil {
			return err
		}
		if ed.Year == 2025 && ed.Dir == "" {
			fw25, vals25 = fw, vals
		}
		dir := strconv.Itoa(ed.Year)
		if ed.Dir != "" {
			dir = ed.Dir
		}
		table := map[string]bool{}
		if ed.TableSource != "" {
			for _, fd := range fw.Fields {
				if fd.Source == ed.TableSource {
					table[fd.ID] = true
				}
			}
		}
		for _, u := range fw.Units {
			in := SampleFilling(fw, u, vals, table)
			data, err := FilledWorkbook(fw, u, ed.Date, in)
			if err != nil {
				return fmt.Errorf("%d %s: %w", ed.Year, u.ID, err)
			}
			rel := filepath.Join(dir, u.ID+".xlsx")
			if err := writeFile(filepath.Join(root, ExamplesDir, rel), data); err != nil {
				return err
			}
			demo = append(demo, rel)
		}
		if len(table) > 0 {
			data, err := TableCSV(fw, vals, table)
			if err != nil {
				return err
			}
			rel := filepath.Join(dir, ed.TableName)
			if err := writeFile(filepath.Join(root, ExamplesDir, rel), data); err != nil {
				return err
			}
			demo = append(demo, rel)
		}
	}
	for _, rel := range demo {
		data, err := os.ReadFile(filepath.Join(root, ExamplesDir, rel))
		if err != nil {
			return err
		}
		if err := writeFile(filepath.Join(root, DemoDir, rel), data); err != nil {
			return err
		}
	}
	fw24, err := evaluator.Load(filepath.Join(root, Editions[1].Framework))
	if err != nil {
		return err
	}
	broken, err := Broken(fw25, fw24, vals25)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(broken))
	for n := range broken {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := writeFile(filepath.Join(root, BrokenDir, n), broken[n]); err != nil {
			return err
		}
	}
	return nil
}

// ReadValues reads a values CSV: header field,<unit ids…>, one row per field.
// It returns unit → field → value.
func ReadValues(path string) (map[string]map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) == 0 || recs[0][0] != "field" {
		return nil, fmt.Errorf("%s: want a header field,<unit ids…>", path)
	}
	out := map[string]map[string]string{}
	for _, u := range recs[0][1:] {
		out[u] = map[string]string{}
	}
	for _, rec := range recs[1:] {
		for j, u := range recs[0][1:] {
			if j+1 < len(rec) {
				out[u][rec[0]] = strings.TrimSpace(rec[j+1])
			}
		}
	}
	return out, nil
}

// SampleFilling is what the example clerk of unit u types: the unit's values
// (except the fields in skip, which another department reports), a fictional
// evidence file name where evidence is required, a note where a field is 不适用,
// and the fictional contacts.
func SampleFilling(fw *evaluator.Framework, u evaluator.Unit, vals map[string]map[string]string, skip map[string]bool) Filling {
	in := Filling{Entries: map[string]Entry{}, Contacts: sampleContacts}
	for _, fd := range fw.Fields {
		v := vals[u.ID][fd.ID]
		e := Entry{Value: v}
		switch {
		case skip[fd.ID]:
			e = Entry{Note: "由" + fd.Source + "统一报送"}
		case v == "不适用":
			e.Note = "本单位无此项工作职能，不适用"
		case v != "" && fd.Evidence:
			e.Evidence = fmt.Sprintf("%d-%s-%s.pdf", fw.Year, shortName(u.Name), fd.Name)
		}
		in.Entries[fd.ID] = e
	}
	return in
}

// shortName drops the 市/区 of a unit name (江阴市 → 江阴) when something is left.
func shortName(s string) string {
	r := []rune(s)
	if len(r) == 3 && (r[2] == '市' || r[2] == '区') {
		return string(r[:2])
	}
	return s
}

// FilledWorkbook writes unit u's template (marked 示例数据) and fills it.
func FilledWorkbook(fw *evaluator.Framework, u evaluator.Unit, date string, in Filling) ([]byte, error) {
	var tpl bytes.Buffer
	if err := templates.WriteSubmission(&tpl, fw, u, templates.SubmissionOptions{Date: date, Sample: true}); err != nil {
		return nil, err
	}
	return Fill(tpl.Bytes(), fw, in)
}

// TableCSV is the consolidated table of the given fields for every unit, as a
// statistics bureau sends it: UTF-8 with a BOM (Excel's 「CSV UTF-8」), a unit
// column, a year column, one column per field.
func TableCSV(fw *evaluator.Framework, vals map[string]map[string]string, fields map[string]bool) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\xef\xbb\xbf")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	head := []string{evaluator.TableColUnit, evaluator.TableColYear}
	var ids []string
	for _, fd := range fw.Fields {
		if fields[fd.ID] {
			ids = append(ids, fd.ID)
		}
	}
	head = append(head, ids...)
	if err := w.Write(head); err != nil {
		return nil, err
	}
	for _, u := range fw.Units {
		rec := []string{u.ID, strconv.Itoa(fw.Year)}
		for _, id := range ids {
			rec = append(rec, vals[u.ID][id])
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// BrokenUnit is the unit whose 2025 workbook the broken fixtures start from.
const BrokenUnit = "jiangyin"

// Broken returns the realistically broken submissions of testdata/broken by file
// name. Each starts from the complete 2025 workbook of BrokenUnit (statistics
// included, so that each file shows only its own mistake) and changes one thing;
// testdata/broken/README.md lists the finding each must produce.
func Broken(fw, fwOld *evaluator.Framework, vals map[string]map[string]string) (map[string][]byte, error) {
	u, ok := fw.Unit(BrokenUnit)
	if !ok {
		return nil, fmt.Errorf("broken: no unit %s", BrokenUnit)
	}
	date := Editions[0].Date
	base := func(change func(in *Filling)) ([]byte, error) {
		in := SampleFilling(fw, u, vals, nil)
		if change != nil {
			change(&in)
		}
		return FilledWorkbook(fw, u, date, in)
	}
	set := func(id, v string) func(in *Filling) {
		return func(in *Filling) {
			e := in.Entries[id]
			e.Value = v
			in.Entries[id] = e
		}
	}
	out := map[string][]byte{}
	var err error
	// A letter O typed for a zero.
	if out["typo-number.xlsx"], err = base(set("stations_5g", "643O")); err != nil {
		return nil, err
	}
	// A required value left empty.
	if out["missing-required.xlsx"], err = base(set("gov_items", "")); err != nil {
		return nil, err
	}
	// Population entered in 人 instead of 万人.
	if out["wrong-unit.xlsx"], err = base(set("population", "1786000")); err != nil {
		return nil, err
	}
	// 68.5 % pasted as 0.685 into a cell whose percent format was lost.
	if out["percent-as-fraction.xlsx"], err = percentAsFraction(fw, u, date, vals); err != nil {
		return nil, err
	}
	// A formula dividing by an empty cell: Excel caches #DIV/0!.
	if out["formula-error.xlsx"], err = formulaError(fw, u, date, vals); err != nil {
		return nil, err
	}
	// Last year's workbook (framework 2024.1) filled with this year's numbers.
	if out["stale-template.xlsx"], err = staleTemplate(fwOld, u, vals); err != nil {
		return nil, err
	}
	// The same field twice: a row copied below the table.
	if out["duplicate-field.xlsx"], err = duplicateField(fw, u, date, vals); err != nil {
		return nil, err
	}
	// A Word document renamed to .xlsx.
	out["not-a-workbook.xlsx"] = []byte("这不是一个 Excel 文件：a text file renamed to .xlsx\n")
	return out, nil
}

// edit opens a filled workbook, lets change edit it, and saves it.
func edit(data []byte, change func(f *excelize.File, rows map[string]int) error) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := FieldRows(f)
	if err != nil {
		return nil, err
	}
	if err := change(f, rows); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func percentAsFraction(fw *evaluator.Framework, u evaluator.Unit, date string, vals map[string]map[string]string) ([]byte, error) {
	const id = "gigabit_users_share"
	in := SampleFilling(fw, u, vals, nil)
	e := in.Entries[id]
	e.Value = ""
	in.Entries[id] = e
	data, err := FilledWorkbook(fw, u, date, in)
	if err != nil {
		return nil, err
	}
	return edit(data, func(f *excelize.File, rows map[string]int) error {
		cell := templates.SubmissionColValue + strconv.Itoa(rows[id])
		// A paste from another sheet brings General format along.
		st, err := f.NewStyle(&excelize.Style{
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF7CC"}},
			Protection: &excelize.Protection{Locked: false},
		})
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(evaluator.SheetData, cell, cell, st); err != nil {
			return err
		}
		x, _ := strconv.ParseFloat(ShiftDecimal(vals[u.ID][id], -2), 64)
		return f.SetCellFloat(evaluator.SheetData, cell, x, -1, 64)
	})
}

func formulaError(fw *evaluator.Framework, u evaluator.Unit, date string, vals map[string]map[string]string) ([]byte, error) {
	// cloud_equipment_rate "computed" from two cells, one of them empty.
	const id = "cloud_equipment_rate"
	in := SampleFilling(fw, u, vals, nil)
	e := in.Entries[id]
	e.Value = ""
	in.Entries[id] = e
	data, err := FilledWorkbook(fw, u, date, in)
	if err != nil {
		return nil, err
	}
	var cell string
	data, err = edit(data, func(f *excelize.File, rows map[string]int) error {
		cell = templates.SubmissionColValue + strconv.Itoa(rows[id])
		return f.SetCellFormula(evaluator.SheetData, cell, "J1/K1")
	})
	if err != nil {
		return nil, err
	}
	// excelize writes no cached value; Excel would cache the error: add it.
	return patchSheetXML(data, "xl/worksheets/sheet2.xml", func(s string) (string, error) {
		old := `t="str"><f>J1/K1</f></c>`
		if !strings.Contains(s, old) {
			return "", fmt.Errorf("formula cell %s not found", cell)
		}
		return strings.Replace(s, old, `t="e"><f>J1/K1</f><v>#DIV/0!</v></c>`, 1), nil
	})
}

func staleTemplate(fwOld *evaluator.Framework, u evaluator.Unit, vals map[string]map[string]string) ([]byte, error) {
	in := Filling{Entries: map[string]Entry{}, Contacts: sampleContacts}
	full := SampleFilling(fwOld, u, vals, nil)
	for id, e := range full.Entries {
		if _, ok := vals[u.ID][id]; ok {
			in.Entries[id] = e
		}
	}
	return FilledWorkbook(fwOld, u, Editions[1].Date, in)
}

func duplicateField(fw *evaluator.Framework, u evaluator.Unit, date string, vals map[string]map[string]string) ([]byte, error) {
	data, err := FilledWorkbook(fw, u, date, SampleFilling(fw, u, vals, nil))
	if err != nil {
		return nil, err
	}
	return edit(data, func(f *excelize.File, rows map[string]int) error {
		last := 0
		for _, r := range rows {
			last = max(last, r)
		}
		r := strconv.Itoa(last + 2)
		sh := evaluator.SheetData
		for _, c := range []struct{ cell, v string }{{"B" + r, "patents_it"}, {"C" + r, "新一代信息技术产业有效发明专利数"}} {
			if err := f.SetCellStr(sh, c.cell, c.v); err != nil {
				return err
			}
		}
		if err := f.SetCellInt(sh, "E"+r, 2500); err != nil {
			return err
		}
		return f.SetSheetDimension(sh, "A1:I"+r)
	})
}

// patchSheetXML rewrites one part of an xlsx, keeping the others as they are.
func patchSheetXML(data []byte, part string, change func(string) (string, error)) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range zr.File {
		rc, err := e.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if e.Name == part {
			s, err := change(string(b))
			if err != nil {
				return nil, err
			}
			b = []byte(s)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(b); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeFile writes data to path through a temporary file in the same folder.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
