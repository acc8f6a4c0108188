package templates

import (
	"fmt"
	"math"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/xuri/excelize/v2"
)

// hasPrevious reports whether any unit carries last year's result.
func (b *xlBook) hasPrevious() bool {
	for _, u := range b.res.Units {
		if u.Previous != nil {
			return true
		}
	}
	return false
}

// overallSheet writes 总体排名: one row per unit (未提交 units last), the total, the
// grade, each chapter's score (and rank), bonus and penalty, the change on last year,
// and a bar chart of the totals.
func (b *xlBook) overallSheet() error {
	st := b.st
	chapters := b.fw.Chapters()
	adjusters := len(b.fw.Adjusters()) > 0
	prev := b.hasPrevious()

	var cols []xlCol
	if b.grades {
		cols = append(cols,
			xlCol{Name: "等级", Style: st.center},
			xlCol{Name: b.fw.UnitNoun(), Style: st.text},
			xlCol{Name: "类别", Style: st.center},
			xlCol{Name: evaluator.WordTotal, Style: st.scoreBold},
		)
	} else {
		cols = append(cols,
			xlCol{Name: "排名", Style: st.integer},
			xlCol{Name: b.fw.UnitNoun(), Style: st.text},
			xlCol{Name: "类别", Style: st.center},
			xlCol{Name: "组内排名", Style: st.integer},
			xlCol{Name: evaluator.WordTotal, Style: st.scoreBold},
			xlCol{Name: "等级", Style: st.center},
		)
	}
	for _, c := range chapters {
		cols = append(cols, xlCol{Group: c.Name, Name: "得分", Style: st.score})
		if !b.grades {
			cols = append(cols, xlCol{Group: c.Name, Name: "排名", Style: st.integer})
		}
	}
	if adjusters {
		// the index score is what the ranks compare (SPEC §5.6)
		cols = append(cols,
			xlCol{Group: "加分与扣分", Name: evaluator.WordIndexScore, Style: st.score},
			xlCol{Group: "加分与扣分", Name: evaluator.WordBonus, Style: st.score},
			xlCol{Group: "加分与扣分", Name: evaluator.WordPenalty, Style: st.score})
	}
	if prev {
		const g = "与上年比较"
		cols = append(cols, xlCol{Group: g, Name: "上年得分", Style: st.score})
		if b.grades {
			cols = append(cols, xlCol{Group: g, Name: "上年等级", Style: st.center})
		} else {
			cols = append(cols, xlCol{Group: g, Name: "上年排名", Style: st.integer})
		}
		cols = append(cols,
			xlCol{Group: g, Name: "同口径上年得分", Style: st.score},
			xlCol{Group: g, Name: "得分变化", Style: st.scoreChange})
		if !b.grades {
			cols = append(cols, xlCol{Group: g, Name: "排名变化", Style: st.rankChange})
		}
	}

	var rows [][]xlCell
	units := b.unitOrder()
	for _, u := range units {
		var r []xlCell
		if b.grades {
			r = append(r, xlCell{V: u.Grade}, xlCell{V: u.Name}, xlCell{V: u.Group}, xlNum(u.Score, 0))
		} else {
			r = append(r, b.rankCell(u.Rank), xlCell{V: u.Name}, xlCell{V: u.Group}, b.rankCell(u.GroupRank),
				xlNum(u.Score, 0), xlCell{V: u.Grade})
		}
		for _, c := range chapters {
			score, rank, _, na, ok := xlNodeScore(u, c)
			switch {
			case !ok:
				r = append(r, xlCell{V: "—", Style: st.na})
			case na:
				r = append(r, xlCell{V: "不适用", Style: st.na})
			default:
				r = append(r, xlNum(score, 0))
			}
			if !b.grades {
				if ok && !na {
					r = append(r, b.rankCell(rank))
				} else {
					r = append(r, xlCell{V: "—", Style: st.na})
				}
			}
		}
		if adjusters {
			r = append(r, xlNum(u.Nodes[b.fw.Index.ID].Score, 0), xlNum(u.Bonus, 0), xlNum(u.Penalty, 0))
		}
		if prev {
			r = append(r, b.previousCells(u.Previous)...)
		}
		rows = append(rows, r)
	}
	for _, u := range b.notSubmitted() {
		r := make([]xlCell, len(cols))
		for i := range r {
			r[i] = xlCell{V: nil, Style: st.center}
		}
		if b.grades {
			r[0] = xlCell{V: "未提交", Style: st.notSubmitted}
			r[3] = xlCell{V: "未提交", Style: st.notSubmitted}
		} else {
			r[0] = xlCell{V: "—", Style: st.center}
			r[3] = xlCell{V: "—", Style: st.center}
			r[4] = xlCell{V: "未提交", Style: st.notSubmitted}
			r[5] = xlCell{V: "未提交", Style: st.notSubmitted}
		}
		r[1] = xlCell{V: u.Name, Style: st.text}
		r[2] = xlCell{V: u.Group, Style: st.center}
		rows = append(rows, r)
	}

	notes := []string{fmt.Sprintf("报告日期：%s。得分为百分制，保留%d位小数；综合得分 = 指数得分 + 加分 − 扣分。", b.dateText(), b.decimals)}
	if b.grades {
		notes = append(notes, b.un("本年度按等级发布：各{U}按等级排列，同一等级内按指标体系中的{U}顺序排列，不公布排名。"))
	} else {
		if adjusters && b.fw.Method.RankBy == evaluator.RankByIndex {
			notes = append(notes, "排名按保留小数位后的指数得分（不含加分、扣分）比较，得分相同者并列；等级按综合得分评定。")
		} else if adjusters {
			notes = append(notes, "排名和等级均按保留小数位后的综合得分（含加分、扣分）比较，得分相同者并列。")
		} else {
			notes = append(notes, "排名按保留小数位后的得分比较，得分相同者并列。")
		}
	}
	if rules := vetoRulesText(b.fw); rules != "" {
		notes = append(notes, termVeto+"（无论得分高低，等级受限）："+rules+"。")
		for i := range b.res.Units {
			if s := VetoSentence(b.fw, &b.res.Units[i]); s != "" {
				notes = append(notes, b.res.Units[i].Name+s)
			}
		}
	}
	if prev {
		if b.grades {
			notes = append(notes, "与上年比较：同口径上年得分按本年度指标体系对上年数据重新计算；得分变化相对同口径计算，↑为上升、↓为下降。")
		} else {
			notes = append(notes, "与上年比较：同口径上年得分按本年度指标体系对上年数据重新计算；得分变化、排名变化均相对同口径计算，↑为上升、↓为下降。")
		}
	}
	if len(b.res.NotSubmitted) > 0 {
		notes = append(notes, "未提交："+b.notSubmittedText())
	}
	title := "总体排名"
	if b.grades {
		title = "总体结果（按等级）"
	}
	_, err := b.writeTable(&xlTable{Name: SheetOverall, Title: title, Notes: notes, Cols: cols, Rows: rows, FreezeCols: 2,
		Finish: func(lay *xlLayout) error { return b.overallChart(lay, len(units)) }})
	return err
}

