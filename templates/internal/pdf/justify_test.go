package pdf

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// TestJustifyGaps: the gaps that take a share of a justified line's slack — between
// CJK characters, at CJK/Latin boundaries, after a space; not inside a Latin word
// or a number, not after an indent, not inside a run of dashes.
func TestJustifyGaps(t *testing.T) {
	for _, tc := range []struct {
		s string
		n int
	}{
		{"甲乙丙", 2},
		{"数字化ABC转型", 5},       // 数|字 字|化 化|A C|转 转|型
		{"94.13分，", 2},        // 3|分 分|，
		{"GDP 增长", 2},         // space|增 增|长: the space's share goes after it
		{"等——甲", 2},           // 等|— —|甲, not —|—
		{"\u3000\u3000甲乙", 1}, // the indent keeps its width
		{"dteval", 0},
		{"甲", 0},
		{"", 0},
	} {
		if got := justifyGaps(tc.s); got != tc.n {
			t.Errorf("justifyGaps(%q) = %d, want %d", tc.s, got, tc.n)
		}
	}
}

// TestJustifyGap: the space each gap takes, by hand. 10 pt = 3.527778 mm; three
// CJK characters are 10.583333 mm wide.
func TestJustifyGap(t *testing.T) {
	const size = 10 * 25.4 / 72 // mm
	for _, tc := range []struct {
		s      string
		sw, w  float64
		gap    float64
		reason string
	}{
		{"甲乙丙", 3 * size, 12, (12 - 3*size) / 2, "1.416667 mm over 2 gaps"},
		{"甲乙丙", 3 * size, 12, 0.708333, "the same, by hand"},
		{"数字化ABC转型", 60, 61, 0.2, "1 mm over 5 gaps"},
		{"甲乙丙", 3 * size, 3*size + 2*0.5*size - 0.01, 1.758889, "just under half an em a gap"},
		{"甲乙丙", 3 * size, 3*size + 2*0.5*size + 0.01, 0, "over half an em a gap: left-aligned"},
		{"甲乙丙", 3 * size, 3 * size, 0, "fits exactly"},
		{"甲乙丙", 3 * size, 3*size + 0.004, 0, "slack nobody could see"},
		{"甲乙丙", 3 * size, 10, 0, "wider than the line"},
		{"dteval", 20, 30, 0, "no gap to spread"},
	} {
		if got := justifyGap(tc.s, tc.sw, tc.w, size); math.Abs(got-tc.gap) > 1e-6 {
			t.Errorf("justifyGap(%q, %.4f, %.4f) = %.6f, want %.6f (%s)", tc.s, tc.sw, tc.w, got, tc.gap, tc.reason)
		}
	}
}

// TestJustifiedCell: a justified cell's content stream, by hand. 甲乙丙 at 10 pt in
// a 13 mm cell: the text starts 1 mm in and must fill 12 mm, so each of the 2 gaps
// takes 0.708333 mm = 2.008 pt of character spacing (Tc), after 甲 and 乙 but not
// after 丙, so that the line ends on the cell's right edge: 21 + 10.583333 + 2 ×
// 0.708333 = 33 mm; its baseline is 50 + 3 + 0.3 × 3.527778 = 54.058333 mm down
// (688.65 pt up). A gap of 0.2 em is wider than an extractor's word space: the
// text goes in an ActualText span. A small gap needs none; a line that cannot be
// spread is drawn left-aligned.
func TestJustifiedCell(t *testing.T) {
	p := testFonts(t).NewWriter()
	p.AddPage()
	p.SetFont(fontSerif, "", 10)
	draw := func(w float64, s string) string {
		start := len(p.page.buf)
		p.SetXY(20, 50)
		p.CellFormat(w, 6, s, "", 1, "J", false, 0, "")
		return string(p.page.buf[start:])
	}
	cids := func(s string) string { // the CIDs the document gave s's runes, as string bytes
		var b []byte
		for _, r := range s {
			b = p.appendCID(b, 0, r)
		}
		return string(b)
	}
	got := draw(13, "甲乙丙")
	want := "BT 59.53 688.65 Td /F1 10.00 Tf /Span <</ActualText <FEFF75324E594E19>>> BDC 2.008 Tc (" + cids("甲乙") + ") Tj 0.000 Tc (" + cids("丙") + ") Tj EMC ET\n"
	if got != want {
		t.Errorf("justified 甲乙丙:\n got %q\nwant %q", got, want)
	}
	end := 21 + p.GetStringWidth("甲乙丙") + 2*2.008*25.4/72
	if math.Abs(end-33) > 0.001 {
		t.Errorf("the line ends at %.4f mm, want 33", end)
	}
	// 0.1 mm a gap (0.028 em): spread, no span
	got = draw(1+p.GetStringWidth("甲乙丙丁")+0.3, "甲乙丙丁")
	if !strings.Contains(got, " 0.283 Tc (") || strings.Contains(got, "ActualText") {
		t.Errorf("甲乙丙丁 with 0.1 mm a gap: %q", got)
	}
	// the indent keeps its width and stays out of the span
	got = draw(1+p.GetStringWidth("\u3000\u3000甲乙")+1, "\u3000\u3000甲乙")
	if want := "Td (" + cids("\u3000\u3000") + ") Tj /Span <</ActualText <FEFF75324E59>>> BDC 2.835 Tc (" + cids("甲") + ") Tj 0.000 Tc ("; !strings.Contains(got, want) {
		t.Errorf("indented line:\n got %q\nwant it to hold %q", got, want)
	}
	// a Latin word is not spread, a line that cannot be is left-aligned
	if got := draw(100, "dteval"); strings.Contains(got, "Tc") || !strings.HasPrefix(got, "BT 59.53 ") {
		t.Errorf("a line with no gap to spread: %q", got)
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
}
