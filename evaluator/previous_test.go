package evaluator

import (
	"bytes"
	"maps"
	"testing"
)

func TestPreviousPublishedAndComparable(t *testing.T) {
	// This year: x (minmax) and y (none), equal weights.
	fw := testFramework(t, threeUnits, numFields("x", "y"), "", `
    - {id: x, name: X, normalize: minmax}
    - {id: y, name: Y, normalize: none}
`)
	// Last year's results (published under some older framework): published scores
	// and ranks, and the submitted fields. c lacks y last year (a field added since).
	prev := &Results{Schema: ResultsSchema, Year: 2024, Framework: FrameworkRef{ID: "t"}, Units: []UnitResult{
		{ID: "a", Score: 70, Rank: 1, Grade: "合格", Fields: map[string]any{"x": 10.0, "y": 60.0}},
		{ID: "b", Score: 40, Rank: 2, Fields: map[string]any{"x": 30.0, "y": 20.0}},
		{ID: "c", Score: 30, Rank: 3, Fields: map[string]any{"x": 20.0}},
	}}
	ds := testDataset(map[string]map[string]any{
		"a": {"x": 10, "y": 50},
		"b": {"x": 30, "y": 50},
		"c": {"x": 20, "y": 90},
	})
	res := mustScore(t, fw, ds, ScoreOptions{Previous: prev})
	// This year: x → 0, 100, 50; a (0+50)/2 = 25, b 75, c 70 → ranks b 1, c 2, a 3.
	// Comparable (last year's fields, this year's framework, last year's units a, b, c):
	// x 10, 30, 20 → 0, 100, 50; y 60, 20, (c missing → 0) → a 30, b 60, c 25
	// ranks: b 1, a 2, c 3.
	a, b, c := unitRes(t, res, "a"), unitRes(t, res, "b"), unitRes(t, res, "c")
	checkNear(t, "a", a.Score, 25)
	if a.Rank != 3 || b.Rank != 1 || c.Rank != 2 {
		t.Fatalf("ranks %d %d %d", a.Rank, b.Rank, c.Rank)
	}
	pa := a.Previous
	if pa == nil || pa.Score != 70 || pa.Rank != 1 || pa.Grade != "合格" {
		t.Fatalf("a.previous = %+v", pa)
	}
	checkNear(t, "a.comparable", *pa.ComparableScore, 30)
	// score_change = 25 − 30 = −5; rank_change = comparable 2 − rank 3 = −1 (fell)
	checkNear(t, "a.score_change", *pa.ScoreChange, -5)
	if *pa.ComparableRank != 2 || *pa.RankChange != -1 {
		t.Errorf("a ranks: comparable %d change %d", *pa.ComparableRank, *pa.RankChange)
	}
	pb := b.Previous
	// b: 75 − 60 = 15; rank 1 − 1 = 0
	checkNear(t, "b.score_change", *pb.ScoreChange, 15)
	if *pb.RankChange != 0 {
		t.Errorf("b rank change %d", *pb.RankChange)
	}
	// c lacks y last year: comparable values null, with the reason
	pc := c.Previous
	if pc.Score != 30 || pc.ComparableScore != nil || pc.ComparableRank != nil || pc.ScoreChange != nil || pc.RankChange != nil || pc.Reason == "" {
		t.Errorf("c.previous = %+v", pc)
	}
}

func TestPreviousNewUnitAndWrongYear(t *testing.T) {
	fw := testFramework(t, threeUnits, numFields("x"), "", "    - {id: x, name: X, normalize: minmax}\n")
	prev := &Results{Schema: ResultsSchema, Year: 2024, Units: []UnitResult{{ID: "a", Score: 10, Rank: 1, Fields: map[string]any{"x": 1.0}}}}
	ds := testDataset(map[string]map[string]any{"a": {"x": 1}, "b": {"x": 2}})
	res := mustScore(t, fw, ds, ScoreOptions{Previous: prev})
	if unitRes(t, res, "b").Previous != nil {
		t.Error("a unit absent last year has no previous")
	}
	// a alone last year: minmax with one value → 100, rank 1
	if p := unitRes(t, res, "a").Previous; p.ComparableScore == nil || *p.ComparableScore != 100 || *p.ComparableRank != 1 {
		t.Errorf("a.previous = %+v", p)
	}
	prev.Year = 2025
	if _, err := Score(fw, ds, ScoreOptions{Previous: prev}); err == nil {
		t.Error("previous results of the same year accepted")
	}
}

// The previous results go through results.json: write this year's, read them back,
// and use them as -previous next year.
func TestPreviousThroughResultsJSON(t *testing.T) {
	fw := testFramework(t, threeUnits, numFields("x")+"  - {id: ok, name: 是否, type: boolean}\n", "", `
    - {id: x, name: X, normalize: minmax}
    - {id: ok, name: OK, normalize: boolean}
`)
	ds := testDataset(map[string]map[string]any{"a": {"x": 1, "ok": "是"}, "b": {"x": 2, "ok": "否"}, "c": {"x": 3, "ok": "是"}})
	r2024 := mustScore(t, fw, ds, ScoreOptions{Date: "2025-03-01"})
	r2024.Year = 2024
	var buf bytes.Buffer
	if err := WriteResults(&buf, r2024); err != nil {
		t.Fatal(err)
	}
	prev, err := ReadResults(&buf)
	if err != nil {
		t.Fatal(err)
	}
	res := mustScore(t, fw, ds, ScoreOptions{Previous: prev})
	for _, u := range res.Units {
		p := u.Previous
		// same data, same framework: the comparable score is last year's score
		if p == nil || p.ComparableScore == nil || !near(*p.ComparableScore, p.Score) || *p.ScoreChange != 0 || *p.RankChange != 0 {
			t.Errorf("%s: %+v", u.ID, p)
		}
	}
}

