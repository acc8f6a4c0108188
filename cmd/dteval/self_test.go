package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// The self-assessment demo: the full output set (no feedback PDFs: the unit is the
// issuer), a report that is not a ranking, byte-identical from run to run, and the
// reproduction from internal/inputs/ with dteval run giving the same results.json.
func TestSelfAssessmentDemo(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "d")
	if code, stderr := dteval(t, "demo", "-framework", "wuxi-self-2025", "-o", out, "-date", "2026-03-01", "-q"); code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, stderr)
	}
	for _, f := range []string{"评估报告.pdf", "评估结果.xlsx", "评估结果.csv", "results.json", "internal/findings.json", "internal/inputs/wuxi-self-2025.yaml"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "feedback")); err == nil {
		t.Error("a self-assessment has no feedback PDFs")
	}
	if b, err := os.ReadFile(filepath.Join(out, "internal", "inputs.json")); err != nil || !json.Valid(b) || bytes.Contains(b, []byte("indicator_id")) {
		t.Errorf("internal/inputs.json is not the inputs list: %v %.80s", err, b)
	}
	if csv, _ := os.ReadFile(filepath.Join(out, "评估结果.csv")); !bytes.Contains(csv, []byte("indicator_id")) {
		t.Error("评估结果.csv is not the self-assessment's table")
	}
	res, err := evaluator.ReadResultsFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	u := res.Units[0]
	if res.Kind != evaluator.FrameworkSelf || len(res.Units) != 1 || len(u.Series) < 3 {
		t.Fatalf("kind %q, %d units, %d years", res.Kind, len(res.Units), len(u.Series))
	}
	ind := u.Indicators["g5_density"]
	if ind.Baseline == nil || ind.Target == nil || ind.Status == "" || len(ind.Series) != 5 {
		t.Errorf("g5_density = %+v", ind)
	}
	text := pdfText(t, filepath.Join(out, "评估报告.pdf"))
	for _, want := range []string{"本级评估", "总体完成度", "基期值", "目标值", "完成度", "已完成", "进度滞后", "三、进度滞后的指标", "示例（未经核实）", "示例数据", "无数据"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	for _, avoid := range []string{"综合排名", "排名稳定性", "组内排名"} {
		if strings.Contains(text, avoid) {
			t.Errorf("PDF of a self-assessment says %q", avoid)
		}
	}
	xl := xlsxText(t, filepath.Join(out, "评估结果.xlsx"))
	for _, want := range []string{"总体情况", "指标进度", "逐年数据", "进度滞后", "示例数据", "示例（未经核实）", "<lineChart>"} {
		if !strings.Contains(xl, want) {
			t.Errorf("XLSX lacks %q", want)
		}
	}
	// again: byte-identical
	out2 := filepath.Join(dir, "d2")
	if code, stderr := dteval(t, "demo", "-framework", "wuxi-self-2025", "-o", out2, "-date", "2026-03-01", "-q"); code != 0 {
		t.Fatalf("demo 2: exit %d\n%s", code, stderr)
	}
	a, b := tree(t, out), tree(t, out2)
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	// reproduced with dteval run from internal/inputs/
	out3 := filepath.Join(dir, "d3")
	if code, stderr := dteval(t, "run", "-f", filepath.Join(out, "internal", "inputs", "wuxi-self-2025.yaml"), "-o", out3, "-date", "2026-03-01", "-q", "-sample",
		filepath.Join(out, "internal", "inputs", "2025")); code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	if !bytes.Equal(a["results.json"], tree(t, out3)["results.json"]) {
		t.Error("dteval run on internal/inputs/ gives another results.json")
	}
}

// A three-year trend: the towns demo scores 2023, 2024 and 2025 and shows each
// unit's score over the years on its page and in the XLSX; dteval report -history
// gives the same from the earlier results.json files.
func TestHistoryTrend(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "jt")
	if code, stderr := dteval(t, "demo", "-framework", "jiangyin-towns-2025", "-o", out, "-date", "2026-03-01", "-q"); code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, stderr)
	}
	text := pdfText(t, filepath.Join(out, "评估报告.pdf"))
	if !strings.Contains(text, "历年综合得分：2023年") || !strings.Contains(text, "2024年") {
		t.Error("the unit pages lack the three-year trend")
	}
	if xl := xlsxText(t, filepath.Join(out, "评估结果.xlsx")); !strings.Contains(xl, "历年得分") || !strings.Contains(xl, "2023年综合得分") {
		t.Error("the XLSX lacks the sheet 历年得分")
	}
	rep := filepath.Join(dir, "rep")
	fw := filepath.Join(out, "internal", "inputs", "jiangyin-towns-2025.yaml")
	if code, stderr := dteval(t, "report", "-f", fw, "-o", rep, "-date", "2026-03-01", "-q", "-sample",
		"-history", filepath.Join(out, "internal", "inputs"), filepath.Join(out, "results.json")); code != 0 {
		t.Fatalf("report -history: exit %d\n%s", code, stderr)
	}
	a, b := tree(t, out), tree(t, rep)
	for _, name := range []string{"评估报告.pdf", "评估结果.xlsx"} {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s: report -history differs from the demo", name)
		}
	}
	if code, stderr := dteval(t, "report", "-f", fw, "-o", filepath.Join(dir, "bad"), "-history", filepath.Join(out, "results.json"), filepath.Join(out, "results.json")); code != 2 || !strings.Contains(stderr, "不是文件夹") {
		t.Errorf("-history FILE: exit %d\n%s", code, stderr)
	}
}
