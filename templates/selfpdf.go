package templates

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	ev "github.com/wuxi-data/dteval/evaluator"
)

// RenderSelfPDF renders the public report of a self-assessment (本级评估, kind:
// self): not a ranking but one government against its own plan — the overall and
// per-chapter completion over the years, per indicator the baseline, each year's
// value, the target, the achievement and the status with a trend chart, and what
// is behind schedule. Targets whose source is not verified are marked on the page.
func RenderSelfPDF(w io.Writer, fw *ev.Framework, res *ev.Results, opt ReportOptions) ([]string, error) {
	m, err := newSelfModel(fw, res, opt)
	if err != nil {
		return nil, err
	}
	d, err := newPDFDoc(docMeta{
		Title:    fmt.Sprintf("%s（%d年度）", fw.Title, res.Year),
		Subject:  fmt.Sprintf("%d年度%s", res.Year, ev.WordSelfAssess),
		Author:   fw.Issuer,
		Keywords: strings.TrimSpace(fw.Region + " 数字化转型 " + ev.WordSelfAssess),
		Date:     m.date,
	}, nil)
	if err != nil {
		return nil, err
	}
	d.singlePass()
	d.sample, d.draft = opt.Sample, opt.Draft
	d.headerText = fmt.Sprintf("%s（%d年度）", fw.Title, res.Year)
	r := &selfReport{m: m, d: d}
	r.cover()
	r.summary()
	r.chapterPages()
	r.behindPage()
	r.annex()
	if err := d.err(); err != nil {
		return nil, fmt.Errorf("PDF: %w", err)
	}
	if err := d.output(w); err != nil {
		return nil, err
	}
	return d.warnings, nil
}

type selfReport struct {
	m *selfModel
	d *pdfDoc
}

func (r *selfReport) cover() {
	m, d, p := r.m, r.d, r.d.pdf
	d.newBarePage()
	d.bookmark("封面", 0)
	if m.opt.Draft {
		d.sansBold(sizeH1)
		p.SetXY(marginLeft, 52)
		p.CellFormat(textW, 10, ev.WordDraft, "", 0, "C", false, 0, "")
	}
	d.serifBold(sizeTitle + 2)
	d.black()
	y := 92.0
	for _, ln := range d.balancedLines(m.fw.Title, textW-10) {
		p.SetXY(marginLeft, y)
		p.CellFormat(textW, 13, ln, "", 0, "C", false, 0, "")
		y += 13
	}
	d.serif(sizeBody + 2)
	p.SetXY(marginLeft, y+5)
	p.CellFormat(textW, 9, d.clean(fmt.Sprintf("（%d年度 · %s：对照规划目标）", m.res.Year, ev.WordSelfAssess)), "", 0, "C", false, 0, "")
	if m.opt.Sample {
		d.sansBold(sizeBody)
		p.SetXY(marginLeft, y+22)
		p.CellFormat(textW, 8, "示例数据：本报告由虚构的示例数据生成，不代表实际情况", "", 0, "C", false, 0, "")
	}
	if m.anyUnverified() {
		d.sansBold(sizeTable)
		p.SetXY(marginLeft, y+32)
		p.CellFormat(textW, 7, d.clean("标注「"+ev.WordUnverified+"」的基期值和目标值尚未与规划文件核对，不得作为正式结论引用"), "", 0, "C", false, 0, "")
	}
	basis := fmt.Sprintf("评估依据：%s（%s）", m.fw.Title, m.fw.Version)
	if ref := m.regulationRef(); ref != "" {
		basis += "；" + ref
	}
	d.coverFooter(m.fw.Issuer, m.dateText, basis)
}

// ---- 一、总体情况 ----

