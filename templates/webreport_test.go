package templates

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// renderWebFixture renders the web edition of fw/res into name → content.
func renderWebFixture(t *testing.T, fw *evaluator.Framework, res *evaluator.Results, opt ReportOptions, atts []Attachment) map[string]string {
	t.Helper()
	files, err := RenderWeb(fw, res, opt, atts)
	if err != nil {
		t.Fatalf("RenderWeb: %v", err)
	}
	out := map[string]string{}
	for _, f := range files {
		if _, dup := out[f.Name]; dup {
			t.Fatalf("RenderWeb wrote %s twice", f.Name)
		}
		out[f.Name] = string(f.Data)
	}
	return out
}

// TestRenderWebWrite writes the fixture's web edition as files: a home page and
// every file it links to are there. They are left in $DTEVAL_WEB_OUT, when set,
// for a look.
func TestRenderWebWrite(t *testing.T) {
	dir := os.Getenv("DTEVAL_WEB_OUT")
	if dir == "" {
		dir = t.TempDir()
	}
	defer func() {
		home, err := os.ReadFile(filepath.Join(dir, "index.html"))
		if err != nil {
			t.Fatalf("no home page: %v", err)
		}
		for _, m := range hrefRe.FindAllStringSubmatch(string(home), -1) {
			ref := m[1]
			if strings.Contains(ref, "://") || strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "mailto:") {
				continue
			}
			ref, _, _ = strings.Cut(ref, "#")
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(ref))); err != nil {
				t.Errorf("the home page links to %s, which was not written", ref)
			}
		}
	}()
	fw, res, fs := pdfFixture(t)
	files := renderWebFixture(t, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs, Draft: true, Sample: true},
		[]Attachment{{Name: "评估报告.pdf", Title: "评估报告（PDF）", Data: []byte("%PDF-1.7 test")}})
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var (
	tagRe      = regexp.MustCompile(`<[^>]*>`)
	headingRe  = regexp.MustCompile(`<h([1-6])[ >]`)
	hrefRe     = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	thRe       = regexp.MustCompile(`<th[ >][^>]*>|<th>`)
	tableRe    = regexp.MustCompile(`(?s)<table>(.*?)</table>`)
	rowRe      = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	cellRe     = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	captionRe  = regexp.MustCompile(`(?s)<caption[^>]*>(.*?)</caption>`)
	decimalRe  = regexp.MustCompile(`[0-9]+\.[0-9]+`)
	handlerRe  = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	externalRe = regexp.MustCompile(`(?i)https?:|//[a-z]|url\(|@import|<script|<img|<iframe|<object|<embed|<link(?:[^>]*)href="[^"]*"`)
)

// webText is a page's text as a reader sees it (tags removed, entities undone).
func webText(page string) string {
	s := tagRe.ReplaceAllString(page, " ")
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'").Replace(s)
}

// webTables returns a page's tables as caption → rows of cell texts (header row first).
func webTables(page string) map[string][][]string {
	out := map[string][][]string{}
	for _, m := range tableRe.FindAllStringSubmatch(page, -1) {
		cap := ""
		if c := captionRe.FindStringSubmatch(m[1]); c != nil {
			cap = webText(c[1])
		}
		var rows [][]string
		for _, r := range rowRe.FindAllStringSubmatch(m[1], -1) {
			var cells []string
			for _, c := range cellRe.FindAllStringSubmatch(r[1], -1) {
				cells = append(cells, strings.TrimSpace(webText(c[1])))
			}
			rows = append(rows, cells)
		}
		out[cap] = rows
	}
	return out
}

