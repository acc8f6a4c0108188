package templates

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/templates/internal/pdf"
)

// bboxLine is a line of pdftotext -bbox words (points from the top left).
type bboxLine struct {
	x0, y0, x1, y1 float64
	text           string
}

// bboxLines groups a page's words (bboxPages, sorted by y then x) into lines.
func bboxLines(ws []bboxWord) []bboxLine {
	var out []bboxLine
	for _, w := range ws {
		if n := len(out); n > 0 && math.Abs(out[n-1].y0-w.y0) < 1 {
			l := &out[n-1]
			l.x0, l.x1, l.y1 = min(l.x0, w.x0), max(l.x1, w.x1), max(l.y1, w.y1)
			l.text += w.text
			continue
		}
		out = append(out, bboxLine(w))
	}
	return out
}

const (
	ptmm       = 72 / 25.4
	rightEdge  = (marginLeft + textW) * ptmm         // the text block's right margin
	lineStart  = (marginLeft + pdf.CellInset) * ptmm // where a paragraph's lines start
	justifyTol = 0.1 * ptmm                          // 0.1 mm
)

// checkJustified fails on a line starting at the text block's left edge that runs
// past its right margin, and finds every paragraph line followed by another line of the same
// paragraph — the next line at the same type size, one leading (body or note)
// lower, starting at the text block's left edge without indent — and fails unless
// it ends on the text block's right margin within 0.1 mm. It returns how many it
// checked.
func checkJustified(t *testing.T, name string, b []byte) int {
	t.Helper()
	n := 0
	for pi, ws := range bboxPages(t, b) {
		ls := bboxLines(ws)
		for _, l := range ls {
			if math.Abs(l.x0-lineStart) < 0.1 && l.x1 > rightEdge+justifyTol {
				t.Errorf("%s p%d: line %q runs %.2f mm past the right margin", name, pi+1, l.text, (l.x1-rightEdge)/ptmm)
			}
		}
		for i := 0; i+1 < len(ls); i++ {
			a, c := ls[i], ls[i+1]
			dy := c.y0 - a.y0
			if math.Abs((a.y1-a.y0)-(c.y1-c.y0)) > 0.1 || math.Abs(c.x0-lineStart) > 0.1 ||
				math.Abs(dy-bodyLeading*ptmm) > 0.3 && math.Abs(dy-noteLeading*ptmm) > 0.3 {
				continue
			}
			n++
			if math.Abs(a.x1-rightEdge) > justifyTol {
				t.Errorf("%s p%d: line %q ends %.2f mm from the right margin (next line %q)", name, pi+1, a.text, (a.x1-rightEdge)/ptmm, c.text)
			}
		}
	}
	return n
}

// TestPublicPDFJustified: the paragraphs of the public report and of a feedback
// PDF are justified (两端对齐): each line but a paragraph's last ends on the right
// margin. (Left-aligned, the old layout fails on 120 of the demo report's 122 such
// lines.)
func TestPublicPDFJustified(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	opt := ReportOptions{Date: "2026-03-01", Findings: fs, Sample: true, Narrative: fullNarrative(t)}
	var rb, fb bytes.Buffer
	if _, err := RenderPDF(&rb, fw, res, opt); err != nil {
		t.Fatal(err)
	}
	if n := checkJustified(t, "report", rb.Bytes()); n < 20 {
		t.Errorf("report: only %d paragraph lines checked", n)
	}
	if _, err := RenderFeedbackPDF(&fb, fw, res, "jy", opt); err != nil {
		t.Fatal(err)
	}
	if n := checkJustified(t, "feedback", fb.Bytes()); n < 3 {
		t.Errorf("feedback: only %d paragraph lines checked", n)
	}
}