func (r *selfReport) summary() {
	m, d := r.m, r.d
	d.newPage()
	d.heading1("一、总体情况", 40)
	u := m.unit
	idx := m.fw.Index
	var b strings.Builder
	fmt.Fprintf(&b, "本报告是%s%d年度数字化转型的%s：对照规划确定的基期值和目标值，逐项评估 %d 项指标的完成进度，不与其他单位排名。",
		u.Name, m.res.Year, ev.WordSelfAssess, len(m.rows))
	fmt.Fprintf(&b, "%d年%s为 %s 分（满分 100 分，各项指标按%s计分后逐级加权平均）。",
		m.res.Year, ev.WordOverall, m.num(u.Score), ev.MethodName(ev.NormAchievement))
	fmt.Fprintf(&b, "截至%d年，%s。", m.res.Year, m.countsText(m.rows))
	if bh := m.behind(); len(bh) > 0 {
		names := make([]string, 0, 3)
		for i, rw := range bh {
			if i == 3 {
				break
			}
			names = append(names, "「"+rw.node.Name+"」")
		}
		fmt.Fprintf(&b, "差距最大的是%s等，详见第三部分。", strings.Join(names, "、"))
	}
	d.paragraph(b.String())
	d.note(fmt.Sprintf("%s = (实际值 − %s) ÷ (%s − %s)，逆向指标（越低越好）同样按从基期值到目标值的进展计算；得分 = 100 × %s（截取到 0–100%%）。"+
		"状态：达到目标值为「%s」；未达到但%s不低于规划期已过去的比例（(评估年度 − 基期年度) ÷ (目标年度 − 基期年度)）为「%s」；否则为「%s」。",
		ev.WordAchievement, ev.WordBaseline, ev.WordTargetValue, ev.WordBaseline, ev.WordAchievement,
		ev.StatusNames[ev.StatusMet], ev.WordAchievement, ev.StatusNames[ev.StatusOnTrack], ev.StatusNames[ev.StatusBehind]))
	d.ln(2)
	// the trend of the overall and the chapters' completion
	lines := []trendLine{{label: ev.WordOverall, color: trendColors[0], pts: map[int]*float64{}}}
	for i, c := range m.chapters {
		l := trendLine{label: c.node.Name, color: trendColors[(i+1)%len(trendColors)], pts: map[int]*float64{}}
		for _, y := range m.years {
			if s, ok := m.nodeScore(c.node.ID, y); ok {
				l.pts[y] = &s
			}
		}
		lines = append(lines, l)
	}
	for _, y := range m.years {
		if s, ok := m.nodeScore(idx.ID, y); ok {
			lines[0].pts[y] = &s
		}
	}
	d.heading3(fmt.Sprintf("图1  %s和各领域完成度（分）", ev.WordOverall), 80)
	d.need(86)
	y0 := d.y()
	used := trendChart(pdfCanvas{d}, marginLeft, y0, textW, 70, m.years, lines, nil, func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) })
	d.setY(y0 + used + 4)
	// chapters by year: a table (the numbers behind the chart)
	cols := []column{{"领域", 52, "L"}}
	yw := (textW - 52) / float64(len(m.years))
	for _, y := range m.years {
		cols = append(cols, column{fmt.Sprintf("%d年", y), yw, "R"})
	}
	var rows [][]string
	add := func(name, id string) {
		row := []string{name}
		for _, y := range m.years {
			if s, ok := m.nodeScore(id, y); ok {
				row = append(row, m.num(s))
			} else {
				row = append(row, ev.WordNoData)
			}
		}
		rows = append(rows, row)
	}
	add(ev.WordOverall, idx.ID)
	for i, c := range m.chapters {
		add(fmt.Sprintf("%s、%s", cnNumber(i+1), c.node.Name), c.node.ID)
	}
	d.drawTable(table{cols: cols, rows: rows, caption: "表1  各年度完成度（分）", bold: func(i int) bool { return i == 0 }})
	// status by chapter
	cols = []column{{"领域", 52, "L"}, {"指标数", 18, "R"}, {ev.StatusNames[ev.StatusMet], 21, "R"}, {ev.StatusNames[ev.StatusOnTrack], 21, "R"}, {ev.StatusNames[ev.StatusBehind], 21, "R"}, {ev.WordNoData, 23, "R"}}
	rows = nil
	for i, c := range m.chapters {
		k := m.counts(c.rows)
		rows = append(rows, []string{fmt.Sprintf("%s、%s", cnNumber(i+1), c.node.Name), strconv.Itoa(len(c.rows)),
			strconv.Itoa(k[ev.StatusMet]), strconv.Itoa(k[ev.StatusOnTrack]), strconv.Itoa(k[ev.StatusBehind]), strconv.Itoa(k[""])})
	}
	k := m.counts(m.rows)
	rows = append(rows, []string{"合计", strconv.Itoa(len(m.rows)), strconv.Itoa(k[ev.StatusMet]), strconv.Itoa(k[ev.StatusOnTrack]), strconv.Itoa(k[ev.StatusBehind]), strconv.Itoa(k[""])})
	d.drawTable(table{cols: cols, rows: rows, caption: fmt.Sprintf("表2  %d年各领域指标状态（项）", m.res.Year), bold: func(i int) bool { return i == len(rows)-1 }})
}

