package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
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
	_, err = evaluator.RunPipeline(in)
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
