package evaluator

import (
	"strings"
	"testing"
)

const lintSrc = `schema: dteval/framework/v1
id: t
title: 测试
year: 2025
units:
  - {id: a, name: 甲区, group: 区}
  - {id: b, name: 乙区, group: 区}
  - {id: c, name: 丙区, group: 区}
fields:
  - {id: x, name: X, type: number}
  - {id: r1, name: 无分母比率, type: percent, help: 按时办结的比例}
  - {id: r2, name: 有分母比率, type: percent, help: 按时办结件数 / 办结件数 × 100}
  - {id: g, name: 机制, type: grade, grades: [A, B, D], help: "A：已建立并运行；B：已建立；D：未建立"}
  - {id: g2, name: 机制2, type: grade, grades: [A, D], help: "A=已建立；D=未建立"}
index:
  id: dti
  name: 指数
  children:
    - {id: x, name: X指标, normalize: minmax}
    - {id: r1, name: R1, normalize: {method: goalpost, lo: 80, hi: 100}}
    - {id: r2, name: R2, normalize: {method: goalpost, lo: 80, hi: 100}}
    - id: g
      name: 机制指标
      normalize: {method: grade, scores: {A: 100, B: 70, D: 40}}
    - id: g2
      name: 机制指标2
      normalize: {method: grade, scores: {A: 100, D: 0}}
`

func TestLint(t *testing.T) {
	fw, err := LoadBytes("t.yaml", []byte(lintSrc))
	if err != nil {
		t.Fatal(err)
	}
	ws := Lint(fw, nil)
	var got []string
	for _, w := range ws {
		got = append(got, w.Error())
	}
	all := strings.Join(got, "\n")
	want := []string{
		"t.yaml:19:37: 指标「X指标」用 minmax", // at the normalize value of x
		"但只有 3 个地区参评",
		"t.yaml:11:5: 字段「无分母比率」是比率，但 help 没有写明分母",
		"t.yaml:24:58: 指标「机制指标」的等级 D 表示“未建立”，却得 40.00 分", // at the D of scores
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("warnings lack %q:\n%s", w, all)
		}
	}
	if len(ws) != 3 {
		t.Errorf("%d warnings, want 3 (minmax, r1, g's D):\n%s", len(ws), all)
	}
	for _, bad := range []string{"有分母比率", "机制指标2"} {
		if strings.Contains(all, bad) {
			t.Errorf("a warning about %s, which is fine:\n%s", bad, all)
		}
	}
}

// TestLintFlat: with last year's results, an indicator on which every unit scores
// the same once last year's fields are re-scored under this framework is flagged;
// one that tells them apart is not.
func TestLintFlat(t *testing.T) {
	src := strings.Replace(lintSrc, "{id: x, name: X指标, normalize: minmax}", "{id: x, name: X指标, normalize: {method: goalpost, lo: 0, hi: 50}}", 1)
	fw, err := LoadBytes("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	prev := &Results{Year: 2024, Units: []UnitResult{
		{ID: "a", Fields: map[string]any{"x": 60.0, "r1": 99.0, "r2": 85.0, "g": "A", "g2": "A"}},
		{ID: "b", Fields: map[string]any{"x": 55.0, "r1": 98.0, "r2": 95.0, "g": "B", "g2": "A"}},
		{ID: "c", Fields: map[string]any{"x": 50.0, "r1": nil, "r2": 90.0, "g": "A", "g2": "A"}},
	}}
	var flat []string
	for _, w := range Lint(fw, prev) {
		if strings.Contains(w.Msg, "分不出高低") {
			flat = append(flat, w.Error())
		}
	}
	all := strings.Join(flat, "\n")
	// x: 60, 55, 50 all reach hi 50 → 100 each; g2: A for all → 100; r1 (99, 98; c
	// missing) → 95 and 90: not flat; r2 and g differ.
	if len(flat) != 2 || !strings.Contains(all, "t.yaml:19:37: 按本指标体系重算上年（2024 年）数据，有数值的 3 个地区在指标「X指标」上都得满分（100 分）") ||
		!strings.Contains(all, "「机制指标2」上都得满分") {
		t.Errorf("flat warnings:\n%s\nwant X指标 and 机制指标2", all)
	}
}

func TestGradeMeaning(t *testing.T) {
	for _, c := range []struct{ help, label, want string }{
		{"A：已建立并运行；B：已建立；D：未建立", "D", "未建立"},
		{"A=已建立；D=未建立（含在建）", "D", "未建立"},
		{"等级 C 为未开展", "C", "未开展"},
		{"AD 级", "D", ""},
		{"无说明", "D", ""},
	} {
		if got := gradeMeaning(c.help, c.label); got != c.want {
			t.Errorf("gradeMeaning(%q, %q) = %q, want %q", c.help, c.label, got, c.want)
		}
	}
}