// ---- 二、分领域评估 ----

func (r *selfReport) chapterPages() {
	m, d := r.m, r.d
	d.newPage()
	d.heading1("二、分领域评估", 20)
	for i, c := range m.chapters {
		if i > 0 {
			d.newPage()
		}
		title := fmt.Sprintf("（%s）%s", cnNumber(i+1), c.node.Name)
		d.heading2(title, 30)
		s, _ := m.nodeScore(c.node.ID, m.res.Year)
		arts := articlesOf(c.rows)
		var b strings.Builder
		fmt.Fprintf(&b, "本领域 %d 项指标", len(c.rows))
		if arts != "" {
			fmt.Fprintf(&b, "（对应条例%s）", arts)
		}
		fmt.Fprintf(&b, "，%d年完成度 %s 分；%s。", m.res.Year, m.num(s), m.countsText(c.rows))
		d.paragraph(b.String())
		// the table: baseline, each year's value, target, achievement, status
		cols := []column{{"指标（计量单位）", 38, "L"}, {ev.WordBaseline, 15, "R"}}
		shown := r.tableYears()
		yw := 11.5
		for _, y := range shown {
			cols = append(cols, column{strconv.Itoa(y), yw, "R"})
		}
		rest := textW - 38 - 16 - yw*float64(len(shown))
		cols = append(cols, column{ev.WordTargetValue, rest * 0.34, "R"}, column{ev.WordAchievement, rest * 0.33, "R"}, column{"状态", rest * 0.33, "C"})
		var rows [][]string
		for _, rw := range c.rows {
			n := rw.node
			name := n.Name
			if n.Unit != "" {
				name += "（" + n.Unit + "）"
			}
			if n.Direction == ev.DirLower {
				name += "［" + ev.WordLower + "］"
			}
			row := []string{name, m.planCell(n.Baseline)}
			for _, y := range shown {
				p, ok := rw.byYear[y]
				if !ok {
					row = append(row, "—")
					continue
				}
				row = append(row, m.value(p.Value))
			}
			tgt := m.planCell(n.Target)
			if unverified(n.Target) {
				tgt += "*"
			}
			row = append(row, tgt, m.pct(rw.ir.Achievement), statusName(rw.ir.Status))
			rows = append(rows, row)
		}
		d.drawTable(table{cols: cols, rows: rows, size: sizeSmall, caption: fmt.Sprintf("表%d-%d  指标进度", 2+i+1, 1)})
		if anyUnverifiedRows(c.rows) {
			d.note("* 目标值标注为" + ev.WordUnverified + "：尚未与规划文件核对。「—」表示该年度不在规划期内。")
		}
		// trend charts: two per row
		r.trendGrid(c.rows)
	}
}

// tableYears are the year columns of a chapter table: at most the last five.
func (r *selfReport) tableYears() []int {
	ys := r.m.years
	if len(ys) > 5 {
		ys = ys[len(ys)-5:]
	}
	return ys
}

func (r *selfReport) trendGrid(rows []*selfRow) {
	m, d := r.m, r.d
	const cw, ch = 76.0, 50.0
	gap := textW - 2*cw
	for i := 0; i < len(rows); i += 2 {
		d.need(ch + 12)
		y0 := d.y()
		for j := 0; j < 2 && i+j < len(rows); j++ {
			rw := rows[i+j]
			x := marginLeft + float64(j)*(cw+gap)
			d.serifBold(sizeSmall)
			d.black()
			d.pdf.SetXY(x, y0)
			label := rw.node.Name
			if rw.node.Unit != "" {
				label += "（" + rw.node.Unit + "）"
			}
			d.pdf.CellFormat(cw, 5, d.fitText(label, cw), "", 0, "L", false, 0, "")
			pts := map[int]*float64{}
			for y, p := range rw.byYear {
				pts[y] = p.Value
			}
			var plan *planPath
			if b, t := rw.node.Baseline, rw.node.Target; b != nil && t != nil {
				plan = &planPath{y0: b.Year, y1: t.Year, v0: b.Value, v1: t.Value}
			}
			trendChart(pdfCanvas{d}, x, y0+5, cw, ch, m.years, []trendLine{{label: "实际值", color: colBar, pts: pts}}, plan,
				func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) })
		}
		d.setY(y0 + ch + 9)
	}
}

func anyUnverifiedRows(rows []*selfRow) bool {
	for _, r := range rows {
		if unverified(r.node.Target) {
			return true
		}
	}
	return false
}

