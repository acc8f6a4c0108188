package templates

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
)

// RenderPDF writes the public report 评估报告.pdf (SPEC §9): cover, contents,
// 一、总体情况, 二、综合排名 (or 综合评估等级 with publish: grades), 三、分领域评估,
// 四、各地区概况, 五、排名稳定性 and the annexes. It shows no findings text and no
// personal data: unit-level numbers, the framework's own text and counts only.
// Warnings name characters the fonts cannot draw (printed as □).
func RenderPDF(w io.Writer, fw *evaluator.Framework, res *evaluator.Results, opt ReportOptions) ([]string, error) {
	m, err := newReportModel(fw, res, opt)
	if err != nil {
		return nil, err
	}
	nar, err := loadNarrative(opt.TemplatesDir, fw.UnitNoun())
	if err != nil {
		return nil, err
	}
	var prev *pdfDoc
	for pass := 0; pass < 2; pass++ {
		d, err := newPDFDoc(docMeta{
			Title:    m.metaTitle(),
			Subject:  fmt.Sprintf("%d年度%s%s评估结果", res.Year, fw.Region, strings.TrimPrefix(m.indexName(), fw.Region)),
			Author:   fw.Issuer,
			Keywords: strings.TrimSpace(fw.Region + " 数字化转型 评估"),
			Date:     m.date,
		}, prev)
		if err != nil {
			return nil, err
		}
		d.sample, d.draft = opt.Sample, opt.Draft
		d.headerText = m.reportTitle()
		r := &publicReport{m: m, d: d, pdf: d, nar: nar}
		if err := r.build(); err != nil {
			return nil, err
		}
		if err := d.err(); err != nil {
			return nil, fmt.Errorf("PDF: %w", err)
		}
		if pass == 1 {
			if err := d.output(w); err != nil {
				return nil, err
			}
			return d.warnings, nil
		}
		prev = d
	}
	return nil, nil
}

type publicReport struct {
	m   *reportModel
	d   reportOut
	pdf *pdfDoc // the PDF being drawn (cover, contents); nil for the web edition
	nar *narrative

	annexes int  // annexes begun
	tables  int  // tables numbered so far (表N)
	figures int  // figures numbered so far (图N)
	inTail  bool // drawing the sections after 五、
}

// reportOut is what the public report is drawn on: a pdfDoc for 评估报告.pdf, a
// webDoc for the web edition (webreport.go), so that both show the same text,
// tables and charts. Layout calls (newPage, need, ln) mean nothing on
// the web; part marks the start of what the web edition puts on a page of its
// own (its id is the page's file name without .html).
type reportOut interface {
	newPage()
	// chapterBreak starts a 一、 section: on a new page unless the current page is
	// less than half full (no page is left under half full where a chapter ends)
	chapterBreak()
	need(h float64)
	ln(h float64)
	part(id string)
	heading1(title string, keep float64)
	heading2(title string, keep float64)
	heading3(title string, keep float64)
	annexHeading(title string)
	paragraph(text string)
	note(text string)
	// lines prints lines as they are (no indent, no joining): left-aligned, or
	// right-aligned for the 落款 (issuer and date).
	lines(ls []string, right bool)
	drawTable(t table)
	// tableHeight is the height (mm) t takes on one page (0 on the web).
	tableHeight(t table) float64
	// figureBeside draws a chart w mm wide and h high at the left margin (draw
	// makes the chart call) with its caption, the table t beside it, and one
	// 数据来源 line, source, for the two (t's own is not drawn).
	figureBeside(caption, source string, w, h float64, draw func(), t table)
	// keepNext makes the next paragraph's last lines or the next figure keep h mm of
	// what follows on their page (the body's last block and the 附件 list and 落款),
	// when that leaves no page under half full.
	keepNext(h float64)
	// rowFigure draws a chart of n rows, rowH mm each plus fixed mm (axes, legend),
	// with its caption and 数据来源 line; draw(from, to) draws rows [from, to). The
	// PDF splits it across pages where a page ends (续图N under the parts after
	// the first), the web draws it whole.
	rowFigure(caption, source string, n int, rowH, fixed float64, draw func(from, to int))
	barChart(x, w float64, items []barItem, scale float64, ref *float64, refText string) float64
	radarChart(x, w, r float64, axes []string, unit, mean radarSeries) float64
	intervalChart(x, w float64, items []interval, n int) float64
}

// Section titles (also the outline entries and the contents).
const (
	secSummary   = "一、总体情况"
	secRanking   = "二、综合排名"
	secGrades    = "二、综合评估等级"
	secChapters  = "三、分领域评估"
	secUnits     = "四、各{U}概况"
	secStability = "五、排名稳定性"
	annexInd     = "附件1  评估指标体系"
	annexMethod  = "附件2  评估方法说明"
	annexAdjust  = "附件3  数据核查核定情况"
	annexSources = "附件4  数据来源与校验值"
)

func (r *publicReport) build() error {
	m, d := r.m, r.d
	if r.pdf != nil {
		r.cover()
		d.newPage()
		r.contents()
		d.newPage()
	}
	r.preparation()
	r.mainFindings()
	steps := []func() error{r.summary, r.ranking, r.chapterSections, r.unitPages, r.stability}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	r.tailSections()
	r.closing()
	r.annexIndicators()
	if err := r.annexMethod(); err != nil {
		return err
	}
	r.annexAdjustments()
	r.annexSources()
	_ = m
	return nil
}

func (r *publicReport) rankingTitle() string {
	if r.m.gradesOnly() {
		return secGrades
	}
	return secRanking
}

// ---- cover and contents ----

func (r *publicReport) cover() {
	m, d, p := r.m, r.pdf, r.pdf.pdf
	d.newBarePage()
	d.bookmark("封面", 0)
	if m.opt.Draft {
		d.sansBold(sizeH1)
		p.SetXY(marginLeft, 52)
		p.CellFormat(textW, 10, "征求意见稿", "", 0, "C", false, 0, "")
	}
	d.serifBold(sizeTitle + 4)
	d.black()
	lines := d.balancedLines(m.coverTitle(), textW-10)
	y := 95.0
	for _, ln := range lines {
		p.SetXY(marginLeft, y)
		p.CellFormat(textW, 14, ln, "", 0, "C", false, 0, "")
		y += 14
	}
	d.serif(sizeBody + 2)
	p.SetXY(marginLeft, y+6)
	p.CellFormat(textW, 9, d.clean(fmt.Sprintf("（%d年度）", m.res.Year)), "", 0, "C", false, 0, "")
	if m.opt.Sample {
		d.sansBold(sizeBody)
		p.SetXY(marginLeft, y+24)
		p.CellFormat(textW, 8, r.m.un("示例数据：本报告由虚构的示例数据生成，不代表任何{U}的实际情况"), "", 0, "C", false, 0, "")
	}
	d.coverFooter(m.fw.Issuer, m.dateText, fmt.Sprintf("评估依据：%s（%s）", m.fw.Title, m.fw.Version))
}

