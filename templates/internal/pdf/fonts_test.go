package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The tests draw with the faces the reports embed (templates/fonts); a missing
// font file fails them.
const (
	fontSerif = "serif"
	fontSans  = "sans"
	fontKai   = "kai"
)

type testFace struct {
	family, style, file, name string
	partial                   bool
}

var fontFaces = []testFace{
	{fontSerif, "", "NotoSerifSC-Regular.ttf", "NotoSerifSC-Regular", false},
	{fontSerif, "B", "NotoSerifSC-Bold.ttf", "NotoSerifSC-Bold", false},
	{fontSans, "B", "NotoSansSC-Bold.ttf", "NotoSansSC-Bold", false},
	{fontKai, "", "KaiSC-Regular.ttf", "KaiSC-Regular", true},
}

var (
	testOnce  sync.Once
	testSet   *FontSet
	testFiles map[string][]byte
	testErr   error
)

// testFonts parses the four report faces once per test process.
func testFonts(tb testing.TB) *FontSet {
	tb.Helper()
	testOnce.Do(func() {
		testFiles = map[string][]byte{}
		var faces []Face
		for _, f := range fontFaces {
			b, err := os.ReadFile(filepath.Join("..", "..", "fonts", f.file))
			if err != nil {
				testErr = err
				return
			}
			testFiles[f.file] = b
			faces = append(faces, Face{Family: f.family, Style: f.style, Name: f.name, Data: b, Partial: f.partial})
		}
		testSet, testErr = NewFontSet(faces)
	})
	if testErr != nil {
		tb.Fatalf("report fonts: %v", testErr)
	}
	return testSet
}

func itoa(n int) string { return strconv.Itoa(n) }

// squash removes white space (text extractors split CJK runs differently).
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' {
			return -1
		}
		return r
	}, s)
}

// pdftotext returns the text of the whole document from poppler's pdftotext
// (skips the test when it is not installed).
func pdftotext(t *testing.T, b []byte, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed: apt-get install poppler-utils")
	}
	cmd := exec.Command("pdftotext", append(args, "-enc", "UTF-8", "-", "-")...)
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
