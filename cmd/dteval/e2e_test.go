package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/examplegen"
	"github.com/wuxi-data/dteval/internal/output"
)

// dteval runs the CLI in-process and returns its exit code and stderr.
func dteval(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stderr.String()
}

// tree maps every file under dir (relative path) to its contents.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDemoByteIdentical: the whole output folder is byte-identical across two runs
// with the same -date (SPEC §3, issue 8).
func TestDemoByteIdentical(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the full demo twice")
	}
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if code, stderr := dteval(t, "demo", "-o", dir, "-date", "2026-03-01", "-q"); code != 0 {
			t.Fatalf("demo exit %d: %s", code, stderr)
		}
	}
	ta, tb := tree(t, a), tree(t, b)
	if len(ta) != len(tb) || len(ta) < 30 {
		t.Fatalf("%d files vs %d files", len(ta), len(tb))
	}
	for name, x := range ta {
		if !bytes.Equal(x, tb[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	for _, leftover := range []string{".dteval-staging-"} {
		for name := range ta {
			if strings.Contains(name, leftover) {
				t.Errorf("staging file left behind: %s", name)
			}
		}
	}
}

// Recognisable personal data put into every free-text cell of every submission.
var personal = []string{
	"张秘密", "13912345678", "secret.person@example.com", "320102199001011234",
	"陈审核", "0510-87654321", "张晓梅", "13987654321",
	// numbers written in groups, as people type them
	"139 5555 6666", "139-7777-8888", "１３９　２２２２　３３３３", "0510 8765 4322",
}

// personalDigits are the grouped numbers above as runs of digits: a public text with
// its spaces removed must not hold them either (a PDF's text may be re-spaced).
var personalDigits = []string{"13955556666", "13977778888", "13922223333", "051087654322"}

// TestPrivacy puts a name, a phone number, an e-mail and an ID number into every
// contact cell, every 佐证材料 and every 备注 of every submission and into every
// file name, runs the whole pipeline, and asserts that none of them appears in any
// public output (every file outside internal/ and feedback/).
func TestPrivacy(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline")
	}
	fw, err := evaluator.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	vals, err := examplegen.ReadValues("../../testdata/examples/values-2025.csv")
	if err != nil {
		t.Fatal(err)
	}
	in := t.TempDir()
	for _, u := range fw.Units {
		fill := examplegen.SampleFilling(fw, u, vals, nil)
		fill.Contacts = map[string]string{
			evaluator.LabelFiller:   "张秘密 secret.person@example.com",
			evaluator.LabelPhone:    "13912345678 / 139 5555 6666",
			evaluator.LabelReviewer: "陈审核 0510-87654321",
		}
		for id, e := range fill.Entries {
			e.Evidence = "张秘密的身份证320102199001011234.pdf"
			e.Note = "联系人张秘密 13912345678 secret.person@example.com，手机 139-7777-8888、１３９　２２２２　３３３３，座机 0510 8765 4322"
			fill.Entries[id] = e
		}
		data, err := examplegen.FilledWorkbook(fw, u, "2026-01-15", fill)
		if err != nil {
			t.Fatal(err)
		}
		// A clerk's file name, with a name and a phone number in it (issue 13).
		if err := os.WriteFile(filepath.Join(in, u.ID+"数据-张晓梅13987654321.xlsx"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	code, stderr := dteval(t, "run", "-o", out, "-date", "2026-03-01", "-q", in)
	if code != 0 {
		t.Fatalf("run exit %d: %s", code, stderr)
	}
	public := map[string]string{}
	for name, b := range tree(t, out) {
		if strings.HasPrefix(name, "internal"+string(filepath.Separator)) || strings.HasPrefix(name, output.DirFeedback+string(filepath.Separator)) {
			continue
		}
		switch filepath.Ext(name) {
		case ".pdf":
			public[name] = pdfText(t, filepath.Join(out, name))
		case ".xlsx":
			public[name] = xlsxText(t, filepath.Join(out, name))
		default:
			public[name] = string(b)
		}
	}
	public[output.FileXLSX] = xlsxText(t, filepath.Join(out, output.FileXLSX))
	public[output.FilePDF] = pdfText(t, filepath.Join(out, output.FilePDF))
	// the web edition: its pages, and copies of the public files that are the files
	web := filepath.Join(out, output.DirWeb)
	pages, _ := filepath.Glob(filepath.Join(web, "*.html"))
	if len(pages) < len(fw.Units)+3 {
		t.Fatalf("%s has %d pages", output.DirWeb, len(pages))
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		public[filepath.Join(output.DirWeb, filepath.Base(p))] = string(b)
	}
	for _, name := range []string{output.FilePDF, output.FileXLSX, output.FileCSV, output.FileResults} {
		a, errA := os.ReadFile(filepath.Join(out, name))
		b, errB := os.ReadFile(filepath.Join(web, name))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s/%s is not a copy of %s (%v, %v)", output.DirWeb, name, name, errA, errB)
		}
	}
	for _, name := range []string{output.FileResults, output.FileCSV, output.FileXLSX, output.FilePDF} {
		if _, ok := public[name]; !ok {
			t.Fatalf("%s not written", name)
		}
	}
	// The file names are kept, internally.
	if b, err := os.ReadFile(filepath.Join(out, output.FileInputs)); err != nil || !strings.Contains(string(b), "张晓梅") {
		t.Errorf("internal/inputs.json should name the input files: %v", err)
	}
	if !strings.Contains(public[output.FilePDF], "江阴") && !strings.Contains(public[output.FilePDF], "2025") {
		t.Fatalf("the PDF text extraction found nothing: the test would prove nothing")
	}
	for name, text := range public {
		for _, p := range personal {
			if strings.Contains(text, p) {
				t.Errorf("%s contains personal data %q", name, p)
			}
		}
		flat := strings.Join(strings.Fields(text), "")
		for _, p := range personalDigits {
			if strings.Contains(flat, p) {
				t.Errorf("%s contains personal data %q (with its spaces removed)", name, p)
			}
		}
	}
	// The internal findings may quote cells, but the input never leaks into outputs
	// through file names either.
	if strings.Contains(public[output.FileResults], in) {
		t.Errorf("results.json contains the input folder path")
	}
}

// xlsxText concatenates every XML part of a workbook (shared strings, sheets,
// comments, doc props): anything a reader could see.
func xlsxText(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var sb strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		sb.Write(b)
	}
	return sb.String()
}

// pdfText extracts the text of a PDF: pdftotext when installed, else a Go reader.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err == nil {
		b, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
		if err == nil {
			return string(b)
		}
	}
	f, r, err := pdf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := r.GetPlainText()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rd)
	return string(b)
}