// coverFooter draws the foot of a cover page: the issuer, the date (when known) and the
// basis line in grey.
func (d *pdfDoc) coverFooter(issuer, dateText, basis string) {
	p := d.pdf
	d.serifBold(sizeH1)
	p.SetXY(marginLeft, 205)
	p.CellFormat(textW, 10, d.clean(issuer), "", 0, "C", false, 0, "")
	if dateText != "" {
		d.serif(sizeH1)
		p.SetXY(marginLeft, 217)
		p.CellFormat(textW, 10, dateText, "", 0, "C", false, 0, "")
	}
	d.serif(sizeSmall)
	d.textGray(90)
	p.SetXY(marginLeft, 250)
	p.CellFormat(textW, 5, d.clean(basis), "", 0, "C", false, 0, "")
	d.black()
}

// contents lists the sections with their pages (known from the first pass).
func (r *publicReport) contents() {
	m, d, p := r.m, r.pdf, r.pdf.pdf
	d.anchor("目录")
	d.bookmark("目录", 0)
	d.sansBold(sizeH1)
	p.SetXY(marginLeft, marginTop)
	p.CellFormat(textW, 12, "目  录", "", 1, "C", false, 0, "")
	p.Ln(4)
	type entry struct {
		title string
		level int
	}
	var entries []entry
	for _, t := range r.frontTitles() {
		entries = append(entries, entry{t, 0})
	}
	entries = append(entries, entry{secSummary, 0}, entry{r.rankingTitle(), 0}, entry{secChapters, 0})
	for i, c := range m.chapters {
		entries = append(entries, entry{r.chapterHeading(i, c), 1})
	}
	entries = append(entries, entry{r.m.un(secUnits), 0})
	for i, u := range m.units {
		entries = append(entries, entry{r.unitHeading(i, u), 1})
	}
	entries = append(entries, entry{secStability, 0})
	for _, t := range r.tailTitles() {
		entries = append(entries, entry{t.title, 0})
	}
	entries = append(entries, entry{annexInd, 0}, entry{annexMethod, 0}, entry{annexAdjust, 0}, entry{annexSources, 0})
	for _, e := range entries {
		size, lh, indent := sizeBody-1, 7.2, 0.0
		if e.level == 0 {
			d.serifBold(size)
		} else {
			size, lh, indent = sizeTable+0.5, 5.8, 8
			d.serif(size)
		}
		if d.room() < lh {
			d.newPage()
			if e.level == 0 {
				d.serifBold(size)
			} else {
				d.serif(size)
			}
		}
		page := d.pageOf[e.title]
		num := "  "
		if page > 0 {
			num = fmt.Sprint(page)
		}
		title := d.fitText(e.title, textW-indent-20)
		tw := p.GetStringWidth(title)
		nw := p.GetStringWidth(num)
		y := d.y()
		p.SetXY(marginLeft+indent, y)
		p.CellFormat(tw, lh, title, "", 0, "L", false, 0, "")
		// dot leader
		dots := ""
		dw := p.GetStringWidth("·")
		for k := 0.0; k < (textW-indent-tw-nw-4)/dw; k++ {
			dots += "·"
		}
		d.textGray(120)
		p.SetXY(marginLeft+indent+tw+1, y)
		p.CellFormat(textW-indent-tw-nw-3, lh, dots, "", 0, "R", false, 0, "")
		d.black()
		p.SetXY(pageW-marginRight-nw-0.5, y)
		p.CellFormat(nw+0.5, lh, num, "", 1, "R", false, 0, "")
		d.setY(y + lh)
	}
}

// ---- 一、总体情况 ----

type gradeCount struct {
	Label string
	Count int
	Units string
}

type summaryData struct {
	Year                      int
	Units, Submitted          int
	NotSubmitted              []string
	Framework, Regulation     string
	ChapterNums               []string
	Chapters                  []string
	Indicators                int
	Bonus                     bool
	GradesOnly                bool
	Mean, Max, Min, Range, SD string
	MaxUnits, MinUnits        string
	Grades                    []gradeCount
	BestChapter               string
	BestChapterMean           string
	WeakestChapter            string
	WeakestChapterMean        string
	ChapterGap                string
	HasPrevious               bool
	Improved, Declined        int
	Unchanged, NoComparable   int
	NoComparableReason        string
}

