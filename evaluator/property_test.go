package evaluator

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// Property tests over seeded random inputs (reproducible: the seed is in the name).

func randomValues(r *rand.Rand, n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		switch r.IntN(4) {
		case 0:
			xs[i] = float64(r.IntN(5)) // ties
		case 1:
			xs[i] = r.NormFloat64() * 1000
		default:
			xs[i] = r.Float64() * 100
		}
	}
	return xs
}

func boundedMethods(r *rand.Rand) []Normalize {
	return []Normalize{
		{Method: NormMinmax, Lo: float64(r.IntN(50))},
		{Method: NormGoalpost, Lo: -10, Hi: 60},
		{Method: NormGoalpost, Lo: 1, Hi: 500, Log: true},
		{Method: NormTarget, Target: 1 + r.Float64()*100},
		{Method: NormRank},
		{Method: NormLadder, Steps: []LadderStep{{Min: 50, HasMin: true, Max: 10, HasMax: true, Score: 100}, {Min: 0, HasMin: true, Max: 60, HasMax: true, Score: 40}}},
		{Method: NormBoolean},
		{Method: NormNone},
	}
}

func TestPropertyBoundedScores(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 1))
		xs := randomValues(r, 1+r.IntN(20))
		for _, nm := range boundedMethods(r) {
			for _, dir := range []string{DirHigher, DirLower} {
				got, _ := Normalise(nm, dir, xs)
				for i, s := range got {
					if !(s >= 0 && s <= 100) {
						t.Fatalf("seed %d %s %s: x=%v → %v", seed, nm.Method, dir, xs[i], s)
					}
				}
			}
		}
	}
}

func TestPropertyMinmaxMirror(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 2))
		xs := randomValues(r, 2+r.IntN(20))
		hi, _ := Normalise(Normalize{Method: NormMinmax}, DirHigher, xs)
		lo, _ := Normalise(Normalize{Method: NormMinmax}, DirLower, xs)
		for i := range xs {
			if math.Abs(hi[i]+lo[i]-100) > 1e-9 {
				t.Fatalf("seed %d: higher %v + lower %v ≠ 100", seed, hi[i], lo[i])
			}
		}
	}
}

func TestPropertyMinmaxScaleInvariant(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 3))
		xs := randomValues(r, 1+r.IntN(20))
		c := math.Exp(r.NormFloat64() * 3) // a positive constant, 0.0x to 100s
		ys := make([]float64, len(xs))
		for i, x := range xs {
			ys[i] = c * x
		}
		lo := float64(r.IntN(2))
		for _, dir := range []string{DirHigher, DirLower} {
			a, _ := Normalise(Normalize{Method: NormMinmax, Lo: lo}, dir, xs)
			b, _ := Normalise(Normalize{Method: NormMinmax, Lo: lo}, dir, ys)
			for i := range a {
				if math.Abs(a[i]-b[i]) > 1e-9 {
					t.Fatalf("seed %d c %v: %v vs %v", seed, c, a[i], b[i])
				}
			}
		}
	}
}

// propFramework is a framework with n units (in the order given) and a mixed tree.
func propFramework(t testing.TB, ids []string) *Framework {
	var units strings.Builder
	for _, id := range ids {
		g := "区"
		if id[len(id)-1]%2 == 0 {
			g = "县级市"
		}
		fmt.Fprintf(&units, "  - {id: %s, name: 单位%s, group: %s}\n", id, id, g)
	}
	fields := numFields("x", "y", "z", "v") + "  - {id: ok, name: 是否, type: boolean}\n"
	method := "  sensitivity: {runs: 40, seed: 9}\n  treat: winsorize\n"
	index := `
    - id: g
      name: G
      weight: 2
      children:
        - {id: x, name: X, normalize: minmax, missing: mean}
        - {id: y, name: Y, weight: 3, direction: lower, normalize: rank, missing: group-mean}
        - {id: ok, name: OK, normalize: boolean, applies_to: [区]}
    - id: h
      name: H
      children:
        - {id: z, name: Z, normalize: {method: zscore, mean: 50, sd: 10}, missing: reweight}
        - {id: v, name: V, normalize: {method: goalpost, lo: 0, hi: 80}}
`
	return testFramework(t, units.String(), fields, method, index)
}

func propData(r *rand.Rand, ids []string) map[string]map[string]any {
	vals := map[string]map[string]any{}
	for _, id := range ids {
		m := map[string]any{}
		for _, f := range []string{"x", "y", "z", "v"} {
			if r.IntN(8) == 0 {
				m[f] = ""
			} else {
				m[f] = math.Round(r.Float64()*1000) / 10
			}
		}
		if r.IntN(2) == 0 {
			m["ok"] = "是"
		} else {
			m["ok"] = "否"
		}
		vals[id] = m
	}
	return vals
}

