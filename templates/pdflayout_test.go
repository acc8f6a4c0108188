package templates

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// bboxWord is a word of pdftotext -bbox output (points from the top left).
type bboxWord struct {
	x0, y0, x1, y1 float64
	text           string
}

var bboxWordRe = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

// bboxPages returns the words of every page inside the text block: the running
// header, the footer and the diagonal watermark (glyphs taller than 40 pt) left out.
func bboxPages(t *testing.T, b []byte) [][]bboxWord {
	t.Helper()
	out := pdftotext(t, b, "-bbox")
	top, bottom := (marginTop-6)*72/25.4, (pageH-marginBottom+4)*72/25.4
	var pages [][]bboxWord
	for _, pg := range strings.Split(out, "<page ")[1:] {
		var ws []bboxWord
		for _, m := range bboxWordRe.FindAllStringSubmatch(pg, -1) {
			var f [4]float64
			for i := range f {
				f[i], _ = strconv.ParseFloat(m[i+1], 64)
			}
			w := bboxWord{f[0], f[1], f[2], f[3], m[5]}
			if w.y1 < top || w.y0 > bottom || w.y1-w.y0 > 40 {
				continue
			}
			ws = append(ws, w)
		}
		sort.SliceStable(ws, func(i, j int) bool { return ws[i].y0 < ws[j].y0-1 || ws[i].y0 < ws[j].y0+1 && ws[i].x0 < ws[j].x0 })
		pages = append(pages, ws)
	}
	return pages
}

// pageFill is how much of the text block a page's words reach down to (0–1).
func pageFill(ws []bboxWord) float64 {
	bottom := 0.0
	for _, w := range ws {
		bottom = max(bottom, w.y1)
	}
	top, end := marginTop*72/25.4, (pageH-marginBottom)*72/25.4
	return max(0, bottom-top) / (end - top)
}

// firstLine is the text of a page's top line.
func firstLine(ws []bboxWord) string {
	if len(ws) == 0 {
		return ""
	}
	var b strings.Builder
	for _, w := range ws {
		if w.y0 > ws[0].y0+2 {
			break
		}
		b.WriteString(w.text)
	}
	return b.String()
}

// chapterStartRe matches the first line of a page that starts a chapter: a 一、
// section, an unnumbered front or tail section, an annex.
var chapterStartRe = regexp.MustCompile(`^([一二三四五六七八九十]+、|附件\d|编制说明|主要发现|联系方式)`)

// checkPageFill fails on every page under half full whose next page does not
// start a chapter (the cover and the contents aside), and on a page whose content
// runs into the bottom margin.
func checkPageFill(t *testing.T, name string, b []byte) {
	t.Helper()
	pages := bboxPages(t, b)
	for i := 1; i+1 < len(pages); i++ { // the cover is page 1, the last page ends the report
		f := pageFill(pages[i])
		if f > 1.01 {
			t.Errorf("%s: page %d runs %.0f %% into the bottom margin", name, i+1, 100*(f-1))
		}
		if f >= 0.5 || strings.HasPrefix(firstLine(pages[i]), "目录") {
			continue
		}
		next := firstLine(pages[i+1])
		if chapterStartRe.MatchString(next) {
			continue
		}
		t.Errorf("%s: page %d is %.0f %% full and the next page goes on with %q (a page under half full must end a chapter)", name, i+1, 100*f, next)
	}
}

// TestPublicPDFPageFill: no page of the public report is under half full unless a
// chapter ends there — with and without the bureau's narrative, ranks or grades.
func TestPublicPDFPageFill(t *testing.T) {
	full := fullNarrative(t)
	for _, tc := range []struct {
		name   string
		mutate func(*evaluator.Framework, *ReportOptions)
	}{
		{"ranks", nil},
		{"grades", func(fw *evaluator.Framework, _ *ReportOptions) { fw.Method.Publish = "grades" }},
		{"narrative", func(_ *evaluator.Framework, o *ReportOptions) { o.Narrative = full }},
	} {
		fw, res, fs := pdfFixture(t)
		opt := ReportOptions{Date: "2026-03-01", Findings: fs, Sample: true}
		if tc.mutate != nil {
			tc.mutate(fw, &opt)
		}
		var b bytes.Buffer
		if _, err := RenderPDF(&b, fw, res, opt); err != nil {
			t.Fatal(err)
		}
		checkPageFill(t, tc.name, b.Bytes())
	}
}

// fullNarrative is the init starter with every example uncommented.
func fullNarrative(t *testing.T) *Narrative {
	t.Helper()
	fw, _, _ := pdfFixture(t)
	var sb strings.Builder
	if err := WriteNarrativeStarter(&sb, fw); err != nil {
		t.Fatal(err)
	}
	n, err := ParseNarrative("narrative.yaml", []byte(uncomment(sb.String())), fw)
	if err != nil {
		t.Fatal(err)
	}
	if n.Empty() {
		t.Fatal("the uncommented starter is empty")
	}
	return n
}