func (r *publicReport) summary() error {
	m, d := r.m, r.d
	sd := summaryData{
		Year: m.res.Year, Units: len(m.units) + len(m.missing), Submitted: len(m.units),
		NotSubmitted: m.missing, Framework: "《" + m.fw.Title + "》",
		Indicators: len(m.leaves), Bonus: len(m.bonus) > 0, GradesOnly: m.gradesOnly(),
	}
	if m.fw.Reg != nil {
		sd.Regulation = "《" + m.fw.Reg.Title + "》"
		seen := map[int]bool{}
		for _, c := range m.chapters {
			if c.EffChapter > 0 && !seen[c.EffChapter] {
				seen[c.EffChapter] = true
				sd.ChapterNums = append(sd.ChapterNums, cnNumber(c.EffChapter))
			}
		}
	}
	for _, c := range m.chapters {
		sd.Chapters = append(sd.Chapters, c.Name)
	}
	scores := make([]float64, 0, len(m.units))
	for _, u := range m.units {
		scores = append(scores, u.Score)
	}
	st := newStat(scores)
	sd.Mean, sd.Max, sd.Min, sd.SD = m.f(st.mean), m.f(st.max), m.f(st.min), m.f(st.sd)
	sd.Range = m.f(evaluator.Round(st.max, m.dec) - evaluator.Round(st.min, m.dec))
	var maxU, minU []string
	for _, u := range m.units {
		if m.f(u.Score) == sd.Max {
			maxU = append(maxU, u.Name)
		}
		if m.f(u.Score) == sd.Min {
			minU = append(minU, u.Name)
		}
	}
	sd.MaxUnits, sd.MinUnits = strings.Join(maxU, "、"), strings.Join(minU, "、")
	groups := m.byGrade()
	for i, g := range m.gradeOrder() {
		gc := gradeCount{Label: g}
		if i < len(groups) {
			gc.Count = len(groups[i])
			var names []string
			for _, u := range groups[i] {
				names = append(names, u.Name)
			}
			gc.Units = strings.Join(names, "、")
		}
		sd.Grades = append(sd.Grades, gc)
	}
	best, worst := -1, -1
	for i, c := range m.chapters {
		s := m.nodeStat[c.ID]
		if s.n == 0 {
			continue
		}
		if best < 0 || s.mean > m.nodeStat[m.chapters[best].ID].mean {
			best = i
		}
		if worst < 0 || s.mean < m.nodeStat[m.chapters[worst].ID].mean {
			worst = i
		}
	}
	if best >= 0 {
		b, w := m.nodeStat[m.chapters[best].ID].mean, m.nodeStat[m.chapters[worst].ID].mean
		sd.BestChapter, sd.BestChapterMean = m.chapters[best].Name, m.f(b)
		sd.WeakestChapter, sd.WeakestChapterMean = m.chapters[worst].Name, m.f(w)
		if best != worst {
			sd.ChapterGap = m.f(evaluator.Round(b, m.dec) - evaluator.Round(w, m.dec))
		}
	}
	for _, u := range m.units {
		if u.Previous == nil {
			continue
		}
		sd.HasPrevious = true
		if u.Previous.ScoreChange == nil {
			sd.NoComparable++
			r := m.fieldNames(strings.TrimRight(u.Previous.Reason, "。"))
			if sd.NoComparable == 1 {
				sd.NoComparableReason = r
			} else if sd.NoComparableReason != r {
				sd.NoComparableReason = ""
			}
			continue
		}
		switch c := evaluator.Round(*u.Previous.ScoreChange, m.dec); {
		case c > 0:
			sd.Improved++
		case c < 0:
			sd.Declined++
		default:
			sd.Unchanged++
		}
	}
	if sd.HasPrevious {
		for _, u := range m.units {
			if u.Previous == nil {
				sd.NoComparable++
			}
		}
	}
	text, err := r.nar.text("summary.tmpl", sd)
	if err != nil {
		return err
	}
	d.chapterBreak()
	d.heading1(secSummary, 30)
	d.paragraph(text)
	// key figures
	d.need(40)
	d.ln(2)
	rows := [][]string{
		{r.m.un("参评{U}"), fmt.Sprintf("%d个", len(m.units))},
		{"综合得分平均值", sd.Mean + "分"},
	}
	if !m.gradesOnly() {
		rows = append(rows, []string{"综合得分最高值", sd.Max + "分（" + sd.MaxUnits + "）"},
			[]string{"综合得分最低值", sd.Min + "分（" + sd.MinUnits + "）"})
	}
	rows = append(rows, []string{"综合得分标准差", sd.SD + "分"})
	for _, c := range m.chapters {
		s := m.nodeStat[c.ID]
		if s.n > 0 {
			rows = append(rows, []string{c.Name + "平均得分", m.f(s.mean) + "分（满分100分）"})
		}
	}
	if len(m.missing) > 0 {
		rows = append(rows, []string{"未提交", strings.Join(m.missing, "、")})
	}
	d.drawTable(table{caption: r.tableTitle("综合得分和各领域得分概况"), source: r.sourceOf(m.chapters...),
		cols: []column{{"项目", 84, "L"}, {"数值", textW - 84, "L"}}, rows: rows})
	return nil
}

// ---- 二、综合排名 ----

type rankingData struct {
	GradesOnly bool
	Framework  string
	Bands      string
	Chapters   []string
	Bonus      bool
	ByIndex    bool // ranks compare the index score (rank_by: index)
	Decimals   int
}