// Permuting the units (framework order and dataset) changes no unit's result.
func TestPropertyPermutationInvariant(t *testing.T) {
	for seed := range uint64(30) {
		r := rand.New(rand.NewPCG(seed, 4))
		n := 2 + r.IntN(9)
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("u%02d", i)
		}
		vals := propData(r, ids)
		fw1 := propFramework(t, ids)
		res1 := mustScore(t, fw1, testDataset(vals), ScoreOptions{NoSensitivity: true})
		perm := append([]string(nil), ids...)
		r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		fw2 := propFramework(t, perm)
		res2 := mustScore(t, fw2, testDataset(vals), ScoreOptions{NoSensitivity: true})
		for _, id := range ids {
			a, b := unitRes(t, res1, id), unitRes(t, res2, id)
			if !near(a.Score, b.Score) || a.Rank != b.Rank || a.GroupRank != b.GroupRank || a.Grade != b.Grade {
				t.Fatalf("seed %d unit %s: %v/%d vs %v/%d", seed, id, a.Score, a.Rank, b.Score, b.Rank)
			}
			for k, ir := range a.Indicators {
				jr := b.Indicators[k]
				if !near(ir.Score, jr.Score) || ir.Rank != jr.Rank || ir.Imputed != jr.Imputed || ir.Treated != jr.Treated {
					t.Fatalf("seed %d unit %s indicator %s: %+v vs %+v", seed, id, k, ir, jr)
				}
			}
			for k, nr := range a.Nodes {
				if !near(nr.Score, b.Nodes[k].Score) || nr.Rank != b.Nodes[k].Rank {
					t.Fatalf("seed %d unit %s node %s", seed, id, k)
				}
			}
		}
	}
}

// Scaling every raw value of a min-max indicator by a positive constant changes
// nothing (through the whole pipeline, winsorising and mean imputation included).
func TestPropertyPipelineScaleInvariant(t *testing.T) {
	for seed := range uint64(30) {
		r := rand.New(rand.NewPCG(seed, 5))
		ids := make([]string, 3+r.IntN(8))
		for i := range ids {
			ids[i] = fmt.Sprintf("u%02d", i)
		}
		vals := propData(r, ids)
		fw := propFramework(t, ids)
		res1 := mustScore(t, fw, testDataset(vals), ScoreOptions{NoSensitivity: true})
		c := 0.01 + r.Float64()*50
		for _, m := range vals {
			if x, ok := m["x"].(float64); ok {
				m["x"] = c * x
			}
		}
		res2 := mustScore(t, fw, testDataset(vals), ScoreOptions{NoSensitivity: true})
		for _, id := range ids {
			a, b := unitRes(t, res1, id), unitRes(t, res2, id)
			if math.Abs(a.Score-b.Score) > 1e-9 || a.Rank != b.Rank || math.Abs(a.Indicators["x"].Score-b.Indicators["x"].Score) > 1e-9 {
				t.Fatalf("seed %d c %v unit %s: %v vs %v", seed, c, id, a.Score, b.Score)
			}
		}
	}
}

// Unit scores of a tree of bounded methods without bonus stay within 0–100.
func TestPropertyPipelineBounded(t *testing.T) {
	for seed := range uint64(30) {
		r := rand.New(rand.NewPCG(seed, 6))
		ids := make([]string, 1+r.IntN(10))
		for i := range ids {
			ids[i] = fmt.Sprintf("u%02d", i)
		}
		vals := propData(r, ids)
		fw := testFramework(t, "  - {id: u00, name: 单位0, group: 区}\n"+strings.Join(func() []string {
			var out []string
			for _, id := range ids[1:] {
				out = append(out, fmt.Sprintf("  - {id: %s, name: 单位%s, group: 区}", id, id))
			}
			return out
		}(), "\n")+"\n", numFields("x", "y", "z", "v"), "  sensitivity: {runs: 0}\n  missing: mean\n", `
    - {id: x, name: X, normalize: {method: minmax, lo: 1}}
    - {id: y, name: Y, direction: lower, normalize: rank}
    - {id: z, name: Z, normalize: {method: target, target: 50}}
    - {id: v, name: V, direction: lower, normalize: {method: goalpost, lo: 0, hi: 80}}
`)
		res := mustScore(t, fw, testDataset(vals), ScoreOptions{})
		for _, u := range res.Units {
			if u.Score < 0 || u.Score > 100 {
				t.Fatalf("seed %d %s: %v", seed, u.ID, u.Score)
			}
		}
	}
}
