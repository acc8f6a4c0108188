package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// One verdict (issue 13): validate, score, run and serve judge a set of inputs the
// same way. These tests run validate through the CLI and run through the same
// reading and pipeline its command uses (scoreFiles: ReadFilesFor, RunPipeline),
// so that the whole refusal list can be compared, not the 20 lines run prints.

// dtevalOut runs the CLI in-process and returns its exit code, stdout and stderr.
func dtevalOut(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// validateJSON runs validate -format json and returns its exit code and findings.
func validateJSON(t *testing.T, args ...string) (int, evaluator.Findings) {
	t.Helper()
	code, out, errOut := dtevalOut(t, append([]string{"validate", "-format", "json"}, args...)...)
	var fs evaluator.Findings
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatalf("validate %v: exit %d, not JSON (%v)\n%s\n%s", args, code, err, out, errOut)
	}
	return code, fs
}

// runFindings is what run decides on the inputs: the findings it refuses with
// (nil when it would score), read and judged as the run command does.
func runFindings(t *testing.T, fwPath, adjust string, paths ...string) evaluator.Findings {
	t.Helper()
	fw, err := evaluator.LoadDefault()
	if fwPath != "" {
		fw, err = evaluator.Load(fwPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	in := evaluator.PipelineInput{Framework: fw, AdjustPath: adjust, Date: "2026-03-01"}
	in.Raws, in.ReadFindings = evaluator.ReadFilesFor(context.Background(), fw, paths, 2)
	_, err = evaluator.RunPipeline(context.Background(), in)
	var ie *evaluator.InputErrors
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ie):
		return ie.Findings
	}
	t.Fatalf("run %v: %v", paths, err)
	return nil
}

// errorKeys are the error findings as a sorted set of code, unit, file, sheet,
// cell and field.
func errorKeys(fs evaluator.Findings) []string {
	var out []string
	for _, f := range fs {
		if f.Severity == evaluator.SevError {
			out = append(out, strings.Join([]string{f.Code, f.Unit, f.File, f.Sheet, f.Cell, f.Field}, "|"))
		}
	}
	sort.Strings(out)
	return out
}

func codesOf(fs evaluator.Findings, sev string) []string {
	var out []string
	for _, f := range fs {
		if f.Severity == sev {
			out = append(out, f.Code)
		}
	}
	return out
}

var (
	wuxi2025  = filepath.Join("..", "..", "indicators", "wuxi-2025.yaml")
	examples  = filepath.Join("..", "..", "testdata", "examples", "2025")
	brokenDir = filepath.Join("..", "..", "testdata", "broken")
)

