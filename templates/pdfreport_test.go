package templates

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func renderFixture(t *testing.T, mutate func(*ReportOptions)) ([]byte, []string) {
	t.Helper()
	fw, res, fs := pdfFixture(t)
	opt := ReportOptions{Date: "2026-03-01", Findings: fs}
	if mutate != nil {
		mutate(&opt)
	}
	var b bytes.Buffer
	warns, err := RenderPDF(&b, fw, res, opt)
	if err != nil {
		t.Fatalf("RenderPDF: %v", err)
	}
	return b.Bytes(), warns
}

// TestRenderPDFWrite writes the fixture report to $DTEVAL_PDF_OUT for a look.
func TestRenderPDFWrite(t *testing.T) {
	dir := os.Getenv("DTEVAL_PDF_OUT")
	if dir == "" {
		t.Skip("set DTEVAL_PDF_OUT to write the fixture PDFs")
	}
	b, warns := renderFixture(t, func(o *ReportOptions) { o.Sample = true })
	if err := os.WriteFile(filepath.Join(dir, "report.pdf"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Log(warns)
}