// TestRenderWebStructure checks what every page must be: one h1, headings in
// order, tables with captions and scoped headers, zh-CN, the skip link, no
// external resource and no script, links that resolve inside the folder, the
// draft and sample marks.
func TestRenderWebStructure(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	files := renderWebFixture(t, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs, Draft: true, Sample: true},
		[]Attachment{{Name: "评估报告.pdf", Title: "评估报告（PDF）", Data: []byte("%PDF-1.7 test")}})
	want := []string{"index.html", "style.css", "sort.js", "评估报告.pdf", "chapter-1.html", "chapter-2.html", "chapter-3.html",
		"stability.html", "annex-1.html", "annex-2.html", "annex-3.html", "annex-4.html"}
	for _, u := range res.Units {
		want = append(want, "unit-"+u.ID+".html")
	}
	for _, n := range want {
		if _, ok := files[n]; !ok {
			t.Errorf("web edition has no %s", n)
		}
	}
	if len(files) != len(want) {
		t.Errorf("web edition has %d files, want %d", len(files), len(want))
	}
	for name, page := range files {
		if strings.HasSuffix(name, ".css") || strings.HasSuffix(name, ".js") {
			if externalRe.MatchString(page) {
				t.Errorf("%s refers to an external resource: %q", name, externalRe.FindString(page))
			}
			continue
		}
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if !strings.Contains(page, `<html lang="zh-CN">`) || !strings.Contains(page, `href="#main"`) || !strings.Contains(page, `id="main"`) {
			t.Errorf("%s: no lang, skip link or main", name)
		}
		if n := strings.Count(page, "<h1>"); n != 1 {
			t.Errorf("%s has %d h1", name, n)
		}
		last := 0
		for _, m := range headingRe.FindAllStringSubmatch(page, -1) {
			l, _ := strconv.Atoi(m[1])
			if l > last+1 {
				t.Errorf("%s: h%d after h%d", name, l, last)
			}
			last = l
		}
		if a, b := strings.Count(page, "<table>"), strings.Count(page, "<caption"); a != b || a == 0 && name != "index.html" && !strings.HasPrefix(name, "annex-2") {
			t.Errorf("%s: %d tables, %d captions", name, a, b)
		}
		for _, th := range thRe.FindAllString(page, -1) {
			if !strings.Contains(th, `scope="`) {
				t.Errorf("%s: %s without scope", name, th)
				break
			}
		}
		if m := handlerRe.FindString(page); m != "" {
			t.Errorf("%s has an inline event handler %q", name, m)
		}
		noCSS := strings.Replace(page, `<link rel="stylesheet" href="style.css">`, "", 1)
		noCSS = strings.Replace(noCSS, `<script src="sort.js" defer></script>`, "", 1)
		if m := externalRe.FindString(noCSS); m != "" {
			t.Errorf("%s refers to an external resource or script: %q", name, m)
		}
		for _, m := range hrefRe.FindAllStringSubmatch(page, -1) {
			target, _, _ := strings.Cut(m[1], "#")
			if target == "" {
				continue
			}
			if _, ok := files[target]; !ok {
				t.Errorf("%s links to %q, which is not in the folder", name, m[1])
			}
		}
		for _, mark := range []string{"征求意见稿", "示例数据"} {
			if !strings.Contains(page, `<p class="banner" role="note">`+mark) {
				t.Errorf("%s has no %s banner", name, mark)
			}
		}
		for _, s := range append(contactStrings, "李四") {
			if strings.Contains(page, s) {
				t.Errorf("%s shows personal data %q", name, s)
			}
		}
		// every chart has its text alternative and its data
		if n := strings.Count(page, "<svg"); n != strings.Count(page, "<title id=") || n != strings.Count(page, "<desc id=") || n != strings.Count(page, "：图表数据</summary>") {
			t.Errorf("%s: %d charts without title, desc or data table", name, n)
		}
	}
	// the home page lists the attachment with its size and SHA-256
	sum := sha256.Sum256([]byte("%PDF-1.7 test"))
	if idx := files["index.html"]; !strings.Contains(idx, hex.EncodeToString(sum[:])) || !strings.Contains(idx, ">13 字节<") ||
		!strings.Contains(idx, `href="评估报告.pdf"`) {
		t.Error("home page does not list the attachment with its size and SHA-256")
	}
}

// TestRenderWebDeterministic: the same inputs give the same bytes.
func TestRenderWebDeterministic(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	opt := ReportOptions{Date: "2026-03-01", Findings: fs}
	a, err := RenderWeb(fw, res, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := RenderWeb(fw, res, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between two renderings", a[i].Name)
		}
	}
}

// TestRenderWebGradesOnly: with publish: grades no rank is shown, as in the PDF.
func TestRenderWebGradesOnly(t *testing.T) {
	fw, res, fs := pdfFixture(t)
	fw.Method.Publish = "grades"
	files := renderWebFixture(t, fw, res, ReportOptions{Date: "2026-03-01", Findings: fs}, nil)
	for name, page := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		text := webText(page)
		for _, c := range []struct{ word, allowed string }{{"排名", "排名稳定性"}, {"名次", "不公布名次"}, {"列第", ""}} {
			n := strings.Count(text, c.word)
			if c.allowed != "" {
				n -= strings.Count(text, c.allowed)
			}
			if n != 0 {
				t.Errorf("%s mentions %q %d times with publish: grades", name, c.word, n)
			}
		}
	}
	if !strings.Contains(files["index.html"], secGrades) {
		t.Errorf("home page has no %s", secGrades)
	}
}

