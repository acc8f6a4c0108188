package templates_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/examplegen"
	"github.com/wuxi-data/dteval/templates"
)

func loadDefault(t testing.TB) *evaluator.Framework {
	t.Helper()
	fw, err := evaluator.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

func writeTemplate(t testing.TB, fw *evaluator.Framework, unit string, opt templates.SubmissionOptions) []byte {
	t.Helper()
	u, ok := fw.Unit(unit)
	if !ok {
		t.Fatalf("no unit %s", unit)
	}
	var buf bytes.Buffer
	if err := templates.WriteSubmission(&buf, fw, u, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipPart returns one part of an xlsx.
func zipPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range zr.File {
		if e.Name == name {
			rc, err := e.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

// filledValue is what the round trip types for a field, as on paper.
func filledValue(fd *evaluator.Field, i int) string {
	switch fd.Type {
	case evaluator.TypeNumber:
		return strconv.Itoa(10+i) + ".25"
	case evaluator.TypeInteger:
		return strconv.Itoa(100 + i)
	case evaluator.TypePercent:
		return strconv.Itoa(40+i%50) + ".5"
	case evaluator.TypeBoolean:
		if i%2 == 0 {
			return "是"
		}
		return "否"
	case evaluator.TypeGrade:
		return fd.Grades[i%len(fd.Grades)]
	}
	return "文字说明" + strconv.Itoa(i)
}

// wantText is what the reader must return for a filled value: a percent typed
// as 85.5 % is stored as 0.855.
func wantText(fd *evaluator.Field, v string) string {
	if fd.Type == evaluator.TypePercent {
		return examplegen.ShiftDecimal(v, -2)
	}
	return v
}

func TestSubmissionRoundTrip(t *testing.T) {
	fw := loadDefault(t)
	tpl := writeTemplate(t, fw, "yixing", templates.SubmissionOptions{Date: "2026-01-15"})
	in := examplegen.Filling{Entries: map[string]examplegen.Entry{}, Contacts: map[string]string{
		evaluator.LabelFiller: "王示例", evaluator.LabelPhone: "0510-00000000", evaluator.LabelReviewer: "李示例"}}
	for i, fd := range fw.Fields {
		e := examplegen.Entry{Value: filledValue(fd, i), Note: "备注" + strconv.Itoa(i)}
		if fd.Evidence {
			e.Evidence = "佐证-" + fd.ID + ".pdf"
		}
		in.Entries[fd.ID] = e
	}
	filled, err := examplegen.Fill(tpl, fw, in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(filled))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := examplegen.FieldRows(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}

	sub, fs := evaluator.ReadWorkbookBytes("yixing.xlsx", filled)
	if len(fs) != 0 || sub == nil {
		t.Fatalf("findings %v", fs)
	}
	if sub.Kind != "workbook" || sub.Unit != "yixing" || sub.Year != "2025" || sub.FrameworkID != fw.ID ||
		sub.FrameworkVersion != fw.Version || sub.FrameworkSHA256 != fw.SHA256 || !bytes.Equal(sub.FrameworkSource, fw.Source) {
		t.Errorf("meta: kind %s unit %s year %s fw %s %s %s, source equal %v", sub.Kind, sub.Unit, sub.Year,
			sub.FrameworkID, sub.FrameworkVersion, sub.FrameworkSHA256, bytes.Equal(sub.FrameworkSource, fw.Source))
	}
	if sub.UnitCell.Cell != templates.SubmissionCellUnit || sub.YearCell.Cell != templates.SubmissionCellYear {
		t.Errorf("unit cell %v, year cell %v", sub.UnitCell, sub.YearCell)
	}
	for k, v := range in.Contacts {
		if sub.Contacts[k] != v {
			t.Errorf("contact %s = %q, want %q", k, sub.Contacts[k], v)
		}
	}
	if len(sub.Rows) != len(fw.Fields) {
		t.Fatalf("%d rows, want %d", len(sub.Rows), len(fw.Fields))
	}
	for _, r := range sub.Rows {
		fd := fw.Field(r.Field)
		if fd == nil {
			t.Errorf("unknown field %q", r.Field)
			continue
		}
		e := in.Entries[r.Field]
		row := strconv.Itoa(rows[r.Field])
		checks := []struct {
			what      string
			got, want string
		}{
			{"value", r.Value.Text, wantText(fd, e.Value)},
			{"evidence", r.Evidence.Text, e.Evidence},
			{"note", r.Note.Text, e.Note},
			{"value cell", r.Value.Prov.Cell, "E" + row},
			{"evidence cell", r.Evidence.Prov.Cell, "F" + row},
			{"note cell", r.Note.Prov.Cell, "G" + row},
			{"sheet", r.Value.Prov.Sheet, evaluator.SheetData},
			{"file", r.Value.Prov.File, "yixing.xlsx"},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s %s = %q, want %q", r.Field, c.what, c.got, c.want)
			}
		}
		if r.Value.PercentFormat != (fd.Type == evaluator.TypePercent) {
			t.Errorf("%s percent format %v", r.Field, r.Value.PercentFormat)
		}
		if r.Value.Formula != "" || r.Value.FormulaError {
			t.Errorf("%s formula %q error %v", r.Field, r.Value.Formula, r.Value.FormulaError)
		}
	}
}

// A clerk types 85 % into a percent field: Excel stores 0.85 in the
// percent-formatted cell, and the reader says so.
func TestSubmissionTypedPercent(t *testing.T) {
	fw := loadDefault(t)
	tpl := writeTemplate(t, fw, "jiangyin", templates.SubmissionOptions{})
	var pct *evaluator.Field
	for _, fd := range fw.Fields {
		if fd.Type == evaluator.TypePercent {
			pct = fd
			break
		}
	}
	if pct == nil {
		t.Fatal("the default framework has no percent field: the test needs one")
	}
	filled, err := examplegen.Fill(tpl, fw, examplegen.Filling{Entries: map[string]examplegen.Entry{pct.ID: {Value: "85"}}})
	if err != nil {
		t.Fatal(err)
	}
	sub, fs := evaluator.ReadWorkbookBytes("jiangyin.xlsx", filled)
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	for _, r := range sub.Rows {
		if r.Field == pct.ID {
			if r.Value.Text != "0.85" || !r.Value.PercentFormat {
				t.Errorf("typed 85%%: text %q percent %v, want 0.85 true", r.Value.Text, r.Value.PercentFormat)
			}
			return
		}
	}
	t.Errorf("no row %s", pct.ID)
}

func TestSubmissionDeterministic(t *testing.T) {
	fw := loadDefault(t)
	opt := templates.SubmissionOptions{Date: "2026-01-15", Sample: true}
	a := writeTemplate(t, fw, "binhu", opt)
	b := writeTemplate(t, fw, "binhu", opt)
	if !bytes.Equal(a, b) {
		t.Error("two runs differ")
	}
	c := writeTemplate(t, fw, "binhu", templates.SubmissionOptions{Date: "2026-01-16", Sample: true})
	if bytes.Equal(a, c) {
		t.Error("the date does not reach the file")
	}
}

func TestSubmissionLayout(t *testing.T) {
	fw := loadDefault(t)
	data := writeTemplate(t, fw, "liangxi", templates.SubmissionOptions{Date: "2026-01-15", Sample: true})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "填报说明,数据填报,_meta" {
		t.Errorf("sheets %s", got)
	}
	if v, _ := f.GetCellValue("数据填报", "A1"); v != "2025年度无锡市数字化转型评估数据填报表" {
		t.Errorf("title %q", v)
	}
	if v, _ := f.GetCellValue("数据填报", templates.SubmissionCellUnit); v != "梁溪区" {
		t.Errorf("unit %q", v)
	}
	help, _ := f.GetRows("填报说明")
	joined := ""
	for _, r := range help {
		joined += strings.Join(r, "") + "\n"
	}
	if !strings.Contains(joined, "示例数据") {
		t.Error("填报说明 does not say 示例数据")
	}
	for i, h := range evaluator.DataColumns {
		cell, _ := excelize.CoordinatesToCellName(i+1, templates.SubmissionHeaderRow)
		if v, _ := f.GetCellValue("数据填报", cell); v != h {
			t.Errorf("header %s = %q, want %q", cell, v, h)
		}
	}

	// _meta is very hidden; every sheet is protected; legacy hash only.
	wb := zipPart(t, data, "xl/workbook.xml")
	if !regexp.MustCompile(`<sheet name="_meta"[^>]*state="veryHidden"`).MatchString(wb) {
		t.Errorf("_meta not very hidden: %s", wb)
	}
	for i := 1; i <= 3; i++ {
		ws := zipPart(t, data, "xl/worksheets/sheet"+strconv.Itoa(i)+".xml")
		if !strings.Contains(ws, "<sheetProtection") || strings.Contains(ws, "saltValue") {
			t.Errorf("sheet%d protection: %v", i, regexp.MustCompile(`<sheetProtection[^>]*>`).FindString(ws))
		}
		if i < 3 && !strings.Contains(ws, `paperSize="9"`) {
			t.Errorf("sheet%d is not set up for A4", i)
		}
	}
	ws := zipPart(t, data, "xl/worksheets/sheet2.xml")
	if !strings.Contains(ws, `state="frozen"`) || !strings.Contains(ws, `topLeftCell="A7"`) {
		t.Error("数据填报 has no frozen header")
	}
	if m := regexp.MustCompile(`<dimension ref="([^"]+)"`).FindStringSubmatch(ws); m == nil || m[1] == "A1" {
		t.Errorf("dimension %v", m)
	}
	titles := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && strings.Contains(dn.RefersTo, "$6:$6") {
			titles = true
		}
	}
	if !titles {
		t.Errorf("no repeated header row: %v", f.GetDefinedName())
	}

	// One validation per field, on its value cell; lists for 是/否 and grades.
	dvs, err := f.GetDataValidations("数据填报")
	if err != nil {
		t.Fatal(err)
	}
	if len(dvs) != len(fw.Fields) {
		t.Errorf("%d validations, want %d", len(dvs), len(fw.Fields))
	}
	rows, _ := examplegen.FieldRows(f)
	byCell := map[string]*excelize.DataValidation{}
	for _, dv := range dvs {
		byCell[dv.Sqref] = dv
	}
	for _, fd := range fw.Fields {
		r := strconv.Itoa(rows[fd.ID])
		dv := byCell["E"+r]
		if dv == nil {
			t.Errorf("%s: no validation on E%s", fd.ID, r)
			continue
		}
		if dv.PromptTitle == nil || *dv.PromptTitle == "" || dv.Prompt == nil || !strings.Contains(*dv.Prompt, "填") {
			t.Errorf("%s: input message %v %v", fd.ID, dv.PromptTitle, dv.Prompt)
		}
		want := map[string]string{evaluator.TypeNumber: "decimal", evaluator.TypePercent: "decimal", evaluator.TypeInteger: "whole",
			evaluator.TypeBoolean: "list", evaluator.TypeGrade: "list"}[fd.Type]
		if want != "" && dv.Type != want {
			t.Errorf("%s: validation %s, want %s", fd.ID, dv.Type, want)
		}
		if fd.Type == evaluator.TypeBoolean && !strings.Contains(dv.Formula1, "是,否") {
			t.Errorf("%s: list %s", fd.ID, dv.Formula1)
		}
		if fd.AllowNA && dv.Type == "list" && !strings.Contains(dv.Formula1, "不适用") {
			t.Errorf("%s allows 不适用 but the list is %s", fd.ID, dv.Formula1)
		}
		if fd.Type == evaluator.TypePercent && fd.Max != nil && *fd.Max == 100 && dv.Formula2 != "1" {
			t.Errorf("%s: percent upper bound %s, want 1 (100 %% stored as 1)", fd.ID, dv.Formula2)
		}
		// Locking: value, evidence, note unlocked; the rest locked.
		for _, c := range []struct {
			col    string
			locked bool
		}{{"B", true}, {"C", true}, {"E", false}, {"F", false}, {"G", false}, {"I", true}} {
			id, _ := f.GetCellStyle("数据填报", c.col+r)
			st, _ := f.GetStyle(id)
			locked := st.Protection == nil || st.Protection.Locked
			if locked != c.locked {
				t.Errorf("%s%s locked %v, want %v", c.col, r, locked, c.locked)
			}
		}
		id, _ := f.GetCellStyle("数据填报", "E"+r)
		st, _ := f.GetStyle(id)
		if (st.NumFmt == 10) != (fd.Type == evaluator.TypePercent) {
			t.Errorf("%s: number format %d", fd.ID, st.NumFmt)
		}
	}
	for _, c := range []string{templates.SubmissionCellFiller, templates.SubmissionCellPhone, templates.SubmissionCellReviewer} {
		id, _ := f.GetCellStyle("数据填报", c)
		st, _ := f.GetStyle(id)
		if st.Protection == nil || st.Protection.Locked {
			t.Errorf("contact cell %s is locked", c)
		}
	}
	props, _ := f.GetDocProps()
	if props.Created != "2026-01-15T00:00:00Z" {
		t.Errorf("created %q", props.Created)
	}
}

// LibreOffice (a writer other than ours, as a clerk's Excel or WPS would be)
// opens the template and keeps its validations, protection and formats.
func TestSubmissionLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed: apt-get install libreoffice-calc")
	}
	if testing.Short() {
		t.Skip("slow: runs LibreOffice")
	}
	fw := loadDefault(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "xinwu.xlsx")
	if err := os.WriteFile(in, writeTemplate(t, fw, "xinwu", templates.SubmissionOptions{}), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx", "--outdir", out, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	data, err := os.ReadFile(filepath.Join(out, "xinwu.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dvs, _ := f.GetDataValidations("数据填报")
	if len(dvs) != len(fw.Fields) {
		t.Errorf("%d validations after LibreOffice, want %d", len(dvs), len(fw.Fields))
	}
	prompts := 0
	for _, dv := range dvs {
		if dv.Prompt != nil && *dv.Prompt != "" {
			prompts++
		}
	}
	if prompts != len(fw.Fields) {
		t.Errorf("%d input messages after LibreOffice", prompts)
	}
	ws := zipPart(t, data, "xl/worksheets/sheet2.xml")
	if !regexp.MustCompile(`<sheetProtection[^>]*sheet="(1|true)"`).MatchString(ws) {
		t.Error("protection lost")
	}
	// LibreOffice writes very hidden as hidden: the sheet stays out of sight.
	if !regexp.MustCompile(`<sheet name="_meta"[^>]*state="(veryHidden|hidden)"`).MatchString(zipPart(t, data, "xl/workbook.xml")) {
		t.Error("_meta became visible")
	}
	sub, fs := evaluator.ReadWorkbookBytes("xinwu.xlsx", data)
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	pct := 0
	for _, r := range sub.Rows {
		if r.Value.PercentFormat != (fw.Field(r.Field).Type == evaluator.TypePercent) {
			t.Errorf("%s: percent format %v after LibreOffice", r.Field, r.Value.PercentFormat)
		}
		if r.Value.PercentFormat {
			pct++
		}
	}
	if pct == 0 || !bytes.Equal(sub.FrameworkSource, fw.Source) {
		t.Errorf("percent cells %d, source kept %v", pct, bytes.Equal(sub.FrameworkSource, fw.Source))
	}
}
