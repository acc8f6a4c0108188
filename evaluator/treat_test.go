package evaluator

import (
	"math"
	"testing"
)

func TestSkewKurt(t *testing.T) {
	// 1, 2, 3, 4: mean 2.5, d = ±1.5, ±0.5; Σd² = 5, Σd³ = 0, Σd⁴ = 2·(5.0625 + 0.0625) = 10.25
	// skew = 0; r = 4·10.25/25 = 1.64; kurt = ((5)(1.64 − 3) + 6)(3)/((2)(1)) = (−6.8 + 6)·1.5 = −1.2
	s, k, ok := SkewKurt([]float64{1, 2, 3, 4})
	if !ok || !near(s, 0) || !near(k, -1.2) {
		t.Errorf("skew, kurt = %v, %v, %v; want 0, −1.2", s, k, ok)
	}
	// 1, 1, 1, 10: mean 3.25, d = −2.25 ×3, 6.75; Σd² = 3·5.0625 + 45.5625 = 60.75
	// Σd³ = 3·(−11.390625) + 307.546875 = 273.375; skew = 2·273.375/60.75^1.5 · √12/2 = 2
	// Σd⁴ = 3·25.62890625 + 2075.94140625 = 2152.828125; r = 4·2152.828125/3690.5625 = 2.3333…
	// kurt = (5·(−0.6667) + 6)·3/2 = 4
	s, k, ok = SkewKurt([]float64{1, 1, 1, 10})
	if !ok || !near(s, 2) || !near(k, 4) {
		t.Errorf("skew, kurt = %v, %v; want 2, 4", s, k)
	}
	if _, _, ok := SkewKurt([]float64{1, 2, 3}); ok {
		t.Error("n = 3 has statistics")
	}
	if _, _, ok := SkewKurt([]float64{5, 5, 5, 5}); ok {
		t.Error("equal values have statistics")
	}
}

var defaultWinsor = Winsorize{MaxPoints: 5, Skew: 2, Kurtosis: 3.5, LogFallback: true}

func TestWinsorise(t *testing.T) {
	// SPEC example: 1…10, 100 fails (skew 3.26 ≥ 2, kurt 10.7 ≥ 3.5); one step sets 100 to
	// the next-largest value 10, giving 1…10, 10 (skew −0.13, kurt −1.34), which passes.
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100}
	s, k, _ := SkewKurt(xs)
	if !(s >= 2 && k >= 3.5) {
		t.Fatalf("1…10, 100 should fail: skew %v kurt %v", s, k)
	}
	out, changed, how := Winsorise(xs, defaultWinsor)
	want := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10}
	if how != TreatWinsorize || !sliceNear(out, want) {
		t.Fatalf("got %v %v, want %v winsorize", out, how, want)
	}
	for i, c := range changed {
		if c != (i == 10) {
			t.Errorf("changed[%d] = %v", i, c)
		}
	}
	if xs[10] != 100 {
		t.Error("input modified")
	}

	// Negative skew: the minimum moves up. −100, 1…10 mirrors the case above.
	neg := []float64{-100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	out, _, how = Winsorise(neg, defaultWinsor)
	if how != TreatWinsorize || out[0] != 1 {
		t.Errorf("negative skew: %v %v", out, how)
	}

	// Passing data is left alone.
	out, changed, how = Winsorise([]float64{1, 2, 3, 4}, defaultWinsor)
	if how != TreatNone || changed[0] || !sliceNear(out, []float64{1, 2, 3, 4}) {
		t.Errorf("passing data: %v %v", out, how)
	}

	// Fewer than 4 values: no treatment even when extreme.
	if _, _, how := Winsorise([]float64{1, 1, 1000}, defaultWinsor); how != TreatNone {
		t.Errorf("n = 3 treated: %v", how)
	}
}

func TestWinsoriseNoTwoDistinct(t *testing.T) {
	// 1 ×9, 10: skew 3.16, kurt 10 → fails; moving 10 to 1 would leave one distinct
	// value: the step is not taken, so the log fallback applies to the original
	// values: ln(x − 1 + 0.01·9) → ln 0.09 for the 1s, ln 9.09 for the 10.
	xs := []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 10}
	out, changed, how := Winsorise(xs, defaultWinsor)
	if how != TreatLog {
		t.Fatalf("how = %v, want log", how)
	}
	if !near(out[0], math.Log(0.09)) || !near(out[9], math.Log(9.09)) || !changed[0] || !changed[9] {
		t.Errorf("log fallback: %v %v", out, changed)
	}
	// Without the fallback the values stay as they were.
	w := defaultWinsor
	w.LogFallback = false
	out, changed, how = Winsorise(xs, w)
	if how != TreatNone || out[9] != 10 || changed[9] {
		t.Errorf("no fallback: %v %v %v", out, changed, how)
	}
}

func TestWinsoriseMaxPointsAndTies(t *testing.T) {
	// Two tied maxima: one step changes both (and so may pass max_points = 1).
	// 0 ×8, 50, 50, 100, 100 → step 1: the two 100s become 50 (2 changed ≥ 1: stop).
	xs := []float64{0, 0, 0, 0, 0, 0, 0, 0, 50, 50, 100, 100}
	w := Winsorize{MaxPoints: 1, Skew: 0.5, Kurtosis: -10, LogFallback: false}
	out, changed, how := Winsorise(xs, w)
	n := 0
	for _, c := range changed {
		if c {
			n++
		}
	}
	if how != TreatWinsorize || n != 2 || out[10] != 50 || out[11] != 50 {
		t.Errorf("got %v changed %d %v", out, n, how)
	}
}
