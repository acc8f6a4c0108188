package templates_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/synth"
	"github.com/wuxi-data/dteval/templates"
)

// TestPublicPDFPageFillManyUnits: with 60 units (bar and interval charts longer
// than a page, split across pages; tables continued) still no page of the public
// report is under half full unless a chapter ends there.
func TestPublicPDFPageFillManyUnits(t *testing.T) {
	s := synth.Spec{Units: 60, Indicators: 200, Runs: 20, Seed: 1}
	fw, err := synth.Framework(s)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := synth.RawSubmissions(s, fw)
	if err != nil {
		t.Fatal(err)
	}
	ds, fs, _ := evaluator.ValidateAll(context.Background(), fw, rs, evaluator.ValidateOptions{})
	res, err := evaluator.Score(fw, ds, evaluator.ScoreOptions{Date: "2026-03-01", Findings: fs})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := templates.RenderPDF(&b, fw, res, templates.ReportOptions{Date: "2026-03-01", Findings: res.AllFindings}); err != nil {
		t.Fatal(err)
	}
	templates.CheckPageFill(t, "60 units", b.Bytes())
}
