package evaluator

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestEveryFindingCodeMessage walks every finding code of FindingCodes: an input
// here produces it — validation (validateCases), reading and batch checks (the
// fixtures of testdata), scoring — and each of its messages is written well
// (messageFaults: nothing said twice, no English, no contradiction), says what to
// do (请 or 无需处理), and names the units by the framework's unit_noun, never 单位.
// A code without an input fails: a new code needs one here.
func TestEveryFindingCodeMessage(t *testing.T) {
	// Each code's messages come from the first group of inputs that gives it
	// (later groups are fixtures whose findings are there for other codes).
	produced := map[string]Findings{}
	add := func(fs Findings) {
		group := map[string]Findings{}
		for _, f := range fs {
			group[f.Code] = append(group[f.Code], f)
		}
		for code, gfs := range group {
			if produced[code] == nil {
				produced[code] = gfs
			}
		}
	}

	// Validation: the cell, field, template, unit and batch codes.
	fw := valFramework(t)
	var all Findings
	for _, c := range validateCases(fw) {
		_, fs, err := ValidateAll(context.Background(), fw, c.raws(), c.opt)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, fs...)
	}
	add(all)

	// Reading and completeness: the broken fixtures (a file that is no workbook, a
	// field twice, last year's template …), a file that does not exist, a folder
	// named as a workbook, the example workbooks without the statistics bureau's
	// table (source-missing).
	broken, _ := filepath.Glob("../testdata/broken/*.xlsx")
	examples, _ := filepath.Glob("../testdata/examples/2025/*.xlsx")
	if len(broken) == 0 || len(examples) == 0 {
		t.Fatal("no fixtures in ../testdata/broken or ../testdata/examples/2025")
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "folder.xlsx"), 0o755); err != nil {
		t.Fatal(err)
	}
	// The statistics bureau's table without 宜兴市's row, beside every workbook
	// (row-missing).
	set := filepath.Join(dir, "set")
	if err := os.Mkdir(set, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range append(examples, "../testdata/examples/2025/统计局数据.csv") {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(p, ".csv") {
			var kept []string
			for _, l := range strings.SplitAfter(string(b), "\n") {
				if !strings.HasPrefix(l, "yixing,") {
					kept = append(kept, l)
				}
			}
			b = []byte(strings.Join(kept, ""))
		}
		if err := os.WriteFile(filepath.Join(set, filepath.Base(p)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, paths := range [][]string{broken, examples, {set}, {filepath.Join(dir, "nowhere.xlsx")}, {filepath.Join(dir, "folder.xlsx")}} {
		_, fs, err := ValidateFiles(context.Background(), nil, paths, ValidateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		add(fs)
	}

	// Scoring: values that divide by zero, are not finite, a grade the mapping
	// lacks, an indicator where every unit has the same value, a score outside
	// 0–100 under normalize none, a group mean with nothing to impute from, and a
	// 0 under a geometric group.
	fields := numFields("n", "d", "x") + "  - {id: lvl, name: 等级, type: grade, grades: [A, B, C]}\n"
	sfw := testFramework(t, threeUnits, fields, "", `
    - {id: ratio, name: 比值, value: n / d, normalize: minmax}
    - {id: lvl, name: 等级, normalize: {method: grade, scores: {A: 100, B: 80, C: 60}}}
    - {id: same, name: 相同, value: x, normalize: minmax}
    - {id: raw, name: 原值, value: n, normalize: none}
    - {id: gm, name: 组均值, value: d, normalize: minmax, missing: group-mean}
`)
	res := mustScore(t, sfw, testDataset(map[string]map[string]any{
		"a": {"n": 1, "d": 0, "x": 5, "lvl": "A"},
		"b": {"n": 150, "d": 2, "x": 5, "lvl": "D"},
		"c": {"n": math.Inf(1), "d": "", "x": 5, "lvl": "B"},
	}), ScoreOptions{})
	add(res.AllFindings)
	res = mustScore(t, hdiFramework(t, "0"), testDataset(map[string]map[string]any{
		"a": {"le": 72.5, "edu": 12, "gni": 10000},
		"b": {"le": 20, "edu": 15, "gni": 75000},
	}), ScoreOptions{})
	add(res.AllFindings)

	var codes []string
	for _, c := range FindingCodes {
		codes = append(codes, c.Code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		fs := produced[code]
		if len(fs) == 0 {
			t.Errorf("%s: no input of this test produces it; add one", code)
			continue
		}
		seen := map[string]bool{}
		for _, f := range fs {
			if seen[f.Message] {
				continue
			}
			seen[f.Message] = true
			for _, fault := range messageFaults(codesOut.ReplaceAllString(reFileName.ReplaceAllString(f.Message, "文件"), "")) {
				t.Errorf("%s: %s: %q", code, fault, f.Message)
			}
			if !strings.Contains(f.Message, "请") && !strings.Contains(f.Message, "无需处理") {
				t.Errorf("%s: says nothing about what to do: %q", code, f.Message)
			}
			if strings.Contains(f.Message, "单位") && !unitWordOK(f.Message) {
				t.Errorf("%s: says 单位 where the framework's unit noun belongs: %q", code, f.Message)
			}
		}
	}
}

// codesOut removes what a message may quote that is Latin but no English: ids in
// full-width parentheses (（population）), a framework id and version
// (wuxi-dt 2024.1), a file format (.xlsx), a table's unit column and the id to
// type in it, and the framework's method names the
// bureau writes in its YAML (goalpost, minmax).
var codesOut = regexp.MustCompile(`（[a-z0-9_-]+）|[a-z0-9]+-[a-z0-9-]+|(^|[\s（])\.(xlsx|csv|yaml|json)\b|\bunit 列(填 [a-z0-9_-]+)?|\b(` + strings.Join(normMethods, "|") + `)\b`)

// unitWordOK tells whether every 单位 of msg is part of a word that is not the
// evaluated units' noun: 计量单位 and （单位：项） (a field's unit of measure),
// 填报单位 (the submitting body named in a workbook's header), 单位编码 (the id
// column), or inside a quoted name (「限额以上单位零售额」).
func unitWordOK(msg string) bool {
	msg = reQuoted.ReplaceAllString(msg, "「」")
	for _, w := range []string{"计量单位", "填报单位", "单位编码", "发布单位", "（单位："} {
		msg = strings.ReplaceAll(msg, w, "")
	}
	return !strings.Contains(msg, "单位")
}
