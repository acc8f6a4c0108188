package evaluator

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// testFramework loads a small generic framework (no regulation map): header with
// the units and fields given, method (may be ""), and the index children.
func testFramework(t testing.TB, units, fields, method, index string) *Framework {
	t.Helper()
	src := "schema: dteval/framework/v1\nid: t\ntitle: 测试\nversion: \"1\"\nyear: 2025\nissuer: 市数据局\n" +
		"units:\n" + units + "fields:\n" + fields
	if method != "" {
		src += "method:\n" + method
	} else {
		src += "method:\n  sensitivity: {runs: 0}\n"
	}
	src += "index:\n  id: dti\n  name: 指数\n  children:\n" + index
	fw, err := LoadBytes("t.yaml", []byte(src))
	if err != nil {
		t.Fatalf("load:\n%v\n%s", err, src)
	}
	return fw
}

// testDataset builds a dataset: unit → field → value, where a value is a float64,
// "" (missing), "NA" (不适用) or a string (是/否, a grade).
func testDataset(vals map[string]map[string]any) *Dataset {
	ds := &Dataset{Year: 2025, Units: map[string]map[string]Value{}}
	for u, fs := range vals {
		m := map[string]Value{}
		for f, v := range fs {
			switch v := v.(type) {
			case float64:
				m[f] = Value{Num: v}
			case int:
				m[f] = Value{Num: float64(v)}
			case string:
				switch v {
				case "":
					m[f] = Value{Missing: true}
				case "NA":
					m[f] = Value{NA: true}
				case "是":
					m[f] = Value{Num: 1, Text: v}
				case "否":
					m[f] = Value{Num: 0, Text: v}
				default:
					m[f] = Value{Text: v}
				}
			}
		}
		ds.Units[u] = m
	}
	return ds
}

