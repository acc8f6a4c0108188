package evaluator

import "math"

// Treatment outcomes of Winsorise.
const (
	TreatNone      = "none"      // nothing changed (passes, or fewer than 4 values)
	TreatWinsorize = "winsorize" // some values were moved to their neighbours
	TreatLog       = "log"       // still failing after winsorising: the log fallback
)

// SkewKurt returns the bias-corrected sample skewness and kurtosis of SPEC §5.3:
//
//	skew = √n·Σd³/(Σd²)^1.5 · √(n(n−1))/(n−2)
//	kurt = ((n+1)(r−3)+6)(n−1)/((n−2)(n−3)),  r = n·Σd⁴/(Σd²)²,  d = x − mean
//
// ok is false when they are not defined (n < 4 or all values equal).
func SkewKurt(xs []float64) (skew, kurt float64, ok bool) {
	n := float64(len(xs))
	if len(xs) < 4 {
		return 0, 0, false
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / n
	var s2, s3, s4 float64
	for _, x := range xs {
		d := x - mean
		d2 := d * d
		s2 += d2
		s3 += d2 * d
		s4 += d2 * d2
	}
	if s2 == 0 {
		return 0, 0, false
	}
	skew = math.Sqrt(n) * s3 / math.Pow(s2, 1.5) * math.Sqrt(n*(n-1)) / (n - 2)
	r := n * s4 / (s2 * s2)
	kurt = ((n+1)*(r-3) + 6) * (n - 1) / ((n - 2) * (n - 3))
	return skew, kurt, true
}

// failsOutlierRule: |skew| ≥ skew AND kurtosis ≥ kurtosis.
func failsOutlierRule(xs []float64, w Winsorize) (fails bool, skew float64) {
	s, k, ok := SkewKurt(xs)
	if !ok {
		return false, 0
	}
	return math.Abs(s) >= w.Skew && k >= w.Kurtosis, s
}

// Winsorise applies the outlier treatment of SPEC §5.3 to the values of one
// indicator (only the units taking part in its statistics). It returns the treated
// values (a new slice), which of them changed, and what was done.
//
// While the values fail the rule and fewer than MaxPoints values have been changed,
// the largest value(s) (skew ≥ 0) or the smallest (skew < 0) are set to the next
// value inwards; one step may move several tied values and so end above MaxPoints;
// a step that would leave fewer than two distinct values is not taken. If they
// still fail and LogFallback is set, ln(x − min + 0.01·(max − min)) of the values as
// they were before winsorising is used instead, and every value counts as changed.
func Winsorise(xs []float64, w Winsorize) (out []float64, changed []bool, how string) {
	out = append([]float64(nil), xs...)
	changed = make([]bool, len(xs))
	if len(xs) < 4 {
		return out, changed, TreatNone
	}
	fails, skew := failsOutlierRule(out, w)
	if !fails {
		return out, changed, TreatNone
	}
	nChanged := 0
	for fails && nChanged < w.MaxPoints {
		if !winsorStep(out, changed, skew >= 0, &nChanged) {
			break
		}
		fails, skew = failsOutlierRule(out, w)
	}
	if !fails {
		return out, changed, TreatWinsorize
	}
	if w.LogFallback {
		mn, mx := xs[0], xs[0]
		for _, x := range xs {
			mn = math.Min(mn, x)
			mx = math.Max(mx, x)
		}
		for i, x := range xs {
			out[i] = math.Log(x - mn + 0.01*(mx-mn))
			changed[i] = true
		}
		return out, changed, TreatLog
	}
	// Still failing, no fallback: keep what winsorising did.
	if nChanged > 0 {
		return out, changed, TreatWinsorize
	}
	return out, changed, TreatNone
}

// winsorStep moves the extreme value(s) on one side to the next value inwards. It
// reports false (and changes nothing) when that would leave fewer than two distinct
// values, i.e. when there are only two distinct values now.
func winsorStep(xs []float64, changed []bool, top bool, nChanged *int) bool {
	ext := xs[0]
	for _, x := range xs {
		if (top && x > ext) || (!top && x < ext) {
			ext = x
		}
	}
	// The next value inwards and the number of distinct values.
	next, haveNext := 0.0, false
	for _, x := range xs {
		if x == ext {
			continue
		}
		if !haveNext || (top && x > next) || (!top && x < next) {
			next, haveNext = x, true
		}
	}
	if !haveNext {
		return false
	}
	// Moving ext onto next leaves two distinct values or more only when a third
	// value, neither ext nor next, exists.
	third := false
	for _, x := range xs {
		if x != ext && x != next {
			third = true
			break
		}
	}
	if !third {
		return false
	}
	for i, x := range xs {
		if x == ext {
			xs[i] = next
			if !changed[i] {
				changed[i] = true
				*nChanged++
			}
		}
	}
	return true
}
