package evaluator

import (
	"math"
	"slices"
)

// RankScores ranks scores in descending order as SPEC §5.6 says: scores are compared
// rounded to decimals with Round, and equal ones share the minimum rank (1, 2, 2, 4).
// Entries with include[i] false (不适用, dropped) get rank 0 and are left out; a nil
// include takes every entry.
func RankScores(scores []float64, include []bool, decimals int) []int {
	ranks := make([]int, len(scores))
	idx := make([]int, 0, len(scores))
	for i := range scores {
		if include == nil || include[i] {
			idx = append(idx, i)
		}
	}
	rankRounded(ranks, scores, idx, decimals)
	return ranks
}

// rankRounded writes into ranks the descending ranks, ties at the minimum, of the
// scores at the positions idx (which it reorders), compared rounded to decimals.
//
// Round is monotone (x ≤ y ⇒ Round(x) ≤ Round(y)), so the order of the raw scores is
// an order of the rounded ones, and equal rounded scores are neighbours in it. Two
// neighbours 10^−decimals or more apart cannot round to the same value, so Round
// is only called for neighbours closer than twice that: the ranks are exactly those of
// sorting the rounded scores, at a fraction of the cost.
func rankRounded(ranks []int, scores []float64, idx []int, decimals int) {
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmpFloat(scores[b], scores[a]); c != 0 {
			return c
		}
		return a - b
	})
	gap := 2 * math.Pow10(-decimals) // twice the step: no float subtraction error can matter
	r := 1
	for pos, i := range idx {
		if pos > 0 {
			prev := scores[idx[pos-1]]
			if prev != scores[i] && (prev-scores[i] > gap || Round(prev, decimals) != Round(scores[i], decimals)) {
				r = pos + 1
			}
		}
		ranks[i] = r
	}
}

// RankWithinGroups ranks scores within each unit group (groups[i] is entry i's
// group), with the same rounding and ties as RankScores.
func RankWithinGroups(scores []float64, include []bool, groups []string, decimals int) []int {
	ranks := make([]int, len(scores))
	var order []string
	members := map[string][]int{}
	for i := range scores {
		if include != nil && !include[i] {
			continue
		}
		g := groups[i]
		if _, ok := members[g]; !ok {
			order = append(order, g)
		}
		members[g] = append(members[g], i)
	}
	for _, g := range order {
		m := members[g]
		sub := make([]float64, len(m))
		for j, i := range m {
			sub[j] = scores[i]
		}
		r := RankScores(sub, nil, decimals)
		for j, i := range m {
			ranks[i] = r[j]
		}
	}
	return ranks
}
