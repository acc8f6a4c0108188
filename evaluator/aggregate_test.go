package evaluator

import (
	"math"
	"testing"
)

func TestWeightedMeans(t *testing.T) {
	// (3·80 + 1·40)/4 = 70
	if got := WeightedMean([]float64{80, 40}, []float64{3, 1}); !near(got, 70) {
		t.Errorf("arithmetic = %v, want 70", got)
	}
	// exp((3·ln 80 + 1·ln 40)/4) = 80^0.75 · 40^0.25 = 80 · 2^−0.25 = 67.2717…
	want := 80 * math.Pow(2, -0.25)
	if got := WeightedGeometricMean([]float64{80, 40}, []float64{3, 1}); !near(got, want) {
		t.Errorf("geometric = %v, want %v", got, want)
	}
	// a 0 child: ln 0 = −∞ → 0 (guard; check rejects such trees)
	if got := WeightedGeometricMean([]float64{80, 0}, []float64{1, 1}); got != 0 {
		t.Errorf("geometric with 0 = %v", got)
	}
	// a negative child (zscore) has no logarithm either → 0
	if got := WeightedGeometricMean([]float64{80, -5}, []float64{1, 1}); got != 0 {
		t.Errorf("geometric with −5 = %v", got)
	}
}

func TestBonusPoints(t *testing.T) {
	three := 3.0
	five := 5.0
	tests := []struct {
		name        string
		value, each float64
		cap         *float64
		want        float64
	}{
		{"under cap", 2, 1, &three, 2},       // 1 × 2 = 2 ≤ 3
		{"capped", 4, 1, &three, 3},          // 4 > 3
		{"half points", 3, 0.5, &three, 1.5}, // 0.5 × 3
		{"no cap", 10, 2, nil, 20},           // 2 × 10
		{"negative value", -2, 1, &three, 0}, // never below 0
	}
	for _, tt := range tests {
		if got := BonusPoints(tt.value, tt.each, tt.cap); !near(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	// group: 3 + 2.5 = 5.5 capped by 5
	if got := CapPoints(5.5, &five); got != 5 {
		t.Errorf("group cap: %v", got)
	}
	// unit score: 83.12 + 2 − 0 = 85.12; 3 + 0 − 5 floored at 0
	if got := UnitScore(83.12, 2, 0); !near(got, 85.12) {
		t.Errorf("unit score %v", got)
	}
	if got := UnitScore(3, 0, 5); got != 0 {
		t.Errorf("floor: %v", got)
	}
}

func TestImputeMean(t *testing.T) {
	xs := []float64{10, 0, 30, 50}
	has := []bool{true, false, true, true}
	// others of unit 1: (10 + 30 + 50)/3 = 30
	if m, ok := ImputeMean(xs, has, 1, nil); !ok || m != 30 {
		t.Errorf("mean = %v %v", m, ok)
	}
	groups := []string{"a", "a", "b", "b"}
	// group a, others with a value: only unit 0 → 10
	if m, ok := ImputeMean(xs, has, 1, groups); !ok || m != 10 {
		t.Errorf("group mean = %v %v", m, ok)
	}
	groups = []string{"b", "a", "b", "b"}
	if _, ok := ImputeMean(xs, has, 1, groups); ok {
		t.Error("group mean with no other value in the group")
	}
}

// WeightedMean is Σw·s/Σw (SPEC §5.5, arithmetic).
func WeightedMean(scores, weights []float64) float64 {
	var sw, acc float64
	for i, s := range scores {
		sw += weights[i]
		acc += weights[i] * s
	}
	return acc / sw
}

// WeightedGeometricMean is exp(Σw·ln s/Σw) (SPEC §5.5, geometric). A score ≤ 0 has no
// logarithm (ln 0 = −∞): the group scores 0, the limit of the mean (scoring warns
// with score-zero-geometric; `dteval check` warns where it can happen).
func WeightedGeometricMean(scores, weights []float64) float64 {
	var sw, acc float64
	for i, s := range scores {
		if s <= 0 {
			return 0
		}
		sw += weights[i]
		acc += weights[i] * math.Log(s)
	}
	return math.Exp(acc / sw)
}
