package evaluator

import (
	"encoding/json"
	"strings"
	"testing"
)

// fourUnits: three 区 and one 功能区 (a group of one).
const fourUnits = `  - {id: a, name: 甲区, group: 区}
  - {id: b, name: 乙区, group: 区}
  - {id: c, name: 丙区, group: 区}
  - {id: d, name: 丁开发区, group: 功能区}
`

// TestScoreRankByTotalDefault: without rank_by the units are ranked by their total
// (实得分 = index + bonus − penalty), ties compared at 2 decimals share the minimum rank.
func TestScoreRankByTotalDefault(t *testing.T) {
	fw := testFramework(t, fourUnits, numFields("x", "p", "q"), "  sensitivity: {runs: 20, weight_spread: 0.2, seed: 3}\n", `
    - {id: x, name: X, normalize: none}
    - id: bonus
      name: 加分
      kind: bonus
      cap: 3
      children:
        - {id: b1, name: B1, value: p, points_each: 0.5, cap: 2}
    - id: penalty
      name: 扣分
      kind: penalty
      cap: 5
      children:
        - {id: p1, name: P1, value: q, points_each: 1, cap: 5}
`)
	if fw.Method.RankBy != RankByTotal {
		t.Fatalf("default rank_by = %q, want total", fw.Method.RankBy)
	}
	ds := testDataset(map[string]map[string]any{
		"a": {"x": 84.5, "p": 0, "q": 0},    // total 84.5
		"b": {"x": 83, "p": 3, "q": 0},      // bonus 1.5 → 84.5: ties with a after bonus
		"c": {"x": 86, "p": 0, "q": 2},      // index highest, penalty 2 → 84
		"d": {"x": 80.004, "p": 10, "q": 0}, // bonus capped at 2 → 82.004
	})
	res := mustScore(t, fw, ds, ScoreOptions{})
	a, b, c, d := unitRes(t, res, "a"), unitRes(t, res, "b"), unitRes(t, res, "c"), unitRes(t, res, "d")
	checkNear(t, "b.score", b.Score, 84.5)
	checkNear(t, "c.score", c.Score, 84)
	checkNear(t, "d.score", d.Score, 82.004)
	// by total: a 84.5 and b 84.5 share 1, c 84 is 3, d 82.00 is 4
	if a.Rank != 1 || b.Rank != 1 || c.Rank != 3 || d.Rank != 4 {
		t.Errorf("ranks a %d b %d c %d d %d, want 1 1 3 4 (by total 84.5, 84.5, 84, 82.004)", a.Rank, b.Rank, c.Rank, d.Rank)
	}
	// within 区 the same order; 功能区 has d alone: no group rank
	if a.GroupRank != 1 || b.GroupRank != 1 || c.GroupRank != 3 || d.GroupRank != 0 {
		t.Errorf("group ranks a %d b %d c %d d %d, want 1 1 3 0", a.GroupRank, b.GroupRank, c.GroupRank, d.GroupRank)
	}
	// the index node keeps its own ranks: c 86 first, a 84.5, b 83, d 80.004
	if c.Nodes["dti"].Rank != 1 || a.Nodes["dti"].Rank != 2 || b.Nodes["dti"].Rank != 3 || d.Nodes["dti"].Rank != 4 {
		t.Errorf("index node ranks c %d a %d b %d d %d, want 1 2 3 4", c.Nodes["dti"].Rank, a.Nodes["dti"].Rank, b.Nodes["dti"].Rank, d.Nodes["dti"].Rank)
	}
	// one indicator: the weights do not move the totals, so every run ranks as published
	if c.Sensitivity == nil || c.Sensitivity.NominalRank != 3 || c.Sensitivity.P05 != 3 || c.Sensitivity.P95 != 3 {
		t.Errorf("sensitivity c %+v, want the nominal rank 3 in every run", c.Sensitivity)
	}
	if a.Sensitivity.NominalRank != 1 || b.Sensitivity.NominalRank != 1 {
		t.Errorf("nominal ranks a %d b %d, want 1 1", a.Sensitivity.NominalRank, b.Sensitivity.NominalRank)
	}
}

const vetoIndex = `
    - {id: x, name: X, normalize: none}
    - id: bonus
      name: 加分
      kind: bonus
      cap: 3
      children:
        - {id: b1, name: B1, value: p, points_each: 1, cap: 3}
    - id: veto
      name: 否决事项
      kind: veto
      children:
        - {id: veto_incident, name: 发生重大网络和数据安全事件, value: incident, grade_cap: 合格}
        - {id: veto_false, name: 数据弄虚作假, value: falsified, grade_cap: 待提升}
`

