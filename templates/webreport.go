package templates

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/templates/internal/site"
)

// The web edition (网页版/, SPEC §9): the public report as a static site. It is
// made by the very code that lays out the PDF (publicReport in pdfreport.go),
// drawing on a webDoc instead of a pdfDoc: the same headings, paragraphs, tables
// and chart geometry, so every number and sentence is the PDF's. The web edition
// splits the flow into pages where the report marks a part (a chapter, a unit,
// the stability analysis, an annex); what comes before the first part and the
// section headings between parts make the home page.

// WebFile is one file of the web edition (a name inside 网页版/ and its content).
type WebFile struct {
	Name string
	Data []byte
}

// Attachment is a file of the output set copied into the web edition and listed
// on its home page with its size and SHA-256 (the PDF, XLSX, CSV, results.json).
type Attachment struct {
	Name  string // file name, also in 网页版/
	Title string // what it is, e.g. 评估报告（PDF）
	Data  []byte
}

// webIndex is the home page's file name.
const webIndex = "index.html"

// RenderWeb renders the web edition: index.html, one page per chapter, per unit,
// the stability analysis and each annex, style.css, and the attachments
// (NewWebEdition, then Files).
func RenderWeb(fw *evaluator.Framework, res *evaluator.Results, opt ReportOptions, atts []Attachment) ([]WebFile, error) {
	w, err := NewWebEdition(fw, res, opt)
	if err != nil {
		return nil, err
	}
	return w.Files(atts), nil
}

// WebEdition is a web edition laid out but for its home page's list of
// downloads (Files finishes it).
type WebEdition struct {
	doc   *webDoc
	site  *site.Site
	pages []WebFile // every page but the home page, rendered
}

// NewWebEdition lays out the web edition of the public report: the same text,
// tables and charts as 评估报告.pdf (RenderPDF), split into pages.
func NewWebEdition(fw *evaluator.Framework, res *evaluator.Results, opt ReportOptions) (*WebEdition, error) {
	m, err := newReportModel(fw, res, opt)
	if err != nil {
		return nil, err
	}
	nar, err := loadNarrative(opt.TemplatesDir, fw.UnitNoun())
	if err != nil {
		return nil, err
	}
	measure, err := newPDFDoc(docMeta{Date: m.date}, nil)
	if err != nil {
		return nil, err
	}
	w := &webDoc{m: m, measure: measure}
	w.index = &webPage{file: webIndex, title: fmt.Sprintf("%d年度%s", res.Year, m.coverTitle())}
	w.cur = w.index
	w.pages = []*webPage{w.index}
	w.coverFacts()
	r := &publicReport{m: m, d: w, nar: nar}
	if err := r.build(); err != nil {
		return nil, err
	}

	s := &site.Site{Title: w.index.title}
	s.Nav = []site.Link{{Href: webIndex, Text: "首页"}}
	if f := w.firstPart("chapter-"); f != "" {
		s.Nav = append(s.Nav, site.Link{Href: f, Text: "分领域评估"})
	}
	s.Nav = append(s.Nav, site.Link{Href: webIndex + "#units", Text: "各地区概况"})
	for _, p := range w.pages {
		if p.file == "stability.html" {
			s.Nav = append(s.Nav, site.Link{Href: p.file, Text: "排名稳定性"})
		}
	}
	for _, p := range w.pages {
		if p.title == annexMethod {
			s.Nav = append(s.Nav, site.Link{Href: p.file, Text: "评估方法"})
		}
	}
	if f := w.firstPart("annex-"); f != "" {
		s.Nav = append(s.Nav, site.Link{Href: f, Text: "附件"})
	}
	s.Nav = append(s.Nav, site.Link{Href: webIndex + "#downloads", Text: "数据下载"})
	if opt.Draft {
		s.Banners = append(s.Banners, "征求意见稿：本报告为征求意见稿，内容可能调整，请勿引用。")
	}
	if opt.Sample {
		s.Banners = append(s.Banners, "示例数据：本报告由虚构的示例数据生成，不代表任何地区的实际情况。")
	}
	s.Footer = []string{strings.TrimSpace(fw.Issuer + "　" + m.dateText),
		fmt.Sprintf("评估依据：%s（%s）。本网页版与评估报告（PDF）内容一致。", fw.Title, fw.Version)}

	e := &WebEdition{doc: w, site: s}
	for _, p := range w.pages[1:] {
		e.pages = append(e.pages, WebFile{Name: p.file, Data: s.Render(e.page(p, ""))})
	}
	return e, nil
}

