package evaluator

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// sensitivityResult is the Monte Carlo analysis of SPEC §5.7: per unit (in the order
// of the scored units) its rank distribution, and the summary.
type sensitivityResult struct {
	Summary SensitivitySummary
	Units   []UnitSensitivity
	// ranks[k*nu+u] is unit u's rank in run k (kept for tests).
	ranks []int32
}

// sensitivity runs the Monte Carlo analysis on the scored year.
//
// Run k uses its own generator, math/rand/v2 PCG seeded with (seed, k), and draws in
// tree order: first for every weight (every node of the weighted tree but the root)
// a uniform factor in [1 − spread, 1 + spread], then for every indicator whose method
// is one of the alternatives a method from the alternatives. The units are then
// re-aggregated with those weights and methods and ranked as the nominal ranks are
// (by score, rounded, ties at the minimum). Runs are spread over workers; each run
// depends on its seed only, so the results do not depend on the number of workers.
//
// Every alternative normalisation of every indicator is computed once, up front,
// from the treated values; a run only picks columns and multiplies weights.
func (s *scoring) sensitivity(workers int) sensitivityResult {
	cfg := s.fw.Method.Sensitivity
	nu := len(s.units)
	alts := cfg.Alternatives
	dec := s.fw.Method.Decimals
	runs := cfg.Runs

	// Precompute every scoring of every leaf: its own and each alternative.
	par := s.plan.parents()
	leafNode := make([]int, len(s.cols))
	for i, l := range s.plan.leaf {
		if l >= 0 {
			leafNode[l] = i
		}
	}
	mask := make([]leafMask, len(s.cols))
	own := make([]leafCols, len(s.cols))
	altCols := make([][]leafCols, len(s.cols))
	for l, c := range s.cols {
		geo := s.plan.geo[par[leafNode[l]]]
		mask[l] = newLeafMask(c.st)
		own[l] = newLeafCols(c.score, c.st, geo)
		if !slices.Contains(alts, c.node.Normalize.Method) {
			continue
		}
		altCols[l] = make([]leafCols, len(alts))
		for m, alt := range alts {
			if alt == c.node.Normalize.Method {
				altCols[l][m] = own[l]
			} else {
				altCols[l][m] = newLeafCols(c.alternativeScores(alt), c.st, geo)
			}
		}
	}

	ranks := make([]int32, runs*nu)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, runs))
	var wg sync.WaitGroup
	var next atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := make([]float64, len(s.plan.nodes))
			cur := make([]*leafCols, len(s.cols))
			buf := s.plan.newColBuf(nu)
			idx := make([]int, nu)
			rk := make([]int, nu)
			tot := make([]float64, nu)
			for {
				k := int(next.Add(1) - 1)
				if k >= runs {
					return
				}
				rng := rand.New(rand.NewPCG(cfg.Seed, uint64(k)))
				copy(w, s.plan.weight)
				for _, ni := range s.plan.drawOrder {
					w[ni] *= 1 - cfg.WeightSpread + 2*cfg.WeightSpread*rng.Float64()
				}
				for l := range s.cols {
					cur[l] = &own[l]
					if altCols[l] != nil {
						cur[l] = &altCols[l][rng.IntN(len(alts))]
					}
				}
				index := s.plan.evalColumns(w, cur, mask, par, buf)
				for u := range nu {
					idx[u] = u
				}
				rankRounded(rk, s.rankBasis(index, tot), idx, dec) // as published (SPEC §5.6)
				row := ranks[k*nu : (k+1)*nu]
				for u := range nu {
					row[u] = int32(rk[u])
				}
			}
		}()
	}
	wg.Wait()

	// The nominal ranks, as published.
	scores := make([]float64, nu)
	for u := range nu {
		scores[u] = s.indexScore(u)
	}
	nominal := RankScores(s.rankBasis(scores, make([]float64, nu)), nil, dec)
	out := sensitivityResult{ranks: ranks, Units: make([]UnitSensitivity, nu)}
	col := make([]int32, runs)
	var shift int64
	for u := range nu {
		for k := range runs {
			r := ranks[k*nu+u]
			col[k] = r
			d := int64(r) - int64(nominal[u])
			if d < 0 {
				d = -d
			}
			shift += d
		}
		slices.Sort(col)
		out.Units[u] = UnitSensitivity{
			NominalRank: nominal[u],
			MedianRank:  int(col[nearestRank(50, runs)]),
			P05:         int(col[nearestRank(5, runs)]),
			P95:         int(col[nearestRank(95, runs)]),
		}
	}
	out.Summary = SensitivitySummary{
		Runs: runs, Seed: cfg.Seed, WeightSpread: cfg.WeightSpread,
		Alternatives:     append([]string{}, alts...),
		MeanAbsRankShift: float64(shift) / float64(runs*nu),
	}
	return out
}

// nearestRank is the 0-based index of the p-th percentile (nearest-rank method) of n
// sorted values: the ⌈p·n/100⌉-th value.
func nearestRank(p, n int) int {
	i := (p*n + 99) / 100
	return max(i, 1) - 1
}

// alternativeScores normalises the column with another method, with that method's
// default parameters; the indicator's own parameters when it is its own method.
// Methods that cannot run without parameters (goalpost, target, ladder, grade) keep
// the indicator's own scores. Under a geometric parent the alternative minmax uses
// lo 1, so that no score is 0 (SPEC §5.5 asks the same of the nominal tree).
func (c *column) alternativeScores(method string) []float64 {
	n := c.node
	if method == n.Normalize.Method {
		return c.score
	}
	var nm Normalize
	switch method {
	case NormMinmax:
		nm = Normalize{Method: NormMinmax}
		if n.Parent != nil && n.Parent.Aggregate == AggGeometric {
			nm.Lo = 1
		}
	case NormRank, NormBoolean, NormNone:
		nm = Normalize{Method: method}
	case NormZscore:
		nm = Normalize{Method: NormZscore, Mean: 50, SD: 10}
	default:
		return c.score
	}
	xs := make([]float64, len(c.part))
	for j, i := range c.part {
		xs[j] = c.value[i]
	}
	out := make([]float64, len(xs))
	normaliseInto(out, nm, n.Direction, xs)
	sc := make([]float64, len(c.score))
	for j, i := range c.part {
		sc[i] = out[j]
	}
	return sc
}

// rankBasis returns what the ranks compare for the units' index scores (SPEC §5.6):
// the index scores themselves under rank_by: index, else the totals (index + bonus −
// penalty, floored at 0), written into buf.
func (s *scoring) rankBasis(index, buf []float64) []float64 {
	if s.fw.Method.RankBy == RankByIndex {
		return index
	}
	for u := range buf {
		buf[u] = UnitScore(index[u], s.bonus[u], s.penalty[u])
	}
	return buf
}