// notSubmittedText explains 未提交.
func (b *xlBook) notSubmittedText() string {
	if b.grades {
		return b.un("该{U}未报送数据，不参与评分和定级。")
	}
	return b.un("该{U}未报送数据，不参与评分和排名。")
}

// previousCells are the 与上年比较 cells of one unit.
func (b *xlBook) previousCells(p *evaluator.PreviousResult) []xlCell {
	st := b.st
	n := 4
	if !b.grades {
		n = 5
	}
	if p == nil {
		out := make([]xlCell, n)
		for i := range out {
			out[i] = xlCell{V: "—", Style: st.na}
		}
		return out
	}
	out := []xlCell{xlNum(p.Score, 0)}
	if b.grades {
		g := p.Grade
		if g == "" {
			g = "—"
		}
		out = append(out, xlCell{V: g})
	} else {
		out = append(out, b.rankCell(p.Rank))
	}
	if p.ComparableScore != nil {
		out = append(out, xlNum(*p.ComparableScore, 0))
	} else {
		out = append(out, xlCell{V: "不可比", Style: st.na})
	}
	if p.ScoreChange != nil {
		out = append(out, xlNum(*p.ScoreChange, 0))
	} else {
		out = append(out, xlCell{V: "不可比", Style: st.na})
	}
	if !b.grades {
		if p.RankChange != nil {
			out = append(out, xlCell{V: *p.RankChange})
		} else {
			out = append(out, xlCell{V: "不可比", Style: st.na})
		}
	}
	return out
}

