package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/output"
)

// A -draft run is marked everywhere (issue 13): results.json "draft": true, every
// finding of internal/findings.json, every page of the public PDF and of every
// feedback PDF; and -previous refuses it (exit 2).
func TestDraftMarkedEverywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the demo")
	}
	dir := filepath.Join(t.TempDir(), "d")
	if code, stderr := dteval(t, "demo", "-draft", "-o", dir, "-date", "2026-03-01", "-q"); code != 0 {
		t.Fatalf("demo -draft: exit %d: %s", code, stderr)
	}
	res, err := evaluator.ReadResultsFile(filepath.Join(dir, output.FileResults))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Draft {
		t.Error(`results.json of a draft lacks "draft": true`)
	}
	var fs []map[string]any
	b, err := os.ReadFile(filepath.Join(dir, output.FileFindings))
	if err != nil || json.Unmarshal(b, &fs) != nil {
		t.Fatalf("findings.json: %v", err)
	}
	for _, f := range fs {
		if f["draft"] != true {
			t.Fatalf("finding not marked draft: %v", f)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not installed (poppler-utils): the per-page check of the PDFs is skipped")
	} else {
		pdfs, _ := filepath.Glob(filepath.Join(dir, output.DirFeedback, "*.pdf"))
		pdfs = append(pdfs, filepath.Join(dir, output.FilePDF))
		for _, p := range pdfs {
			out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			pages := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
			for i, page := range pages {
				if !strings.Contains(strings.Join(strings.Fields(page), ""), evaluator.WordDraft) {
					t.Errorf("%s page %d/%d is not marked %s", filepath.Base(p), i+1, len(pages), evaluator.WordDraft)
				}
			}
		}
	}
	// a draft is not last year's published result
	code, stderr := dteval(t, "run", "-previous", filepath.Join(dir, output.FileResults), "-o", filepath.Join(t.TempDir(), "x"),
		"-date", "2027-03-01", "-q", filepath.Join(dir, "internal", "inputs", "2025"))
	if code != exitUsage || !strings.Contains(stderr, "征求意见稿") {
		t.Errorf("-previous with a draft: exit %d, want 2 saying why: %s", code, stderr)
	}
	code, stderr = dteval(t, "validate", "-previous", filepath.Join(dir, output.FileResults), filepath.Join(dir, "internal", "inputs", "2025"))
	if code != exitUsage || !strings.Contains(stderr, "征求意见稿") {
		t.Errorf("validate -previous with a draft: exit %d, want 2: %s", code, stderr)
	}
	// report from a draft stays a draft
	rep := filepath.Join(t.TempDir(), "rep")
	if code, stderr := dteval(t, "report", "-f", filepath.Join(dir, "internal", "inputs", "wuxi-2025.yaml"), "-o", rep, "-q", filepath.Join(dir, output.FileResults)); code != 0 {
		t.Fatalf("report: %d %s", code, stderr)
	}
	if again, err := evaluator.ReadResultsFile(filepath.Join(rep, output.FileResults)); err != nil || !again.Draft {
		t.Errorf("report from a draft lost the draft mark: %v", err)
	}
}
