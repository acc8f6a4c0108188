package evaluator

import (
	"math"
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
