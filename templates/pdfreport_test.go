package templates

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/wuxi-data/dteval/evaluator"
)

func renderFixture(t *testing.T, mutate func(*ReportOptions)) ([]byte, []string) {
	t.Helper()
	fw, res, fs := pdfFixture(t)
	opt := ReportOptions{Date: "2026-03-01", Findings: fs}
	if mutate != nil {
		mutate(&opt)
	}
	var b bytes.Buffer
	warns, err := RenderPDF(&b, fw, res, opt)
	if err != nil {
		t.Fatalf("RenderPDF: %v", err)
	}
	return b.Bytes(), warns
}

// TestRenderPDFWrite renders the fixture's report (ranks and grades) and a
// feedback PDF as whole files: each is a complete PDF. They are left in
// $DTEVAL_PDF_OUT, when set, for a look.
func TestRenderPDFWrite(t *testing.T) {
	dir := os.Getenv("DTEVAL_PDF_OUT")
	if dir == "" {
		dir = t.TempDir()
	}
	defer func() {
		for _, name := range []string{"report.pdf", "feedback-jy.pdf", "report-grades.pdf"} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
				t.Errorf("%s is not a complete PDF (%d bytes, %v)", name, len(b), err)
			}
		}
	}()
	b, warns := renderFixture(t, func(o *ReportOptions) { o.Sample = true })
	if err := os.WriteFile(filepath.Join(dir, "report.pdf"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Log(warns)
	fw, res, fs := pdfFixture(t)
	var fb bytes.Buffer
	if _, err := RenderFeedbackPDF(&fb, fw, res, "jy", ReportOptions{Date: "2026-03-01", Findings: fs, Sample: true}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "feedback-jy.pdf"), fb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	fw.Method.Publish = "grades"
	var gb bytes.Buffer
	if _, err := RenderPDF(&gb, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs, Sample: true}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "report-grades.pdf"), gb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRenderPDFContent(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	b, warns := renderFixture(t, nil)
	if len(warns) != 0 {
		t.Errorf("warnings for a clean fixture: %v", warns)
	}
	pages := pdfPages(t, b)
	// cover, contents, 一 … 五 and four annexes, one page per unit at least
	if len(pages) < 2+5+4+len(res.Units) {
		t.Fatalf("%d pages, want at least %d", len(pages), 2+5+4+len(res.Units))
	}
	text := pdftotext(t, b)
	flat := pdfFlat(t, b)
	// every page but the cover says 第 X 页 共 Y 页 with the right total
	footers := regexp.MustCompile(`第 (\d+) 页 共 (\d+) 页`).FindAllStringSubmatch(text, -1)
	if len(footers) != len(pages)-1 {
		t.Errorf("%d page footers, want %d (every page but the cover)", len(footers), len(pages)-1)
	}
	for i, f := range footers {
		if f[1] != fmt.Sprint(i+2) || f[2] != fmt.Sprint(len(pages)) {
			t.Errorf("footer %q on page %d of %d", f[0], i+2, len(pages))
		}
	}
	for _, want := range []string{"目录", secSummary, secRanking, secChapters, strings.ReplaceAll(secUnits, "{U}", "地区"), secStability,
		"附件1评估指标体系", "附件2评估方法说明", "附件3数据核查核定情况", "附件4数据来源与校验值",
		"（一）数字技术创新与基础设施建设", "（三）生活数字化转型", "测试市数据局", "2026年3月1日",
		"未交区", "未提交", "不适用", "第16条", "7家企业未通过省级智能工厂认定", fw.SHA256} {
		if !strings.Contains(flat, squash(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
	// every unit's score and name, formatted as results.json rounds them
	for _, u := range res.Units {
		if !strings.Contains(flat, u.Name) {
			t.Errorf("report lacks unit %s", u.Name)
		}
		s := evaluator.FormatFixed(u.Score, fw.Method.Decimals)
		if !strings.Contains(flat, s) {
			t.Errorf("report lacks %s's score %s", u.Name, s)
		}
	}
	// hand-computed: 新吴区 ranks first with the index score 88.65 (91.50·0.35 + 92.50·0.40 +
	// 78.50·0.25), 89.65 with its bonus of 1; with bonus items the table shows both
	if !strings.Contains(flat, "1新吴区区88.6589.65") {
		t.Errorf("ranking row of 新吴区 not found as 1 新吴区 区 88.65 89.65")
	}
	// the veto of 新吴区: marked in the ranking table, said on its page and in the method annex
	for _, want := range []string{"1新吴区区88.6589.65", "合格*", "新吴区因“发生重大网络和数据安全事件”（否决事项），等级由按得分评定的“优秀”降为“合格”。",
		"本年度综合得分89.65分，在8个参评地区中列第1位，在区中列第1位，评估等级为“合格”。", "“发生重大网络和数据安全事件”的，等级最高为“合格”"} {
		if !strings.Contains(flat, squash(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
	if !strings.Contains(flat, squash("排名和评估等级均依据保留2位小数后的综合得分（含加分、扣分）")) {
		t.Error("the ranking section does not say that ranks come from the total (实得分)")
	}
	// no findings text, no contact data, no adjuster's name
	for _, f := range fs {
		msg := []rune(squash(f.Message))
		if strings.Contains(flat, string(msg[:min(len(msg), 12)])) {
			t.Errorf("public report shows finding text %q", f.Message)
		}
	}
	for _, c := range append(contactStrings, "李四") {
		if strings.Contains(flat, c) {
			t.Errorf("public report shows personal data %q", c)
		}
	}
	// the outline has the sections
	for _, want := range []string{secSummary, secRanking, strings.ReplaceAll(secUnits, "{U}", "地区"), annexSources} {
		if !bytes.Contains(b, utf16Title(want)) {
			t.Errorf("outline lacks %q", want)
		}
	}
	// the document information
	for _, want := range []string{"/Title", "/Subject", "/Creator", "/CreationDate (D:20260301"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("metadata lacks %s", want)
		}
	}
}

// utf16Title is how the writer encodes an outline title (UTF-16BE in hex), without
// the byte-order mark and brackets.
func utf16Title(s string) []byte {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return []byte(b.String())
}

func TestRenderPDFFontsEmbedded(t *testing.T) {
	b, _ := renderFixture(t, nil)
	if n := bytes.Count(b, []byte("/FontFile2")); n != 4 {
		t.Errorf("%d embedded TrueType font files, want 4", n)
	}
	checkFontsOnce(t, "report", b, 4)
}

// checkFontsOnce checks with pdffonts that the PDF embeds want faces (any number
// if want is 0), each once, as subsets with a Unicode map.
func checkFontsOnce(t *testing.T, name string, b []byte, want int) {
	t.Helper()
	if _, err := exec.LookPath("pdffonts"); err != nil {
		t.Skip("pdffonts not installed: apt-get install poppler-utils")
	}
	f := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdffonts", f).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
	faces := map[string]int{}
	for _, l := range lines {
		fields := strings.Fields(l)
		// name type… encoding emb sub uni object ID
		if fields[len(fields)-5] != "yes" || fields[len(fields)-3] != "yes" {
			t.Errorf("%s: font not embedded with a Unicode map: %s", name, l)
		}
		_, face, _ := strings.Cut(fields[0], "+")
		faces[face]++
	}
	for face, n := range faces {
		if n != 1 {
			t.Errorf("%s: %s embedded %d times", name, face, n)
		}
	}
	if want > 0 && len(faces) != want {
		t.Errorf("%s: pdffonts lists %d faces, want %d:\n%s", name, len(faces), want, out)
	}
}

// TestFeedbackFontsOnce: every feedback PDF of a run — the first, whose glyphs the
// others share, and those that add glyphs of their own (their unit's name) —
// embeds each face once.
func TestFeedbackFontsOnce(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	r, err := NewFeedbackRenderer(fw, res, ReportOptions{Date: "2026-03-01", Findings: fs, Sample: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range res.Units {
		var b bytes.Buffer
		if _, err := r.Render(&b, u.ID); err != nil {
			t.Fatal(err)
		}
		checkFontsOnce(t, "feedback "+u.ID, b.Bytes(), 0)
		if !strings.Contains(squash(pdftotext(t, b.Bytes())), u.Name) {
			t.Errorf("feedback %s: pdftotext lacks the unit's name %s", u.ID, u.Name)
		}
	}
}

func TestRenderPDFDeterministic(t *testing.T) {
	a, _ := renderFixture(t, func(o *ReportOptions) { o.Sample = true; o.Draft = true })
	b, _ := renderFixture(t, func(o *ReportOptions) { o.Sample = true; o.Draft = true })
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same inputs differ")
	}
	c, _ := renderFixture(t, func(o *ReportOptions) { o.Sample = true; o.Draft = true; o.Date = "2026-03-02" })
	if bytes.Equal(a, c) {
		t.Fatal("a different date gave the same bytes")
	}
	fw, res, fs := pdfFixture(t)
	var f1, f2 bytes.Buffer
	for _, w := range []*bytes.Buffer{&f1, &f2} {
		if _, err := RenderFeedbackPDF(w, fw, res, "xs", ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(f1.Bytes(), f2.Bytes()) {
		t.Fatal("two feedback renders differ")
	}
}

func TestRenderPDFMarks(t *testing.T) {
	b, _ := renderFixture(t, func(o *ReportOptions) { o.Sample = true; o.Draft = true })
	text := pdftotext(t, b)
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	for i, p := range pages {
		for _, mark := range []string{"示例数据", "征求意见稿"} {
			if !strings.Contains(squash(p), mark) {
				t.Errorf("page %d lacks %s", i+1, mark)
			}
		}
	}
	plain := pdftotext(t, mustRender(t, nil))
	for _, mark := range []string{"示例数据", "征求意见稿"} {
		if strings.Contains(plain, mark) {
			t.Errorf("an ordinary report says %s", mark)
		}
	}
}

func mustRender(t *testing.T, mutate func(*ReportOptions)) []byte {
	b, _ := renderFixture(t, mutate)
	return b
}

func TestRenderPDFGradesOnly(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	fw.Method.Publish = "grades"
	var b bytes.Buffer
	if _, err := RenderPDF(&b, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
		t.Fatal(err)
	}
	flat := squash(pdftotext(t, b.Bytes()))
	if !strings.Contains(flat, squash(secGrades)) || strings.Contains(flat, squash(secRanking)) {
		t.Errorf("grades-only report should have %s and not %s", secGrades, secRanking)
	}
	// ranks are mentioned only to say they are not published (and in the title of 五)
	for _, c := range []struct{ word, allowed string }{{"排名", "排名稳定性"}, {"名次", "不公布名次"}, {"列第", ""}} {
		n := strings.Count(flat, c.word)
		if c.allowed != "" {
			n -= strings.Count(flat, c.allowed)
		}
		if n != 0 {
			t.Errorf("grades-only report mentions %q %d times", c.word, n)
		}
	}
	// the scores are shown, as in the XLSX and CSV (the chapter scores and the
	// weights would give the totals away anyway): only the ranks are not
	// units by grade, framework order within a grade; 新吴区 (89.65) is 合格 by its veto
	i1, i2, i3 := strings.Index(flat, "优秀江阴市县级市86.53"), strings.Index(flat, "良好滨湖区"), strings.Index(flat, "合格新吴区区89.65")
	if i1 < 0 || i2 < i1 || i3 < i2 {
		t.Errorf("grade table order wrong: 优秀江阴市 %d, 良好滨湖区 %d, 合格新吴区 %d", i1, i2, i3)
	}
	if !strings.Contains(flat, squash("类别：县级市｜综合得分：86.53分｜等级：优秀")) {
		t.Error("a unit's key line in grades mode lacks its score and grade")
	}
	// the feedback keeps ranks
	var f bytes.Buffer
	if _, err := RenderFeedbackPDF(&f, fw, res, "jy", ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(squash(pdftotext(t, f.Bytes())), "第2位/8") {
		t.Error("feedback with publish: grades lost the unit's rank")
	}
}

func TestRenderPDFMissingGlyphs(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	res.Units[0].Name = "江阴市\U00020000😀"
	fw.Units[0].Name = res.Units[0].Name
	var b bytes.Buffer
	warns, err := RenderPDF(&b, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs})
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 2 || !strings.Contains(warns[0], "U+20000") || !strings.Contains(warns[1], "U+1F600") {
		t.Errorf("warnings %q, want one for U+20000 and one for U+1F600", warns)
	}
	if !strings.Contains(squash(pdftotext(t, b.Bytes())), "江阴市□□") {
		t.Error("the missing characters are not shown as □")
	}
}

func TestRenderFeedbackPDF(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	var b bytes.Buffer
	if _, err := RenderFeedbackPDF(&b, fw, res, "jy", ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
		t.Fatal(err)
	}
	flat := pdfFlat(t, b.Bytes())
	for _, want := range []string{"江阴市2025年度数字化转型评估反馈", "内部反馈材料", "86.53", "第2位/8",
		"每万人5G基站数（个/万人）35.20", "智能工厂数（个）40", "异常值处理", "jy.xlsx数据填报E12", "联系人张三13812345678",
		"需要重点提升的指标", "第33条（民生领域数字生活场景建设）"} {
		if !strings.Contains(flat, squash(want)) {
			t.Errorf("feedback lacks %q", want)
		}
	}
	fpages := pdfPages(t, b.Bytes())
	if want := fmt.Sprintf("第1页共%d页", len(fpages)); !strings.Contains(flat, want) {
		t.Errorf("feedback footer lacks %q", want)
	}
	// another unit's findings and adjustments stay out
	if strings.Contains(flat, "320200198001011234") || strings.Contains(flat, "7家企业") {
		t.Error("feedback of 江阴市 shows another unit's findings or adjustments")
	}
	// 梁溪区: the 县级市-only indicator is 不适用, never 0
	var lx bytes.Buffer
	if _, err := RenderFeedbackPDF(&lx, fw, res, "lx", ReportOptions{Date: "2026-03-01"}); err != nil {
		t.Fatal(err)
	}
	lflat := squash(pdftotext(t, lx.Bytes()))
	// (value 不适用; last year, change, mean and best —; score 不适用)
	if !strings.Contains(lflat, "数字基础设施专项规划") || !strings.Contains(lflat, "不适用————不适用") {
		t.Error("an indicator that does not apply is not shown as 不适用")
	}
	if _, err := RenderFeedbackPDF(&lx, fw, res, "ns", ReportOptions{}); err == nil {
		t.Error("feedback for a unit that submitted nothing did not fail")
	}
}

func TestRenderPDFTemplatesDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "summary.tmpl"), []byte("本年度共有{{.Submitted}}个地区参评，这是改写后的总体情况。"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, _ := renderFixture(t, func(o *ReportOptions) { o.TemplatesDir = dir })
	if !strings.Contains(squash(pdftotext(t, b)), "本年度共有8个地区参评，这是改写后的总体情况。") {
		t.Error("the summary template from -templates was not used")
	}
	if err := os.WriteFile(filepath.Join(dir, "sumary.tmpl"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	fw, res, _ := pdfFixture(t)
	if _, err := RenderPDF(&bytes.Buffer{}, fw, res, ReportOptions{TemplatesDir: dir}); err == nil || !strings.Contains(err.Error(), "sumary.tmpl") {
		t.Errorf("an unknown template file gave %v", err)
	}
	os.Remove(filepath.Join(dir, "sumary.tmpl"))
	os.WriteFile(filepath.Join(dir, "unit.tmpl"), []byte("{{.NoSuchField}}"), 0o644)
	if _, err := RenderPDF(&bytes.Buffer{}, fw, res, ReportOptions{TemplatesDir: dir}); err == nil || !strings.Contains(err.Error(), "unit.tmpl") {
		t.Errorf("a template naming an unknown field gave %v", err)
	}
}

// TestFeedbackConcurrent: feedback PDFs rendered at the same time by one renderer
// (as dteval run does, sharing its wrapped lines and font subsets) are the ones
// rendered one by one by a fresh renderer.
func TestFeedbackConcurrent(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	opt := ReportOptions{Date: "2026-03-01", Findings: fs, Sample: true}
	one := func(r *FeedbackRenderer, id string) []byte {
		var b bytes.Buffer
		if _, err := r.Render(&b, id); err != nil {
			t.Error(err)
		}
		return b.Bytes()
	}
	want := map[string][]byte{}
	for _, u := range res.Units {
		r, err := NewFeedbackRenderer(fw, res, opt)
		if err != nil {
			t.Fatal(err)
		}
		want[u.ID] = one(r, u.ID)
	}
	r, err := NewFeedbackRenderer(fw, res, opt)
	if err != nil {
		t.Fatal(err)
	}
	got := make([][]byte, 3*len(res.Units))
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = one(r, res.Units[len(res.Units)-1-i%len(res.Units)].ID)
		}()
	}
	wg.Wait()
	for i, b := range got {
		id := res.Units[len(res.Units)-1-i%len(res.Units)].ID
		if !bytes.Equal(b, want[id]) {
			t.Errorf("feedback of %s rendered concurrently differs from the one rendered alone", id)
		}
	}
}

// TestRenderQPDF: qpdf finds no syntax or stream error in the public report and a
// feedback PDF (cross-reference offsets, object numbers, stream lengths, Flate data).
func TestRenderQPDF(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf not installed: apt-get install qpdf")
	}
	report, _ := renderFixture(t, func(o *ReportOptions) { o.Sample, o.Draft = true, true })
	fw, res, fs := pdfFixture(t)
	var fb bytes.Buffer
	if _, err := RenderFeedbackPDF(&fb, fw, res, "jy", ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"report": report, "feedback": fb.Bytes()} {
		f := filepath.Join(t.TempDir(), name+".pdf")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("qpdf", "--check", f).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors found") {
			t.Errorf("qpdf --check %s: %v\n%s", name, err, out)
		}
	}
}

// The region (framework key region) is in the title on the cover, in the running
// header and in the Title metadata; a draft's metadata says 征求意见稿.
func TestRenderPDFRegionAndDraftTitle(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	fw.Region = "无锡市"
	var b bytes.Buffer
	if _, err := RenderPDF(&b, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs, Draft: true}); err != nil {
		t.Fatal(err)
	}
	want := "2025年度无锡市数字化转型发展指数评估报告（征求意见稿）"
	if !bytes.Contains(b.Bytes(), append([]byte("/Title <FEFF"), append(utf16Title(want), ">"...)...)) {
		t.Errorf("the Title metadata is not %s", want)
	}
	pages := pdfPages(t, b.Bytes())
	if !strings.Contains(squash(pages[0]), "无锡市数字化转型发展指数评估报告") {
		t.Errorf("the cover lacks the region in the title: %s", squash(pages[0]))
	}
	var plain bytes.Buffer
	fw.Region = ""
	if _, err := RenderPDF(&plain, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(plain.Bytes(), append([]byte("/Title <FEFF"), append(utf16Title("2025年度数字化转型发展指数评估报告"), ">"...)...)) {
		t.Errorf("without region and draft the Title metadata is not the plain title")
	}
}

// TestWatermarkNotText: the diagonal 示例数据 watermark is drawn as outlines, so
// the text of a sample report is the text of the same report without it, but
// for the mark in the label box: no stray 示, 例, 数 or 据 in the paragraphs, in
// reading or in layout order (pdftotext).
func TestWatermarkNotText(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	feedback := func(sample bool) []byte {
		var b bytes.Buffer
		if _, err := RenderFeedbackPDF(&b, fw, res, "jy", ReportOptions{Date: "2026-03-01", Findings: fs, Sample: sample}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	for _, doc := range []struct {
		name          string
		sample, plain []byte
	}{
		{"report", mustRender(t, func(o *ReportOptions) { o.Sample = true }), mustRender(t, nil)},
		{"feedback", feedback(true), feedback(false)},
	} {
		for _, mode := range [][]string{{"-layout"}, {"-raw"}} {
			s, p := pdftotext(t, doc.sample, mode...), pdftotext(t, doc.plain, mode...)
			if !strings.Contains(s, "示例数据") {
				t.Errorf("%s %s: no 示例数据 label", doc.name, mode[0])
			}
			s, p = strings.ReplaceAll(s, "示例数据", ""), strings.ReplaceAll(p, "示例数据", "")
			for _, r := range "示例数据" {
				if a, b := strings.Count(s, string(r)), strings.Count(p, string(r)); a != b {
					t.Errorf("%s %s: %c %d times besides the label, %d times in the same document without the mark", doc.name, mode[0], r, a, b)
				}
			}
		}
	}
}