func (r *publicReport) bandsText() string {
	var parts []string
	for _, g := range r.m.fw.Method.Grades {
		p := fmt.Sprintf("%s分及以上为“%s”", trimNum(g.Min, r.m.dec), g.Label)
		if g.IndexMin != nil {
			p = fmt.Sprintf("%s分及以上且%s不低于%s分为“%s”", trimNum(g.Min, r.m.dec), evaluator.WordIndexScore, trimNum(*g.IndexMin, r.m.dec), g.Label)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "，")
}

func (r *publicReport) ranking() error {
	m, d := r.m, r.d
	rd := rankingData{GradesOnly: m.gradesOnly(), Framework: "《" + m.fw.Title + "》", Bands: r.bandsText(),
		Bonus: len(m.bonus) > 0, ByIndex: m.byIndex(), Decimals: m.dec}
	for _, c := range m.chapters {
		rd.Chapters = append(rd.Chapters, c.Name)
	}
	text, err := r.nar.text("ranking.tmpl", rd)
	if err != nil {
		return err
	}
	d.chapterBreak()
	d.heading1(r.rankingTitle(), 40)
	d.paragraph(text)
	hasPrev := false
	for _, u := range m.units {
		if u.Previous != nil {
			hasPrev = true
		}
	}
	if m.gradesOnly() {
		var rows [][]string
		groups := m.byGrade()
		order := m.gradeOrder()
		for i, g := range groups {
			label := "其他"
			if i < len(order) {
				label = order[i]
			}
			for _, u := range g {
				row := []string{label, u.Name, u.Group, m.f(u.Score)}
				if hasPrev {
					row = append(row, prevGrade(u))
				}
				rows = append(rows, row)
			}
		}
		for _, name := range m.missing {
			row := []string{"—", name, "未提交", "—", "—"}
			rows = append(rows, row[:4+boolInt(hasPrev)])
		}
		cols := []column{{"等级", 26, "C"}, {r.m.fw.UnitNoun(), 48, "L"}, {"类别", 26, "C"}, {"综合得分", 22, "R"}}
		if hasPrev {
			cols = append(cols, column{"上年等级", 36, "C"})
		}
		d.drawTable(table{caption: r.tableTitle(m.un("各{U}综合评估等级")), source: r.sourceOf(m.chapters...), cols: cols, rows: rows})
		return nil
	}
	// With bonus and penalty items the table shows the index score next to the
	// total (实得分); the ranks compare the one method.rank_by names (SPEC §5.6).
	adj := len(m.bonus) > 0
	var rows [][]string
	var vetoNotes []string
	for _, u := range m.byRank() {
		grank, grade := "—", u.Grade
		if u.GroupRank > 0 {
			grank = fmt.Sprint(u.GroupRank)
		}
		if len(u.Vetoes) > 0 {
			grade += "*"
			vetoNotes = append(vetoNotes, u.Name+m.vetoText(u))
		}
		row := []string{fmt.Sprint(u.Rank), u.Name, u.Group, m.f(u.Score), grank, grade}
		if adj {
			row = slices.Insert(row, 3, m.f(m.indexScore(u)))
		}
		if hasPrev {
			chg, rk := "—", "—"
			if u.Previous != nil && u.Previous.ScoreChange != nil {
				chg = m.signed(*u.Previous.ScoreChange)
			}
			if u.Previous != nil && u.Previous.RankChange != nil {
				rk = rankChange(*u.Previous.RankChange)
			}
			row = append(row, chg, rk)
		}
		rows = append(rows, row)
	}
	for _, name := range m.missing {
		row := []string{"—", name, "", "未提交", "—", "—"}
		if adj {
			row = slices.Insert(row, 3, "—")
		}
		if hasPrev {
			row = append(row, "—", "—")
		}
		rows = append(rows, row)
	}
	cols := []column{{"排名", 12, "C"}, {r.m.fw.UnitNoun(), 34, "L"}, {"类别", 16, "C"}, {"综合得分", 20, "R"}, {"组内排名", 18, "C"}, {"等级", 14, "C"}}
	x := 0.0 // the text block
	switch {
	case adj && hasPrev: // nine columns: the wide layout
		x = wideLeft
		cols = []column{{"排名", 11, "C"}, {r.m.fw.UnitNoun(), 33, "L"}, {"类别", 15, "C"}, {"指数得分", 19, "R"}, {"综合得分", 19, "R"},
			{"组内排名", 18, "C"}, {"等级", 17, "C"}, {"得分变化", 21, "R"}, {"名次变化", 21, "C"}}
	case adj:
		cols = []column{{"排名", 12, "C"}, {r.m.fw.UnitNoun(), 57, "L"}, {"类别", 16, "C"}, {"指数得分", 19, "R"}, {"综合得分", 19, "R"},
			{"组内排名", 18, "C"}, {"等级", 15, "C"}}
	case hasPrev:
		cols = append(cols, column{"得分变化", 21, "R"}, column{"名次变化", 21, "C"})
	default:
		cols[1].w += 42
	}
	d.drawTable(table{caption: r.tableTitle(m.un("各{U}综合得分及排名")), source: r.sourceOf(m.chapters...), x: x, cols: cols, rows: rows})
	if len(vetoNotes) > 0 {
		d.note("* " + strings.Join(vetoNotes, ""))
	}
	if note := m.noComparableNote(); hasPrev && note != "" {
		d.note(note)
	}
	// bar chart of the scores the ranks come from, in rank order
	items := make([]barItem, 0, len(m.units))
	scores := make([]float64, 0, len(m.units))
	for _, u := range m.byRank() {
		v := u.Score
		if m.byIndex() {
			v = m.indexScore(u)
		}
		items = append(items, barItem{label: u.Name, value: v, text: m.f(v)})
		scores = append(scores, v)
	}
	mean := newStat(scores).mean
	title := r.m.un("各{U}综合得分")
	if m.byIndex() {
		title = r.m.un("各{U}指数得分（不含加分、扣分）")
	}
	r.barFigure(r.figureTitle(title), r.sourceOf(m.chapters...), items, mean)
	return nil
}

// barFigure draws the bars of the units' scores against the city mean as a figure
// over the text block, split across pages where a page ends.
func (r *publicReport) barFigure(caption, source string, items []barItem, mean float64) {
	scale, ref := barScale(items), "全市平均 "+r.m.f(mean)
	r.d.rowFigure(caption, source, len(items), chartRowH, barChartHeight(0), func(from, to int) {
		r.d.barChart(marginLeft, textW, items[from:to], scale, &mean, ref)
	})
}

func prevGrade(u *evaluator.UnitResult) string {
	if u.Previous == nil || u.Previous.Grade == "" {
		return "—"
	}
	return u.Previous.Grade
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ---- 三、分领域评估 ----

func (r *publicReport) chapterHeading(i int, c *evaluator.Node) string {
	return fmt.Sprintf("（%s）%s", cnNumber(i+1), c.Name)
}

type chapterData struct {
	Name, Article      string
	Points             string
	Indicators         int
	Mean, Max, Min     string
	MaxUnits, MinUnits string
	NA                 string
	GradesOnly         bool
	Separating         []string
}

func (r *publicReport) chapterSections() error {
	m, d := r.m, r.d
	d.chapterBreak()
	d.heading1(secChapters, 60)
	for i, c := range m.chapters {
		st := m.nodeStat[c.ID]
		cd := chapterData{Name: c.Name, Article: m.chapterRef(c), Points: m.f(c.Points),
			Indicators: len(m.leavesUnder(c)), Mean: m.f(st.mean), Max: m.f(st.max), Min: m.f(st.min),
			GradesOnly: m.gradesOnly()}
		var maxU, minU, na []string
		for _, u := range m.units {
			s, ok := m.nodeValue(u, c)
			if !ok {
				na = append(na, u.Name)
				continue
			}
			if m.f(s) == cd.Max {
				maxU = append(maxU, u.Name)
			}
			if m.f(s) == cd.Min {
				minU = append(minU, u.Name)
			}
		}
		cd.MaxUnits, cd.MinUnits, cd.NA = strings.Join(maxU, "、"), strings.Join(minU, "、"), strings.Join(na, "、")
		sep := r.separating(c, 3)
		for _, n := range sep {
			cd.Separating = append(cd.Separating, n.Name)
		}
		text, err := r.nar.text("chapter.tmpl", cd)
		if err != nil {
			return err
		}
		d.part(fmt.Sprintf("chapter-%d", i+1))
		d.heading2(r.chapterHeading(i, c), 4*bodyLeading)
		d.paragraph(text)
		// chart, then a table with ranks and the scores of the chapter's parts
		units := m.units
		if !m.gradesOnly() {
			units = append([]*evaluator.UnitResult{}, m.units...)
			sort.SliceStable(units, func(a, b int) bool {
				ra, rb := m.nodeRank(units[a], c), m.nodeRank(units[b], c)
				if ra == 0 || rb == 0 {
					return rb == 0 && ra != 0
				}
				return ra < rb
			})
		}
		var items []barItem
		for _, u := range units {
			s, ok := m.nodeValue(u, c)
			txt, _ := m.nodeScore(u, c)
			items = append(items, barItem{label: u.Name, value: s, text: txt, na: !ok})
		}
		mean := st.mean
		r.barFigure(r.figureTitle(fmt.Sprintf(r.m.un("%s各{U}得分"), c.Name)), r.sourceOf(c), items, mean)
		var parts []*evaluator.Node
		if len(c.Children) >= 2 && len(c.Children) <= 4 {
			parts = c.Children
		}
		cols := []column{{r.m.fw.UnitNoun(), 26, "L"}, {"领域得分", 18, "R"}}
		if !m.gradesOnly() {
			cols = append(cols, column{"领域排名", 16, "C"})
		}
		used := 0.0
		for _, col := range cols {
			used += col.w
		}
		for _, pn := range parts {
			cols = append(cols, column{pn.Name, (textW - used) / float64(len(parts)), "R"})
		}
		if len(parts) == 0 {
			cols[0].w += textW - used
		}
		var rows [][]string
		for _, u := range units {
			txt, ok := m.nodeScore(u, c)
			row := []string{u.Name, txt}
			if !m.gradesOnly() {
				rk := "—"
				if ok {
					rk = fmt.Sprint(m.nodeRank(u, c))
				}
				row = append(row, rk)
			}
			for _, pn := range parts {
				t, _ := m.nodeScore(u, pn)
				row = append(row, t)
			}
			rows = append(rows, row)
		}
		caption := c.Name + m.un("各{U}得分及排名")
		if m.gradesOnly() {
			caption = c.Name + m.un("各{U}得分")
		}
		d.drawTable(table{caption: r.tableTitle(caption), source: r.sourceOf(c), cols: cols, rows: rows, size: sizeSmall})
		r.articlesCovered(c)
		if len(sep) > 0 {
			r.separatingTable(c, sep)
		}
	}
	return nil
}

// separating returns the indicators under c whose scores differ most between
// units, weighted by their 分值 (the spread of the points they contribute).
func (r *publicReport) separating(c *evaluator.Node, k int) []*evaluator.Node {
	m := r.m
	type sc struct {
		n *evaluator.Node
		v float64
	}
	var all []sc
	for _, n := range m.leavesUnder(c) {
		st := m.indStat[n.ID]
		if st.n < 2 {
			continue
		}
		v := (st.max - st.min) * n.Points / 100
		if v > 0 {
			all = append(all, sc{n, v})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].v > all[j].v })
	var out []*evaluator.Node
	for i := 0; i < len(all) && i < k; i++ {
		out = append(out, all[i].n)
	}
	return out
}

func (r *publicReport) separatingTable(c *evaluator.Node, sep []*evaluator.Node) {
	m, d := r.m, r.d
	var rows [][]string
	for _, n := range sep {
		st := m.indStat[n.ID]
		rows = append(rows, []string{n.Name, m.f(n.Points), m.f(st.mean), m.f(st.max), m.f(st.min)})
	}
	d.drawTable(table{caption: r.tableTitle(c.Name + r.m.un("各{U}差距最大的指标")), source: r.sourceOf(sep...), cols: []column{{"指标", 64, "L"}, {"分值", 16, "R"}, {"平均得分", 25, "R"}, {"最高得分", 25, "R"}, {"最低得分", 26, "R"}}, rows: rows, size: sizeSmall + 0.5})
}

// articlesCovered lists the regulation articles the chapter's indicators serve.
func (r *publicReport) articlesCovered(c *evaluator.Node) {
	m, d := r.m, r.d
	byArt := map[int][]string{}
	var arts []int
	for _, n := range m.leavesUnder(c) {
		if n.Article == 0 {
			continue
		}
		if _, ok := byArt[n.Article]; !ok {
			arts = append(arts, n.Article)
		}
		byArt[n.Article] = append(byArt[n.Article], n.Name)
	}
	if len(arts) == 0 {
		return
	}
	sort.Ints(arts)
	var rows [][]string
	for _, a := range arts {
		rows = append(rows, []string{m.articleText(a), strings.Join(byArt[a], "；")})
	}
	title, source := c.Name+"覆盖的条例条款", "数据来源：《"+m.fw.Title+"》。"
	if m.fw.Reg != nil {
		title = c.Name + "覆盖的《" + m.fw.Reg.Title + "》条款"
		source = "数据来源：《" + m.fw.Title + "》《" + m.fw.Reg.Title + "》。"
	}
	d.drawTable(table{caption: r.tableTitle(title), source: source, cols: []column{{"条款", 66, "L"}, {"对应指标", textW - 66, "L"}}, rows: rows, size: sizeSmall + 0.5})
}

// ---- 四、各地区概况 ----

func (r *publicReport) unitHeading(i int, u *evaluator.UnitResult) string {
	return fmt.Sprintf("（%s）%s", cnNumber(i+1), u.Name)
}

type unitData struct {
	Name, Group, Grade     string
	Score                  string
	ByIndex                bool   // ranks compare index scores (there are bonus/penalty items)
	Index                  string // the index score
	Rank, GroupRank, Units int
	Bonus, Penalty         string
	GradesOnly             bool
	Best, Worst            string
	Previous               string
	Veto                   string // which vetoes capped the grade, a sentence; "" when none
}

func (r *publicReport) unitPages() error {
	m, d := r.m, r.d
	d.chapterBreak()
	d.heading1(r.m.un(secUnits), 40)
	if len(m.missing) > 0 {
		d.paragraph(fmt.Sprintf("%s未提交数据，未予评估，以下不再列示。", strings.Join(m.missing, "、")))
	}
	if r.pdf != nil && len(m.units) > profileMaxUnits {
		// the full profiles would make this PDF thousands of pages (and its time
		// SPEC §11's): each unit gets its summary here, its profile elsewhere
		d.paragraph(m.un("本部分列示各{U}的概况（综合得分、排名、较上年变化、各领域得分和较强、较弱指标）。各{U}每项指标的数值、上年数值和变化、全市平均和最好水平，见本报告网页版各{U}页面和各{U}的评估反馈材料。"))
	}
	for i, u := range m.units {
		if err := r.unitPage(i, u); err != nil {
			return err
		}
	}
	return nil
}

// ranked is an indicator with its difference from the city mean.
type ranked struct {
	n    *evaluator.Node
	ir   evaluator.IndicatorResult
	diff float64
}

// strongWeak returns up to k indicators of the unit whose score is above the city mean
// (largest weighted gap first) and up to k below it (largest gap first). The sign is
// taken from the difference as printed (both rounded to the published decimals), so
// an indicator level with the mean is neither; the order weighs the gap by 分值.
func (m *reportModel) strongWeak(u *evaluator.UnitResult, k int) (strong, weak []ranked) {
	all := make([]ranked, 0, len(m.leaves))
	for _, n := range m.leaves {
		ir, ok := u.Indicators[n.ID]
		if !ok || ir.NA || ir.Dropped {
			continue
		}
		all = append(all, ranked{n, ir, (ir.Score - m.indStat[n.ID].mean) * n.Points / 100})
	}
	slices.SortStableFunc(all, func(a, b ranked) int { return cmp.Compare(b.diff, a.diff) })
	for _, x := range all {
		if len(strong) < k && m.aboveMean(x.n, x.ir.Score) > 0 {
			strong = append(strong, x)
		}
	}
	for i := len(all) - 1; i >= 0; i-- {
		if x := all[i]; len(weak) < k && m.aboveMean(x.n, x.ir.Score) < 0 {
			weak = append(weak, x)
		}
	}
	return strong, weak
}

// aboveMean compares a score with the indicator's city mean as both are printed:
// +1 above, −1 below, 0 level.
func (m *reportModel) aboveMean(n *evaluator.Node, score float64) int {
	a, b := evaluator.Round(score, m.dec), evaluator.Round(m.indStat[n.ID].mean, m.dec)
	switch {
	case a > b:
		return 1
	case a < b:
		return -1
	}
	return 0
}

func (r *publicReport) unitPage(i int, u *evaluator.UnitResult) error {
	m, d := r.m, r.d
	ud := unitData{Name: u.Name, Group: u.Group, Grade: u.Grade, Score: m.f(u.Score), Rank: u.Rank,
		GroupRank: u.GroupRank, Units: len(m.units), GradesOnly: m.gradesOnly(),
		ByIndex: m.byIndex(), Index: m.f(m.indexScore(u)), Veto: m.vetoText(u)}
	if evaluator.Round(u.Bonus, m.dec) != 0 {
		ud.Bonus = m.f(u.Bonus)
	}
	if evaluator.Round(u.Penalty, m.dec) != 0 {
		ud.Penalty = m.f(u.Penalty)
	}
	// chapters against the city mean
	bestI, worstI := -1, -1
	bestD, worstD := 0.0, 0.0
	for ci, c := range m.chapters {
		s, ok := m.nodeValue(u, c)
		if !ok {
			continue
		}
		diff := s - m.nodeStat[c.ID].mean
		if bestI < 0 || diff > bestD {
			bestI, bestD = ci, diff
		}
		if worstI < 0 || diff < worstD {
			worstI, worstD = ci, diff
		}
	}
	if bestI >= 0 && bestD > 0 {
		ud.Best = m.chapters[bestI].Name
	}
	if worstI >= 0 && worstD < 0 && worstI != bestI {
		ud.Worst = m.chapters[worstI].Name
	}
	ud.Previous = m.previousText(u, !m.gradesOnly())
	text, err := r.nar.text("unit.tmpl", ud)
	if err != nil {
		return err
	}
	// Above profileMaxUnits units the PDF carries a one-page summary per unit (the
	// profile table is in the web edition and the feedback PDFs): each starts a
	// page (unless the page it would leave is under half full) and its radar is
	// smaller, so that it fits the page.
	summary := r.pdf != nil && len(m.units) > profileMaxUnits
	if summary {
		d.chapterBreak()
	}
	d.part("unit-" + u.ID)
	d.heading2(r.unitHeading(i, u), 60)
	d.note(r.unitKeyLine(u))
	if len(m.opt.History) > 0 {
		d.note("历年" + evaluator.WordTotal + "：" + evaluator.HistoryText(evaluator.UnitHistory(u.ID, m.opt.History, m.res), m.dec, !m.gradesOnly()))
	}
	d.ln(1)
	d.paragraph(text)
	// radar of the chapters (those that apply) against the city mean, beside the
	// chapter table
	var axes []string
	var uv, mv []float64
	for _, c := range m.chapters {
		s, ok := m.nodeValue(u, c)
		if !ok {
			continue
		}
		axes = append(axes, c.Name)
		uv = append(uv, s)
		mv = append(mv, m.nodeStat[c.ID].mean)
	}
	// with last year's results: each chapter's change on last year (同口径)
	change := m.anyPrevious() && !m.gradesOnly()
	var rows [][]string
	for _, c := range m.chapters {
		txt, ok := m.nodeScore(u, c)
		row := []string{c.Name, txt}
		if change {
			_, ch := m.prevNodeCells(u, c)
			row = append(row, ch)
		}
		row = append(row, m.f(m.nodeStat[c.ID].mean))
		if !m.gradesOnly() {
			rk := "—"
			if ok {
				rk = fmt.Sprint(m.nodeRank(u, c))
			}
			row = append(row, rk)
		}
		rows = append(rows, row)
	}
	radarW, gap, radius := 90.0, 2.0, 24.0
	if change {
		radarW = 84
	}
	if summary {
		radarW, radius = 76, 19
	}
	tx := marginLeft + radarW + gap
	tw := textW - radarW - gap
	cols := []column{{"领域", tw - 38, "L"}, {"得分", 12, "R"}, {"全市平均", 15, "R"}, {"排名", 11, "C"}}
	if change {
		cols = []column{{"领域", tw - 48, "L"}, {"得分", 11, "R"}, {evaluator.WordChange, 13, "R"}, {"全市平均", 14, "R"}, {"排名", 10, "C"}}
	}
	if m.gradesOnly() {
		cols = []column{{"领域", tw - 30, "L"}, {"得分", 14, "R"}, {"全市平均", 16, "R"}}
	}
	all := r.sourceOf(m.chapters...)
	tbl := table{caption: r.tableTitle(u.Name + "各领域得分"), source: all, x: tx, cols: cols, rows: rows, size: sizeChart + 0.5}
	// strongest and weakest indicators: chosen by the signed difference of the score
	// from the city mean (as printed), so that an indicator above the mean is never
	// called weak; none are shown on a side that has none
	strong, weak := m.strongWeak(u, 3)
	var srows [][]string
	var sw []*evaluator.Node
	for _, x := range strong {
		srows = append(srows, []string{evaluator.WordStrong, x.n.Name, m.indicatorValue(x.n, x.ir), m.f(x.ir.Score), m.f(m.indStat[x.n.ID].mean)})
		sw = append(sw, x.n)
	}
	for _, x := range weak {
		srows = append(srows, []string{evaluator.WordWeak, x.n.Name, m.indicatorValue(x.n, x.ir), m.f(x.ir.Score), m.f(m.indStat[x.n.ID].mean)})
		sw = append(sw, x.n)
	}
	var swTable table
	if len(srows) > 0 {
		swTable = table{caption: r.tableTitle(u.Name + "较强指标和较弱指标"),
			source: "注：较强（较弱）指标为得分高于（低于）全市平均的指标，按差距乘以分值排序。" + r.sourceOf(sw...), cols: []column{{"", 17, "C"}, {"指标", 81, "L"}, {"指标值", 24, "R"}, {"得分", 16, "R"}, {evaluator.WordCityMean, 18, "R"}}, rows: srows, size: sizeSmall}
	}
	if summary && len(srows) > 0 && len(axes) >= 3 {
		// the summary's last two blocks go over together (when the page they
		// leave stays half full), so that the next unit starts a page
		d.keepNext(d.tableHeight(swTable))
	}
	if len(axes) >= 3 {
		caption := r.figureTitle(u.Name + "各领域得分与全市平均")
		d.figureBeside(caption, all, radarW, radarChartHeight(radius, len(axes)), func() {
			d.radarChart(marginLeft, radarW, radius, axes, radarSeries{u.Name, uv}, radarSeries{"全市平均", mv})
		}, tbl)
	} else {
		tbl.x = marginLeft
		d.drawTable(tbl)
	}
	if len(srows) > 0 {
		d.drawTable(swTable)
	}
	r.unitIndicatorTable(u)
	r.unitCasesOn(u.ID)
	return nil
}

// unitKeyLine is the one-line summary under a unit's heading.
func (r *publicReport) unitKeyLine(u *evaluator.UnitResult) string {
	m := r.m
	parts := []string{"类别：" + u.Group}
	if m.gradesOnly() {
		parts = append(parts, "综合得分："+m.f(u.Score)+"分", "等级："+u.Grade)
	} else if m.byIndex() {
		parts = append(parts, "指数得分："+m.f(m.indexScore(u))+"分", fmt.Sprintf("排名：%d/%d", u.Rank, len(m.units)),
			groupRankText(u), "综合得分："+m.f(u.Score)+"分", "等级："+u.Grade)
	} else {
		parts = append(parts, "综合得分："+m.f(u.Score)+"分", fmt.Sprintf("排名：%d/%d", u.Rank, len(m.units)),
			groupRankText(u), "等级："+u.Grade)
	}
	if len(u.Vetoes) > 0 {
		parts = append(parts, termVeto+"："+strings.Join(vetoNames(m.fw, u), "、"))
	}
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), "｜")
}

