package evaluator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadHistoryAndTrend(t *testing.T) {
	fw := &Framework{ID: "t", Year: 2025}
	dir := t.TempDir()
	write := func(name string, r *Results) { writeResultsFile(t, filepath.Join(dir, name), r) }
	res := func(id string, year int, score float64, rank int) *Results {
		return &Results{Schema: ResultsSchema, Framework: FrameworkRef{ID: id}, Year: year,
			Units: []UnitResult{{ID: "a", Score: score, Rank: rank, Grade: "良好"}}}
	}
	write("2024/results.json", res("t", 2024, 81.5, 2))
	write("r2023.json", res("t", 2023, 79.255, 3))
	write("other.json", res("x", 2022, 50, 1))
	write("same.json", res("t", 2025, 90, 1))
	os.WriteFile(filepath.Join(dir, "notes.json"), []byte("{}"), 0o644)
	hist, skipped, err := ReadHistory(dir, fw)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Year != 2023 || hist[1].Year != 2024 {
		t.Fatalf("history years: %+v", hist)
	}
	if len(skipped) != 3 {
		t.Errorf("skipped = %q", skipped)
	}
	cur := res("t", 2025, 84, 1)
	ys := UnitHistory("a", hist, cur)
	if len(ys) != 3 || ys[2].Year != 2025 {
		t.Fatalf("trend = %+v", ys)
	}
	// 79.255 rounds half away from zero at 2 decimals → 79.26 (the published figure)
	if got, want := HistoryText(ys, 2, true), "2023年 79.26分（第3名） → 2024年 81.50分（第2名） → 2025年 84.00分（第1名）"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	if got := HistoryText(ys, 1, false); !strings.Contains(got, "2024年 81.5分（良好）") {
		t.Errorf("grades text = %q", got)
	}
	write("dup/results.json", res("t", 2024, 1, 1))
	if _, _, err := ReadHistory(dir, fw); err == nil || !strings.Contains(err.Error(), "两份 2024 年度") {
		t.Errorf("duplicate year: err = %v", err)
	}
}

// writeResultsFile writes r to path (folders created as needed).
func writeResultsFile(t *testing.T, path string, r *Results) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := WriteResults(f, r); err != nil {
		t.Fatal(err)
	}
	return path
}
