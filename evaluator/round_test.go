package evaluator

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestFormatFixed(t *testing.T) {
	tests := []struct {
		x    float64
		d    int
		want string
	}{
		{59.995, 2, "60.00"}, // the float is 59.99499999…; its shortest string rounds up
		{59.994, 2, "59.99"},
		{0.125, 2, "0.13"},
		{-0.125, 2, "-0.13"}, // half away from zero
		{-0.001, 2, "0.00"},  // no "-0.00"
		{math.Copysign(0, -1), 2, "0.00"},
		{99.995, 2, "100.00"},
		{9.5, 0, "10"},
		{1e21, 1, "1000000000000000000000.0"},
		{2.5, 0, "3"},
		{85.1234, 2, "85.12"},
		{100, 2, "100.00"},
		{0.1 + 0.2, 2, "0.30"},
		{1.005, 2, "1.01"}, // shortest string "1.005" (the float is below), so it rounds up
		{12, 3, "12.000"},
		{0.00049, 3, "0.000"},
		{0.0005, 3, "0.001"},
	}
	for _, tt := range tests {
		if got := FormatFixed(tt.x, tt.d); got != tt.want {
			t.Errorf("FormatFixed(%v, %d) = %q, want %q", tt.x, tt.d, got, tt.want)
		}
	}
	if got := Round(59.995, 2); got != 60 {
		t.Errorf("Round(59.995, 2) = %v, want 60", got)
	}
}

// TestFormatFixedFastPath: FormatFixed's fast path gives the digits of the
// definition (formatFixedShortest) — on random values of every magnitude, on values
// at and next to every rounding boundary, and on negatives and tiny values.
func TestFormatFixedFastPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(x float64, d int) {
		t.Helper()
		if got, want := FormatFixed(x, d), formatFixedShortest(x, d); got != want {
			t.Fatalf("FormatFixed(%v, %d) = %q, definition %q", x, d, got, want)
		}
	}
	n := 300000
	if testing.Short() {
		n = 30000
	}
	for i := 0; i < n; i++ {
		d := rng.IntN(7)
		mag := math.Pow(10, float64(rng.IntN(16)-4))
		x := (rng.Float64()*2 - 1) * mag
		check(x, d)
		// a boundary k + ½ at d decimals, and its neighbours
		k := math.Floor(rng.Float64() * 1e6)
		b := (k + 0.5) / math.Pow(10, float64(d))
		check(b, d)
		check(-b, d)
		check(math.Nextafter(b, 0), d)
		check(math.Nextafter(b, math.Inf(1)), d)
		// values typed with d+1 decimals ending in 5 (59.995 at 2 decimals)
		v, _ := strconv.ParseFloat(strconv.FormatFloat(k/math.Pow(10, float64(d)), 'f', d, 64)+"5", 64)
		check(v, d)
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1e-300, -1e-300, 0.004999999, -0.005, 59.995, 1.005, 2.675, 1e11 + 0.5, 123456.785} {
		for d := 0; d <= 6; d++ {
			check(x, d)
		}
	}
}
