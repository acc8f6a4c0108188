package examplegen

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// PriorYear, hand-computed: a percent of 80 at 10 % growth was 80 − 0.1·40·1 = 76;
// one of 95.5 has room (100 − 95.5)/25 + 0.3 = 0.48, so 95.5 − 1.92 = 93.58 → 93.6
// (this year's one decimal); a count of 1100 was 1000; a population of 110.0 万人
// was 110/1.01 = 108.9; at −5 % a count of 95 was 100 (the unit lost ground); a
// percent never goes below its min; 不适用 stays.
func TestPriorYear(t *testing.T) {
	pct := &evaluator.Field{ID: "p", Type: evaluator.TypePercent}
	zero := 0.0
	pctMin := &evaluator.Field{ID: "q", Type: evaluator.TypePercent, Min: &zero}
	cnt := &evaluator.Field{ID: "c", Type: evaluator.TypeInteger}
	pop := &evaluator.Field{ID: "w", Type: evaluator.TypeNumber, Unit: "万人"}
	for _, tc := range []struct {
		f    *evaluator.Field
		cur  string
		g    float64
		want string
	}{
		{pct, "80", 0.1, "76"},
		{pct, "95.5", 0.1, "93.6"},
		{cnt, "1100", 0.1, "1000"},
		{pop, "110.0", 0.1, "108.9"},
		{cnt, "95", -0.05, "100"},
		{pctMin, "2", 0.2, "0"},
		{pct, "不适用", 0.1, "不适用"},
	} {
		if got := PriorYear(tc.f, tc.cur, tc.g); got != tc.want {
			t.Errorf("PriorYear(%s %s, %v) = %s, want %s", tc.f.ID, tc.cur, tc.g, got, tc.want)
		}
	}
}

// The committed values-2024.csv is what RewritePrior makes from values-2025.csv
// (go run ./internal/cmd/examplegen -prior), and its monitoring fields are those
// the 2024 edition collects without scoring and 2025 scores.
func TestPriorCommitted(t *testing.T) {
	root := filepath.Join("..", "..")
	later, err := evaluator.Load(filepath.Join(root, Editions[0].Framework))
	if err != nil {
		t.Fatal(err)
	}
	earlier, err := evaluator.Load(filepath.Join(root, Editions[1].Framework))
	if err != nil {
		t.Fatal(err)
	}
	mon := MonitoringFields(earlier, later)
	if !slices.Contains(mon, "employed") || !slices.Contains(mon, "core_revenue") || slices.Contains(mon, "population") || slices.Contains(mon, "stations_5g") {
		t.Errorf("monitoring fields %v", mon)
	}
	vals, err := ReadValues(filepath.Join(root, Editions[0].Values))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(filepath.Join(root, Editions[1].Values))
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(t.TempDir(), "values-2024.csv")
	if err := os.WriteFile(tmp, committed, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := RewritePrior(tmp, earlier, later, vals, PriorSeed); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(tmp); string(got) != string(committed) {
		t.Error("values-2024.csv is not what go run ./internal/cmd/examplegen -prior writes: run it (then commit)")
	}
}