func mustScore(t testing.TB, fw *Framework, ds *Dataset, opt ScoreOptions) *Results {
	t.Helper()
	res, err := Score(fw, ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func unitRes(t testing.TB, r *Results, id string) UnitResult {
	t.Helper()
	for _, u := range r.Units {
		if u.ID == id {
			return u
		}
	}
	t.Fatalf("unit %s not in results", id)
	return UnitResult{}
}

func checkNear(t testing.TB, what string, got, want float64) {
	t.Helper()
	if !near(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

const threeUnits = `  - {id: a, name: 甲区, group: 区}
  - {id: b, name: 乙区, group: 区}
  - {id: c, name: 丙市, group: 县级市}
`

func numFields(ids ...string) string {
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "  - {id: %s, name: 字段%s, type: number}\n", id, id)
	}
	return b.String()
}

// A three-level tree with unequal weights, every number checkable on paper.
func TestScoreThreeLevelTree(t *testing.T) {
	fw := testFramework(t, threeUnits, numFields("x", "y", "z", "w"), "", `
    - id: g1
      name: 一级
      weight: 3
      children:
        - id: g11
          name: 二级
          children:
            - {id: x, name: X, normalize: minmax}
            - {id: y, name: Y, weight: 3, normalize: {method: goalpost, lo: 0, hi: 100}}
        - {id: z, name: Z, normalize: {method: target, target: 50}}
    - {id: w, name: W, normalize: none}
`)
	ds := testDataset(map[string]map[string]any{
		"a": {"x": 10, "y": 40, "z": 25, "w": 70},
		"b": {"x": 20, "y": 80, "z": 50, "w": 20},
		"c": {"x": 30, "y": 100, "z": 100, "w": 10},
	})
	res := mustScore(t, fw, ds, ScoreOptions{Date: "2026-03-01"})
	// x minmax 10/20/30 → 0, 50, 100; y goalpost → 40, 80, 100
	// g11 = (1·x + 3·y)/4 → a 30, b 72.5, c 100
	// z target 50 → 50, 100, 100 (capped)
	// g1 = (g11 + z)/2 → a 40, b 86.25, c 100
	// w none → 70, 20, 10
	// dti = (3·g1 + w)/4 → a 47.5, b 69.6875, c 77.5
	want := map[string]map[string]float64{
		"a": {"g11": 30, "g1": 40, "dti": 47.5},
		"b": {"g11": 72.5, "g1": 86.25, "dti": 69.6875},
		"c": {"g11": 100, "g1": 100, "dti": 77.5},
	}
	for u, nodes := range want {
		ur := unitRes(t, res, u)
		for id, w := range nodes {
			checkNear(t, u+"."+id, ur.Nodes[id].Score, w)
		}
		checkNear(t, u+".score", ur.Score, nodes["dti"])
	}
	a, b, c := unitRes(t, res, "a"), unitRes(t, res, "b"), unitRes(t, res, "c")
	if a.Rank != 3 || b.Rank != 2 || c.Rank != 1 {
		t.Errorf("ranks a b c = %d %d %d, want 3 2 1", a.Rank, b.Rank, c.Rank)
	}
	// within 区: b 1, a 2; 县级市 has c alone: a group of one has no group rank (0)
	if a.GroupRank != 2 || b.GroupRank != 1 || c.GroupRank != 0 {
		t.Errorf("group ranks = %d %d %d", a.GroupRank, b.GroupRank, c.GroupRank)
	}
	if a.Nodes["g11"].Rank != 3 || c.Nodes["g1"].Rank != 1 || b.Nodes["dti"].GroupRank != 1 {
		t.Errorf("node ranks wrong: %+v %+v", a.Nodes, c.Nodes)
	}
	// grades from the default bands: 47.5 待提升, 69.69 合格, 77.5 合格
	if a.Grade != "待提升" || b.Grade != "合格" || c.Grade != "合格" {
		t.Errorf("grades = %s %s %s", a.Grade, b.Grade, c.Grade)
	}
	checkNear(t, "a.x score", a.Indicators["x"].Score, 0)
	if *a.Indicators["y"].Raw != 40 || a.Indicators["y"].Rank != 3 {
		t.Errorf("a.y = %+v", a.Indicators["y"])
	}
	if res.Schema != ResultsSchema || res.Date != "2026-03-01" || res.Framework.SHA256 != fw.SHA256 || res.Sensitivity != nil {
		t.Errorf("header: %+v", res)
	}
	// Every group node is in nodes, leaves are not.
	if len(a.Nodes) != 3 {
		t.Errorf("nodes = %v", a.Nodes)
	}
}

func TestScoreMissingPolicies(t *testing.T) {
	units := `  - {id: a, name: 甲区, group: 区}
  - {id: b, name: 乙区, group: 区}
  - {id: c, name: 丙市, group: 县级市}
  - {id: d, name: 丁市, group: 县级市}
  - {id: e, name: 戊区, group: 功能区}
`
	// x is missing for a and e; y (weight 3, none) is there for everyone.
	vals := map[string]map[string]any{
		"a": {"x": "", "y": 40},
		"b": {"x": 10, "y": 40},
		"c": {"x": 20, "y": 40},
		"d": {"x": 30, "y": 40},
		"e": {"x": "", "y": 80},
	}
	index := func(policy string) string {
		return fmt.Sprintf(`    - {id: x, name: X, normalize: minmax, missing: %s}
    - {id: y, name: Y, weight: 3, normalize: none}
`, policy)
	}
	t.Run("zero", func(t *testing.T) {
		fw := testFramework(t, units, numFields("x", "y"), "", index("zero"))
		res := mustScore(t, fw, testDataset(vals), ScoreOptions{})
		// a and e score 0 and stay out of min/max: b 0, c 50, d 100 (not (10−0)/30…)
		for u, w := range map[string]float64{"a": 0, "b": 0, "c": 50, "d": 100, "e": 0} {
			checkNear(t, u+".x", unitRes(t, res, u).Indicators["x"].Score, w)
		}
		ai := unitRes(t, res, "a").Indicators["x"]
		if !ai.Missing || ai.Imputed || ai.Raw != nil || ai.Value != nil || ai.Rank != 0 {
			t.Errorf("a.x = %+v", ai)
		}
		// a: (0 + 3·40)/4 = 30
		checkNear(t, "a.score", unitRes(t, res, "a").Score, 30)
		// c's indicator rank among the three with a value: d 1, c 2, b 3
		if unitRes(t, res, "c").Indicators["x"].Rank != 2 {
			t.Errorf("c.x rank = %d", unitRes(t, res, "c").Indicators["x"].Rank)
		}
	})
	t.Run("reweight", func(t *testing.T) {
		fw := testFramework(t, units, numFields("x", "y"), "", index("reweight"))
		res := mustScore(t, fw, testDataset(vals), ScoreOptions{})
		ai := unitRes(t, res, "a").Indicators["x"]
		if !ai.Dropped || !ai.Missing {
			t.Errorf("a.x = %+v", ai)
		}
		// a: x dropped, y alone: 40; e: 80; b: (0 + 120)/4 = 30
		checkNear(t, "a.score", unitRes(t, res, "a").Score, 40)
		checkNear(t, "e.score", unitRes(t, res, "e").Score, 80)
		checkNear(t, "b.score", unitRes(t, res, "b").Score, 30)
	})
	t.Run("mean", func(t *testing.T) {
		fw := testFramework(t, units, numFields("x", "y"), "", index("mean"))
		res := mustScore(t, fw, testDataset(vals), ScoreOptions{})
		// a and e get the mean of the other units' values: (10 + 20 + 30)/3 = 20;
		// minmax over 20, 10, 20, 30, 20 → a 50, b 0, c 50, d 100, e 50
		for u, w := range map[string]float64{"a": 50, "b": 0, "c": 50, "d": 100, "e": 50} {
			checkNear(t, u+".x", unitRes(t, res, u).Indicators["x"].Score, w)
		}
		ai := unitRes(t, res, "a").Indicators["x"]
		if !ai.Imputed || !ai.Missing || ai.Raw != nil || *ai.Value != 20 {
			t.Errorf("a.x = %+v", ai)
		}
	})
	t.Run("group-mean", func(t *testing.T) {
		fw := testFramework(t, units, numFields("x", "y"), "", index("group-mean"))
		res := mustScore(t, fw, testDataset(vals), ScoreOptions{})
		// a (区): the other 区 value is b's 10 → a = 10.
		// e (功能区): no other unit in its group → mean of all others (10+20+30)/3 = 20, warning.
		// minmax over a 10, b 10, c 20, d 30, e 20 → 0, 0, 50, 100, 50
		for u, w := range map[string]float64{"a": 0, "b": 0, "c": 50, "d": 100, "e": 50} {
			checkNear(t, u+".x", unitRes(t, res, u).Indicators["x"].Score, w)
		}
		if n := res.Findings.ByCode[CodeImputeFallback]; n != 1 {
			t.Errorf("impute-fallback warnings = %d, want 1", n)
		}
	})
	t.Run("mean with no value at all", func(t *testing.T) {
		fw := testFramework(t, units, numFields("x", "y"), "", index("mean"))
		empty := map[string]map[string]any{"a": {"x": "", "y": 40}, "b": {"x": "", "y": 40}}
		res := mustScore(t, fw, testDataset(empty), ScoreOptions{})
		// nothing to impute from: 0, as under zero, with a warning per unit
		checkNear(t, "a.x", unitRes(t, res, "a").Indicators["x"].Score, 0)
		if res.Findings.ByCode[CodeImputeFallback] != 2 {
			t.Errorf("findings %+v", res.Findings)
		}
	})
}

func TestScoreReweightWholeGroup(t *testing.T) {
	fw := testFramework(t, threeUnits, numFields("x", "y", "z"), "", `
    - id: g
      name: G
      weight: 2
      missing: reweight
      children:
        - {id: x, name: X, normalize: none}
        - {id: y, name: Y, normalize: none}
    - {id: z, name: Z, normalize: none}
`)
	ds := testDataset(map[string]map[string]any{
		"a": {"x": "", "y": "", "z": 30},
		"b": {"x": 60, "y": "", "z": 30},
		"c": {"x": 60, "y": 80, "z": 30},
	})
	res := mustScore(t, fw, ds, ScoreOptions{})
	// a: both children dropped → g dropped → z alone: 30
	// b: y dropped → g = 60 → (2·60 + 30)/3 = 50
	// c: g = 70 → (140 + 30)/3 = 56.666…
	checkNear(t, "a", unitRes(t, res, "a").Score, 30)
	checkNear(t, "b", unitRes(t, res, "b").Score, 50)
	checkNear(t, "c", unitRes(t, res, "c").Score, 170.0/3)
	if g := unitRes(t, res, "a").Nodes["g"]; g.Rank != 0 || g.NA || !g.Dropped {
		t.Errorf("dropped group a.g = %+v, want rank 0, dropped, not NA", g)
	}
	if g := unitRes(t, res, "c").Nodes["g"]; g.Rank != 1 {
		t.Errorf("c.g rank = %d (b 60, c 70)", g.Rank)
	}
}

func TestScoreAppliesToAndNA(t *testing.T) {
	fields := numFields("x", "y") + "  - {id: agri, name: 农业, type: number, allow_na: true}\n"
	fw := testFramework(t, threeUnits, fields, "", `
    - id: g
      name: G
      children:
        - {id: x, name: X, normalize: none}
        - {id: y, name: Y, weight: 3, normalize: none, applies_to: [县级市]}
    - {id: agri, name: 农业, normalize: none}
`)
	ds := testDataset(map[string]map[string]any{
		"a": {"x": 40, "y": 90, "agri": "NA"},
		"b": {"x": 60, "y": 90, "agri": 20},
		"c": {"x": 40, "y": 80, "agri": 50},
	})
	res := mustScore(t, fw, ds, ScoreOptions{})
	// a (区): y 不适用 → g = x = 40; agri 不适用 → dti = g = 40
	// b (区): g = 60; dti = (60 + 20)/2 = 40
	// c (县级市): g = (40 + 3·80)/4 = 70; dti = (70 + 50)/2 = 60
	checkNear(t, "a", unitRes(t, res, "a").Score, 40)
	checkNear(t, "b", unitRes(t, res, "b").Score, 40)
	checkNear(t, "c", unitRes(t, res, "c").Score, 60)
	ay := unitRes(t, res, "a").Indicators["y"]
	if !ay.NA || ay.Missing || ay.Score != 0 || ay.Rank != 0 || ay.Raw != nil {
		t.Errorf("a.y = %+v, want 不适用", ay)
	}
	if !unitRes(t, res, "a").Indicators["agri"].NA {
		t.Error("a.agri should be 不适用")
	}
	// a and b tie at 40.00: rank 2 each (ties at the minimum rank)
	if unitRes(t, res, "a").Rank != 2 || unitRes(t, res, "b").Rank != 2 || unitRes(t, res, "c").Rank != 1 {
		t.Error("ranks with a tie wrong")
	}
	if got := unitRes(t, res, "a").Fields["agri"]; got != "不适用" {
		t.Errorf("fields.agri = %v", got)
	}
}

func TestScoreBonusPenalty(t *testing.T) {
	fw := testFramework(t, threeUnits, numFields("x", "p1", "p2", "q"), "", `
    - {id: x, name: X, normalize: none}
    - id: bonus
      name: 加分
      kind: bonus
      cap: 5
      children:
        - {id: b1, name: B1, value: p1, points_each: 1, cap: 3}
        - {id: b2, name: B2, value: p2, points_each: 2, cap: 4}
    - id: penalty
      name: 扣分
      kind: penalty
      cap: 5
      children:
        - {id: q1, name: Q1, value: q, points_each: 10, cap: 20}
`)
	ds := testDataset(map[string]map[string]any{
		"a": {"x": 99, "p1": 5, "p2": 1, "q": 0},
		"b": {"x": 80, "p1": 1, "p2": 0.5, "q": 0},
		"c": {"x": 4, "p1": 0, "p2": 0, "q": 1},
	})
	res := mustScore(t, fw, ds, ScoreOptions{})
	// a: b1 = min(5, 3) = 3, b2 = 2 → 5 (cap 5); score 99 + 5 = 104 (above 100 by the bonus)
	// b: b1 1, b2 1 → 2; score 82
	// c: penalty 10 × 1 = 10 (child cap 20) → group cap 5; 4 − 5 → floored at 0
	a, b, c := unitRes(t, res, "a"), unitRes(t, res, "b"), unitRes(t, res, "c")
	checkNear(t, "a.bonus", a.Bonus, 5)
	checkNear(t, "a.score", a.Score, 104)
	checkNear(t, "a.b1", a.Indicators["b1"].Score, 3)
	checkNear(t, "b.score", b.Score, 82)
	checkNear(t, "c.penalty", c.Penalty, 5)
	checkNear(t, "c.score", c.Score, 0)
	// nodes keep the index score before bonus and penalty
	checkNear(t, "a.dti", a.Nodes["dti"].Score, 99)
	checkNear(t, "a.bonus node", a.Nodes["bonus"].Score, 5)
	if a.Rank != 1 || b.Rank != 2 || c.Rank != 3 {
		t.Errorf("ranks %d %d %d", a.Rank, b.Rank, c.Rank)
	}
}

// TestScoreRankByIndexScore: with rank_by: index units are ranked by index score
// (SPEC §5.6), not by the final score with bonus and penalty; the grade comes from
// the final score.
func TestScoreRankByIndexScore(t *testing.T) {
	fw := testFramework(t, threeUnits, numFields("x", "p"), "  rank_by: index\n  grades: [{label: 优秀, min: 90}, {label: 良好, min: 80}, {label: 待提升, min: 0}]\n  sensitivity: {runs: 20, weight_spread: 0.2, seed: 3}\n", `
    - {id: x, name: X, normalize: none}
    - id: bonus
      name: 加分
      kind: bonus
      cap: 10
      children:
        - {id: b1, name: B1, value: p, points_each: 1, cap: 10}
`)
	ds := testDataset(map[string]map[string]any{
		"a": {"x": 85, "p": 0}, // index 85, score 85
		"b": {"x": 83, "p": 8}, // index 83, score 91: the higher total, the lower index
		"c": {"x": 83, "p": 0}, // index 83 ties with b
	})
	res := mustScore(t, fw, ds, ScoreOptions{})
	a, b, c := unitRes(t, res, "a"), unitRes(t, res, "b"), unitRes(t, res, "c")
	checkNear(t, "b.score", b.Score, 91)
	if a.Rank != 1 || b.Rank != 2 || c.Rank != 2 {
		t.Errorf("ranks a %d b %d c %d, want 1 2 2 (by index score 85, 83, 83)", a.Rank, b.Rank, c.Rank)
	}
	if a.Grade != "良好" || b.Grade != "优秀" || c.Grade != "良好" {
		t.Errorf("grades a %s b %s c %s, want 良好 优秀 良好 (by final score 85, 91, 83)", a.Grade, b.Grade, c.Grade)
	}
	if a.Nodes["dti"].Rank != a.Rank || b.Nodes["dti"].Rank != b.Rank {
		t.Error("the overall rank differs from the root node's rank")
	}
	// one indicator: the weights do not move the index scores, so every run ranks as published
	if a.Sensitivity == nil || a.Sensitivity.MedianRank != 1 || b.Sensitivity.P05 != 2 || b.Sensitivity.P95 != 2 {
		t.Errorf("sensitivity a %+v b %+v, want the nominal ranks 1 and 2", a.Sensitivity, b.Sensitivity)
	}
}

func TestScoreBonusWithinGroupCap(t *testing.T) {
	fw := testFramework(t, threeUnits, numFields("x", "p1", "p2"), "", `
    - {id: x, name: X, normalize: none}
    - id: bonus
      name: 加分
      kind: bonus
      cap: 5
      children:
        - {id: b1, name: B1, value: p1, points_each: 1, cap: 3}
        - {id: b2, name: B2, value: p2, points_each: 2, cap: 4}
`)
	// b1 = min(4, 3) = 3, b2 = min(6, 4) = 4; sum 7 → group cap 5
	res := mustScore(t, fw, testDataset(map[string]map[string]any{"a": {"x": 50, "p1": 4, "p2": 3}}), ScoreOptions{})
	checkNear(t, "bonus", unitRes(t, res, "a").Bonus, 5)
	checkNear(t, "score", unitRes(t, res, "a").Score, 55)
}

func TestScoreNotSubmitted(t *testing.T) {
	fw := testFramework(t, threeUnits, numFields("x"), "", "    - {id: x, name: X, normalize: minmax}\n")
	ds := testDataset(map[string]map[string]any{"a": {"x": 1}, "c": {"x": 3}})
	res := mustScore(t, fw, ds, ScoreOptions{})
	if len(res.Units) != 2 || res.Units[0].ID != "a" || res.Units[1].ID != "c" {
		t.Fatalf("units = %+v", res.Units)
	}
	if len(res.NotSubmitted) != 1 || res.NotSubmitted[0] != "b" {
		t.Errorf("not submitted = %v", res.NotSubmitted)
	}
	// b is out of every statistic: minmax over 1, 3 → 0, 100
	checkNear(t, "c", unitRes(t, res, "c").Score, 100)
}

func TestScoreGeometric(t *testing.T) {
	fw := testFramework(t, threeUnits, numFields("x", "y"), "  aggregate: geometric\n  sensitivity: {runs: 0}\n", `
    - {id: x, name: X, weight: 3, normalize: {method: target, target: 100}}
    - {id: y, name: Y, normalize: {method: target, target: 100}}
`)
	ds := testDataset(map[string]map[string]any{"a": {"x": 80, "y": 40}, "b": {"x": 100, "y": 100}})
	res := mustScore(t, fw, ds, ScoreOptions{})
	// a: exp((3 ln 80 + ln 40)/4) = 80 · 2^−0.25 = 67.27…
	checkNear(t, "a", unitRes(t, res, "a").Score, 80*math.Pow(2, -0.25))
	checkNear(t, "b", unitRes(t, res, "b").Score, 100)
	// a 0 child (target: x ≤ 0 → 0): ln 0 = −∞ → 0
	ds = testDataset(map[string]map[string]any{"a": {"x": 0, "y": 40}})
	res = mustScore(t, fw, ds, ScoreOptions{})
	checkNear(t, "a with 0", unitRes(t, res, "a").Score, 0)
}

func TestScoreDerivationWarnings(t *testing.T) {
	fields := numFields("n", "d") + "  - {id: lvl, name: 等级, type: grade, grades: [A, B, C]}\n"
	fw := testFramework(t, threeUnits, fields, "", `
    - {id: ratio, name: 比值, value: n / d, normalize: minmax}
    - {id: lvl, name: 等级, normalize: {method: grade, scores: {A: 100, B: 80, C: 60}}}
`)
	ds := testDataset(map[string]map[string]any{
		"a": {"n": 1, "d": 0, "lvl": "A"},           // division by zero → missing
		"b": {"n": 1, "d": 2, "lvl": "D"},           // D not in the mapping → missing
		"c": {"n": math.Inf(1), "d": 2, "lvl": "B"}, // not finite → missing
	})
	res := mustScore(t, fw, ds, ScoreOptions{})
	if res.Findings.ByCode[CodeDivisionByZero] != 1 || res.Findings.ByCode[CodeNotFinite] != 1 || res.Findings.ByCode[CodeGradeUnknown] != 1 {
		t.Errorf("findings = %+v", res.Findings.ByCode)
	}
	if !unitRes(t, res, "a").Indicators["ratio"].Missing || !unitRes(t, res, "c").Indicators["ratio"].Missing {
		t.Error("ratio should be missing for a and c")
	}
	// b alone has a ratio: minmax with one value → 100 and a no-spread warning
	checkNear(t, "b.ratio", unitRes(t, res, "b").Indicators["ratio"].Score, 100)
	if res.Findings.ByCode[CodeNoSpread] != 1 {
		t.Errorf("no-spread = %d", res.Findings.ByCode[CodeNoSpread])
	}
	bl := unitRes(t, res, "b").Indicators["lvl"]
	if !bl.Missing || bl.Score != 0 || bl.Text != "D" {
		t.Errorf("b.lvl = %+v", bl)
	}
	cl := unitRes(t, res, "c").Indicators["lvl"]
	if cl.Score != 80 || cl.Text != "B" {
		t.Errorf("c.lvl = %+v", cl)
	}
	if unitRes(t, res, "c").Fields["n"] != nil {
		t.Error("an infinite field value must be null in fields")
	}
}

func TestScoreBooleanField(t *testing.T) {
	fields := "  - {id: cdo, name: 首席数据官, type: boolean}\n  - {id: t, name: 说明, type: text, required: false}\n"
	fw := testFramework(t, threeUnits, fields, "", `
    - {id: cdo, name: 首席数据官, normalize: boolean}
    - {id: nocdo, name: 无首席数据官, value: cdo, direction: lower, normalize: boolean}
`)
	ds := testDataset(map[string]map[string]any{"a": {"cdo": "是", "t": "张三 13900000000"}, "b": {"cdo": "否"}})
	res := mustScore(t, fw, ds, ScoreOptions{})
	a, b := unitRes(t, res, "a"), unitRes(t, res, "b")
	// a: 100 and (lower) 0 → 50; b: 0 and 100 → 50
	if a.Indicators["cdo"].Score != 100 || a.Indicators["nocdo"].Score != 0 || b.Indicators["nocdo"].Score != 100 {
		t.Errorf("boolean scores: %+v %+v", a.Indicators, b.Indicators)
	}
	if a.Fields["cdo"] != "是" || a.Indicators["cdo"].Text != "是" {
		t.Errorf("fields = %v", a.Fields)
	}
	if _, ok := a.Fields["t"]; ok {
		t.Error("free text must not reach results.json")
	}
}

func TestScoreWinsorisedIndicator(t *testing.T) {
	var units strings.Builder
	vals := map[string]map[string]any{}
	for i := 1; i <= 11; i++ {
		fmt.Fprintf(&units, "  - {id: u%02d, name: 单位%d, group: 区}\n", i, i)
		x := float64(i)
		if i == 11 {
			x = 100
		}
		vals[fmt.Sprintf("u%02d", i)] = map[string]any{"x": x}
	}
	fw := testFramework(t, units.String(), numFields("x"), "", "    - {id: x, name: X, normalize: minmax, treat: winsorize}\n")
	res := mustScore(t, fw, testDataset(vals), ScoreOptions{})
	// 100 → 10 (see TestWinsorise): minmax over 1…10, 10: u11 = 100, u10 = 100, u01 = 0, u02 = 100/9
	u11 := unitRes(t, res, "u11").Indicators["x"]
	if !u11.Treated || *u11.Raw != 100 || *u11.Value != 10 || u11.Score != 100 {
		t.Errorf("u11 = %+v", u11)
	}
	checkNear(t, "u02", unitRes(t, res, "u02").Indicators["x"].Score, 100.0/9)
	if unitRes(t, res, "u02").Indicators["x"].Treated {
		t.Error("u02 not treated")
	}
	// u10 and u11 tie: rank 1, 1
	if unitRes(t, res, "u10").Rank != 1 || unitRes(t, res, "u11").Rank != 1 || unitRes(t, res, "u09").Rank != 3 {
		t.Error("ranks after winsorising wrong")
	}
}

func TestScoreNeedsPrevious(t *testing.T) {
	fw := testFramework(t, threeUnits, numFields("x"), "", "    - {id: growth, name: 增长, value: x - prev(x), normalize: minmax}\n")
	ds := testDataset(map[string]map[string]any{"a": {"x": 1}})
	if _, err := Score(fw, ds, ScoreOptions{}); !errors.Is(err, ErrNeedsPrevious) {
		t.Fatalf("err = %v, want ErrNeedsPrevious", err)
	}
	prev := &Results{Schema: ResultsSchema, Year: 2024, Units: []UnitResult{{ID: "a", Score: 50, Rank: 1, Fields: map[string]any{"x": 0.5}}}}
	ds = testDataset(map[string]map[string]any{"a": {"x": 1}, "b": {"x": 2}})
	res := mustScore(t, fw, ds, ScoreOptions{Previous: prev})
	// a: 1 − 0.5 = 0.5; b has no previous value → missing → 0 (zero policy)
	if r := unitRes(t, res, "a").Indicators["growth"]; *r.Raw != 0.5 {
		t.Errorf("a.growth = %+v", r)
	}
	if !unitRes(t, res, "b").Indicators["growth"].Missing {
		t.Error("b.growth should be missing")
	}
	// comparable scores cannot be computed under a prev() framework
	p := unitRes(t, res, "a").Previous
	if p == nil || p.Score != 50 || p.ComparableScore != nil || p.Reason == "" {
		t.Errorf("previous = %+v", p)
	}
}

func TestScoreNothingSubmitted(t *testing.T) {
	fw := testFramework(t, threeUnits, numFields("x"), "  sensitivity: {runs: 10}\n", "    - {id: x, name: X, normalize: minmax}\n")
	res := mustScore(t, fw, &Dataset{}, ScoreOptions{})
	if len(res.Units) != 0 || len(res.NotSubmitted) != 3 || res.Sensitivity != nil {
		t.Errorf("results %+v", res)
	}
	// One unit with an empty map submitted nothing either.
	res = mustScore(t, fw, &Dataset{Units: map[string]map[string]Value{"a": {}, "b": {"x": {Num: 1}}}}, ScoreOptions{})
	if len(res.Units) != 1 || res.Units[0].ID != "b" || res.Units[0].Score != 100 || res.Units[0].Sensitivity.P95 != 1 {
		t.Errorf("results %+v", res.Units)
	}
}

// Treatment applies to minmax, zscore and rank only: a boolean or an absolute-scale
// indicator under treat: winsorize is scored on its values as they are.
func TestScoreTreatOnlyRelativeMethods(t *testing.T) {
	var units strings.Builder
	vals := map[string]map[string]any{}
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&units, "  - {id: u%02d, name: 单位%d, group: 区}\n", i, i)
		// one 是 among ten: skew 3.16, kurtosis 10 — fails the rule
		ok := "否"
		x := float64(i)
		if i == 10 {
			ok, x = "是", 100
		}
		vals[fmt.Sprintf("u%02d", i)] = map[string]any{"ok": ok, "x": x}
	}
	fw := testFramework(t, units.String(), "  - {id: ok, name: 是否, type: boolean}\n"+numFields("x"),
		"  treat: winsorize\n  sensitivity: {runs: 0}\n", `
    - {id: ok, name: OK, normalize: boolean}
    - {id: x, name: X, normalize: {method: goalpost, lo: 0, hi: 200}}
`)
	res := mustScore(t, fw, testDataset(vals), ScoreOptions{})
	u := unitRes(t, res, "u10")
	// 是 → 100; x = 100 on goalpost 0–200 → 50; nothing treated
	if ok := u.Indicators["ok"]; ok.Score != 100 || ok.Treated {
		t.Errorf("ok = %+v", ok)
	}
	if x := u.Indicators["x"]; x.Score != 50 || x.Treated {
		t.Errorf("x = %+v", x)
	}
}
