package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// The annex of inputs lists every file that changes the numbers: the submissions,
// the consolidated table (once, not once per unit), the adjustments file and last
// year's results, each with its SHA-256; results.json carries the same list.
func TestInputsAnnexHasAdjustmentsAndPrevious(t *testing.T) {
	dir, res := demoResults(t)
	roles := map[string]evaluator.Input{}
	for _, in := range res.Inputs {
		if in.Role != "" {
			roles[in.Role] = in
		}
	}
	adj, prev := roles[evaluator.InputAdjustments], roles[evaluator.InputPrevious]
	if adj.SHA256 == "" || prev.SHA256 == "" || adj.File != "" || prev.File != "" {
		t.Fatalf("results.json inputs lack the adjustments or the previous results, or name files: %+v", res.Inputs)
	}
	pdf := strings.Join(strings.Fields(pdfText(t, filepath.Join(dir, "评估报告.pdf"))), "")
	xlsx := xlsxText(t, filepath.Join(dir, "评估结果.xlsx"))
	for _, in := range []evaluator.Input{adj, prev} {
		if !strings.Contains(pdf, in.SHA256[:16]) {
			t.Errorf("the PDF annex lacks %s (%s)", in.File, in.Role)
		}
		if !strings.Contains(xlsx, in.SHA256) {
			t.Errorf("the XLSX 说明 lacks %s (%s)", in.File, in.Role)
		}
	}
	for _, who := range []string{"核查核定调整", "上年评估结果"} {
		if !strings.Contains(pdf, who) || !strings.Contains(xlsx, who) {
			t.Errorf("the annex does not say %s", who)
		}
	}
	// the consolidated table is read for every unit but listed once
	tables, _ := filepath.Glob(filepath.Join("..", "..", "internal", "demo", "data", "2025", "*.csv"))
	for _, tb := range tables {
		name := filepath.Base(tb)
		if n := strings.Count(xlsx, "<t>"+name+"</t>"); n > 1 {
			t.Errorf("说明 lists %s %d times", name, n)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "results.json")); err != nil {
		t.Fatal(err)
	}
}

// demoResults renders the demo (fixed date) into a temporary folder and reads its
// results.json; tests that need the rendered demo skip in -short mode.
func demoResults(t *testing.T) (string, *evaluator.Results) {
	t.Helper()
	if testing.Short() {
		t.Skip("renders the demo")
	}
	dir := t.TempDir()
	if code, stderr := dteval(t, "demo", "-o", dir, "-date", "2026-03-01", "-q"); code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	res, err := evaluator.ReadResultsFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	return dir, res
}