// TestParagraphJustified: paragraphs of Chinese with numbers, Latin words and
// brackets, body and note size: every line but a paragraph's last ends on the
// right margin within 0.1 mm, the last stays left-aligned, every line starts at
// the left edge (the first after its two-character indent), and pdftotext reads
// the text back as it was, without spaces added between the spread characters.
func TestParagraphJustified(t *testing.T) {
	paras := []string{
		"参评地区综合得分平均为63.37分，最高为90.55分（新吴区），最低为43.40分（无锡经济开发区），最高与最低相差47.15分，标准差为16.16分。按等级划分：优秀0个；良好1个（新吴区）；合格4个（江阴市、宜兴市、梁溪区、滨湖区）；待提升3个（锡山区、惠山区、无锡经济开发区）。",
		"本领域对应《无锡市数字化转型促进条例》第三章，权重24.00分，包含9项指标。参评地区本领域平均得分57.74分，最高为84.33分（新吴区），最低为35.07分（无锡经济开发区）。",
		"评估结果由dteval根据GDP per capita和5G coverage等指标计算——详见附件2，数据下载地址https://data.example.gov.cn/dt/2025/results.json，以网页版为准。",
	}
	d, err := newPDFDoc(docMeta{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.newPage()
	d.serif(sizeBody)
	var want [][]string // each paragraph's lines
	for _, p := range paras {
		want = append(want, d.wrap("\u3000\u3000"+p, textW-pdf.CellInset))
	}
	d.paragraph(strings.Join(paras, "\n\n"))
	d.serif(sizeTable)
	want = append(want, d.wrap(paras[0], textW-pdf.CellInset))
	d.note(paras[0])
	var b bytes.Buffer
	if err := d.output(&b); err != nil {
		t.Fatal(err)
	}
	var lines []bboxLine
	for _, ws := range bboxPages(t, b.Bytes()) {
		lines = append(lines, bboxLines(ws)...)
	}
	k := 0
	for pi, pl := range want {
		for i := range pl {
			if k >= len(lines) {
				t.Fatalf("pdftotext found %d lines, want more", len(lines))
			}
			l := lines[k]
			k++
			start := lineStart
			if i == 0 && pi < len(paras) {
				start += 2 * sizeBody
			}
			if math.Abs(l.x0-start) > justifyTol {
				t.Errorf("paragraph %d line %d %q starts at %.2f pt, want %.2f", pi+1, i+1, l.text, l.x0, start)
			}
			// the line before the web address would need over half an em a gap: it
			// stays left-aligned
			ragged := pi == 2 && i == 1
			switch {
			case ragged && l.x1 > rightEdge-30*ptmm:
				t.Errorf("paragraph 3 line 2 %q is spread to %.2f mm from the right margin, want left-aligned", l.text, (l.x1-rightEdge)/ptmm)
			case !ragged && i < len(pl)-1 && math.Abs(l.x1-rightEdge) > justifyTol:
				t.Errorf("paragraph %d line %d %q ends %.2f mm from the right margin", pi+1, i+1, l.text, (l.x1-rightEdge)/ptmm)
			case i == len(pl)-1 && l.x1 > rightEdge-1:
				t.Errorf("paragraph %d's last line %q is spread to the margin (ends at %.2f pt)", pi+1, l.text, l.x1)
			}
		}
	}
	if k != len(lines) {
		t.Errorf("pdftotext found %d lines, want %d", len(lines), k)
	}
	// pdftotext reads each line as it was wrapped: no character lost or moved, no
	// space read into the spread text
	var wantText []string
	for _, pl := range want {
		for _, l := range pl {
			wantText = append(wantText, strings.TrimLeft(l, "\u3000"))
		}
	}
	got, _, _ := strings.Cut(pdftotext(t, b.Bytes(), "-raw"), "\n第 1 页")
	if got != strings.Join(wantText, "\n") {
		t.Errorf("pdftotext reads\n%q\nwant\n%q", got, strings.Join(wantText, "\n"))
	}
}

// TestTablePart: where a table split across pages breaks, by hand: rows 10 mm
// high, the source line 5 mm under the last.
func TestTablePart(t *testing.T) {
	h := []float64{10, 10, 10, 10, 10, 10, 10, 10, 10, 10}
	for _, tc := range []struct {
		from        int
		room        float64
		fit, part   int
		explanation string
	}{
		{0, 75, 7, 6, "7 rows fit, 3 would be left: the split moves up to leave 4"},
		{0, 95, 9, 6, "9 fit, 1 would be left"},
		{0, 104, 9, 6, "the last row needs its source line: 15 mm"},
		{0, 105, 10, 10, "all fit"},
		{0, 45, 4, 4, "4 fit, 6 left"},
		{4, 30, 7, 7, "3 fit from row 4 and 3 are left: 4 + 4 rows are not to be had"},
		{0, 5, 0, 1, "none fits: at least one row"},
	} {
		if got := rowsFitting(h, 5, tc.from, tc.room); got != tc.fit {
			t.Errorf("rowsFitting(from %d, %g mm) = %d, want %d", tc.from, tc.room, got, tc.fit)
		}
		if got := tablePart(h, 5, tc.from, tc.room); got != tc.part {
			t.Errorf("tablePart(from %d, %g mm) = %d, want %d (%s)", tc.from, tc.room, got, tc.part, tc.explanation)
		}
	}
}

// TestTableSplitRows: a table of 10 rows and one of 30 started lower and lower on
// a page: no part on either side of a page break has fewer than 4 rows, and a
// table that fits a page but would split so goes over whole only from a page at
// least half full.
func TestTableSplitRows(t *testing.T) {
	for _, n := range []int{10, 30} {
		for start := marginTop; start < pageH-marginBottom-10; start += 6 {
			d, err := newPDFDoc(docMeta{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			d.newPage()
			d.setY(start)
			tb := table{caption: "表1  测试表", source: "数据来源：测试。", cols: []column{{"项目", 60, "L"}, {"数值", 40, "R"}}}
			for i := range n {
				tb.rows = append(tb.rows, []string{fmt.Sprintf("第%d行", i+1), "1.00"})
			}
			d.drawTable(tb)
			var b bytes.Buffer
			if err := d.output(&b); err != nil {
				t.Fatal(err)
			}
			var perPage []int
			for _, ws := range bboxPages(t, b.Bytes()) {
				k := 0
				for _, w := range ws {
					if strings.HasPrefix(w.text, "第") && strings.HasSuffix(w.text, "行") {
						k++
					}
				}
				perPage = append(perPage, k)
			}
			total := 0
			for i, k := range perPage {
				total += k
				if k > 0 && k < minTableRows {
					t.Errorf("%d rows from %.0f mm: page %d has %d of them (%v)", n, start, i+1, k, perPage)
				}
			}
			if total != n {
				t.Errorf("%d rows from %.0f mm: %d drawn (%v)", n, start, total, perPage)
			}
			if perPage[0] == 0 && (start-marginTop)/(pageH-marginTop-marginBottom) < 0.5 && n == 10 {
				t.Errorf("a 10-row table left a page %.0f %% full", 100*(start-marginTop)/(pageH-marginTop-marginBottom))
			}
		}
	}
}

// TestLinesWithinMargin: a 数据来源 line and a list line (lines) start 1 mm in, as
// every left-aligned cell's text, and so wrap 1 mm short of the text width: none
// runs past the right margin. (The demo's 较强/较弱 notes ran 0.57 mm past it.)
func TestLinesWithinMargin(t *testing.T) {
	long := "注：较强（较弱）指标为得分高于（低于）全市平均的指标，按差距乘以分值排序。数据来源：各地区填报数据（统计局、工业和信息化局、科技局等部门提供）；无锡市数据局计算。"
	d, err := newPDFDoc(docMeta{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.newPage()
	d.sourceLine(long, marginLeft, textW)
	d.lines([]string{strings.Repeat("附件：评估指标体系、评估方法说明、数据核查核定情况，", 3)}, false)
	var b bytes.Buffer
	if err := d.output(&b); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ws := range bboxPages(t, b.Bytes()) {
		for _, l := range bboxLines(ws) {
			n++
			if l.x1 > rightEdge+justifyTol {
				t.Errorf("%q runs %.2f mm past the right margin", l.text, (l.x1-rightEdge)/ptmm)
			}
		}
	}
	if n < 4 {
		t.Errorf("%d lines, want the source and the list wrapped", n)
	}
}