var captionNoRe = regexp.MustCompile(`(?m)^(续表|续图|表|图)(\d+)\s`)

// TestPublicPDFCaptions: every table and figure of the public report is numbered
// 表1、表2…, 图1、图2… in the order they appear, and each has a 数据来源 line; the web
// edition numbers them alike.
// radarCaptionRe matches the caption of a unit's radar (not a continued part).
var radarCaptionRe = regexp.MustCompile(`(?m)(^|[^续])图\d+\s+\S*各领域得分与全市平均`)

func TestPublicPDFCaptions(t *testing.T) {
	b, _ := renderFixture(t, nil)
	raw := pdftotext(t, b, "-raw")
	next := map[string]int{"表": 1, "图": 1}
	cont := 0
	for _, m := range captionNoRe.FindAllStringSubmatch(raw, -1) {
		n, _ := strconv.Atoi(m[2])
		if kind, ok := strings.CutPrefix(m[1], "续"); ok {
			// a table or figure continued on the next page: the one last begun
			cont++
			if n != next[kind]-1 {
				t.Errorf("%s%d after %s%d", m[1], n, kind, next[kind]-1)
			}
			continue
		}
		if n != next[m[1]] {
			t.Errorf("%s%d follows %s%d: the numbering must run on", m[1], n, m[1], next[m[1]]-1)
		}
		next[m[1]] = n + 1
	}
	tables, figures := next["表"]-1, next["图"]-1
	if tables < 10 || figures < 5 || cont == 0 {
		t.Fatalf("only %d numbered tables, %d figures and %d continued tables", tables, figures, cont)
	}
	// one 数据来源 line per table and figure, but one for a unit's radar and the
	// chapter table beside it (the same figures)
	pairs := len(radarCaptionRe.FindAllString(raw, -1))
	if pairs == 0 {
		t.Error("no unit radar beside its chapter table")
	}
	if n := strings.Count(squash(raw), "数据来源："); n != tables+figures-pairs {
		t.Errorf("%d 数据来源 lines for %d tables and %d figures, %d of them side by side", n, tables, figures, pairs)
	}
	// the sources name the submissions and the fields' departments
	fw, res, fs := pdfFixture(t)
	if !strings.Contains(squash(raw), "数据来源：各"+fw.UnitNoun()+"填报数据") {
		t.Errorf("no 数据来源 line names the submissions")
	}
	// the web edition: the same captions
	files := renderWebFixture(t, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs}, nil)
	var web strings.Builder
	for _, name := range sortedFileNames(files) {
		web.WriteString(files[name])
	}
	for k := 1; k <= tables; k++ {
		if !strings.Contains(web.String(), fmt.Sprintf("表%d  ", k)) {
			t.Errorf("the web edition has no 表%d", k)
		}
	}
	for k := 1; k <= figures; k++ {
		if !strings.Contains(web.String(), fmt.Sprintf("<figcaption>图%d  ", k)) {
			t.Errorf("the web edition has no figure caption 图%d", k)
		}
	}
}