// ---- 五、排名稳定性 ----

type stabilityData struct {
	Runs           int
	Seed           uint64
	Spread         string
	Alternatives   string
	Shift          string
	Stable, Widest string
}

func (r *publicReport) stability() error {
	m, d := r.m, r.d
	d.chapterBreak()
	d.part("stability")
	d.heading1(secStability, 40)
	if m.gradesOnly() {
		r.keepClosing(true)
		d.paragraph("本年度评估结果按等级发布，不公布名次，故不列示排名稳定性分析。")
		return nil
	}
	sd := stabilityData{}
	var items []interval
	if s := m.res.Sensitivity; s != nil && s.Runs > 0 {
		sd.Runs, sd.Seed = s.Runs, s.Seed
		sd.Spread = trimNum(s.WeightSpread*100, m.dec)
		var alts []string
		for _, a := range s.Alternatives {
			alts = append(alts, methodBaseName(a))
		}
		sd.Alternatives = strings.Join(alts, "、")
		sd.Shift = m.f(s.MeanAbsRankShift)
		var stable, widest []string
		wmax := -1
		for _, u := range m.byRank() {
			us := u.Sensitivity
			if us == nil {
				continue
			}
			items = append(items, interval{label: u.Name, nominal: u.Rank, median: us.MedianRank, lo: us.P05, hi: us.P95})
			wd := us.P95 - us.P05
			if wd == 0 && us.P05 == u.Rank {
				stable = append(stable, u.Name)
			}
			if wd > wmax {
				wmax, widest = wd, []string{u.Name}
			} else if wd == wmax {
				widest = append(widest, u.Name)
			}
		}
		sd.Stable = strings.Join(stable, "、")
		if wmax > 0 {
			sd.Widest = strings.Join(widest, "、")
		}
	}
	text, err := r.nar.text("stability.tmpl", sd)
	if err != nil {
		return err
	}
	r.keepClosing(len(items) == 0)
	d.paragraph(text)
	if len(items) == 0 {
		return nil
	}
	source := "数据来源：" + m.by(fmt.Sprintf("按附件2所述方法模拟计算（%d次）", m.res.Sensitivity.Runs)) + "。"
	r.keepClosing(true)
	d.rowFigure(r.figureTitle(r.m.un("各{U}名次的模拟区间")), source, len(items), chartRowH, intervalChartHeight(0), func(from, to int) {
		d.intervalChart(marginLeft, textW, items[from:to], len(m.units))
	})
	return nil
}