// Last year in detail (同口径): every indicator's value under this year's definition
// and every group's comparable score. A value dropped last year as faulty, one not
// given, and one of a field last year's edition did not collect are null, each with
// its reason; a group reading such an absent field has no comparable score.
func TestPreviousDetail(t *testing.T) {
	fw := testFramework(t, threeUnits, numFields("x", "y", "z")+"  - {id: ok, name: 是否, type: boolean}\n", "", `
    - id: c1
      name: 章一
      children:
        - {id: x, name: X, normalize: minmax}
        - {id: r, name: R, value: "x / y * 100", normalize: none}
        - {id: ok, name: OK, normalize: boolean}
    - id: c2
      name: 章二
      children:
        - {id: y, name: Y, normalize: none}
        - {id: z, name: Z, normalize: none}
`)
	prev := &Results{Schema: ResultsSchema, Year: 2024, Units: []UnitResult{
		{ID: "a", Score: 50, Rank: 1, Fields: map[string]any{"x": 10.0, "y": 50.0, "ok": "是"}},
		// b's y was dropped as faulty last year: null, and the indicator y has the error
		{ID: "b", Score: 40, Rank: 2, Fields: map[string]any{"x": 30.0, "y": nil, "ok": "否"},
			Indicators: map[string]IndicatorResult{"y": {Missing: true, Error: "out-of-range"}}},
		// c did not give y last year
		{ID: "c", Score: 30, Rank: 3, Fields: map[string]any{"x": 20.0, "y": nil, "ok": "否"}},
	}}
	ds := testDataset(map[string]map[string]any{
		"a": {"x": 10, "y": 50, "z": 70, "ok": "是"},
		"b": {"x": 30, "y": 50, "z": 40, "ok": "否"},
		"c": {"x": 20, "y": 90, "z": 60, "ok": "是"},
	})
	res := mustScore(t, fw, ds, ScoreOptions{Previous: prev})
	// last year's fields under this year's framework: x 10, 30, 20 → minmax 0, 100, 50;
	// r = x / y × 100: a 10/50×100 = 20, b and c have no y; ok 是 → 100, 否 → 0.
	// a's 章一 = (0 + 20 + 100) / 3 = 40. z is new (absent last year): 章二 and the
	// index have no comparable score.
	want := map[string]map[string]any{
		"a": {"x": 10.0, "r": 20.0, "ok": "是", "y": 50.0, "z": nil},
		"b": {"x": 30.0, "r": nil, "ok": "否", "y": nil, "z": nil},
		"c": {"x": 20.0, "r": nil, "ok": "否", "y": nil, "z": nil},
	}
	why := map[string]map[string]string{
		"a": {"z": PrevEdition},
		"b": {"r": PrevFaulty, "y": PrevFaulty, "z": PrevEdition},
		"c": {"r": PrevMissing, "y": PrevMissing, "z": PrevEdition},
	}
	for _, u := range res.Units {
		p := u.Previous
		if p == nil {
			t.Fatalf("%s: no previous", u.ID)
		}
		if p.ComparableScore != nil {
			t.Errorf("%s: a comparable total although z is new", u.ID)
		}
		if len(p.Indicators) != len(want[u.ID]) {
			t.Errorf("%s: indicators %v, want %v", u.ID, p.Indicators, want[u.ID])
		}
		for id, w := range want[u.ID] {
			got, ok := p.Indicators[id]
			if !ok || got != w {
				t.Errorf("%s.%s = %v (present %v), want %v", u.ID, id, got, ok, w)
			}
		}
		if !maps.Equal(p.NotComparable, why[u.ID]) {
			t.Errorf("%s: not comparable %v, want %v", u.ID, p.NotComparable, why[u.ID])
		}
		if _, ok := p.Nodes["c2"]; ok {
			t.Errorf("%s: 章二 compared although z is new", u.ID)
		}
		if _, ok := p.Nodes["dti"]; ok {
			t.Errorf("%s: the index compared although z is new", u.ID)
		}
		if _, ok := p.Nodes["c1"]; !ok {
			t.Errorf("%s: no comparable score for 章一", u.ID)
		}
	}
	checkNear(t, "a 章一 last year", unitRes(t, res, "a").Previous.Nodes["c1"], 40)

	// through results.json: the nulls and reasons survive
	var buf bytes.Buffer
	if err := WriteResults(&buf, res); err != nil {
		t.Fatal(err)
	}
	back, err := ReadResults(&buf)
	if err != nil {
		t.Fatal(err)
	}
	pb := unitRes(t, back, "b").Previous
	if v, ok := pb.Indicators["y"]; !ok || v != nil || pb.NotComparable["y"] != PrevFaulty || pb.Indicators["x"] != 30.0 {
		t.Errorf("b after results.json: %v %v", pb.Indicators, pb.NotComparable)
	}
}
