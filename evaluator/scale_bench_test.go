package evaluator_test

// Benchmarks at the scale of SPEC §11 on the synthetic dataset of internal/synth
// (1,000 units × 200 indicators, the workbooks dtgen writes). See
// docs/performance.md:
//
//	go test -run '^$' -bench 'Workbooks1000|1000x200' -benchtime 1x -benchmem ./evaluator/
//
// The 1,000 workbooks are generated once per process (about 45 s of CPU) unless
// DTEVAL_SCALE_DIR names a folder dtgen wrote.

import (
	"bytes"
	"context"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/synth"
)

// BenchmarkReadWorkbooks1000 reads the 1,000 workbooks from a folder with the
// reader's worker pool (2 workers, as dteval run does).
func BenchmarkReadWorkbooks1000(b *testing.B) {
	fw, books, err := synth.ScaleWorkbooks()
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := synth.WriteWorkbooks(dir, fw, books); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		subs, fs := evaluator.ReadFilesFor(b.Context(), fw, []string{dir}, 2)
		if len(subs) != len(books) || fs.Errors() != 0 {
			b.Fatalf("%d submissions, %d errors", len(subs), fs.Errors())
		}
	}
}

// BenchmarkValidate1000x200 validates, merges and batch-checks the raw
// submissions of 1,000 units (ValidateAll, as dteval run does).
func BenchmarkValidate1000x200(b *testing.B) {
	fw, raws, err := synth.ScaleRaw()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ds, fs, _ := evaluator.ValidateAll(context.Background(), fw, raws, evaluator.ValidateOptions{})
		if fs.Errors() != 0 || len(ds.Units) != len(raws) {
			b.Fatalf("%d errors, %d units", fs.Errors(), len(ds.Units))
		}
	}
}

// BenchmarkScoreScale1000x200 scores the validated dataset with the framework's
// 1,000 sensitivity runs (BenchmarkScore1000x200 in bench_test.go does the same
// on a dataset built without workbooks or validation).
func BenchmarkScoreScale1000x200(b *testing.B) {
	fw, raws, err := synth.ScaleRaw()
	if err != nil {
		b.Fatal(err)
	}
	ds, fs, _ := evaluator.ValidateAll(context.Background(), fw, raws, evaluator.ValidateOptions{})
	if fs.Errors() != 0 {
		b.Fatalf("%d validation errors", fs.Errors())
	}
	if fw.Method.Sensitivity.Runs != 1000 {
		b.Fatalf("%d sensitivity runs", fw.Method.Sensitivity.Runs)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := evaluator.Score(fw, ds, evaluator.ScoreOptions{Date: "2026-03-01", Findings: fs})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Units) != len(raws) {
			b.Fatalf("%d units scored", len(res.Units))
		}
	}
}

// BenchmarkWriteResults1000 writes results.json for 1,000 units × 200 indicators
// (about 53 MB).
func BenchmarkWriteResults1000(b *testing.B) {
	fw, raws, err := synth.ScaleRaw()
	if err != nil {
		b.Fatal(err)
	}
	ds, fs, _ := evaluator.ValidateAll(context.Background(), fw, raws, evaluator.ValidateOptions{})
	res, err := evaluator.Score(fw, ds, evaluator.ScoreOptions{Date: "2026-03-01", Findings: fs, NoSensitivity: true})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var n countWriter
		if err := evaluator.WriteResults(&n, res); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(n))
	}
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// BenchmarkReadResults1000 reads a city's second-year results.json at the scale of
// SPEC §11: 1,000 units × 200 indicators scored with -previous (the first year),
// so that every unit carries last year's value of each indicator (about 60 MB, as
// read by -previous in the third year).
func BenchmarkReadResults1000(b *testing.B) {
	_, prev, err := synth.ScaleResults()
	if err != nil {
		b.Fatal(err)
	}
	s := synth.Scale
	s.Year = synth.Year + 1
	fw, err := synth.Framework(s)
	if err != nil {
		b.Fatal(err)
	}
	raws, err := synth.RawSubmissions(s, fw)
	if err != nil {
		b.Fatal(err)
	}
	res, err := evaluator.RunPipeline(context.Background(), evaluator.PipelineInput{Framework: fw, Raws: raws, Previous: prev, Date: "2026-03-01"})
	if err != nil {
		b.Fatal(err)
	}
	var doc bytes.Buffer
	if err := evaluator.WriteResults(&doc, res); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(doc.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		back, err := evaluator.ReadResults(bytes.NewReader(doc.Bytes()))
		if err != nil || len(back.Units) != len(raws) {
			b.Fatalf("%v", err)
		}
	}
}
