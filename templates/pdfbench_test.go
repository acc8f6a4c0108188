package templates

import (
	"io"
	"testing"
)

func BenchmarkRenderPDF(b *testing.B) {
	fw, res, fs := pdfFixture(b)
	for b.Loop() {
		if _, err := RenderPDF(io.Discard, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderFeedbackPDF(b *testing.B) {
	fw, res, fs := pdfFixture(b)
	for b.Loop() {
		if _, err := RenderFeedbackPDF(io.Discard, fw, res, "jy", ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFeedbackRender is one feedback PDF of many: the renderer (and the font
// subsets it shares) made once, as `run` does.
func BenchmarkFeedbackRender(b *testing.B) {
	fw, res, fs := pdfFixture(b)
	r, err := NewFeedbackRenderer(fw, res, ReportOptions{Date: "2026-03-01", Findings: fs})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := r.Render(io.Discard, "xs"); err != nil {
			b.Fatal(err)
		}
	}
}