// copyFiles copies the named files of dir into a new folder and returns it.
func copyFiles(t *testing.T, dir string, names ...string) string {
	t.Helper()
	out := t.TempDir()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

var exampleBooks = []string{"binhu.xlsx", "huishan.xlsx", "jiangyin.xlsx", "liangxi.xlsx", "wxjkq.xlsx", "xinwu.xlsx", "xishan.xlsx", "yixing.xlsx"}

// TestIssue13Case2SourceMissing: validate -f F on the eight example workbooks
// without 统计局数据.csv used to say 可以提交 while run refused with 72
// value-required errors. Now both give the one source-missing finding, named after
// the statistics bureau, listing its fields.
func TestIssue13Case2SourceMissing(t *testing.T) {
	dir := copyFiles(t, examples, exampleBooks...)
	code, fs := validateJSON(t, "-f", wuxi2025, dir)
	if code != exitInput {
		t.Fatalf("validate exit %d, want 1: %v", code, fs)
	}
	if got := codesOf(fs, evaluator.SevError); len(got) != 1 || got[0] != evaluator.CodeSourceMissing {
		t.Fatalf("errors %v, want one source-missing", got)
	}
	var msg string
	for _, f := range fs {
		if f.Code == evaluator.CodeSourceMissing {
			msg = f.Message
		}
	}
	// The 2025 framework's nine from_table fields, all from 统计局.
	for _, want := range []string{"缺少统计局报送的数据", "以下字段由统计局汇总报送", "「常住人口」（population）", "「地区生产总值」（gdp）",
		"「限额以上单位通过公共网络实现的商品零售额」（online_retail_limit）", "共 9 项", "8 个地区", "请向统计局取得汇总表"} {
		if !strings.Contains(msg, want) {
			t.Errorf("source-missing lacks %q: %s", want, msg)
		}
	}
	rf := runFindings(t, wuxi2025, "", dir)
	if rf == nil {
		t.Fatal("run would score the set")
	}
	if a, b := strings.Join(errorKeys(fs), "\n"), strings.Join(errorKeys(rf), "\n"); a != b {
		t.Errorf("validate errors\n%s\nrun errors\n%s", a, b)
	}
	if code, _, errOut := dtevalOut(t, "run", "-f", wuxi2025, "-o", filepath.Join(t.TempDir(), "out"), dir); code != exitInput || !strings.Contains(errOut, "source-missing") {
		t.Errorf("run exit %d, want 1 with source-missing:\n%s", code, errOut)
	}
	// With the bureau's table the set is complete: both pass.
	dir = copyFiles(t, examples, append(exampleBooks, "统计局数据.csv")...)
	if code, fs := validateJSON(t, "-f", wuxi2025, dir); code != exitOK {
		t.Errorf("validate with the table: exit %d %v", code, errorKeys(fs))
	}
	if rf := runFindings(t, wuxi2025, "", dir); rf != nil {
		t.Errorf("run with the table refuses: %v", errorKeys(rf))
	}
}

// TestIssue13Case4StaleTemplate: last year's workbook validated with no -f used to
// be checked against its own 2024 framework and said 可以提交. It is checked
// against the embedded 2025 edition, as run checks it, and told so.
func TestIssue13Case4StaleTemplate(t *testing.T) {
	stale := filepath.Join(brokenDir, "stale-template.xlsx")
	def, err := evaluator.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	code, fs := validateJSON(t, stale)
	if code != exitInput || len(fs) != 1 || fs[0].Code != evaluator.CodeTemplateOutdated || fs[0].Severity != evaluator.SevError {
		t.Fatalf("exit %d findings %v, want one template-outdated error", code, fs)
	}
	f := fs[0]
	for _, want := range []string{"本表为 2024 年度填报表", "wuxi-dt 2024.1 版", "本次评估的是 2025 年度", "请下载 2025 年度填报表重新填写"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message lacks %q: %s", want, f.Message)
		}
	}
	if f.Framework == nil || *f.Framework != (evaluator.FindingFramework{ID: def.ID, Version: def.Version, Year: 2025}) {
		t.Errorf("framework %+v, want %s %s 2025", f.Framework, def.ID, def.Version)
	}
	if f.Unit != "jiangyin" || f.Sheet != evaluator.SheetMeta {
		t.Errorf("finding %+v", f)
	}
	// The text summary names the framework and the year.
	_, out, _ := dtevalOut(t, "validate", stale)
	if want := "共检查 1 个文件（按指标体系 wuxi-dt " + def.Version + " 版，2025 年度检查）：错误 1 项"; !strings.Contains(out, want) {
		t.Errorf("summary lacks %q:\n%s", want, out)
	}
	// run (the embedded default) refuses it with the same finding.
	rf := runFindings(t, "", "", stale)
	if !strings.Contains(strings.Join(errorKeys(rf), "\n"), "template-outdated|jiangyin|stale-template.xlsx|_meta||") {
		t.Errorf("run errors %v", errorKeys(rf))
	}
	// The unit is not scored: template-outdated concerns the whole submission.
	if !evaluator.SubmissionLevel(evaluator.CodeTemplateOutdated) {
		t.Error("template-outdated is not submission-level")
	}
}

// TestValidateNamesFramework: every validate answer names the framework and year,
// in the text summary and on each JSON finding, also when nothing is wrong or the
// file could not be read.
func TestValidateNamesFramework(t *testing.T) {
	for _, file := range []string{filepath.Join(examples, "jiangyin.xlsx"), filepath.Join(brokenDir, "not-a-workbook.xlsx")} {
		_, out, _ := dtevalOut(t, "validate", "-f", wuxi2025, file)
		if !strings.Contains(out, "（按指标体系 wuxi-dt ") || !strings.Contains(out, "，2025 年度检查）") {
			t.Errorf("%s: summary names no framework:\n%s", file, out)
		}
	}
	_, fs := validateJSON(t, "-f", wuxi2025, filepath.Join(brokenDir, "not-a-workbook.xlsx"), filepath.Join(brokenDir, "typo-number.xlsx"))
	if len(fs) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range fs {
		if f.Framework == nil || f.Framework.ID != "wuxi-dt" || f.Framework.Year != 2025 || f.Framework.Version == "" {
			t.Errorf("finding without its framework: %+v", f)
		}
	}
}