// page is the site page of p; dl is the home page's list of downloads.
func (e *WebEdition) page(p *webPage, dl string) site.Page {
	w := e.doc
	pg := site.Page{File: p.file, Title: p.title, Body: w.body(p, dl)}
	if p != w.index {
		pg.Crumbs = []site.Link{{Href: webIndex, Text: "首页"}}
		if p.section != "" {
			pg.Crumbs = append(pg.Crumbs, site.Link{Href: webIndex + "#" + p.sectionAnchor, Text: p.section})
		}
	}
	return pg
}

// Files finishes the web edition with the attachments listed on its home page
// (their size and SHA-256) and returns its files: the pages (index.html first),
// style.css and the attachments.
func (e *WebEdition) Files(atts []Attachment) []WebFile {
	out := make([]WebFile, 0, len(e.pages)+3+len(atts))
	out = append(out, WebFile{Name: webIndex, Data: e.site.Render(e.page(e.doc.index, downloadsHTML(atts)))})
	out = append(out, e.pages...)
	out = append(out, WebFile{Name: site.StyleFile, Data: site.Style}, WebFile{Name: site.ScriptFile, Data: site.Script})
	for _, a := range atts {
		out = append(out, WebFile{Name: a.Name, Data: a.Data})
	}
	return out
}

// webPage is one page being filled.
type webPage struct {
	file, title   string
	section       string // the report section it belongs to (breadcrumb), "" for top-level pages
	sectionAnchor string
	openLevel     int    // the report heading level that opened it (0: the home page)
	last          int    // level of the last HTML heading written
	summary       string // its first paragraph (shown under its link on the home page)
	parts         []webChunk
}

// webChunk is HTML, or (list != "") the place of the list of the pages of a section.
type webChunk struct {
	html *strings.Builder
	list string
}

func (p *webPage) write(s string) {
	if n := len(p.parts); n > 0 && p.parts[n-1].list == "" {
		p.parts[n-1].html.WriteString(s)
		return
	}
	b := &strings.Builder{}
	b.WriteString(s)
	p.parts = append(p.parts, webChunk{html: b})
}

// webDoc is the report's output device for the web edition.
type webDoc struct {
	m       *reportModel
	measure *pdfDoc // font metrics for the charts (no page is drawn)

	index, cur  *webPage
	pages       []*webPage
	pending     string // the id of the part the next heading opens
	section     string // the current report section (a heading1's title)
	anchor      string // its anchor on the home page
	listed      map[string]bool
	lastHeading string // the text of the last heading (captions, chart titles)
	figTitle    string // the title of the figure the next chart belongs to
	figSource   string // its 数据来源 line
	nid         int    // counter for element ids
	nsec        int
}

// headingLevel is the HTML level of a report heading of level lvl on the current
// page: one below the page's h1 per report level, never skipping a level.
func (w *webDoc) headingLevel(lvl int) int {
	h := 1 + lvl - w.cur.openLevel
	if h > w.cur.last+1 {
		h = w.cur.last + 1
	}
	if h < 2 {
		h = 2
	}
	if h > 6 {
		h = 6
	}
	w.cur.last = h
	return h
}

