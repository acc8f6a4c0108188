package templates

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
)

// pdfPages extracts the text of every page with github.com/ledongthuc/pdf.
func pdfPages(t *testing.T, b []byte) []string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("PDF does not parse: %v", err)
	}
	var out []string
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			t.Fatalf("page %d missing", i)
		}
		s, err := p.GetPlainText(nil)
		if err != nil {
			t.Fatalf("page %d text: %v", i, err)
		}
		out = append(out, s)
	}
	return out
}

// pdftotext returns the text of the whole document from poppler's pdftotext
// (skips the test when it is not installed).
func pdftotext(t *testing.T, b []byte, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed: apt-get install poppler-utils")
	}
	if args == nil {
		args = []string{"-layout"}
	}
	cmd := exec.Command("pdftotext", append(args, "-enc", "UTF-8", "-", "-")...)
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// squash removes white space (text extractors split CJK runs differently).
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' {
			return -1
		}
		return r
	}, s)
}

// pdfFlat is the document's text without white space, twice: in layout order (table
// rows read across) and in reading order (wrapped cells read whole).
func pdfFlat(t *testing.T, b []byte) string {
	t.Helper()
	return squash(pdftotext(t, b)) + "\n" + squash(pdftotext(t, b, "-raw"))
}
