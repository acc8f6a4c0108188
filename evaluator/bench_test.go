package evaluator

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// syntheticYear builds a framework of nInd indicators (5 chapters × 4 groups × …,
// a mix of methods, directions, missing policies and one geometric group) over
// nUnits units, with runs sensitivity runs, and a seeded random dataset with about
// 3 % missing values.
func syntheticYear(t testing.TB, nUnits, nInd, runs int) (*Framework, *Dataset) {
	var b strings.Builder
	fmt.Fprintf(&b, "schema: dteval/framework/v1\nid: synthetic\ntitle: 合成测试\nversion: \"1\"\nyear: 2025\nunits:\n")
	groups := []string{"区", "县级市", "功能区"}
	for u := range nUnits {
		fmt.Fprintf(&b, "  - {id: u%04d, name: 单位%d, group: %s}\n", u, u, groups[u%3])
	}
	b.WriteString("fields:\n")
	for i := range nInd {
		typ := "number"
		if i%10 == 7 && !(i >= 160 && i < 170) { // c4g0 (geometric) has numbers only
			typ = "boolean"
		}
		fmt.Fprintf(&b, "  - {id: f%03d, name: 字段%d, type: %s}\n", i, i, typ)
	}
	fmt.Fprintf(&b, "method:\n  treat: winsorize\n  sensitivity: {runs: %d, weight_spread: 0.25, alternatives: [minmax, rank, zscore], seed: 2025}\n", runs)
	b.WriteString("index:\n  id: dti\n  name: 合成指数\n  children:\n")
	const chapters, perChapter = 5, 4
	perGroup := nInd / (chapters * perChapter)
	i := 0
	for c := range chapters {
		fmt.Fprintf(&b, "    - id: c%d\n      name: 章%d\n      weight: %d\n      children:\n", c, c, 15+c*2)
		for g := range perChapter {
			fmt.Fprintf(&b, "        - id: c%dg%d\n          name: 组%d\n          weight: %d\n", c, g, g, 1+g)
			if c == 4 && g == 0 {
				b.WriteString("          aggregate: geometric\n")
			}
			b.WriteString("          children:\n")
			for range perGroup {
				var norm, extra string
				switch {
				case c == 4 && g == 0:
					norm = "{method: minmax, lo: 1}"
				case i%10 == 7:
					norm = "boolean"
				default:
					switch i % 6 {
					case 0, 1:
						norm = "minmax"
					case 2:
						norm = "rank"
					case 3:
						norm = "{method: goalpost, lo: 0, hi: 80}"
					case 4:
						norm = "{method: target, target: 60}"
					case 5:
						norm = "zscore"
					}
				}
				if i%5 == 1 {
					extra += ", direction: lower"
				}
				switch i % 4 {
				case 1:
					extra += ", missing: reweight"
				case 2:
					extra += ", missing: mean"
				case 3:
					extra += ", missing: group-mean"
				}
				fmt.Fprintf(&b, "            - {id: f%03d, name: 指标%d, weight: %d, normalize: %s%s}\n", i, i, 1+i%3, norm, extra)
				i++
			}
		}
	}
	fw, err := LoadBytes("synthetic.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	ds := &Dataset{Year: 2025, Units: map[string]map[string]Value{}}
	for u := range nUnits {
		vals := map[string]Value{}
		for i := range nInd {
			id := fmt.Sprintf("f%03d", i)
			switch {
			case r.IntN(33) == 0:
				vals[id] = Value{Missing: true}
			case fw.Field(id).Type == TypeBoolean:
				vals[id] = Value{Num: float64(r.IntN(2))}
			default:
				vals[id] = Value{Num: math.Exp(r.NormFloat64()) * 20}
			}
		}
		ds.Units[fmt.Sprintf("u%04d", u)] = vals
	}
	return fw, ds
}

func TestSyntheticYear(t *testing.T) {
	fw, ds := syntheticYear(t, 30, 200, 50)
	if n := len(fw.Leaves()); n != 200 {
		t.Fatalf("%d leaves", n)
	}
	res := mustScore(t, fw, ds, ScoreOptions{})
	for _, u := range res.Units {
		if math.IsNaN(u.Score) || u.Score < 0 || u.Score > 100 || u.Rank < 1 {
			t.Fatalf("%s: %v %d", u.ID, u.Score, u.Rank)
		}
	}
}

// BenchmarkScore1000x200 is the scale of SPEC §11: 1,000 units × 200 indicators
// with 1,000 sensitivity runs (go test -bench Score1000 -benchmem ./evaluator/).
func BenchmarkScore1000x200(b *testing.B) {
	fw, ds := syntheticYear(b, 1000, 200, 1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Score(fw, ds, ScoreOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScore1000x200NoSensitivity isolates the nominal pipeline.
func BenchmarkScore1000x200NoSensitivity(b *testing.B) {
	fw, ds := syntheticYear(b, 1000, 200, 1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Score(fw, ds, ScoreOptions{NoSensitivity: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSensitivity8Units: 1,000 runs on the 8 units of a Wuxi-sized year.
func BenchmarkSensitivity8Units(b *testing.B) {
	fw, ds := sensFramework(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Score(fw, ds, ScoreOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// The column-wise aggregation of the sensitivity runs computes what the per-unit
// aggregation of the nominal scores computes: exactly with the nominal weights, and
// to the last few bits with drawn weights (the weight sums are added in another order).
func TestEvalColumnsMatchesEvalUnit(t *testing.T) {
	fw, ds := syntheticYear(t, 60, 200, 0)
	s := newScoring(fw, ds, nil)
	s.run()
	par := s.plan.parents()
	leafNode := make([]int, len(s.cols))
	for i, l := range s.plan.leaf {
		if l >= 0 {
			leafNode[l] = i
		}
	}
	mask := make([]leafMask, len(s.cols))
	cols := make([]leafCols, len(s.cols))
	cur := make([]*leafCols, len(s.cols))
	leafSc := make([][]float64, len(s.cols))
	leafSt := make([][]uint8, len(s.cols))
	for l, c := range s.cols {
		mask[l] = newLeafMask(c.st)
		cols[l] = newLeafCols(c.score, c.st, s.plan.geo[par[leafNode[l]]])
		cur[l] = &cols[l]
		leafSc[l], leafSt[l] = c.score, c.st
	}
	buf := s.plan.newColBuf(len(s.units))
	got := s.plan.evalColumns(s.plan.weight, cur, mask, par, buf)
	for u := range s.units {
		if got[u] != s.indexScore(u) {
			t.Fatalf("unit %d: columns %v, per unit %v", u, got[u], s.indexScore(u))
		}
	}
	r := rand.New(rand.NewPCG(3, 3))
	w := append([]float64(nil), s.plan.weight...)
	for i := range w {
		w[i] *= 0.5 + r.Float64()
	}
	got = s.plan.evalColumns(w, cur, mask, par, buf)
	sc := make([]float64, len(s.plan.nodes))
	st := make([]uint8, len(s.plan.nodes))
	for u := range s.units {
		s.plan.evalUnit(u, w, leafSc, leafSt, sc, st)
		want := sc[s.plan.root]
		if math.Abs(got[u]-want) > 1e-12*math.Max(1, want) {
			t.Fatalf("unit %d: columns %v, per unit %v", u, got[u], want)
		}
	}
}