// overallChart adds a native bar chart of the total scores under the 总体排名 table:
// one chart when it fits on a page, else as many parts (of the same scale, the
// later titled 续) as it takes, each on a page of its own.
func (b *xlBook) overallChart(lay *xlLayout, n int) error {
	if n == 0 || n > 200 {
		return nil // no chart for nothing, nor one too tall to read
	}
	nameCol, scoreCol := 2, 5
	series, title := evaluator.WordTotal, b.un("各{U}综合得分")
	switch {
	case b.grades:
		scoreCol, title = 4, b.un("各{U}综合得分（按等级排列）")
	case len(b.fw.Adjusters()) > 0 && b.fw.Method.RankBy == evaluator.RankByIndex:
		// the units are in rank order, and ranks compare index scores (SPEC §5.6)
		scoreCol = 6 + 2*len(b.fw.Chapters()) + 1
		series, title = evaluator.WordIndexScore, b.un("各{U}指数得分（不含加分、扣分）")
	}
	sheet := xlQuoteSheet(SheetOverall)
	ref := func(col, from, to int) string {
		c := xlColName(col)
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", sheet, c, lay.FirstRow+from, c, lay.FirstRow+to-1)
	}
	width := 0.0
	for i := 0; i < len(lay.Widths) && i < 14; i++ {
		width += lay.Widths[i]
	}
	px := min(max(width*7, 480), 900, lay.chartWidth())
	const head, bar, minBar = 90, 22, 16 // pixels: title and axis, one bar (at least)
	per := max(int((lay.chartRoom()-head)/bar), 8)
	parts := (n + per - 1) / per
	per = (n + parts - 1) / parts
	lo := 0.0
	var hi *float64
	if parts > 1 {
		// One scale for all parts: up to the next 10 above the highest score.
		top := 0.0
		for _, u := range b.res.Units {
			top = max(top, u.Score, u.Score-u.Bonus+u.Penalty)
		}
		top = math.Ceil(top/10) * 10
		hi = &top
	}
	zero := uint(60)
	for k := range parts {
		from, to := k*per, min(n, (k+1)*per)
		name := title
		if k > 0 {
			name += "（续）"
		}
		height := float64(head + bar*(to-from))
		if left := lay.roomLeft(); parts == 1 && left < height && left >= float64(head+minBar*n) {
			height = left // bars a little thinner, on the table's page
		}
		row, err := b.placeBelow(SheetOverall, lay, height)
		if err != nil {
			return err
		}
		if err := b.f.AddChart(SheetOverall, xlCellName(1, row), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{
				Name:       series,
				Categories: ref(nameCol, from, to),
				Values:     ref(scoreCol, from, to),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"4472C4"}},
			}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: name, Font: &excelize.Font{Family: xlFontTitle, Size: 12, Bold: true}}}},
			Legend:    excelize.ChartLegend{Position: "none"},
			Dimension: excelize.ChartDimension{Width: uint(px), Height: uint(height)},
			XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Family: xlFontBody, Size: 9, Color: "262626"}},
			YAxis:     excelize.ChartAxis{Minimum: &lo, Maximum: hi, MajorGridLines: true, Font: excelize.Font{Family: xlFontBody, Size: 9, Color: "404040"}, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}},
			PlotArea: excelize.ChartPlotArea{
				ShowVal: true,
				NumFmt:  excelize.ChartNumFmt{CustomNumFmt: xlNumFmt(b.decimals)},
			},
			GapWidth: &zero,
			Format:   excelize.GraphicOptions{AltText: name, OffsetX: 4, OffsetY: 4},
		}); err != nil {
			return err
		}
	}
	return nil
}