func vetoFields() string {
	return numFields("x", "p") + `  - {id: incident, name: 重大安全事件, type: boolean}
  - {id: falsified, name: 弄虚作假, type: integer, min: 0}
`
}

// TestScoreVeto: a 是 caps the grade at the item's grade_cap whatever the score; the
// score and rank are untouched; results.json names the vetoes applied.
func TestScoreVeto(t *testing.T) {
	fw := testFramework(t, fourUnits, vetoFields(), "  sensitivity: {runs: 0}\n", vetoIndex)
	if len(fw.Vetoes()) != 2 || len(fw.Leaves()) != 1 {
		t.Fatalf("vetoes %d leaves %d, want 2 and 1", len(fw.Vetoes()), len(fw.Leaves()))
	}
	ds := testDataset(map[string]map[string]any{
		"a": {"x": 95, "p": 0, "incident": "是", "falsified": 0}, // 优秀 by score, capped at 合格
		"b": {"x": 88, "p": 3, "incident": "否", "falsified": 0}, // 91: 优秀, no veto
		"c": {"x": 70, "p": 0, "incident": "是", "falsified": 2}, // 合格 → both apply: 待提升
		"d": {"x": 65, "p": 0, "incident": "是", "falsified": 0}, // already 合格: the cap changes nothing
	})
	res := mustScore(t, fw, ds, ScoreOptions{})
	a, b, c, d := unitRes(t, res, "a"), unitRes(t, res, "b"), unitRes(t, res, "c"), unitRes(t, res, "d")
	checkNear(t, "a.score", a.Score, 95)
	if a.Grade != "合格" || a.UncappedGrade != "优秀" || strings.Join(a.Vetoes, ",") != "veto_incident" {
		t.Errorf("a: grade %s uncapped %s vetoes %v, want 合格 优秀 [veto_incident]", a.Grade, a.UncappedGrade, a.Vetoes)
	}
	if a.Rank != 1 {
		t.Errorf("a.rank = %d, want 1: a veto caps the grade, not the score or rank", a.Rank)
	}
	if b.Grade != "优秀" || b.UncappedGrade != "" || len(b.Vetoes) != 0 {
		t.Errorf("b: grade %s uncapped %q vetoes %v, want 优秀, none", b.Grade, b.UncappedGrade, b.Vetoes)
	}
	if c.Grade != "待提升" || c.UncappedGrade != "合格" || strings.Join(c.Vetoes, ",") != "veto_incident,veto_false" {
		t.Errorf("c: grade %s uncapped %s vetoes %v, want 待提升 合格 [veto_incident veto_false]", c.Grade, c.UncappedGrade, c.Vetoes)
	}
	if d.Grade != "合格" || d.UncappedGrade != "" || strings.Join(d.Vetoes, ",") != "veto_incident" {
		t.Errorf("d: grade %s uncapped %q vetoes %v, want 合格, no uncapped grade, [veto_incident]", d.Grade, d.UncappedGrade, d.Vetoes)
	}
	if ir := a.Indicators["veto_incident"]; ir.Text != "是" || ir.Raw == nil || *ir.Raw != 1 || ir.Score != 0 {
		t.Errorf("a.veto_incident = %+v, want the value 是 and no score", ir)
	}
	js, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `"vetoes":["veto_incident"]`) || !strings.Contains(string(js), `"uncapped_grade":"优秀"`) {
		t.Errorf("results.json of a does not name the veto: %s", js)
	}
	jb, _ := json.Marshal(b)
	if strings.Contains(string(jb), "vetoes") || strings.Contains(string(jb), "uncapped_grade") {
		t.Errorf("results.json of b names a veto it does not have: %s", jb)
	}
}

func TestCapGrade(t *testing.T) {
	bands := []GradeBand{{Min: 90, Label: "优秀"}, {Min: 80, Label: "良好"}, {Min: 60, Label: "合格"}, {Min: 0, Label: "待提升"}}
	for _, c := range []struct{ grade, cap, want string }{
		{"优秀", "合格", "合格"}, {"良好", "合格", "合格"}, {"合格", "合格", "合格"},
		{"待提升", "合格", "待提升"}, {"优秀", "待提升", "待提升"}, {"优秀", "无此等", "优秀"},
	} {
		if got := CapGrade(c.grade, c.cap, bands); got != c.want {
			t.Errorf("CapGrade(%s, %s) = %s, want %s", c.grade, c.cap, got, c.want)
		}
	}
}

