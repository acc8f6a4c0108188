package templates_test

// Rendering benchmarks at the scale of SPEC §11 on the synthetic dataset of
// internal/synth: 1,000 units × 200 indicators scored with 1,000 sensitivity runs
// (the results are computed once per process, without workbooks). See
// docs/performance.md:
//
//	go test -run '^$' -bench 'Scale' -benchtime 1x -benchmem ./templates/

import (
	"io"
	"testing"

	"github.com/wuxi-data/dteval/internal/synth"
	"github.com/wuxi-data/dteval/templates"
)

func scaleOptions(b *testing.B) templates.ReportOptions {
	_, res, err := synth.ScaleResults()
	if err != nil {
		b.Fatal(err)
	}
	return templates.ReportOptions{Date: "2026-03-01", Findings: res.AllFindings}
}

// BenchmarkRenderXLSX1000 renders 评估结果.xlsx for 1,000 units.
func BenchmarkRenderXLSX1000(b *testing.B) {
	opt := scaleOptions(b)
	fw, res, _ := synth.ScaleResults()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := templates.RenderXLSX(io.Discard, fw, res, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderCSV1000 renders the open-data 评估结果.csv for 1,000 units.
func BenchmarkRenderCSV1000(b *testing.B) {
	opt := scaleOptions(b)
	fw, res, _ := synth.ScaleResults()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := templates.RenderCSV(io.Discard, fw, res, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderPDF1000 renders the public report 评估报告.pdf for 1,000 units
// (1,328 pages: a page per unit and tables listing every unit; 3 s, not absurd).
func BenchmarkRenderPDF1000(b *testing.B) {
	opt := scaleOptions(b)
	fw, res, _ := synth.ScaleResults()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := templates.RenderPDF(io.Discard, fw, res, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderFeedback1000 renders the feedback PDFs of 20 of the 1,000 units
// (dteval run writes one per unit: multiply by 50 for the whole set). Each
// feedback compares the unit with all 1,000 (statistics computed once per
// FeedbackRenderer, as dteval report does), so this is the per-file cost at scale.
func BenchmarkRenderFeedback1000(b *testing.B) {
	opt := scaleOptions(b)
	fw, res, _ := synth.ScaleResults()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := templates.NewFeedbackRenderer(fw, res, opt)
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < 20; i++ {
			u := res.Units[i*len(res.Units)/20]
			if _, err := r.Render(io.Discard, u.ID); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRenderWeb1000 renders the web edition (网页版/) for 1,000 units: the
// home page, a page per chapter, per unit, the stability page and the annexes.
func BenchmarkRenderWeb1000(b *testing.B) {
	opt := scaleOptions(b)
	fw, res, _ := synth.ScaleResults()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		files, err := templates.RenderWeb(fw, res, opt, nil)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, f := range files {
			n += len(f.Data)
		}
		b.ReportMetric(float64(len(files)), "files")
		b.ReportMetric(float64(n)/1e6, "MB")
	}
}