func sortedFileNames(files map[string]string) []string {
	var out []string
	for k := range files {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestPublicPDFTypeSizes: body text and the three heading levels are 3号 (16 pt),
// tables smaller — measured on the page (a glyph's box height is proportional to
// its size).
func TestPublicPDFTypeSizes(t *testing.T) {
	b, _ := renderFixture(t, nil)
	pages := bboxPages(t, b)
	height := func(prefix string) float64 {
		for _, p := range pages[2:] { // after the cover and the contents
			for _, w := range p {
				if strings.HasPrefix(w.text, prefix) {
					return w.y1 - w.y0
				}
			}
		}
		t.Fatalf("no word starts with %q", prefix)
		return 0
	}
	ratio := func(a, b string, want float64) {
		t.Helper()
		if r := height(a) / height(b); r < want*0.97 || r > want*1.03 {
			t.Errorf("%q is %.2f × %q, want %.2f", a, r, b, want)
		}
	}
	// serif: a chapter's first paragraph (3号) and a cell of the key-figures table (5号)
	ratio("本领域对应", "综合得分平均值", sizeBody/sizeTable)
	// the （一） headings are in the Kai face at 3号 (a glyph box is the face's
	// ascent to descent, which differ between faces), the 1. headings and the
	// closing in the serif face at 3号
	ratio("（二）", "本领域对应", faceBox(t, "fonts/KaiSC-Regular.ttf")/faceBox(t, "fonts/NotoSerifSC-Regular.ttf"))
	ratio("附件：", "本领域对应", 1)
	// sans: the 一、 heading (3号) and a table's header row (5号 less half a point)
	ratio(secSummary, "项目", sizeH1/(sizeTable-0.5))
}

// TestClosingWithBody: the 附件 list and the 落款 (issuer, then the date) follow the
// body on a page that has body text too, before 附件1.
func TestClosingWithBody(t *testing.T) {
	b, _ := renderFixture(t, nil)
	fw, _, _ := pdfFixture(t)
	pages := bboxPages(t, b)
	for i, p := range pages {
		var text strings.Builder
		for _, w := range p {
			text.WriteString(w.text)
		}
		s := text.String()
		at := strings.Index(s, "附件：1.")
		if at < 0 {
			continue
		}
		// alone on its page only when it could not have stayed with the body's last
		// block: the page before has no room for it
		if at == 0 && i > 0 && pageFill(pages[i-1])+pageFill(p) <= 1 {
			t.Errorf("page %d: the 附件 list stands alone on its page though the page before had room", i+1)
		}
		for _, want := range []string{"2.评估方法说明", "4.数据来源与校验值", fw.Issuer, "2026年3月1日"} {
			if !strings.Contains(s[at:], want) {
				t.Errorf("page %d: the closing lacks %q: %s", i+1, want, s[at:])
			}
		}
		if i+1 >= len(pages) || !strings.HasPrefix(firstLine(pages[i+1]), "附件1") {
			t.Errorf("the page after the closing does not start 附件1")
		}
		return
	}
	t.Fatal("no 附件 list")
}

// TestLabelLines: chart labels break after a conjunction or a -化 word, never inside
// a word, and stay whole when they fit.
func TestLabelLines(t *testing.T) {
	d, err := newPDFDoc(docMeta{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := pdfCanvas{d}
	c.serif(sizeChart)
	w := c.width("经济数字化") + 0.5
	for _, tc := range []struct {
		in   string
		w    float64
		want []string
	}{
		{"数字生态", w, []string{"数字生态"}},
		{"经济数字化转型", w, []string{"经济数字化", "转型"}},
		{"数字技术创新与基础设施建设", c.width("数字技术创新与") + 0.5, []string{"数字技术创新与", "基础设施建设"}},
	} {
		if got := labelLines(c, tc.in, tc.w); strings.Join(got, "/") != strings.Join(tc.want, "/") {
			t.Errorf("labelLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// faceBox is the height of a glyph box of an embedded face in em: its ascent less
// its descent (hhea), as the PDF's font descriptor states them.
func faceBox(t *testing.T, file string) float64 {
	t.Helper()
	b, err := fontFS.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	be := binary.BigEndian
	table := func(tag string) []byte {
		for i := range int(be.Uint16(b[4:])) {
			rec := b[12+16*i:]
			if string(rec[:4]) == tag {
				off := be.Uint32(rec[8:])
				return b[off : off+be.Uint32(rec[12:])]
			}
		}
		t.Fatalf("%s has no %s table", file, tag)
		return nil
	}
	upem := float64(be.Uint16(table("head")[18:]))
	hhea := table("hhea")
	return float64(int16(be.Uint16(hhea[4:]))-int16(be.Uint16(hhea[6:]))) / upem
}

// TestSourceOf: the 数据来源 line names the submissions and the departments of the
// fields the indicators read, most often named first, each without its remark
// and level prefix, three at most and then 等.
func TestSourceOf(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	m, err := newReportModel(fw, res, ReportOptions{Date: "2026-03-01", Findings: fs})
	if err != nil {
		t.Fatal(err)
	}
	r := &publicReport{m: m}
	leaves := m.leavesUnder(fw.Index)
	if len(leaves) < 4 {
		t.Fatal("fixture too small")
	}
	srcs := []string{"统计局（委托第三方调查）", "区工业和信息化局（汇总电信企业数据）、统计局", "财政局、数据局", "工业和信息化局"}
	var nodes []*evaluator.Node
	for i, n := range leaves[:4] {
		for _, id := range fieldIDRe.FindAllString(cmp.Or(n.Value, n.ID), -1) {
			if f := fw.Field(id); f != nil {
				f.Source = srcs[i]
			}
		}
		nodes = append(nodes, n)
	}
	want := "数据来源：各" + fw.UnitNoun() + "填报数据（统计局、工业和信息化局、财政局等部门提供）；" + fw.Issuer + "计算。"
	if got := r.sourceOf(nodes...); got != want {
		t.Errorf("sourceOf = %s\nwant      %s", got, want)
	}
	if got, want := r.sourceOf(nodes[3]), "数据来源：各"+fw.UnitNoun()+"填报数据（工业和信息化局提供）；"+fw.Issuer+"计算。"; got != want {
		t.Errorf("sourceOf one = %s, want %s", got, want)
	}
	// a framework that names no issuer: the tool computed it
	fw.Issuer = ""
	if got, want := r.sourceOf(nodes[3]), "数据来源：各"+fw.UnitNoun()+"填报数据（工业和信息化局提供）；dteval 计算。"; got != want {
		t.Errorf("sourceOf without an issuer = %s, want %s", got, want)
	}
}
