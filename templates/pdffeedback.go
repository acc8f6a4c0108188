package templates

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/templates/internal/pdf"
)

// RenderFeedbackPDF writes feedback/<unit-id>.pdf: the unit's scores and ranks
// (ranks are shown even with publish: grades), every indicator against the city
// mean and best, its validation findings (opt.Findings filtered by unit), the
// adjustments made to its data, and its weakest indicators with the regulation
// articles they serve. Not public.
func RenderFeedbackPDF(w io.Writer, fw *evaluator.Framework, res *evaluator.Results, unitID string, opt ReportOptions) ([]string, error) {
	r, err := NewFeedbackRenderer(fw, res, opt)
	if err != nil {
		return nil, err
	}
	return r.Render(w, unitID)
}

// FeedbackRenderer renders the feedback PDFs of one set of results. The
// statistics over all units (the city mean and best of every indicator) are
// computed once, not once per unit: with 1,000 units that was 40 % of each
// feedback's time. Render may be called from several goroutines at once.
type FeedbackRenderer struct {
	m     *reportModel
	nar   *narrative
	opt   ReportOptions
	wraps *pdf.WrapCache
	base  *pdf.SharedSubsets // font subsets shared by the documents (nil while the first is made)
}

// NewFeedbackRenderer prepares RenderFeedbackPDF for every unit of res.
func NewFeedbackRenderer(fw *evaluator.Framework, res *evaluator.Results, opt ReportOptions) (*FeedbackRenderer, error) {
	m, err := newReportModel(fw, res, opt)
	if err != nil {
		return nil, err
	}
	nar, err := loadNarrative(opt.TemplatesDir, fw.UnitNoun())
	if err != nil {
		return nil, err
	}
	r := &FeedbackRenderer{m: m, nar: nar, opt: opt, wraps: pdf.NewWrapCache()}
	// The glyphs the first unit's feedback draws (the labels, the indicator names,
	// the digits: nearly all any feedback draws) become a subset of each face made
	// once and copied into every feedback; each PDF cuts only the glyphs it adds.
	if len(m.units) > 0 {
		d, err := r.build(m.units[0].ID)
		if err != nil {
			return nil, err
		}
		if err := d.output(io.Discard); err != nil { // lays out the page counts too
			return nil, err
		}
		if r.base, err = d.pdf.ShareSubsets(); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Render writes the feedback PDF of one unit (see RenderFeedbackPDF).
func (r *FeedbackRenderer) Render(w io.Writer, unitID string) ([]string, error) {
	d, err := r.build(unitID)
	if err != nil {
		return nil, err
	}
	if err := d.output(w); err != nil {
		return nil, err
	}
	return d.warnings, nil
}

// build lays out the feedback PDF of one unit with the given fonts.
func (r *FeedbackRenderer) build(unitID string) (*pdfDoc, error) {
	m, nar, opt, fw, res := r.m, r.nar, r.opt, r.m.fw, r.m.res
	u, ok := m.byID[unitID]
	if !ok {
		for _, id := range res.NotSubmitted {
			if id == unitID {
				return nil, fmt.Errorf("feedback: unit %s submitted nothing (未提交): no feedback to render", unitID)
			}
		}
		return nil, fmt.Errorf("feedback: unit %s is not in the results", unitID)
	}
	title := fmt.Sprintf("%s%d年度数字化转型评估反馈", u.Name, res.Year)
	d, err := newPDFDoc(docMeta{
		Title:   title,
		Subject: fmt.Sprintf("%s评估结果反馈（内部材料）", m.indexName()),
		Author:  fw.Issuer,
		Date:    m.date,
	}, nil)
	if err != nil {
		return nil, err
	}
	d.singlePass()
	d.pdf.SetFast(true) // one of many: speed before the last per cent of size
	d.wraps = r.wraps
	d.pdf.UseSubsets(r.base)
	d.sample, d.draft = opt.Sample, opt.Draft
	d.internal = "内部反馈材料"
	d.headerText = title + "（仅供" + u.Name + "内部使用）"
	f := &feedback{m: m, d: d, nar: nar, u: u, title: title}
	if err := f.build(); err != nil {
		return nil, err
	}
	if err := d.err(); err != nil {
		return nil, fmt.Errorf("PDF: %w", err)
	}
	return d, nil
}

type feedback struct {
	m     *reportModel
	d     *pdfDoc
	nar   *narrative
	u     *evaluator.UnitResult
	title string
}

type feedbackData struct {
	Year                   int
	Name, Group, Grade     string
	Score                  string
	ByIndex                bool   // ranks compare index scores (there are bonus/penalty items)
	Index                  string // the index score
	Rank, GroupRank, Units int
	Previous               string
	Veto                   string // which vetoes capped the grade, a sentence; "" when none
}

func (f *feedback) build() error {
	m, d, u, p := f.m, f.d, f.u, f.d.pdf
	d.newPage()
	d.bookmark(f.title, 0)
	d.serifBold(sizeTitle)
	d.black()
	for _, ln := range d.balancedLines(f.title, textW) {
		p.SetX(marginLeft)
		p.CellFormat(textW, 11, ln, "", 1, "C", false, 0, "")
	}
	d.serif(sizeBody)
	sub := m.fw.Issuer
	if m.dateText != "" {
		sub += "  " + m.dateText
	}
	p.SetX(marginLeft)
	p.CellFormat(textW, 8, d.clean(sub), "", 1, "C", false, 0, "")
	p.Ln(4)
	fd := feedbackData{Year: m.res.Year, Name: u.Name, Group: u.Group, Grade: u.Grade, Score: m.f(u.Score),
		Rank: u.Rank, GroupRank: u.GroupRank, Units: len(m.units), Previous: m.previousText(u, true),
		ByIndex: m.byIndex(), Index: m.f(m.indexScore(u)), Veto: m.vetoText(u)}
	text, err := f.nar.text("feedback.tmpl", fd)
	if err != nil {
		return err
	}
	d.paragraph(text)

	// 一、总体结果
	d.heading1("一、得分和名次", 40)
	scores := make([]float64, 0, len(m.units))
	for _, x := range m.units {
		scores = append(scores, x.Score)
	}
	scoreMean := newStat(scores).mean
	// the change on last year (同口径): the total's, the index's, each chapter's
	totalChange := evaluator.WordNoComparable
	if p := u.Previous; p != nil && p.ScoreChange != nil {
		totalChange = m.signed(*p.ScoreChange)
	}
	rows := [][]string{
		{"综合得分", m.f(u.Score), fmt.Sprintf("第%d位/%d", u.Rank, len(m.units)), m.f(scoreMean), totalChange, u.Grade},
	}
	if m.byIndex() {
		// the rank belongs to the index score, the grade to the total
		idx := make([]float64, 0, len(m.units))
		for _, x := range m.units {
			idx = append(idx, m.indexScore(x))
		}
		_, indexChange := m.prevNodeCells(u, m.fw.Index)
		rows = [][]string{
			{"指数得分（不含加分、扣分）", m.f(m.indexScore(u)), fmt.Sprintf("第%d位/%d", u.Rank, len(m.units)), m.f(newStat(idx).mean), indexChange, ""},
			{"综合得分", m.f(u.Score), "", m.f(scoreMean), totalChange, u.Grade},
		}
	}
	for _, c := range m.chapters {
		txt, ok := m.nodeScore(u, c)
		rk := "—"
		if ok {
			rk = fmt.Sprintf("第%d位", m.nodeRank(u, c))
		}
		_, ch := m.prevNodeCells(u, c)
		rows = append(rows, []string{c.Name, txt, rk, m.f(m.nodeStat[c.ID].mean), ch, ""})
	}
	d.drawTable(table{cols: []column{{"项目", 50, "L"}, {"得分", 20, "R"}, {"全市名次", 30, "C"}, {"全市平均", 20, "R"}, {evaluator.WordChange, 20, "R"}, {"等级", 16, "C"}}, rows: rows})
	var extra []string
	if u.GroupRank > 0 {
		extra = append(extra, fmt.Sprintf("在%s中列第%d位。", u.Group, u.GroupRank))
	}
	if v := m.vetoText(u); v != "" {
		extra = append(extra, v)
	}
	if u.Bonus != 0 || u.Penalty != 0 {
		extra = append(extra, fmt.Sprintf("综合得分含加分%s分、扣分%s分。", m.f(u.Bonus), m.f(u.Penalty)))
	}
	if us := u.Sensitivity; us != nil {
		extra = append(extra, fmt.Sprintf("排名稳定性分析中，名次的90%%区间为第%d至第%d位，中位数为第%d位。", us.P05, us.P95, us.MedianRank))
	}
	if len(extra) > 0 {
		d.note(strings.Join(extra, ""))
	}

	// 二、指标得分: the unit's full profile (profileTable), with the treatment marks
	d.heading1("二、各项指标与上年、全市平均和最好水平的比较", 50)
	d.note(f.m.un("标注：未填报＝未填报该项数据；" + evaluator.WordFaulty + "＝所填数据经检查有误（见“三、数据核查情况”），按未填报处理；插补＝缺失值按规则补齐；异常值处理＝经异常值处理后计分；不适用＝该指标不适用于本{U}，不计分。"))
	d.pdf.Ln(1)
	t, notes := m.profileTable(u, profileOpts{bonus: true, marks: true})
	t.caption = ""
	d.drawTable(t)
	for _, s := range notes {
		d.note(s)
	}

	// 三、数据核查
	d.heading1("三、数据核查情况", 30)
	var fs evaluator.Findings
	for _, x := range m.opt.Findings {
		if x.Unit == u.ID {
			fs = append(fs, x)
		}
	}
	evaluator.SortFindings(fs)
	if len(fs) == 0 {
		d.paragraph("数据校验未发现问题。")
	} else {
		d.paragraph(fmt.Sprintf("数据校验共发现%d个问题（错误%d个，警告%d个），列示如下，请在下一年度填报时注意。", len(fs), fs.Errors(), fs.Warnings()))
		var frows [][]string
		for _, x := range fs {
			sev := "警告"
			if x.Severity == evaluator.SevError {
				sev = "错误"
			}
			pos := strings.Trim(strings.Join([]string{baseName(x.File), x.Sheet, x.Cell}, " "), " ")
			field := x.Field
			if x.Field != "" {
				field = m.fieldName(x.Field)
			}
			frows = append(frows, []string{sev, pos, field, x.Detail()})
		}
		d.drawTable(table{x: wideLeft, cols: []column{{"级别", 12, "C"}, {"位置", 40, "L"}, {"数据项", 32, "L"}, {"问题说明", wideW - 84, "L"}}, rows: frows, size: sizeSmall})
	}
	var arows [][]string
	for _, a := range m.res.Adjustments {
		if a.Unit == u.ID {
			arows = append(arows, []string{m.fieldName(a.Field), m.adjValue(a.Field, a.Old, a.OldText), m.adjValue(a.Field, a.New, a.NewText), a.Reason})
		}
	}
	if len(arows) > 0 {
		d.drawTable(table{caption: "核查核定调整", cols: []column{{"数据项", 44, "L"}, {"原填报值", 24, "R"}, {"核定值", 24, "R"}, {"核定理由", textW - 92, "L"}}, rows: arows, size: sizeSmall + 0.5})
	}

	// 四、提升方向
	d.heading1("四、需要重点提升的指标", 30)
	weak := f.weakest(5)
	if len(weak) == 0 {
		d.paragraph("各项指标均已达到全市最好水平。")
		return nil
	}
	d.paragraph("以下指标与全市最好水平差距最大（按得分差距乘以分值排序），建议对照相应条例条款重点推进。")
	var wrows [][]string
	for _, x := range weak {
		art := m.articleText(x.n.Article)
		if art == "" {
			art = "—"
		}
		wrows = append(wrows, []string{x.n.Name, m.f(x.ir.Score), m.f(m.indStat[x.n.ID].max), m.f(x.diff), art})
	}
	d.drawTable(table{cols: []column{{"指标", 50, "L"}, {"得分", 16, "R"}, {"全市最好", 18, "R"}, {"可提升分值", 20, "R"}, {"对应条款", textW - 104, "L"}}, rows: wrows, size: sizeSmall + 0.5})
	d.note(f.m.un("注：“可提升分值”为该指标达到全市最好水平时综合得分可增加的分数（不考虑其他{U}的变化）。"))
	return nil
}

// flags describes how an indicator value was treated.
func flags(ir evaluator.IndicatorResult, ok bool) string {
	if !ok || ir.NA {
		return "不适用"
	}
	var out []string
	switch {
	case ir.Missing && ir.Error != "":
		out = append(out, evaluator.WordFaulty)
	case ir.Missing:
		out = append(out, "未填报")
	}
	if ir.Imputed {
		out = append(out, "插补")
	}
	if ir.Treated {
		out = append(out, "异常值处理")
	}
	if ir.Dropped {
		out = append(out, "未计分")
	}
	return strings.Join(out, "、")
}

// weakest returns the unit's indicators furthest below the city's best, weighted by
// 分值: the points the unit's total would gain at the best level.
func (f *feedback) weakest(k int) []ranked {
	m, u := f.m, f.u
	var out []ranked
	for _, n := range m.leaves {
		ir, ok := u.Indicators[n.ID]
		if !ok || ir.NA {
			continue
		}
		gap := (m.indStat[n.ID].max - ir.Score) * n.Points / 100
		// shown rounded: a gap that rounds to 0 is no gap (Round only near 10^-dec)
		if gap >= math.Pow(10, -float64(m.dec)) || gap > 0 && evaluator.Round(gap, m.dec) > 0 {
			out = append(out, ranked{n, ir, gap})
		}
	}
	slices.SortStableFunc(out, func(a, b ranked) int { return cmp.Compare(b.diff, a.diff) })
	if len(out) > k {
		out = out[:k]
	}
	return out
}
