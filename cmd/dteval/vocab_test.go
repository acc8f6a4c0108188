package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// TestVocabulary renders the demo and checks that every concept of the one vocabulary
// (evaluator.Vocabulary) has one spelling across all outputs: the public PDF, a
// feedback PDF, the XLSX, the CSV, `dteval check` and the README. Before the table
// existed the same method had four names in three outputs (issue 14).
func TestVocabulary(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the demo")
	}
	dir := t.TempDir()
	if code, stderr := dteval(t, "demo", "-o", dir, "-date", "2026-03-01", "-q"); code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"check", filepath.Join("..", "..", "indicators", "wuxi-2025.yaml")}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("check exit %d: %s", code, stderr.String())
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "评估结果.csv"))
	if err != nil {
		t.Fatal(err)
	}
	feedback, _ := filepath.Glob(filepath.Join(dir, "feedback", "*.pdf"))
	if len(feedback) == 0 {
		t.Fatal("the demo wrote no feedback PDF")
	}
	outputs := map[string]string{
		"评估报告.pdf":     pdfText(t, filepath.Join(dir, "评估报告.pdf")),
		"feedback PDF": pdfText(t, feedback[0]),
		"评估结果.xlsx":    xlsxText(t, filepath.Join(dir, "评估结果.xlsx")),
		"评估结果.csv":     string(csv),
		"dteval check": stdout.String(),
		"README.md":    string(readme),
	}
	flat := map[string]string{}
	for name, s := range outputs {
		flat[name] = strings.Join(strings.Fields(s), "")
	}
	for _, term := range evaluator.Vocabulary {
		for _, bad := range term.Avoid {
			for name, s := range flat {
				if strings.Contains(s, bad) {
					i := strings.Index(s, bad)
					lo, hi := max(0, i-30), min(len(s), i+len(bad)+30)
					t.Errorf("%s says %q where the vocabulary says %q (%s): …%s…", name, bad, term.Name, term.Key, s[lo:hi])
				}
			}
		}
	}
	// The total is 综合得分 in every output that shows it.
	for _, name := range []string{"评估报告.pdf", "评估结果.xlsx", "评估结果.csv"} {
		if !strings.Contains(flat[name], evaluator.WordTotal) {
			t.Errorf("%s does not name the total %s", name, evaluator.WordTotal)
		}
	}
	// The units are 地区 (the demo's unit_noun default), never a bare 单位 column.
	x := outputs["评估结果.xlsx"]
	if strings.Contains(x, "<t>单位</t>") || strings.Contains(outputs["评估结果.csv"], ",单位,") {
		t.Errorf("a column is headed 单位: the framework calls its units %s", evaluator.DefaultUnitNoun)
	}
	// A change of score is signed (+6.54, −0.35), never an arrow; a change of rank is
	// ↑2 / ↓1 / 持平, never —.
	if regexp.MustCompile(`[↑↓]\d+\.\d`).MatchString(flat["评估报告.pdf"]) {
		t.Errorf("the PDF shows a change of score with an arrow")
	}
	if strings.Contains(x, `&quot;↑&quot;0.`) || strings.Contains(x, `"↑"0.`) {
		t.Errorf("the XLSX formats a change of score with an arrow")
	}
	if strings.Contains(x, `&quot;↓&quot;0;&quot;—&quot;`) || strings.Contains(x, `"↓"0;"—"`) {
		t.Errorf("the XLSX shows an unchanged rank as — (the vocabulary says %s)", evaluator.WordUnchanged)
	}
	// A value dropped as faulty is named WordFaulty in the feedback PDF's legend and the
	// XLSX's notes (the demo has no faulty value: the legend says what the mark means).
	for _, name := range []string{"feedback PDF", "评估结果.xlsx"} {
		if !strings.Contains(flat[name], strings.Join(strings.Fields(evaluator.WordFaulty), "")) {
			t.Errorf("%s does not explain %s", name, evaluator.WordFaulty)
		}
	}
	// Each method the demo uses is named as the vocabulary names it, in the PDF and XLSX.
	fw, err := evaluator.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, n := range fw.Leaves() {
		used[n.Normalize.Method] = true
	}
	for m := range used {
		for _, name := range []string{"评估报告.pdf", "评估结果.xlsx", "dteval check"} {
			if !strings.Contains(flat[name], evaluator.MethodName(m)) {
				t.Errorf("%s does not name method %s as %s", name, m, evaluator.MethodName(m))
			}
		}
	}
}