// groupSheet writes 分组排名: the units of each unit group (县级市, 区 …) together, in
// the group order of the framework, ranked within the group.
func (b *xlBook) groupSheet() error {
	st := b.st
	chapters := b.fw.Chapters()
	var cols []xlCol
	if b.grades {
		cols = []xlCol{
			{Name: "类别", Style: st.center},
			{Name: "等级", Style: st.center},
			{Name: b.fw.UnitNoun(), Style: st.text},
			{Name: evaluator.WordTotal, Style: st.scoreBold},
		}
	} else {
		cols = []xlCol{
			{Name: "类别", Style: st.center},
			{Name: "组内排名", Style: st.integer},
			{Name: b.fw.UnitNoun(), Style: st.text},
			{Name: evaluator.WordTotal, Style: st.scoreBold},
			{Name: "等级", Style: st.center},
			{Name: "全市排名", Style: st.integer},
		}
	}
	for _, c := range chapters {
		cols = append(cols, xlCol{Group: c.Name, Name: "得分", Style: st.score})
		if !b.grades && c.Kind == evaluator.KindGroup {
			cols = append(cols, xlCol{Group: c.Name, Name: "组内排名", Style: st.integer})
		}
	}

	// Groups in the order they first appear in the framework's unit list.
	var groups []string
	seen := map[string]bool{}
	for _, u := range b.fw.Units {
		if !seen[u.Group] {
			seen[u.Group] = true
			groups = append(groups, u.Group)
		}
	}
	units := b.unitOrder()
	for _, u := range units {
		if !seen[u.Group] {
			seen[u.Group] = true
			groups = append(groups, u.Group)
		}
	}
	missing := b.notSubmitted()

	var rows [][]xlCell
	for _, g := range groups {
		var members []*evaluator.UnitResult
		for _, u := range units {
			if u.Group == g {
				members = append(members, u)
			}
		}
		if !b.grades {
			// By group rank; unitOrder already breaks ties in framework order.
			members = xlStableBy(members, func(u *evaluator.UnitResult) int { return u.GroupRank })
		}
		for _, u := range members {
			var r []xlCell
			if b.grades {
				r = []xlCell{{V: u.Group}, {V: u.Grade}, {V: u.Name}, xlNum(u.Score, 0)}
			} else {
				r = []xlCell{{V: u.Group}, b.rankCell(u.GroupRank), {V: u.Name}, xlNum(u.Score, 0), {V: u.Grade}, b.rankCell(u.Rank)}
			}
			for _, c := range chapters {
				score, _, grank, na, ok := xlNodeScore(u, c)
				switch {
				case !ok:
					r = append(r, xlCell{V: "—", Style: st.na})
				case na:
					r = append(r, xlCell{V: "不适用", Style: st.na})
				default:
					r = append(r, xlNum(score, 0))
				}
				if !b.grades && c.Kind == evaluator.KindGroup {
					if ok && !na {
						r = append(r, b.rankCell(grank))
					} else {
						r = append(r, xlCell{V: "—", Style: st.na})
					}
				}
			}
			rows = append(rows, r)
		}
		for _, u := range missing {
			if u.Group != g {
				continue
			}
			r := make([]xlCell, len(cols))
			for i := range r {
				r[i] = xlCell{Style: st.center}
			}
			r[0] = xlCell{V: u.Group, Style: st.center}
			r[2] = xlCell{V: u.Name, Style: st.text}
			if b.grades {
				r[1] = xlCell{V: "未提交", Style: st.notSubmitted}
				r[3] = xlCell{V: "未提交", Style: st.notSubmitted}
			} else {
				r[1] = xlCell{V: "—", Style: st.center}
				r[3] = xlCell{V: "未提交", Style: st.notSubmitted}
				r[4] = xlCell{V: "未提交", Style: st.notSubmitted}
			}
			rows = append(rows, r)
		}
	}
	notes := []string{b.un("同一类别的{U}放在一起比较；类别按指标体系中{U}的顺序排列。")}
	title := "分组排名"
	if b.grades {
		title = "分组结果（按等级）"
		notes = append(notes, b.un("本年度按等级发布：同一类别内按等级排列，同一等级内按指标体系中的{U}顺序排列，不公布排名。"))
	}
	_, err := b.writeTable(&xlTable{Name: SheetGroups, Title: title, Notes: notes, Cols: cols, Rows: rows, FreezeCols: 3})
	return err
}

// xlStableBy sorts units by key (non-positive keys last), keeping the order of equals.
func xlStableBy(us []*evaluator.UnitResult, key func(*evaluator.UnitResult) int) []*evaluator.UnitResult {
	out := append([]*evaluator.UnitResult(nil), us...)
	k := func(u *evaluator.UnitResult) int {
		if v := key(u); v > 0 {
			return v
		}
		return 1 << 30
	}
	for i := 1; i < len(out); i++ { // insertion sort: stable and small
		for j := i; j > 0 && k(out[j]) < k(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