// errorSet is the error findings as code|unit|field, once each: what a lone input
// is judged on, to compare with the set run judges.
func errorSet(fs evaluator.Findings) map[string]bool {
	out := map[string]bool{}
	for _, f := range fs {
		if f.Severity == evaluator.SevError {
			out[f.Code+"|"+f.Unit+"|"+f.Field] = true
		}
	}
	return out
}

// TestOneVerdict runs validate (the CLI) and run (its reading and pipeline) over a
// table of input sets. A set (several files, a folder): validate exits 1 exactly
// when run refuses, with the same errors (code, unit, file, sheet, cell, field).
// A lone workbook or table is judged as what it is: validate's errors are among
// run's, and run adds only what a set lacks (units and departments not given).
func TestOneVerdict(t *testing.T) {
	// The broken tables of issue 13 case 3.
	stats, err := os.ReadFile(filepath.Join(examples, "统计局数据.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(stats), "\n")
	tables := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(tables, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ragged := write("统计局数据.csv", strings.Join(lines[:3], "")+"binhu,2025,75.2,2150.0\n"+strings.Join(lines[4:], ""))
	adjust := write("adjustments.yaml", "adjustments:\n  - unit: jiangyin\n    field: population\n    value: 178.6\n"+
		"    reason: 常住人口按万人计，核定为 178.6 万人\n    by: 无锡市数据局\n    date: 2026-02-20\n")

	others := exampleBooks[:0:0]
	for _, b := range exampleBooks {
		if b != "jiangyin.xlsx" {
			others = append(others, b)
		}
	}
	all := copyFiles(t, examples, append(exampleBooks, "统计局数据.csv")...)
	books := copyFiles(t, examples, exampleBooks...)
	in := func(dir string, names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, filepath.Join(dir, n))
		}
		return out
	}
	withBroken := func(broken string) string {
		dir := copyFiles(t, examples, append(others, "统计局数据.csv")...)
		b, err := os.ReadFile(filepath.Join(brokenDir, broken))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, broken), b, 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	dup := copyFiles(t, examples, append(exampleBooks, "统计局数据.csv")...)
	b, _ := os.ReadFile(filepath.Join(examples, "jiangyin.xlsx"))
	if err := os.WriteFile(filepath.Join(dup, "jiangyin-final.xlsx"), b, 0o644); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name   string
		fw     string // -f ("" : none, run uses the embedded default)
		adjust string
		paths  []string
		set    bool // several files or a folder
		refuse bool // run refuses (hand-checked)
		codes  string
	}{
		{name: "folder without the table", fw: wuxi2025, paths: []string{books}, set: true, refuse: true, codes: "source-missing"},
		{name: "folder with the table", fw: wuxi2025, paths: []string{all}, set: true},
		{name: "files with the table, no -f", paths: in(all, append(exampleBooks, "统计局数据.csv")...), set: true},
		{name: "files without the table, no -f", paths: in(books, exampleBooks...), set: true, refuse: true, codes: "source-missing"},
		{name: "broken table", fw: wuxi2025, paths: append(in(books, exampleBooks...), ragged), set: true, refuse: true, codes: "file-unreadable source-missing"},
		{name: "stale workbook, no -f", paths: []string{withBroken("stale-template.xlsx")}, set: true, refuse: true, codes: "template-outdated unit-missing"},
		{name: "stale workbook", fw: wuxi2025, paths: []string{withBroken("stale-template.xlsx")}, set: true, refuse: true, codes: "template-outdated unit-missing"},
		{name: "out of range", fw: wuxi2025, paths: []string{withBroken("wrong-unit.xlsx")}, set: true, refuse: true, codes: "field-conflict value-out-of-range"},
		{name: "adjustment clears the error", fw: wuxi2025, adjust: adjust, paths: []string{withBroken("wrong-unit.xlsx")}, set: true},
		{name: "typo", fw: wuxi2025, adjust: adjust, paths: []string{withBroken("typo-number.xlsx")}, set: true, refuse: true, codes: "value-not-number"},
		{name: "duplicate unit", fw: wuxi2025, paths: []string{dup}, set: true, refuse: true, codes: "unit-duplicate"},
		{name: "lone workbook", fw: wuxi2025, paths: in(all, "jiangyin.xlsx"), refuse: true},
		{name: "lone workbook, no -f", paths: in(all, "jiangyin.xlsx"), refuse: true},
		{name: "lone broken workbook", fw: wuxi2025, paths: []string{filepath.Join(brokenDir, "typo-number.xlsx")}, refuse: true, codes: "value-not-number"},
		{name: "lone stale workbook", paths: []string{filepath.Join(brokenDir, "stale-template.xlsx")}, refuse: true, codes: "template-outdated"},
		{name: "lone table", fw: wuxi2025, paths: in(all, "统计局数据.csv"), refuse: true},
		{name: "lone broken table", fw: wuxi2025, paths: []string{ragged}, refuse: true, codes: "file-unreadable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := []string{}
			if c.fw != "" {
				args = append(args, "-f", c.fw)
			}
			if c.adjust != "" {
				args = append(args, "-adjust", c.adjust)
			}
			code, vf := validateJSON(t, append(args, c.paths...)...)
			rf := runFindings(t, c.fw, c.adjust, c.paths...)
			if (rf != nil) != c.refuse {
				t.Fatalf("run refuses: %v, want %v: %v", rf != nil, c.refuse, errorKeys(rf))
			}
			var codes []string
			for _, k := range errorKeys(vf) {
				code, _, _ := strings.Cut(k, "|")
				if len(codes) == 0 || codes[len(codes)-1] != code {
					codes = append(codes, code)
				}
			}
			if got := strings.Join(codes, " "); got != c.codes {
				t.Errorf("validate error codes %q, want %q", got, c.codes)
			}
			if c.set {
				if want := map[bool]int{false: exitOK, true: exitInput}[c.refuse]; code != want {
					t.Errorf("validate exit %d, want %d", code, want)
				}
				if a, b := strings.Join(errorKeys(vf), "\n"), strings.Join(errorKeys(rf), "\n"); a != b {
					t.Errorf("validate errors\n%s\nrun errors\n%s", a, b)
				}
				return
			}
			// A lone input: what validate finds, run finds too; run adds only
			// what a set lacks.
			rs := errorSet(rf)
			for k := range errorSet(vf) {
				if !rs[k] {
					t.Errorf("validate error %s not among run's", k)
				}
			}
			vs := errorSet(vf)
			for k := range rs {
				if code, _, _ := strings.Cut(k, "|"); !vs[k] && code != evaluator.CodeUnitMissing && code != evaluator.CodeSourceMissing {
					t.Errorf("run error %s on a lone input is not about completeness", k)
				}
			}
		})
	}
}

