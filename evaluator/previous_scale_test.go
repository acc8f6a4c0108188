package evaluator_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/synth"
)

// A city's first three years on the synthetic dataset (a small one: 40 units ×
// 200 indicators), each year scored with -previous from the results.json the year
// before wrote: the files read back whole (written again, byte for byte), a later year's results.json (with its
// previous blocks) is larger than the first's, and extrapolated to the 1,000
// units of SPEC §11 stays far below MaxResultsSize. With the cap lowered to a
// file's size it still reads; one byte lower it is refused in Chinese.
func TestPreviousChainReadsBack(t *testing.T) {
	const units = 40
	dir := t.TempDir()
	var prev *evaluator.Results
	var prevPath string
	var sizes []int64
	for k := range 3 {
		s := synth.Spec{Units: units, Indicators: 200, Runs: 20, Seed: 1, Year: synth.Year + k}
		fw, err := synth.Framework(s)
		if err != nil {
			t.Fatal(err)
		}
		raws, err := synth.RawSubmissions(s, fw)
		if err != nil {
			t.Fatal(err)
		}
		if prevPath != "" {
			if prev, err = evaluator.ReadPrevious(prevPath, fw); err != nil {
				t.Fatalf("year %d reading year %d: %v", s.Year, s.Year-1, err)
			}
		}
		in := evaluator.PipelineInput{Framework: fw, Raws: raws, Date: "2026-03-01"}
		if prev != nil {
			in.Previous, in.PreviousFile, in.PreviousSHA256 = prev, prevPath, prev.SourceSHA256
		}
		res, err := evaluator.RunPipeline(context.Background(), in)
		if err != nil {
			t.Fatalf("year %d: %v", s.Year, err)
		}
		if k > 0 && (res.Units[0].Previous == nil || len(res.Units[0].Previous.Indicators) < 150) {
			t.Fatalf("year %d: no comparison with last year: %+v", s.Year, res.Units[0].Previous)
		}
		prevPath = filepath.Join(dir, fmt.Sprintf("results-%d.json", s.Year))
		f, err := os.Create(prevPath)
		if err != nil {
			t.Fatal(err)
		}
		if err := evaluator.WriteResults(f, res); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		back, err := evaluator.ReadResultsFile(prevPath)
		if err != nil {
			t.Fatalf("year %d read back: %v", s.Year, err)
		}
		var again bytes.Buffer
		if err := evaluator.WriteResults(&again, back); err != nil {
			t.Fatal(err)
		}
		if written, _ := os.ReadFile(prevPath); !bytes.Equal(again.Bytes(), written) {
			t.Fatalf("year %d: results.json does not read back as written", s.Year)
		}
		fi, _ := os.Stat(prevPath)
		sizes = append(sizes, fi.Size())
	}
	if sizes[1] < sizes[0]*11/10 || sizes[2] < sizes[1]*9/10 {
		t.Errorf("sizes %v: a year with -previous should be larger than the first", sizes)
	}
	// Almost all of a results.json is its units: per unit, at 1,000 units.
	atScale := sizes[2] / units * 1000
	t.Logf("sizes %v; the third year at 1,000 units: about %d bytes", sizes, atScale)
	if atScale*2 > evaluator.MaxResultsSize {
		t.Errorf("a third year at 1,000 units would be %d bytes: MaxResultsSize %d leaves less than twice that", atScale, evaluator.MaxResultsSize)
	}

	defer evaluator.SetMaxResultsSize(sizes[2])()
	if _, err := evaluator.ReadResultsFile(prevPath); err != nil {
		t.Errorf("at the cap: %v", err)
	}
	evaluator.SetMaxResultsSize(sizes[2] - 1)
	if _, err := evaluator.ReadResultsFile(prevPath); err == nil || !strings.Contains(err.Error(), "文件超过") {
		t.Errorf("above the cap: %v", err)
	}
}

// The cap is above the largest results.json measured at the scale of SPEC §11
// (docs/performance.md), with room to spare.
func TestMaxResultsSizeAboveScale(t *testing.T) {
	if evaluator.MaxResultsSize < 2*evaluator.ScaleResultsSize {
		t.Errorf("MaxResultsSize %d is less than twice the measured %d", evaluator.MaxResultsSize, evaluator.ScaleResultsSize)
	}
}
