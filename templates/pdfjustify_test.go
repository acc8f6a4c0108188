package templates

import (
	"bytes"
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

// checkJustified finds every paragraph line followed by another line of the same
// paragraph — the next line at the same type size, one leading (body or note)
// lower, starting at the text block's left edge without indent — and fails unless
// it ends on the text block's right margin within 0.1 mm. It returns how many it
// checked.
func checkJustified(t *testing.T, name string, b []byte) int {
	t.Helper()
	n := 0
	for pi, ws := range bboxPages(t, b) {
		ls := bboxLines(ws)
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