// TestRunRefusesAsValidate: the run command itself refuses a set validate
// refuses, and names the counts and where the full list is when it scores.
func TestRunRefusesAsValidate(t *testing.T) {
	books := copyFiles(t, examples, exampleBooks...)
	code, _, errOut := dtevalOut(t, "run", "-f", wuxi2025, "-o", filepath.Join(t.TempDir(), "out"), books)
	if code != exitInput || !strings.Contains(errOut, "[source-missing]") || !strings.Contains(errOut, "提交的数据中有 1 项错误") {
		t.Errorf("run exit %d:\n%s", code, errOut)
	}
	out := filepath.Join(t.TempDir(), "out")
	code, _, errOut = dtevalOut(t, "run", "-f", wuxi2025, "-allow-errors", "-o", out, books)
	if code != exitOK || !strings.Contains(errOut, "数据检查：错误 1 项，警告 ") || !strings.Contains(errOut, "完整清单见 "+filepath.Join(out, "internal", "findings.json")) {
		t.Errorf("run -allow-errors exit %d:\n%s", code, errOut)
	}
}

// TestIssue13Case3LoneTable: the statistics bureau validating its own table used
// to be told 未发现问题 for a table lacking a required column, a header with no
// rows, an empty required cell, a row of 5 of 11 columns, or an unterminated quote
// that swallowed the rows after it. Each is now an error saying where.
func TestIssue13Case3LoneTable(t *testing.T) {
	stats, err := os.ReadFile(filepath.Join(examples, "统计局数据.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(stats), "\n") // header, jiangyin, yixing, …
	if !strings.HasPrefix(lines[0], "\ufeffunit,year,population,gdp,") || !strings.HasPrefix(lines[2], "yixing,2025,128.9,") {
		t.Fatalf("the example table changed: %q %q", lines[0], lines[2])
	}
	dropGDP := func(l string) string {
		f := strings.Split(l, ",")
		return strings.Join(append(f[:3:3], f[4:]...), ",")
	}
	var noGDP strings.Builder
	for _, l := range lines {
		if l != "" {
			noGDP.WriteString(dropGDP(l))
		}
	}
	rest := strings.Join(lines[3:], "")
	cases := []struct{ name, data, code, want string }{
		{"no column", noGDP.String(), evaluator.CodeFieldMissing, "汇总表缺少「地区生产总值」列（列名 gdp）"},
		{"header only", lines[0], evaluator.CodeUnitMissing, "汇总表只有表头，没有任何单位的数据行"},
		{"empty required cell", lines[0] + lines[1] + strings.Replace(lines[2], ",128.9,", ",,", 1) + rest, evaluator.CodeValueRequired, "C3「常住人口」为必填项，尚未填写"},
		{"5 of 11 columns", lines[0] + lines[1] + "yixing,2025,128.9,2281.6,78\n" + rest, evaluator.CodeFileUnreadable, "第 3 行只有 5 列，表头有 11 列"},
		{"unterminated quote", lines[0] + lines[1] + strings.Replace(lines[2], ",128.9,", ",\"128.9,", 1) + rest, evaluator.CodeFileUnreadable, "第 3 行的引号没有配对"},
		{"a unit's row missing", lines[0] + lines[1] + rest, evaluator.CodeUnitMissing, "汇总表中没有「宜兴市」（yixing）的行"},
	}
	for _, c := range cases {
		p := filepath.Join(t.TempDir(), "统计局数据.csv")
		if err := os.WriteFile(p, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		code, fs := validateJSON(t, "-f", wuxi2025, p)
		if code != exitInput || len(fs) != 1 || fs[0].Code != c.code || !strings.Contains(fs[0].Message, c.want) {
			t.Errorf("%s: exit %d findings %v; want one %s saying %q", c.name, code, fs, c.code, c.want)
		}
	}
}

// `check` on a file that is no framework says what the file is and what check
// expects (issue 13, case 8: an .xlsx used to get 文件不是 UTF-8 编码).
func TestCheckNotAFramework(t *testing.T) {
	dir := t.TempDir()
	utf16 := filepath.Join(dir, "framework-utf16.yaml")
	if err := os.WriteFile(utf16, []byte{0xFF, 0xFE, 'i', 0, 'd', 0, ':', 0, ' ', 0, 'x', 0, '\n', 0}, 0o644); err != nil {
		t.Fatal(err)
	}
	gbk := filepath.Join(dir, "gbk.yaml")
	if err := os.WriteFile(gbk, []byte("title: \xd6\xb8\xb1\xea\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, says, hint string }{
		{"../../testdata/examples/2025/jiangyin.xlsx", "这是 Excel 工作簿（.xlsx）", "dteval check indicators/wuxi-2025.yaml"},
		{"../../testdata/hostile/pdf-renamed.xlsx", "这是 PDF 文件", "dteval validate"},
		{"../../testdata/hostile/xls-renamed.xlsx", "这是旧版 Office 文件", "dteval check indicators/wuxi-2025.yaml"},
		{"../../testdata/examples/2025/统计局数据.csv", "一段文字「unit,year,", "dteval check indicators/wuxi-2025.yaml"},
		{utf16, "这是 UTF-16 编码的文本文件", ""},
		{gbk, "文件不是 UTF-8 编码（可能是 GBK）", ""},
		{filepath.Join(dir, "nothere.yaml"), "无法读取指标体系文件", ""},
	} {
		code, stderr := dteval(t, "check", c.path)
		if code != 2 || !strings.Contains(stderr, c.says) || !strings.Contains(stderr, c.hint) {
			t.Errorf("check %s: exit %d\n%s\nwant %q and %q", c.path, code, stderr, c.says, c.hint)
		}
		if strings.Contains(stderr, "unit,year,population,gdp,employed") {
			t.Errorf("check %s quotes the whole file: %s", c.path, stderr)
		}
	}
}

// TestRowMissing: the statistics bureau's table is in the set but has no row for
// 宜兴市, whose workbook came. That is one row-missing error on the table, naming
// the unit and the table's fields, not nine value-required errors at cells of
// 宜兴市's workbook (its clerk has nothing to fix); run refuses with the same error.
// It is an absence, not a fault: with -allow-errors 宜兴市 is scored on what it sent
// (not 未提交); adjustments giving all nine values clear it to a warning.
func TestRowMissing(t *testing.T) {
	dir := copyFiles(t, examples, append(exampleBooks, "统计局数据.csv")...)
	table := filepath.Join(dir, "统计局数据.csv")
	b, err := os.ReadFile(table)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	var yixing []string
	lines := strings.SplitAfter(string(b), "\n")
	header := strings.Split(strings.TrimSpace(strings.TrimPrefix(lines[0], "\ufeff")), ",")
	for _, l := range lines {
		if strings.HasPrefix(l, "yixing,") {
			yixing = strings.Split(strings.TrimSpace(l), ",")
			continue
		}
		kept = append(kept, l)
	}
	if yixing == nil {
		t.Fatal("no yixing row in the example table")
	}
	os.WriteFile(table, []byte(strings.Join(kept, "")), 0o644)

	code, fs := validateJSON(t, "-f", wuxi2025, dir)
	if code != exitInput {
		t.Fatalf("validate exit %d, want 1", code)
	}
	var errs evaluator.Findings
	for _, f := range fs {
		if f.Severity == evaluator.SevError {
			errs = append(errs, f)
		}
	}
	if len(errs) != 1 || errs[0].Code != evaluator.CodeRowMissing || errs[0].Unit != "yixing" || errs[0].File != "统计局数据.csv" {
		t.Fatalf("errors %v, want one row-missing for yixing on 统计局数据.csv", errorKeys(fs))
	}
	for _, want := range []string{"汇总表中没有「宜兴市」（yixing）的行", "「常住人口」、", "等 9 项", "unit 列填 yixing", "如由宜兴市自行填写"} {
		if !strings.Contains(errs[0].Message, want) {
			t.Errorf("row-missing lacks %q: %s", want, errs[0].Message)
		}
	}
	rf := runFindings(t, wuxi2025, "", dir)
	if a, b := strings.Join(errorKeys(fs), "\n"), strings.Join(errorKeys(rf), "\n"); a != b {
		t.Errorf("validate errors\n%s\nrun errors\n%s", a, b)
	}

	// -allow-errors: 宜兴市 is scored (its table fields missing), not excluded.
	out := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := dtevalOut(t, "score", "-f", wuxi2025, "-allow-errors", "-date", "2026-03-01", "-o", out, dir); code != exitOK {
		t.Fatalf("score -allow-errors exit %d:\n%s", code, errOut)
	}
	res, err := evaluator.ReadResultsFile(out) // score -o names the results.json itself
	if err != nil {
		t.Fatal(err)
	}
	scored := false
	for _, u := range res.Units {
		scored = scored || u.ID == "yixing" && u.Rank > 0
	}
	if !scored || slices.Contains(res.NotSubmitted, "yixing") {
		t.Errorf("yixing not scored with -allow-errors (not submitted: %v)", res.NotSubmitted)
	}

	// The bureau's audited values for all nine fields stand in for the row.
	var adj strings.Builder
	adj.WriteString("adjustments:\n")
	for i, col := range header {
		if i < 2 {
			continue // unit, year
		}
		fmt.Fprintf(&adj, "  - unit: yixing\n    field: %s\n    value: %s\n    reason: 统计局核定\n", col, yixing[i])
	}
	adjust := filepath.Join(t.TempDir(), "adjustments.yaml")
	os.WriteFile(adjust, []byte(adj.String()), 0o644)
	code, fs = validateJSON(t, "-f", wuxi2025, "-adjust", adjust, dir)
	if code != exitOK {
		t.Fatalf("validate with the adjustments: exit %d %v", code, errorKeys(fs))
	}
	warned := false
	for _, f := range fs {
		warned = warned || f.Code == evaluator.CodeRowMissing && strings.Contains(f.Message, "已由核查核减补齐")
	}
	if !warned {
		t.Errorf("no row-missing warning saying the adjustments filled the row: %v", fs)
	}
}