// ---- 附件 ----

func (r *publicReport) annexHeading(title string) {
	r.annexes++
	r.d.part(fmt.Sprintf("annex-%d", r.annexes))
	r.d.annexHeading(title)
}

func (r *publicReport) annexIndicators() {
	m, d := r.m, r.d
	r.annexHeading(annexInd)
	var rows [][]string
	var bold []bool
	seq := 0
	var walk func(n *evaluator.Node, depth int)
	walk = func(n *evaluator.Node, depth int) {
		if n.Kind == evaluator.KindIndicator {
			seq++
			pts := m.f(n.Points)
			if n.InBonusPenalty() {
				pts = "每项" + trimNum(n.PointsEach, m.dec)
				if n.Cap != nil {
					pts += "，上限" + trimNum(*n.Cap, m.dec)
				}
			}
			if n.InVeto() {
				pts = "等级至多" + n.GradeCap
			}
			art := ""
			if n.Article > 0 {
				art = fmt.Sprintf("第%d条", n.Article)
			}
			name := n.Name
			if len(n.AppliesTo) > 0 {
				name += "（适用于" + strings.Join(m.appliesNames(n.AppliesTo), "、") + "）"
			}
			unit := n.Unit
			if unit == "" {
				unit = "—"
			}
			dir, method := directionName(n.Direction), m.methodName(n.Normalize)
			switch {
			case n.InVeto():
				dir, method = "—", "是则否决"
			case n.InBonusPenalty():
				// bonus and penalty items have no direction and no normalisation
				dir, method = "—", evaluator.WordPerItem
			}
			rows = append(rows, []string{fmt.Sprint(seq), name, art, unit, dir, method, pts})
			bold = append(bold, false)
			return
		}
		if depth > 0 {
			label := n.Name
			if kind := evaluator.KindName(n.Kind); kind != "" {
				// 加分项（上限5分）, not 加分项（加分项，上限5分）: the kind is said
				// once, in the name when the name says it already
				var parts []string
				if !strings.Contains(n.Name, kind) {
					parts = append(parts, kind)
				}
				if n.Kind == evaluator.KindVeto {
					parts = append(parts, "不计分")
				}
				if n.Cap != nil {
					parts = append(parts, "上限"+trimNum(*n.Cap, m.dec)+"分")
				}
				if len(parts) > 0 {
					label += "（" + strings.Join(parts, "，") + "）"
				}
			}
			pts := ""
			if n.Kind == evaluator.KindGroup {
				pts = m.f(n.Points)
			}
			rows = append(rows, []string{"", strings.Repeat("  ", depth-1) + label, "", "", "", "", pts})
			bold = append(bold, true)
		}
		for _, c := range n.Children {
			walk(c, depth+1)
		}
	}
	walk(m.fw.Index, 0)
	d.drawTable(table{caption: r.tableTitle("评估指标体系"), source: "数据来源：《" + m.fw.Title + "》（版本" + m.fw.Version + "）。",
		x: wideLeft, cols: []column{{"序号", 10, "C"}, {"指标", 60, "L"}, {"条款", 15, "C"}, {"计量单位", 18, "C"}, {"方向", 11, "C"}, {"标准化方法", 38, "L"}, {"分值", 22, "R"}},
		rows: rows, size: sizeSmall, bold: func(i int) bool { return bold[i] }})
	d.note(r.m.un("注：分值为该指标在全部计分指标中所占的分数（合计100分）；适用范围限定的指标，对其他{U}不适用，其分值在同级指标中按比例分配。"))
}