// TestLoadVetoErrors: a veto item needs a grade_cap that is a grade; veto groups and
// items take no weight, cap, points or normalize; grade_cap only under veto; rank_by
// is total or index.
func TestLoadVetoErrors(t *testing.T) {
	base := "schema: dteval/framework/v1\nid: t\ntitle: 测试\nyear: 2025\nunits:\n  - {id: a, name: 甲, group: 区}\n" +
		"fields:\n  - {id: x, name: X, type: number}\n  - {id: v, name: V, type: boolean}\n"
	for _, c := range []struct{ method, veto, want string }{
		{"", "        - {id: v1, name: V1, value: v}\n", "需要 grade_cap"},
		{"", "        - {id: v1, name: V1, value: v, grade_cap: 及格}\n", "不是 method.grades 中的等次"},
		{"", "        - {id: v1, name: V1, value: v, grade_cap: 合格, points_each: 1}\n", "不设 points_each"},
		{"", "        - {id: v1, name: V1, value: v, grade_cap: 合格, normalize: boolean}\n", "不设 normalize"},
		{"method:\n  rank_by: score\n", "        - {id: v1, name: V1, value: v, grade_cap: 合格}\n", "rank_by 的取值"},
	} {
		src := base + c.method + "index:\n  id: dti\n  name: 指数\n  children:\n    - {id: x, name: X}\n" +
			"    - id: veto\n      name: 否决\n      kind: veto\n      children:\n" + c.veto
		_, err := LoadBytes("t.yaml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want %q", c.veto, err, c.want)
		} else if !strings.Contains(err.Error(), "t.yaml:") {
			t.Errorf("error without position: %v", err)
		}
	}
	src := base + "index:\n  id: dti\n  name: 指数\n  children:\n    - {id: x, name: X, grade_cap: 合格}\n"
	if _, err := LoadBytes("t.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), "grade_cap 只用于否决事项") {
		t.Errorf("grade_cap on a scored indicator: err = %v", err)
	}
	src = base + "index:\n  id: dti\n  name: 指数\n  children:\n    - {id: x, name: X}\n    - id: veto\n      name: 否决\n      kind: veto\n      weight: 2\n      children:\n        - {id: v1, name: V1, value: v, grade_cap: 合格}\n"
	if _, err := LoadBytes("t.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), "否决事项不设 weight") {
		t.Errorf("weight on a veto group: err = %v", err)
	}
}

// TestGradeIndexMin: a band with index_min needs the index score too, so bonus points
// alone cannot lift a unit into it; both compared rounded to the published decimals.
func TestGradeIndexMin(t *testing.T) {
	fw := testFramework(t, fourUnits, numFields("x", "p"),
		"  sensitivity: {runs: 0}\n  grades: [{min: 90, label: 优秀, index_min: 90}, {min: 80, label: 良好}, {min: 0, label: 合格}]\n", `
    - {id: x, name: X, normalize: none}
    - id: bonus
      name: 加分
      kind: bonus
      cap: 3
      children:
        - {id: b1, name: B1, value: p, points_each: 1, cap: 3}
`)
	if b := fw.Method.Grades[0]; b.IndexMin == nil || *b.IndexMin != 90 {
		t.Fatalf("index_min not read: %+v", b)
	}
	ds := testDataset(map[string]map[string]any{
		"a": {"x": 88, "p": 3},     // total 91, index 88: not 优秀 → 良好
		"b": {"x": 90, "p": 2},     // total 92, index 90: 优秀
		"c": {"x": 89.995, "p": 1}, // index rounds to 90.00: 优秀
		"d": {"x": 95, "p": 0},     // 优秀 without bonus
	})
	res := mustScore(t, fw, ds, ScoreOptions{})
	for id, want := range map[string]string{"a": "良好", "b": "优秀", "c": "优秀", "d": "优秀"} {
		if got := unitRes(t, res, id).Grade; got != want {
			t.Errorf("%s: grade %s, want %s", id, got, want)
		}
	}
	if got := GradeForUnit(91, 88, fw.Method.Grades, 2); got != "良好" {
		t.Errorf("GradeForUnit(91, 88) = %s, want 良好", got)
	}
}