func articlesOf(rows []*selfRow) string {
	var parts []string
	seen := map[int]bool{}
	for _, r := range rows {
		if a := r.node.Article; a > 0 && !seen[a] {
			seen[a] = true
			parts = append(parts, fmt.Sprintf("第%s条", cnNumber(a)))
		}
	}
	return strings.Join(parts, "、")
}

// ---- 三、进度滞后的指标 ----

func (r *selfReport) behindPage() {
	m, d := r.m, r.d
	d.newPage()
	d.heading1("三、进度滞后的指标", 30)
	bh := m.behind()
	if len(bh) == 0 {
		d.paragraph(fmt.Sprintf("%d年没有进度滞后的指标。", m.res.Year))
		return
	}
	d.paragraph(fmt.Sprintf("%d年有 %d 项指标%s（%s低于规划期已过去的比例），按差距从大到小排列。应达进度是规划期已过去的比例：目标年度已到而未达到目标值的，应达进度为 100%%。",
		m.res.Year, len(bh), ev.StatusNames[ev.StatusBehind], ev.WordAchievement))
	cols := []column{{"指标（计量单位）", 44, "L"}, {"领域", 26, "L"}, {"条款", 14, "C"}, {fmt.Sprintf("%d年实际值", m.res.Year), 18, "R"},
		{ev.WordTargetValue, 20, "R"}, {ev.WordAchievement, 16, "R"}, {"应达进度", 18, "R"}}
	var rows [][]string
	for _, rw := range bh {
		n := rw.node
		name := n.Name
		if n.Unit != "" {
			name += "（" + n.Unit + "）"
		}
		art := ""
		if n.Article > 0 {
			art = fmt.Sprintf("第%d条", n.Article)
		}
		cur := rw.byYear[m.res.Year]
		tgt := m.planCell(n.Target)
		if unverified(n.Target) {
			tgt += "*"
		}
		el := min(rw.elapsed, 1)
		rows = append(rows, []string{name, rw.chapter.Name, art, m.value(cur.Value), tgt, m.pct(rw.ir.Achievement), m.pct(&el)})
	}
	d.drawTable(table{cols: cols, rows: rows, size: sizeSmall, caption: "表  进度滞后的指标"})
	if anyUnverifiedRows(bh) {
		d.note("* 目标值标注为" + ev.WordUnverified + "：尚未与规划文件核对。")
	}
}

// ---- 附件 ----

func (r *selfReport) annex() {
	m, d := r.m, r.d
	d.annexHeading("附件  指标、基期值与目标值的来源")
	d.note(fmt.Sprintf("每项指标的%s和%s及其来源。来源标注为「%s」的数值尚未与规划文件核对：发布前应替换为规划文件中的数值，并写明文件名称和文号。",
		ev.WordBaseline, ev.WordTargetValue, ev.WordUnverified))
	d.ln(2)
	cols := []column{{"领域", 24, "L"}, {"条款", 13, "C"}, {"指标", 42, "L"}, {ev.WordDirection, 12, "C"}, {ev.WordBaseline, 18, "R"}, {ev.WordTargetValue, 18, "R"}, {"来源", 29, "L"}}
	var rows [][]string
	for _, rw := range m.rows {
		n := rw.node
		art := ""
		if n.Article > 0 {
			art = fmt.Sprintf("第%d条", n.Article)
		}
		src := n.Target.Source
		if n.Baseline.Source != n.Target.Source && n.Baseline.Source != "" {
			src = "基期：" + n.Baseline.Source + "；目标：" + n.Target.Source
		}
		if src == "" {
			src = "（未注明）"
		}
		rows = append(rows, []string{rw.chapter.Name, art, n.Name, ev.DirectionName(n.Direction), m.planCell(n.Baseline), m.planCell(n.Target), src})
	}
	d.drawTable(table{cols: cols, rows: rows, size: sizeSmall})
	d.heading3("数据来源与校验值", 20)
	var b strings.Builder
	fmt.Fprintf(&b, "指标体系：%s（%s %s），SHA-256 %s。", m.fw.Title, m.fw.ID, m.fw.Version, m.res.Framework.SHA256)
	for _, in := range m.res.Inputs {
		fmt.Fprintf(&b, "输入数据：SHA-256 %s。", in.SHA256)
	}
	fmt.Fprintf(&b, "数据问题：错误 %d 项，提示 %d 项。", m.res.Findings.Error, m.res.Findings.Warning)
	d.note(b.String())
}
