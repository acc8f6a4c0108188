package evaluator

import (
	"math"
	"slices"
)

// Direction values (SPEC §4).
const (
	DirHigher = "higher"
	DirLower  = "lower"
)

// normWarning says why a normalisation fell back (SPEC §5.4); zero when it did not.
type normWarning int

const (
	normOK        normWarning = iota
	normNoSpread              // minmax max = min, zscore n < 2 or s = 0
	normClipped               // none: a value outside 0–100 was clipped
	normNotFinite             // a score came out NaN (e.g. a target of 0): scored 0
	normUnknown               // not a method of SPEC §5.4: scores are NaN
)

// knownMethod reports whether m is a normalisation method of SPEC §5.4.
func knownMethod(m string) bool {
	switch m {
	case NormMinmax, NormGoalpost, NormTarget, NormRank, NormZscore, NormLadder, NormBoolean, NormGrade, NormNone, NormAchievement:
		return true
	}
	return false
}

// normaliseInto maps the values of one indicator — only the units that take part
// in its statistics, i.e. without missing (zero policy), dropped or 不适用 units —
// to 0–100 scores with method nm and direction dir (SPEC §5.4), written into out
// (len(out) == len(xs), in the order of xs); it returns a warning when a fallback
// was used. For boolean indicators x is 1 (是) or 0 (否); for grade indicators x is
// already the grade's score from the mapping (see gradeScore).
func normaliseInto(out []float64, nm Normalize, dir string, xs []float64) normWarning {
	lower := dir == DirLower
	warn := normOK
	switch nm.Method {
	case NormMinmax:
		warn = minmaxInto(out, xs, nm.Lo, lower)
	case NormGoalpost:
		for i, x := range xs {
			out[i] = goalpost(x, nm.Lo, nm.Hi, nm.Log, lower)
		}
	case NormTarget:
		for i, x := range xs {
			out[i] = target(x, nm.Target, lower)
		}
	case NormAchievement:
		for i, x := range xs {
			out[i] = AchievementScore(x, nm.Lo, nm.Hi, lower)
		}
	case NormRank:
		rankScoreInto(out, xs, lower)
	case NormZscore:
		warn = zscoreInto(out, xs, nm.Mean, nm.SD, lower)
	case NormLadder:
		for i, x := range xs {
			out[i] = ladder(x, nm.Steps, lower)
		}
	case NormBoolean:
		for i, x := range xs {
			s := 100 * clip01(x)
			if lower { // SPEC: for boolean 是 → 0 and 否 → 100
				s = 100 - s
			}
			out[i] = s
		}
	case NormGrade:
		// The grade's score was looked up when the value was derived; direction is
		// ignored: the mapping says it all.
		copy(out, xs)
	case NormNone:
		for i, x := range xs {
			s := x
			if s < 0 || s > 100 {
				s = math.Max(0, math.Min(100, s))
				warn = normClipped
			}
			if lower {
				s = 100 - s
			}
			out[i] = s
		}
	default:
		// The loader rejects unknown methods and Score checks again before it starts;
		// this only keeps a caller from getting a made-up score.
		for i := range out {
			out[i] = math.NaN()
		}
		return normUnknown
	}
	for i, s := range out {
		if math.IsNaN(s) {
			out[i] = 0
			warn = normNotFinite
		}
	}
	return warn
}

func clip01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// minmaxInto: lo + (100 − lo)·(x − min)/(max − min); lower: max − x in the numerator;
// max = min gives every unit 100 and a warning.
func minmaxInto(out, xs []float64, lo float64, lower bool) normWarning {
	if len(xs) == 0 {
		return normOK
	}
	mn, mx := xs[0], xs[0]
	for _, x := range xs[1:] {
		mn = math.Min(mn, x)
		mx = math.Max(mx, x)
	}
	if mx == mn {
		for i := range out {
			out[i] = 100
		}
		return normNoSpread
	}
	for i, x := range xs {
		num := x - mn
		if lower {
			num = mx - x
		}
		// lo + (100 − lo)·1 can land an ulp above 100: keep the bound exact.
		out[i] = math.Min(100, lo+(100-lo)*num/(mx-mn))
	}
	return normOK
}

// goalpost: 100·clip((x − lo)/(hi − lo), 0, 1), log10 of x, lo and hi first when log
// (a value ≤ 0 has no logarithm: it is below any goalpost); lower reverses it.
func goalpost(x, lo, hi float64, log, lower bool) float64 {
	if log {
		if x <= 0 {
			x = math.Inf(-1)
		} else {
			x = math.Log10(x)
		}
		lo, hi = math.Log10(lo), math.Log10(hi)
	}
	s := 100 * clip01((x-lo)/(hi-lo))
	if lower {
		s = 100 - s
	}
	return s
}

// target: higher 100·min(x/t, 1), x ≤ 0 → 0; lower 100·min(t/x, 1), x ≤ 0 → 100.
func target(x, t float64, lower bool) float64 {
	if lower {
		if x <= 0 {
			return 100
		}
		return 100 * math.Min(t/x, 1)
	}
	if x <= 0 {
		return 0
	}
	return 100 * math.Min(x/t, 1)
}

// rankScoreInto: 100·(n − r)/(n − 1) with r the descending rank (ascending for lower),
// ties at the minimum rank; n = 1 → 100. Values are compared exactly: the rounding of
// SPEC §5.6 applies to published scores, not to raw values.
func rankScoreInto(out, xs []float64, lower bool) {
	n := len(xs)
	if n == 1 {
		out[0] = 100
		return
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if lower {
			return cmpFloat(xs[a], xs[b])
		}
		return cmpFloat(xs[b], xs[a])
	})
	r := 1
	for pos, i := range idx {
		if pos > 0 && xs[i] != xs[idx[pos-1]] {
			r = pos + 1
		}
		out[i] = 100 * float64(n-r) / float64(n-1)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// zscoreInto: mean + sd·(x − x̄)/s (lower: mean − …), s the sample standard deviation;
// not clipped; n < 2 or s = 0 → every unit gets mean, with a warning.
func zscoreInto(out, xs []float64, mean, sd float64, lower bool) normWarning {
	n := len(xs)
	fill := func() normWarning {
		for i := range out {
			out[i] = mean
		}
		return normNoSpread
	}
	if n < 2 {
		return fill()
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	avg := sum / float64(n)
	var ss float64
	for _, x := range xs {
		ss += (x - avg) * (x - avg)
	}
	s := math.Sqrt(ss / float64(n-1))
	if s == 0 {
		return fill()
	}
	for i, x := range xs {
		z := (x - avg) / s
		if lower {
			z = -z
		}
		out[i] = mean + sd*z
	}
	return normOK
}

// ladder: higher — the first step whose min x reaches (a step without min catches
// everything); lower — the first step whose max x does not exceed (a step without max
// catches everything); no step → 0.
func ladder(x float64, steps []LadderStep, lower bool) float64 {
	for _, st := range steps {
		if lower {
			if !st.HasMax || x <= st.Max {
				return st.Score
			}
		} else if !st.HasMin || x >= st.Min {
			return st.Score
		}
	}
	return 0
}

// gradeScore looks a grade up in a grade mapping; ok is false for an unknown grade.
func gradeScore(nm Normalize, grade string) (float64, bool) {
	s, ok := nm.Scores[grade]
	return s, ok
}
