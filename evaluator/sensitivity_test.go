package evaluator

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestNearestRank(t *testing.T) {
	// n = 10 sorted values: p05 → ⌈0.5⌉ = 1st, p50 → 5th, p95 → ⌈9.5⌉ = 10th
	for _, tt := range []struct{ p, n, want int }{
		{5, 10, 0}, {50, 10, 4}, {95, 10, 9}, {50, 1, 0}, {95, 1000, 949}, {5, 1000, 49}, {50, 1000, 499},
	} {
		if got := nearestRank(tt.p, tt.n); got != tt.want {
			t.Errorf("nearestRank(%d, %d) = %d, want %d", tt.p, tt.n, got, tt.want)
		}
	}
}

func sensFramework(t testing.TB, runs int) (*Framework, *Dataset) {
	units := ""
	vals := map[string]map[string]any{}
	for i := range 8 {
		g := "区"
		if i%3 == 0 {
			g = "县级市"
		}
		id := fmt.Sprintf("u%d", i)
		units += fmt.Sprintf("  - {id: %s, name: 单位%d, group: %s}\n", id, i, g)
		vals[id] = map[string]any{"x": float64(i*7%5 + i), "y": float64(10 - i), "z": float64(i * i % 7)}
	}
	method := fmt.Sprintf("  sensitivity: {runs: %d, weight_spread: 0.25, alternatives: [minmax, rank], seed: 2025}\n", runs)
	fw := testFramework(t, units, numFields("x", "y", "z"), method, `
    - id: g
      name: G
      weight: 2
      children:
        - {id: x, name: X, normalize: minmax}
        - {id: y, name: Y, normalize: rank}
    - {id: z, name: Z, normalize: {method: goalpost, lo: 0, hi: 10}}
`)
	return fw, testDataset(vals)
}

func TestSensitivityDeterministicAndWorkerIndependent(t *testing.T) {
	fw, ds := sensFramework(t, 200)
	s := newScoring(fw, ds, nil)
	s.run()
	one := s.sensitivity(1)
	two := s.sensitivity(2)
	five := s.sensitivity(5)
	if !slices.Equal(one.ranks, two.ranks) || !slices.Equal(one.ranks, five.ranks) {
		t.Fatal("ranks depend on the number of workers")
	}
	if !slices.Equal(one.Units, two.Units) || one.Summary.MeanAbsRankShift != two.Summary.MeanAbsRankShift {
		t.Fatal("summaries differ")
	}
	for u, us := range one.Units {
		if !(us.P05 <= us.MedianRank && us.MedianRank <= us.P95) || us.P05 < 1 || us.P95 > 8 {
			t.Errorf("unit %d: %+v", u, us)
		}
	}
	// The same seed through Score gives the same numbers.
	r1 := mustScore(t, fw, ds, ScoreOptions{Workers: 1})
	r2 := mustScore(t, fw, ds, ScoreOptions{Workers: 2})
	if r1.Sensitivity.MeanAbsRankShift != r2.Sensitivity.MeanAbsRankShift || *r1.Units[3].Sensitivity != *r2.Units[3].Sensitivity {
		t.Error("Score sensitivity depends on workers")
	}
	if r1.Units[0].Sensitivity.NominalRank != r1.Units[0].Rank {
		t.Error("nominal rank is not the published rank")
	}
}

