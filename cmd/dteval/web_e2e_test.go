package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/output"
)

var (
	webTagRe       = regexp.MustCompile(`<[^>]*>`)
	webDecimalRe   = regexp.MustCompile(`[0-9]+\.[0-9]+`)
	webDownloadsRe = regexp.MustCompile(`(?s)<h2 id="downloads">.*?</table>`)
)

// TestDemoWebNumbers: in the demo's web edition every decimal number is one the
// PDF shows and every one the PDF shows is in the web edition (pdftotext; the
// list of downloads with its file sizes left out), and each unit's page states
// its score, rank and grade as results.json has them, rounded as displayed.
func TestDemoWebNumbers(t *testing.T) {
	if testing.Short() {
		t.Skip("renders the demo")
	}
	if _, err := os.Stat("/usr/bin/pdftotext"); err != nil {
		t.Skip("pdftotext not installed: apt-get install poppler-utils")
	}
	out := t.TempDir()
	if code, stderr := dteval(t, "demo", "-o", out, "-date", "2026-03-01", "-q"); code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	pages, _ := filepath.Glob(filepath.Join(out, output.DirWeb, "*.html"))
	web := map[string]bool{}
	text := map[string]string{}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := webDownloadsRe.ReplaceAllString(string(b), "")
		s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'").Replace(webTagRe.ReplaceAllString(s, " "))
		text[filepath.Base(p)] = s
		for _, n := range webDecimalRe.FindAllString(s, -1) {
			web[n] = true
		}
	}
	pdf := map[string]bool{}
	for _, n := range webDecimalRe.FindAllString(pdfText(t, filepath.Join(out, output.FilePDF)), -1) {
		pdf[n] = true
	}
	var onlyWeb, onlyPDF []string
	for n := range web {
		if !pdf[n] {
			onlyWeb = append(onlyWeb, n)
		}
	}
	for n := range pdf {
		if !web[n] {
			onlyPDF = append(onlyPDF, n)
		}
	}
	t.Logf("%d numbers in the web edition, %d in the PDF", len(web), len(pdf))
	sort.Strings(onlyWeb)
	sort.Strings(onlyPDF)
	if len(onlyWeb)+len(onlyPDF) > 0 || len(web) < 100 {
		t.Errorf("%d numbers in the web edition; only there: %v; only in the PDF: %v", len(web), onlyWeb, onlyPDF)
	}
	res, err := evaluator.ReadResultsFile(filepath.Join(out, output.FileResults))
	if err != nil {
		t.Fatal(err)
	}
	fw, err := evaluator.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	f := func(x float64) string { return evaluator.FormatFixed(x, fw.Method.Decimals) }
	for _, u := range res.Units {
		page := text["unit-"+u.ID+".html"]
		for _, want := range []string{"综合得分：" + f(u.Score) + "分", fmt.Sprintf("排名：%d/%d", u.Rank, len(res.Units)), "等级：" + u.Grade} {
			if !strings.Contains(page, want) {
				t.Errorf("unit-%s.html does not say %s", u.ID, want)
			}
		}
	}
}
