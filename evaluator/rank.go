package evaluator

import "slices"

// RankScores ranks scores in descending order as SPEC §5.6 says: scores are compared
// rounded to decimals with Round, and equal ones share the minimum rank (1, 2, 2, 4).
// Entries with include[i] false (不适用, dropped) get rank 0 and are left out; a nil
// include takes every entry.
func RankScores(scores []float64, include []bool, decimals int) []int {
	ranks := make([]int, len(scores))
	rounded := make([]float64, len(scores))
	idx := make([]int, 0, len(scores))
	for i, s := range scores {
		if include != nil && !include[i] {
			continue
		}
		rounded[i] = Round(s, decimals)
		idx = append(idx, i)
	}
	rankRounded(ranks, rounded, idx)
	return ranks
}

// rankRounded writes into ranks the descending ranks, ties at the minimum, of the
// already rounded values at the positions idx (which it reorders).
func rankRounded(ranks []int, rounded []float64, idx []int) {
	slices.SortStableFunc(idx, func(a, b int) int { return cmpFloat(rounded[b], rounded[a]) })
	r := 1
	for pos, i := range idx {
		if pos > 0 && rounded[i] != rounded[idx[pos-1]] {
			r = pos + 1
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