func (w *webDoc) open(title string, lvl int) {
	file := w.pending + ".html"
	w.pending = ""
	p := &webPage{file: file, title: title, openLevel: lvl, last: 1}
	if lvl > 1 {
		p.section, p.sectionAnchor = w.section, w.anchor
	}
	w.pages = append(w.pages, p)
	w.cur = p
	if p.section != "" && !w.listed[p.section] {
		if w.listed == nil {
			w.listed = map[string]bool{}
		}
		w.listed[p.section] = true
		w.index.parts = append(w.index.parts, webChunk{list: p.section})
	}
	w.lastHeading = title
}

// homeParts are the parts the web edition keeps on its home page rather than on
// a page of their own: 主要发现 is what a reader should see first.
var homeParts = map[string]bool{"findings": true}

func (w *webDoc) part(id string) {
	if homeParts[id] {
		w.pending = ""
		return
	}
	w.pending = id
}

func (w *webDoc) headingAt(title string, lvl int) {
	if w.pending != "" {
		w.open(title, lvl)
		return
	}
	if lvl == 1 {
		w.cur = w.index
		w.section = title
		w.nsec++
		w.anchor = fmt.Sprintf("s%d", w.nsec)
		switch title {
		case w.m.un(secUnits):
			w.anchor = "units"
		}
		h := w.headingLevel(lvl)
		w.cur.write(fmt.Sprintf("<h%d id=\"%s\">%s</h%d>\n", h, w.anchor, site.Escape(title), h))
		w.lastHeading = title
		return
	}
	h := w.headingLevel(lvl)
	w.cur.write(fmt.Sprintf("<h%d>%s</h%d>\n", h, site.Escape(title), h))
	w.lastHeading = title
}

func (w *webDoc) heading1(title string, keep float64) { w.headingAt(title, 1) }
func (w *webDoc) heading2(title string, keep float64) { w.headingAt(title, 2) }

// heading3 is a run-in heading; before a chart it is the figure's title.
func (w *webDoc) heading3(title string, keep float64) {
	w.figTitle = title
	w.headingAt(title, 3)
}

func (w *webDoc) annexHeading(title string) { w.headingAt(title, 1) }

// figure is a chart with its caption (the figure's title) and 数据来源 line.
func (w *webDoc) figure(caption, source string, x, width, h float64, draw func()) {
	w.figTitle, w.figSource = caption, source
	draw()
	w.figTitle, w.figSource = "", ""
}

// figureBeside is the chart and then the table, the 数据来源 line for both under
// the table.
func (w *webDoc) figureBeside(caption, source string, width, h float64, draw func(), t table) {
	w.figure(caption, "", 0, width, h, draw)
	t.source = source
	w.drawTable(t)
}

func (w *webDoc) tableHeight(table) float64 { return 0 }

func (w *webDoc) newPage()         {}
func (w *webDoc) chapterBreak()    {}
func (w *webDoc) keepNext(float64) {}

// rowFigure is one figure on the web, all its rows together.
func (w *webDoc) rowFigure(caption, source string, n int, rowH, fixed float64, draw func(from, to int)) {
	w.figure(caption, source, 0, 0, 0, func() { draw(0, n) })
}
func (w *webDoc) need(h float64) {}
func (w *webDoc) ln(h float64)   {}
func (w *webDoc) paragraph(text string) {
	for _, p := range splitParagraphs(text) {
		if w.cur != w.index && w.cur.summary == "" {
			w.cur.summary = p
		}
		w.cur.write("<p class=\"para\">" + site.Escape(p) + "</p>\n")
	}
}
func (w *webDoc) lines(ls []string, right bool) {
	cls := "lines"
	if right {
		cls = "signature"
	}
	for _, l := range ls {
		w.cur.write("<p class=\"" + cls + "\">" + site.Escape(l) + "</p>\n")
	}
}

func (w *webDoc) note(text string) {
	for _, p := range splitParagraphs(text) {
		w.cur.write("<p class=\"note\">" + site.Escape(p) + "</p>\n")
	}
}

func (w *webDoc) id(prefix string) string {
	w.nid++
	return fmt.Sprintf("%s%d", prefix, w.nid)
}