type methodData struct {
	GradesOnly                bool
	Framework, Version        string
	Chapters                  []string
	Indicators, Bonus         int
	Adjustments               int
	Missing, Treat, Normalize string
	Aggregate                 string
	Decimals                  int
	Bands                     string
	Runs                      int
	Seed                      uint64
	Spread, Alternatives      string
	ByIndex                   bool   // ranks compare the index score (rank_by: index)
	Vetoes                    string // the veto items and their grade caps, a clause; "" without any
}

func (r *publicReport) annexMethod() error {
	m, d := r.m, r.d
	mt := m.fw.Method
	md := methodData{GradesOnly: m.gradesOnly(), Framework: "《" + m.fw.Title + "》", Version: m.fw.Version, Indicators: len(m.leaves),
		Bonus: len(m.bonus), Adjustments: len(m.res.Adjustments), Decimals: m.dec, Bands: r.bandsText(),
		ByIndex: m.byIndex(), Vetoes: vetoRulesText(m.fw)}
	for _, c := range m.chapters {
		md.Chapters = append(md.Chapters, c.Name)
	}
	md.Missing = m.missingText(mt.Missing)
	// per-indicator overrides are mentioned when present
	over := map[string]int{}
	methods := map[string]int{}
	for _, n := range m.leaves {
		if n.Missing != mt.Missing {
			over[n.Missing]++
		}
		methods[methodBaseName(n.Normalize.Method)]++
	}
	for _, k := range sortedKeys(over) {
		md.Missing += fmt.Sprintf("；另有%d项指标%s", over[k], m.missingText(k))
	}
	if mt.Treat == "winsorize" {
		md.Treat = fmt.Sprintf("当指标值偏度绝对值不小于%s且峰度不小于%s时，逐步将最大（或最小）值替换为次大（或次小）值，至多调整%d个值", trimNum(mt.Winsorize.Skew, m.dec), trimNum(mt.Winsorize.Kurtosis, m.dec), mt.Winsorize.MaxPoints)
		if mt.Winsorize.LogFallback {
			md.Treat += "；仍不满足的改用对数变换"
		}
	} else {
		md.Treat = "不作处理，原值参与计算"
	}
	var mparts []string
	for _, k := range sortedKeys(methods) {
		mparts = append(mparts, fmt.Sprintf("%s%d项", k, methods[k]))
	}
	md.Normalize = "各指标采用的方法见附件1（" + strings.Join(mparts, "、") + "）；门槛值法按指标值在下限与上限之间的位置计分，低于下限得0分、高于上限得100分；逆向指标数值越小得分越高"
	md.Aggregate = evaluator.AggregateName(mt.Aggregate)
	if s := m.res.Sensitivity; s != nil && s.Runs > 0 {
		md.Runs, md.Seed = s.Runs, s.Seed
		md.Spread = trimNum(s.WeightSpread*100, m.dec)
		var alts []string
		for _, a := range s.Alternatives {
			alts = append(alts, methodBaseName(a))
		}
		md.Alternatives = strings.Join(alts, "、")
	}
	text, err := r.nar.text("method.tmpl", md)
	if err != nil {
		return err
	}
	r.annexHeading(annexMethod)
	d.paragraph(text)
	return nil
}