// Run k is reproducible by hand: draw with PCG(seed, k) in tree order — the weights
// of g, x, y, z (pre-order), then a method for x and for y (both in alternatives;
// z's goalpost is not) — then aggregate and rank.
func TestSensitivityRunByHand(t *testing.T) {
	fw, ds := sensFramework(t, 3)
	s := newScoring(fw, ds, nil)
	s.run()
	got := s.sensitivity(2)
	alts := fw.Method.Sensitivity.Alternatives
	col := func(id string) *column {
		for _, c := range s.cols {
			if c.node.ID == id {
				return c
			}
		}
		t.Fatalf("no column %s", id)
		return nil
	}
	x, y, z := col("x"), col("y"), col("z")
	for k := range 3 {
		rng := rand.New(rand.NewPCG(2025, uint64(k)))
		f := func() float64 { return 0.75 + 0.5*rng.Float64() }
		wg, wx, wy, wz := 2*f(), f(), f(), f()
		mx, my := alts[rng.IntN(2)], alts[rng.IntN(2)]
		sx, sy := x.alternativeScores(mx), y.alternativeScores(my)
		scores := make([]float64, len(s.units))
		for u := range s.units {
			g := (wx*sx[u] + wy*sy[u]) / (wx + wy)
			scores[u] = (wg*g + wz*z.score[u]) / (wg + wz)
		}
		want := RankScores(scores, nil, 2)
		for u := range s.units {
			if int(got.ranks[k*len(s.units)+u]) != want[u] {
				t.Errorf("run %d unit %d: rank %d, want %d", k, u, got.ranks[k*len(s.units)+u], want[u])
			}
		}
	}
}

func TestSensitivityNoSpreadKeepsNominal(t *testing.T) {
	// weight_spread 0 and a single alternative equal to every method: every run is the
	// nominal ranking, so the shift is 0 and p05 = median = p95 = nominal.
	fw := testFramework(t, threeUnits, numFields("x", "y"),
		"  sensitivity: {runs: 50, weight_spread: 0, alternatives: [minmax], seed: 1}\n", `
    - {id: x, name: X, normalize: minmax}
    - {id: y, name: Y, normalize: minmax}
`)
	ds := testDataset(map[string]map[string]any{"a": {"x": 1, "y": 5}, "b": {"x": 2, "y": 1}, "c": {"x": 3, "y": 3}})
	res := mustScore(t, fw, ds, ScoreOptions{})
	if res.Sensitivity.MeanAbsRankShift != 0 || res.Sensitivity.Runs != 50 {
		t.Errorf("summary %+v", res.Sensitivity)
	}
	for _, u := range res.Units {
		s := u.Sensitivity
		if s.P05 != u.Rank || s.MedianRank != u.Rank || s.P95 != u.Rank {
			t.Errorf("%s: %+v, rank %d", u.ID, s, u.Rank)
		}
	}
}

func TestSensitivityOffWithZeroRuns(t *testing.T) {
	fw, ds := sensFramework(t, 0)
	res := mustScore(t, fw, ds, ScoreOptions{})
	if res.Sensitivity != nil || res.Units[0].Sensitivity != nil {
		t.Error("runs: 0 must turn sensitivity off")
	}
}

func TestSensitivityAlternativeUnderGeometric(t *testing.T) {
	// Under a geometric parent an alternative minmax uses lo 1: no 0 scores.
	fw := testFramework(t, threeUnits, numFields("x"), "  aggregate: geometric\n  sensitivity: {runs: 0}\n",
		"    - {id: x, name: X, normalize: {method: target, target: 10}}\n")
	s := newScoring(fw, testDataset(map[string]map[string]any{"a": {"x": 1}, "b": {"x": 2}, "c": {"x": 3}}), nil)
	s.run()
	got := s.cols[0].alternativeScores(NormMinmax)
	// 1 + 99·(0, 0.5, 1) = 1, 50.5, 100
	if !sliceNear(got, []float64{1, 50.5, 100}) {
		t.Errorf("alternative minmax = %v", got)
	}
	// rank: 100·(3 − r)/2 with r = 3, 2, 1 → 0, 50, 100
	if got := s.cols[0].alternativeScores(NormRank); !sliceNear(got, []float64{0, 50, 100}) {
		t.Errorf("alternative rank = %v", got)
	}
	// its own method: the nominal scores themselves (target 10: 10, 20, 30)
	if got := s.cols[0].alternativeScores(NormTarget); !sliceNear(got, []float64{10, 20, 30}) {
		t.Errorf("own method = %v", got)
	}
}