// columnUnit is the unit of the numbers in a column, named in its header so that
// every number has its unit: scores are 分.
func columnUnit(title string) string {
	switch {
	case strings.Contains(title, "（"):
		return ""
	case strings.HasSuffix(title, "得分"), strings.HasSuffix(title, "平均"), title == "分值",
		strings.HasSuffix(title, "得分变化"):
		return "分"
	}
	return ""
}

// drawTable writes a table: a caption (the table's own, or the heading it sits
// under), column headers with their units, the first text column as row headers,
// in a box that scrolls sideways on a narrow screen.
func (w *webDoc) drawTable(t table) {
	caption := t.caption
	if caption == "" {
		caption = w.lastHeading
	}
	w.writeTable(caption, t)
}

func (w *webDoc) writeTable(caption string, t table) {
	var b strings.Builder
	rowHead := -1
	for i, c := range t.cols {
		if c.align == "L" && c.title != "" {
			rowHead = i
			break
		}
	}
	// scores under names of their own (a chapter's parts) have the unit of the
	// other score columns, said once in the caption
	units, bare := false, false
	for _, c := range t.cols {
		if columnUnit(c.title) == "分" {
			units = true
		} else if c.align == "R" && !strings.Contains(c.title, "（") && !strings.Contains(c.title, "值") {
			bare = true
		}
	}
	if units && bare {
		caption += "（得分单位：分）"
	}
	id := w.id("t")
	// The caption is shown above the scrolling box (a wide table scrolls under it
	// on a phone); the table's own <caption> says it to screen readers.
	fmt.Fprintf(&b, "<p class=\"tcap\" aria-hidden=\"true\">%s</p>\n<div class=\"tw\" role=\"region\" aria-labelledby=\"%s\" tabindex=\"0\">\n<table>\n<caption id=\"%s\" class=\"vh\">%s</caption>\n<thead><tr>",
		site.Escape(caption), id, id, site.Escape(caption))
	for _, c := range t.cols {
		title := c.title
		if u := columnUnit(title); u != "" {
			title += "（" + u + "）"
		}
		if title == "" {
			b.WriteString("<th scope=\"col\"><span class=\"vh\">类别</span></th>")
			continue
		}
		fmt.Fprintf(&b, "<th scope=\"col\">%s</th>", site.Escape(title))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for i, row := range t.rows {
		if t.bold != nil && t.bold(i) {
			b.WriteString("<tr class=\"b\">")
		} else {
			b.WriteString("<tr>")
		}
		for j, cell := range row {
			cls := ""
			if j < len(t.cols) {
				switch t.cols[j].align {
				case "R":
					cls = " class=\"r\""
				case "C":
					cls = " class=\"c\""
				}
			}
			cell = strings.TrimLeft(cell, " ")
			// (WriteString, not Fprintf: the web edition of 1,000 units writes
			// 200,000 profile rows)
			open, end := "<td", "</td>"
			if j == rowHead {
				open, end = "<th scope=\"row\"", "</th>"
			}
			b.WriteString(open)
			b.WriteString(cls)
			b.WriteByte('>')
			b.WriteString(site.Escape(cell))
			b.WriteString(end)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n</div>\n")
	if t.source != "" {
		b.WriteString("<p class=\"note\">" + site.Escape(t.source) + "</p>\n")
	}
	w.cur.write(b.String())
}

// figureTitle is the title of the chart being drawn (the heading before it).
func (w *webDoc) figureTitle() string {
	t := w.figTitle
	w.figTitle = ""
	if t == "" {
		t = w.lastHeading
	}
	return t
}

// chart writes a chart as inline SVG inside a figure, with its data table.
func (w *webDoc) chart(class, title, desc, svgBody string, width, height float64, data table) {
	id := w.id("f")
	var b strings.Builder
	fmt.Fprintf(&b, "<figure>\n<figcaption>%s</figcaption>\n<div class=\"chart\" role=\"region\" aria-label=\"%s\" tabindex=\"0\">", site.Escape(title), site.Escape(title))
	b.WriteString(strings.Replace(svgChart(id, title, desc, svgBody, width, height), `class="chart-svg"`, `class="chart-svg `+class+`"`, 1))
	b.WriteString("</div>\n")
	w.cur.write(b.String())
	w.cur.write("<details><summary>" + site.Escape(title) + "：图表数据</summary>\n")
	w.writeTable(title+"（数据）", data)
	w.cur.write("</details>\n")
	if w.figSource != "" {
		w.cur.write("<p class=\"note\">" + site.Escape(w.figSource) + "</p>\n")
	}
	w.cur.write("</figure>\n")
}

func (w *webDoc) barChart(x, width float64, items []barItem, scale float64, ref *float64, refText string) float64 {
	c := newSVGCanvas(w.measure)
	h, end := barChart(c, 0, 0, width, items, scale, ref, refText)
	title := w.figureTitle()
	desc := fmt.Sprintf("横向条形图，%d个条目", len(items))
	if ref != nil {
		desc += "，虚线为" + refText + "分"
	}
	desc += "。各条目的数值见图下的“图表数据”表。"
	data := table{cols: []column{{"名称", 0, "L"}, {"得分", 0, "R"}}}
	for _, it := range items {
		data.rows = append(data.rows, []string{it.label, it.text})
	}
	w.chart("bars", title, desc, c.b.String(), width, end, data)
	return h
}

func (w *webDoc) radarChart(x, width, r float64, axes []string, unit, mean radarSeries) float64 {
	c := newSVGCanvas(w.measure)
	h, end := radarChart(c, 0, 0, width, r, axes, unit, mean)
	title := w.figureTitle()
	desc := fmt.Sprintf("雷达图：%s在%d个领域的得分（实线）与%s（虚线），满分100分。数值见旁边的表格。", unit.name, len(axes), mean.name)
	data := table{cols: []column{{"领域", 0, "L"}, {unit.name + "得分", 0, "R"}, {mean.name + "得分", 0, "R"}}}
	for i, a := range axes {
		var u, mv string
		if i < len(unit.values) {
			u = w.m.f(unit.values[i])
		}
		if i < len(mean.values) {
			mv = w.m.f(mean.values[i])
		}
		data.rows = append(data.rows, []string{a, u, mv})
	}
	w.chart("radar", title, desc, c.b.String(), width, end, data)
	return h
}

func (w *webDoc) intervalChart(x, width float64, items []interval, n int) float64 {
	c := newSVGCanvas(w.measure)
	h, end := intervalChart(c, 0, 0, width, items, n)
	title := w.figureTitle()
	desc := fmt.Sprintf("区间图：%d个地区在模拟中的名次区间，圆点为实际名次，竖线为名次中位数，色带为90%%区间（第5至第95百分位）。数值见图下的“图表数据”表。", len(items))
	data := table{cols: []column{{"名称", 0, "L"}, {"实际名次", 0, "C"}, {"名次中位数", 0, "C"}, {"90%区间", 0, "C"}}}
	for _, it := range items {
		data.rows = append(data.rows, []string{it.label, fmt.Sprintf("第%d位", it.nominal), fmt.Sprintf("第%d位", it.median), fmt.Sprintf("第%d至第%d位", it.lo, it.hi)})
	}
	w.chart("intervals", title, desc, c.b.String(), width, end, data)
	return h
}

// coverFacts opens the home page with what the PDF's cover says.
func (w *webDoc) coverFacts() {
	m := w.m
	var b strings.Builder
	b.WriteString("<dl class=\"facts\">\n")
	fact := func(k, v string) {
		if v != "" {
			b.WriteString("<dt>" + site.Escape(k) + "</dt><dd>" + site.Escape(v) + "</dd>\n")
		}
	}
	fact("评估年度", fmt.Sprintf("%d年度", m.res.Year))
	fact("发布单位", m.fw.Issuer)
	fact("发布日期", m.dateText)
	fact("评估依据", fmt.Sprintf("%s（%s）", m.fw.Title, m.fw.Version))
	if m.opt.Draft {
		fact("文本状态", "征求意见稿")
	}
	b.WriteString("</dl>\n")
	w.index.write(b.String())
}

// downloadsHTML is the home page's list of the attachments.
func downloadsHTML(atts []Attachment) string {
	var b strings.Builder
	b.WriteString("<h2 id=\"downloads\">数据下载</h2>\n")
	if len(atts) == 0 {
		b.WriteString("<p>本网页版未附带可下载的文件。</p>\n")
		return b.String()
	}
	b.WriteString("<p>以下文件与本网页版同时生成、一并发布。下载后可计算文件的 SHA-256 校验值，与下表核对，确认文件完整、未经改动。</p>\n")
	b.WriteString("<p class=\"tcap\" aria-hidden=\"true\">可下载的文件</p>\n<div class=\"tw\" role=\"region\" aria-labelledby=\"dl-c\" tabindex=\"0\">\n<table>\n<caption id=\"dl-c\" class=\"vh\">可下载的文件</caption>\n")
	b.WriteString("<thead><tr><th scope=\"col\">文件</th><th scope=\"col\">内容</th><th scope=\"col\">大小</th><th scope=\"col\">SHA-256 校验值</th></tr></thead>\n<tbody>\n")
	for _, a := range atts {
		sum := sha256.Sum256(a.Data)
		fmt.Fprintf(&b, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td class=\"r\">%s</td><td class=\"sha\">%s</td></tr>\n",
			site.Escape(a.Name), site.Escape(a.Name), site.Escape(a.Title), sizeText(len(a.Data)), hex.EncodeToString(sum[:]))
	}
	b.WriteString("</tbody>\n</table>\n</div>\n")
	return b.String()
}

// sizeText is a file size for people: 1.2 MB（1,234,567 字节）.
func sizeText(n int) string {
	var s string
	switch {
	case n >= 1<<20:
		s = fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		s = fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d 字节", n)
	}
	return s + "（" + groupDigits(n) + " 字节）"
}

func groupDigits(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// firstPart is the file of the first page whose id starts with prefix, or "".
func (w *webDoc) firstPart(prefix string) string {
	for _, p := range w.pages {
		if strings.HasPrefix(p.file, prefix) {
			return p.file
		}
	}
	return ""
}

// body is a page's HTML, with the lists of a section's pages filled in.
func (w *webDoc) body(p *webPage, dl string) string {
	var b strings.Builder
	for _, c := range p.parts {
		if c.list == "" {
			b.WriteString(c.html.String())
			continue
		}
		var items []*webPage
		for _, q := range w.pages {
			if q.section == c.list {
				items = append(items, q)
			}
		}
		cls := "links"
		if len(items) > 12 {
			cls = "grid"
		}
		fmt.Fprintf(&b, "<nav aria-label=\"%s\"><ul class=\"%s\">\n", site.Escape(c.list), cls)
		for _, q := range items {
			fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a>", site.Escape(q.file), site.Escape(q.title))
			if cls == "links" && q.summary != "" {
				b.WriteString("<p>" + site.Escape(q.summary) + "</p>")
			}
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul></nav>\n")
	}
	if p == w.index {
		// the pages outside the sections: the stability analysis and the annexes
		var rest []*webPage
		for _, q := range w.pages {
			if q != w.index && q.section == "" {
				rest = append(rest, q)
			}
		}
		if len(rest) > 0 {
			b.WriteString("<h2 id=\"more\">其他内容</h2>\n<ul class=\"links\">\n")
			for _, q := range rest {
				fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", site.Escape(q.file), site.Escape(q.title))
			}
			b.WriteString("</ul>\n")
		}
		b.WriteString(dl)
	}
	return b.String()
}