// craftedFixture is the fixture with two units tied overall (same score, same
// rank) and a chapter that does not apply to one unit (不适用), besides the
// fixture's unit that submitted nothing (未提交) and its 不适用 indicator.
func craftedFixture(t testing.TB) (*evaluator.Framework, *evaluator.Results, evaluator.Findings) {
	fw, res, fs := pdfFixture(t)
	a, b := &res.Units[0], &res.Units[1]
	b.Score = a.Score
	b.Nodes[fw.Index.ID] = a.Nodes[fw.Index.ID]
	b.Grade = a.Grade
	xs := make([]float64, len(res.Units))
	for i, u := range res.Units {
		xs[i] = u.Nodes[fw.Index.ID].Score
	}
	rk := evaluator.RankScores(xs, nil, fw.Method.Decimals)
	for i := range res.Units {
		res.Units[i].Rank = rk[i]
	}
	if res.Units[0].Rank != res.Units[1].Rank {
		t.Fatal("the crafted tie is not a tie")
	}
	last := &res.Units[len(res.Units)-1]
	ch := fw.Chapters()[2]
	last.Nodes[ch.ID] = evaluator.NodeResult{NA: true}
	for _, n := range ch.Children {
		if nr, ok := last.Nodes[n.ID]; ok {
			nr.NA, nr.Rank = true, 0
			last.Nodes[n.ID] = nr
		}
	}
	xs = xs[:0]
	var inc []bool
	for _, u := range res.Units {
		nr := u.Nodes[ch.ID]
		xs, inc = append(xs, nr.Score), append(inc, !nr.NA)
	}
	rk = evaluator.RankScores(xs, inc, fw.Method.Decimals)
	for i := range res.Units {
		if nr := res.Units[i].Nodes[ch.ID]; !nr.NA {
			nr.Rank = rk[i]
			res.Units[i].Nodes[ch.ID] = nr
		}
	}
	return fw, res, fs
}

