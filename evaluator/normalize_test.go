package evaluator

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func sliceNear(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !near(a[i], b[i]) {
			return false
		}
	}
	return true
}

func TestNormalise(t *testing.T) {
	steps := []LadderStep{
		{Min: 95, HasMin: true, Max: 5, HasMax: true, Score: 100},
		{Min: 90, HasMin: true, Max: 10, HasMax: true, Score: 80},
		{Min: 60, HasMin: true, Max: 40, HasMax: true, Score: 60},
	}
	tests := []struct {
		name string
		nm   Normalize
		dir  string
		xs   []float64
		want []float64
		warn normWarning
	}{
		// min 10, max 30: (10−10)/20 = 0, (20−10)/20 = 0.5, (30−10)/20 = 1
		{"minmax higher", Normalize{Method: NormMinmax}, DirHigher, []float64{10, 20, 30}, []float64{0, 50, 100}, normOK},
		// lower: (30−x)/20 → 1, 0.5, 0
		{"minmax lower", Normalize{Method: NormMinmax}, DirLower, []float64{10, 20, 30}, []float64{100, 50, 0}, normOK},
		// lo 1: 1 + 99·(0, 0.25, 1) = 1, 25.75, 100
		{"minmax lo 1", Normalize{Method: NormMinmax, Lo: 1}, DirHigher, []float64{0, 5, 20}, []float64{1, 25.75, 100}, normOK},
		{"minmax all equal", Normalize{Method: NormMinmax}, DirHigher, []float64{7, 7, 7}, []float64{100, 100, 100}, normNoSpread},
		{"minmax one unit", Normalize{Method: NormMinmax}, DirLower, []float64{7}, []float64{100}, normNoSpread},
		{"minmax none", Normalize{Method: NormMinmax}, DirHigher, nil, []float64{}, normOK},
		// goalpost 0–40: 100·clip(x/40): −4 → 0, 10 → 25, 31.2 → 78, 50 → 100
		{"goalpost higher", Normalize{Method: NormGoalpost, Lo: 0, Hi: 40}, DirHigher, []float64{-4, 10, 31.2, 50}, []float64{0, 25, 78, 100}, normOK},
		// lower: 100 − the above
		{"goalpost lower", Normalize{Method: NormGoalpost, Lo: 0, Hi: 40}, DirLower, []float64{-4, 10, 31.2, 50}, []float64{100, 75, 22, 0}, normOK},
		// log 1–1000: log10 → 0–3; x = 10 → 1/3 → 33.33…; 100 → 66.66…; 0 and −5 have no log → 0; 1e6 → clip → 100
		{"goalpost log", Normalize{Method: NormGoalpost, Lo: 1, Hi: 1000, Log: true}, DirHigher,
			[]float64{10, 100, 0, -5, 1e6}, []float64{100.0 / 3, 200.0 / 3, 0, 0, 100}, normOK},
		{"goalpost log lower", Normalize{Method: NormGoalpost, Lo: 1, Hi: 1000, Log: true}, DirLower,
			[]float64{10, 0}, []float64{200.0 / 3, 100}, normOK},
		// target 80: 40/80 = 0.5 → 50; 80 → 100; 120 → min(1.5, 1) → 100; 0 and −1 → 0
		{"target higher", Normalize{Method: NormTarget, Target: 80}, DirHigher, []float64{40, 80, 120, 0, -1}, []float64{50, 100, 100, 0, 0}, normOK},
		// lower target 20: 20/40 → 50; 20/10 = 2 → 100; 0 and −3 → 100
		{"target lower", Normalize{Method: NormTarget, Target: 20}, DirLower, []float64{40, 10, 20, 0, -3}, []float64{50, 100, 100, 100, 100}, normOK},
		// descending ranks of 5, 9, 9, 1: 9→1, 9→1, 5→3, 1→4; n = 4: 100·(4−r)/3
		{"rank higher ties", Normalize{Method: NormRank}, DirHigher, []float64{5, 9, 9, 1}, []float64{100.0 / 3, 100, 100, 0}, normOK},
		// ascending: 1→1, 5→2, 9→3, 9→3
		{"rank lower ties", Normalize{Method: NormRank}, DirLower, []float64{5, 9, 9, 1}, []float64{200.0 / 3, 100.0 / 3, 100.0 / 3, 100}, normOK},
		{"rank one unit", Normalize{Method: NormRank}, DirHigher, []float64{3}, []float64{100}, normOK},
		// mean 4, s = √((4+0+4)/2) = 2: z = −1, 0, 1 → 40, 50, 60
		{"zscore higher", Normalize{Method: NormZscore, Mean: 50, SD: 10}, DirHigher, []float64{2, 4, 6}, []float64{40, 50, 60}, normOK},
		{"zscore lower", Normalize{Method: NormZscore, Mean: 50, SD: 10}, DirLower, []float64{2, 4, 6}, []float64{60, 50, 40}, normOK},
		// not clipped: 0, 0, 0, 100 → mean 25, s = √((3·625+5625)/3) = 50; z = −0.5, 1.5 → mean 0, sd 100: −50, 150
		{"zscore unclipped", Normalize{Method: NormZscore, Mean: 0, SD: 100}, DirHigher, []float64{0, 0, 0, 100}, []float64{-50, -50, -50, 150}, normOK},
		{"zscore s=0", Normalize{Method: NormZscore, Mean: 50, SD: 10}, DirHigher, []float64{3, 3}, []float64{50, 50}, normNoSpread},
		{"zscore n=1", Normalize{Method: NormZscore, Mean: 50, SD: 10}, DirHigher, []float64{3}, []float64{50}, normNoSpread},
		// ladder higher: boundaries inclusive: 95 → 100, 94.99 → 80, 90 → 80, 60 → 60, 59.9 → none → 0
		{"ladder higher", Normalize{Method: NormLadder, Steps: steps}, DirHigher, []float64{95, 94.99, 90, 60, 59.9}, []float64{100, 80, 80, 60, 0}, normOK},
		// ladder lower reads max: 5 → 100, 5.01 → 80, 10 → 80, 40 → 60, 41 → 0
		{"ladder lower", Normalize{Method: NormLadder, Steps: steps}, DirLower, []float64{5, 5.01, 10, 40, 41}, []float64{100, 80, 80, 60, 0}, normOK},
		{"boolean higher", Normalize{Method: NormBoolean}, DirHigher, []float64{1, 0}, []float64{100, 0}, normOK},
		{"boolean lower", Normalize{Method: NormBoolean}, DirLower, []float64{1, 0}, []float64{0, 100}, normOK},
		// imputed mean of booleans 1, 0, 1 … = 0.5 → 50
		{"boolean imputed", Normalize{Method: NormBoolean}, DirHigher, []float64{0.5}, []float64{50}, normOK},
		{"grade ignores direction", Normalize{Method: NormGrade}, DirLower, []float64{100, 60}, []float64{100, 60}, normOK},
		{"none higher", Normalize{Method: NormNone}, DirHigher, []float64{85, 0, 100}, []float64{85, 0, 100}, normOK},
		// lower: 100 − x
		{"none lower", Normalize{Method: NormNone}, DirLower, []float64{85}, []float64{15}, normOK},
		{"none clipped", Normalize{Method: NormNone}, DirHigher, []float64{120, -3, 50}, []float64{100, 0, 50}, normClipped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warn := Normalise(tt.nm, tt.dir, tt.xs)
			if !sliceNear(got, tt.want) {
				t.Errorf("scores = %v, want %v", got, tt.want)
			}
			if warn != tt.warn {
				t.Errorf("warning = %v, want %v", warn, tt.warn)
			}
		})
	}
}

func TestNormaliseUnknownMethod(t *testing.T) {
	got, warn := Normalise(Normalize{Method: "magic"}, DirHigher, []float64{1})
	if warn != normUnknown || !math.IsNaN(got[0]) {
		t.Errorf("got %v %v, want NaN and normUnknown", got, warn)
	}
}

func TestGradeScore(t *testing.T) {
	nm := Normalize{Method: NormGrade, Scores: map[string]float64{"A": 100, "B": 80}}
	if s, ok := gradeScore(nm, "B"); !ok || s != 80 {
		t.Errorf("B = %v %v", s, ok)
	}
	if _, ok := gradeScore(nm, "E"); ok {
		t.Error("unknown grade E scored")
	}
}

// Normalise is normaliseInto returning a new slice (the tests' entry point).
func Normalise(nm Normalize, dir string, xs []float64) ([]float64, normWarning) {
	out := make([]float64, len(xs))
	w := normaliseInto(out, nm, dir, xs)
	return out, w
}
