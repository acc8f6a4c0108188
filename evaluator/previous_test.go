package evaluator

import (
	"bytes"
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