// TestWebNumbersEqualResults: every score, rank and grade the web edition shows in
// its ranking, chapter and unit tables is results.json's, rounded as displayed —
// for the fixture (不适用, 未提交) and a crafted tie.
func TestWebNumbersEqualResults(t *testing.T) {
	for _, tc := range []struct {
		name string
		fix  func(testing.TB) (*evaluator.Framework, *evaluator.Results, evaluator.Findings)
	}{{"fixture", pdfFixture}, {"tie", craftedFixture}} {
		t.Run(tc.name, func(t *testing.T) {
			fw, res, fs := tc.fix(t)
			// through results.json, as the report command reads it
			var buf bytes.Buffer
			if err := evaluator.WriteResults(&buf, res); err != nil {
				t.Fatal(err)
			}
			res2, err := evaluator.ReadResults(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			files := renderWebFixture(t, fw, res2, ReportOptions{Date: "2026-03-01", Findings: fs}, nil)
			checkWebNumbers(t, fw, res2, files)
		})
	}
}

func checkWebNumbers(t *testing.T, fw *evaluator.Framework, res *evaluator.Results, files map[string]string) {
	t.Helper()
	dec := fw.Method.Decimals
	f := func(x float64) string { return evaluator.FormatFixed(x, dec) }
	byName := map[string]*evaluator.UnitResult{}
	for i := range res.Units {
		byName[res.Units[i].Name] = &res.Units[i]
	}
	// the overall ranking (index.html): 排名, 地区, 类别, 指数得分, 综合得分, 组内排名, 等级, …
	var ranking [][]string
	for cap, rows := range webTables(files["index.html"]) {
		if strings.HasSuffix(cap, "综合得分及排名") {
			ranking = rows
		}
	}
	if len(ranking) < 2 {
		t.Fatalf("no ranking table on the home page")
	}
	head := ranking[0]
	col := func(title string) int {
		for i, h := range head {
			if strings.HasPrefix(h, title) {
				return i
			}
		}
		t.Fatalf("ranking table has no column %s: %v", title, head)
		return -1
	}
	cRank, cName, cScore, cIdx, cGroup, cGrade := col("排名"), col("地区"), col("综合得分"), col("指数得分"), col("组内排名"), col("等级")
	seen := map[string]bool{}
	missing := 0
	for _, row := range ranking[1:] {
		u := byName[row[cName]]
		if u == nil {
			if row[cScore] != "未提交" {
				t.Errorf("ranking row %v: unknown unit that is not 未提交", row)
			}
			missing++
			continue
		}
		seen[u.ID] = true
		grade, grank := u.Grade, fmt.Sprint(u.GroupRank)
		if len(u.Vetoes) > 0 {
			grade += "*" // the note under the table says which veto
		}
		if u.GroupRank == 0 {
			grank = "—" // a group of one has no group rank
		}
		if row[cRank] != fmt.Sprint(u.Rank) || row[cScore] != f(u.Score) || row[cIdx] != f(u.Nodes[fw.Index.ID].Score) ||
			row[cGroup] != grank || row[cGrade] != grade {
			t.Errorf("ranking row %v, results: rank %d score %s index %s group rank %d grade %s", row, u.Rank, f(u.Score),
				f(u.Nodes[fw.Index.ID].Score), u.GroupRank, u.Grade)
		}
	}
	if len(seen) != len(res.Units) || missing != len(res.NotSubmitted) {
		t.Errorf("ranking lists %d units and %d 未提交, results have %d and %d", len(seen), missing, len(res.Units), len(res.NotSubmitted))
	}
	// each chapter page: the unit's chapter score (or 不适用) and rank
	chapters := fw.Chapters()
	for i, c := range chapters {
		page := files[fmt.Sprintf("chapter-%d.html", i+1)]
		checked := 0
		for _, rows := range webTables(page) {
			if len(rows) == 0 || len(rows[0]) < 3 || !strings.HasPrefix(rows[0][1], "领域得分") {
				continue
			}
			for _, row := range rows[1:] {
				u := byName[row[0]]
				if u == nil {
					t.Errorf("chapter %d: row for unknown unit %v", i+1, row)
					continue
				}
				checked++
				want, rank := "不适用", "—"
				if nr, ok := u.Nodes[c.ID]; ok && !nr.NA {
					want, rank = f(nr.Score), fmt.Sprint(nr.Rank)
				} else if c.IsLeaf() {
					if ir := u.Indicators[c.ID]; !ir.NA {
						want, rank = f(ir.Score), fmt.Sprint(ir.Rank)
					}
				}
				if row[1] != want || row[2] != rank {
					t.Errorf("chapter %s, %s: shows %s / %s, results %s / %s", c.Name, u.Name, row[1], row[2], want, rank)
				}
			}
		}
		if checked != len(res.Units) {
			t.Errorf("chapter %d: %d units checked, want %d", i+1, checked, len(res.Units))
		}
	}
	// each unit page: its key line and its chapter table
	for _, u := range res.Units {
		page := files["unit-"+u.ID+".html"]
		text := webText(page)
		for _, s := range []string{"综合得分：" + f(u.Score) + "分", fmt.Sprintf("排名：%d/%d", u.Rank, len(res.Units)),
			fmt.Sprintf("组内排名：%d", u.GroupRank), "等级：" + u.Grade} {
			if !strings.Contains(text, s) {
				t.Errorf("unit page %s does not say %s", u.ID, s)
			}
		}
		found := false
		for _, rows := range webTables(page) {
			if len(rows) == 0 || len(rows[0]) < 4 || rows[0][0] != "领域" || !strings.HasPrefix(rows[0][1], "得分") {
				continue
			}
			found = true
			cr := slices.Index(rows[0], "排名") // after 较上年 when there are last year's results
			for k, row := range rows[1:] {
				c := chapters[k]
				want, rank := "不适用", "—"
				if nr, ok := u.Nodes[c.ID]; ok && !nr.NA {
					want, rank = f(nr.Score), fmt.Sprint(nr.Rank)
				}
				if cr < 0 || row[0] != c.Name || row[1] != want || row[cr] != rank {
					t.Errorf("unit %s, chapter %s: shows %v, results %s / %s", u.ID, c.Name, row, want, rank)
				}
			}
		}
		if !found {
			t.Errorf("unit page %s has no chapter table", u.ID)
		}
	}
}

// TestWebNumbersEqualPDF: the decimal numbers the web edition shows are exactly
// those the PDF shows (as pdftotext reads them), for the fixture and the tie.
func TestWebNumbersEqualPDF(t *testing.T) {
	for _, tc := range []struct {
		name string
		fix  func(testing.TB) (*evaluator.Framework, *evaluator.Results, evaluator.Findings)
		opt  ReportOptions
	}{
		{"fixture", pdfFixture, ReportOptions{Date: "2026-03-01"}},
		{"tie-draft", craftedFixture, ReportOptions{Date: "2026-03-01", Draft: true, Sample: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fw, res, fs := tc.fix(t)
			tc.opt.Findings = fs
			var b bytes.Buffer
			if _, err := RenderPDF(&b, fw, res, tc.opt); err != nil {
				t.Fatal(err)
			}
			pdfNums := numberSet(pdftotext(t, b.Bytes(), "-raw"))
			files := renderWebFixture(t, fw, res, tc.opt, nil)
			var all strings.Builder
			for name, page := range files {
				if strings.HasSuffix(name, ".html") {
					all.WriteString(webText(page))
					all.WriteByte('\n')
				}
			}
			webNums := numberSet(all.String())
			if onlyWeb, onlyPDF := diffSets(webNums, pdfNums), diffSets(pdfNums, webNums); len(onlyWeb)+len(onlyPDF) > 0 {
				t.Errorf("numbers only in the web edition: %v; only in the PDF: %v", onlyWeb, onlyPDF)
			}
			if len(webNums) < 50 {
				t.Errorf("only %d distinct numbers found", len(webNums))
			}
		})
	}
}

func numberSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range decimalRe.FindAllString(s, -1) {
		out[m] = true
	}
	return out
}

func diffSets(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