func (m *reportModel) missingText(p string) string {
	switch p {
	case "reweight":
		return "缺失的指标不计入，其权重在同级指标中按比例分配"
	case "mean":
		return m.un("缺失值以其他{U}的平均值替代，并作标注")
	case "group-mean":
		return m.un("缺失值以同类别其他{U}的平均值替代，并作标注")
	}
	return m.un("未填报的指标得0分（未填报不得分），且不参与其他{U}的计算")
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (r *publicReport) annexAdjustments() {
	m, d := r.m, r.d
	r.annexHeading(annexAdjust)
	if len(m.res.Adjustments) == 0 {
		d.paragraph("本年度未对填报数据作核查核定调整。")
		return
	}
	d.paragraph(fmt.Sprintf("经核查佐证材料，对以下%d项填报数据作了核定调整，评估按核定后的数值计算。", len(m.res.Adjustments)))
	var rows [][]string
	for _, a := range m.res.Adjustments {
		rows = append(rows, []string{m.unitName(a.Unit), m.fieldName(a.Field), m.adjValue(a.Field, a.Old, a.OldText), m.adjValue(a.Field, a.New, a.NewText), a.Reason})
	}
	d.drawTable(table{caption: r.tableTitle("数据核查核定调整"), source: "数据来源：数据核查核定记录。",
		cols: []column{{r.m.fw.UnitNoun(), 24, "L"}, {"数据项", 36, "L"}, {"原填报值", 18, "R"}, {"核定值", 18, "R"}, {"核定理由", 60, "L"}}, rows: rows, size: sizeSmall + 0.5})
}

// adjValue prints an adjusted field value with the field's unit.
func (m *reportModel) adjValue(field string, v *float64, text string) string {
	if text != "" {
		return text
	}
	if v == nil {
		return "空"
	}
	d := m.dec
	unit := ""
	if f := m.fw.Field(field); f != nil {
		if f.Type == evaluator.TypeInteger {
			d = 0
		}
		unit = f.Unit
	}
	if math.IsNaN(*v) {
		return "—"
	}
	return evaluator.FormatFixed(*v, d) + unit
}

func (r *publicReport) annexSources() {
	m, d := r.m, r.d
	r.annexHeading(annexSources)
	tool := m.res.Tool.Name
	if m.res.Tool.Version != "" {
		tool += " " + m.res.Tool.Version
	}
	rows := [][]string{
		{"指标体系", fmt.Sprintf("%s（%s，版本%s）", m.fw.Title, m.fw.ID, m.fw.Version)},
		{"评估年度", fmt.Sprintf("%d年", m.res.Year)},
		{"计算日期", m.res.Date},
		{"计算工具", tool},
		{"数据校验", fmt.Sprintf("错误%d条，警告%d条（均已处理或确认）", m.res.Findings.Error, m.res.Findings.Warning)},
	}
	d.drawTable(table{caption: r.tableTitle("评估概况"), source: "数据来源：评估结果文件（results.json）。", cols: []column{{"项目", 40, "L"}, {"内容", textW - 40, "L"}}, rows: rows, size: sizeSmall + 0.5})
	frows := [][]string{{"指标体系", m.fw.ID + " " + m.fw.Version, m.fw.SHA256}}
	for _, f := range inputFiles(m.fw, m.res.Inputs, len(m.units)) {
		frows = append(frows, []string{f.Who, f.Name, f.SHA256})
	}
	d.drawTable(table{caption: r.tableTitle("数据文件及其 SHA-256 校验值"), source: "数据来源：评估所用数据文件，" + r.m.by("计算校验值") + "。", x: wideLeft, cols: []column{{r.m.fw.UnitNoun(), 28, "L"}, {"文件", 36, "L"}, {"SHA-256", wideW - 64, "L"}}, rows: frows, size: sizeSmall - 1})
	d.note("注：SHA-256 为文件内容的校验值，可用于核对公开数据与评估所用数据一致。")
}

// baseName strips any folder from a file name (SPEC §10: base names only).
func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
