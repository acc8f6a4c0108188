package templates

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/xuri/excelize/v2"
)

// colourScale puts a three-colour scale (low → median → high) on each listed column
// of a table, over its data rows.
func (b *xlBook) colourScale(sheet string, lay xlLayout, cols []int) error {
	if lay.LastRow < lay.FirstRow {
		return nil
	}
	for _, c := range cols {
		ref := xlCellName(c, lay.FirstRow) + ":" + xlCellName(c, lay.LastRow)
		if err := b.f.SetConditionalFormat(sheet, ref, []excelize.ConditionalFormatOptions{{
			Type:     "3_color_scale",
			Criteria: "=",
			MinType:  "min", MinColor: xlColorLow,
			MidType: "percentile", MidValue: "50", MidColor: xlColorMid,
			MaxType: "max", MaxColor: xlColorHigh,
		}}); err != nil {
			return err
		}
	}
	return nil
}

// chapterOf returns the top-level node a node sits under (itself for a top-level node).
func xlChapterOf(n *evaluator.Node) *evaluator.Node {
	for p := n; p != nil; p = p.Parent {
		if p.Parent != nil && p.Parent.Parent == nil {
			return p
		}
	}
	return n
}

// nodeSheet writes 分领域得分: units × every group node of the index (the index itself,
// each chapter and the groups nested in it), with a colour scale per column.
func (b *xlBook) nodeSheet() error {
	st := b.st
	cols := []xlCol{{Name: b.fw.UnitNoun(), Style: st.text}, {Name: evaluator.WordGroup, Style: st.center}}
	var nodes []*evaluator.Node
	for _, n := range b.fw.Groups() {
		nodes = append(nodes, n)
		switch {
		case n.Parent == nil:
			cols = append(cols, xlCol{Name: n.Name + "（指数得分）", Style: st.scoreBold})
		case n.Parent.Parent == nil:
			cols = append(cols, xlCol{Group: n.Name, Name: "小计", Style: st.score})
		default:
			cols = append(cols, xlCol{Group: xlChapterOf(n).Name, Name: n.Name, Style: st.score})
		}
	}
	// A chapter with no nested group gets the plain header 得分.
	for i := 2; i < len(cols); i++ {
		if cols[i].Name == "小计" && (i+1 >= len(cols) || cols[i+1].Group != cols[i].Group) {
			cols[i].Name = "得分"
		}
	}
	var rows [][]xlCell
	for _, u := range b.unitOrder() {
		r := []xlCell{{V: u.Name}, {V: u.Group}}
		for _, n := range nodes {
			nr, ok := u.Nodes[n.ID]
			switch {
			case !ok:
				r = append(r, xlCell{V: "—", Style: st.na})
			case nr.NA:
				r = append(r, xlCell{V: "不适用", Style: st.na})
			default:
				r = append(r, xlNum(nr.Score, 0))
			}
		}
		rows = append(rows, r)
	}
	notes := []string{
		fmt.Sprintf("各领域得分为百分制（保留%d位小数），由下级指标得分按权重汇总；指数得分不含加分、扣分。", b.decimals),
		b.un("颜色：每列内得分越高越绿、越低越红，仅用于比较同一列。「不适用」表示该领域不适用于该{U}，其权重由同级其他指标分担。"),
	}
	var scale []int
	for i := range nodes {
		scale = append(scale, i+3)
	}
	_, err := b.writeTable(&xlTable{Name: SheetNodes, Title: "分领域得分", Notes: notes, Cols: cols, Rows: rows, FreezeCols: 1,
		Legend: []xlLegendItem{{st.na, "不适用"}},
		Finish: func(lay *xlLayout) error { return b.colourScale(SheetNodes, *lay, scale) }})
	return err
}

// xlIndicatorNodes are the indicators shown in 指标得分: the scored leaves, then the
// children of bonus and penalty groups.
func xlIndicatorNodes(fw *evaluator.Framework) []*evaluator.Node {
	nodes := fw.Leaves()
	for _, a := range fw.Adjusters() {
		for _, c := range a.Children {
			if c.Kind == evaluator.KindIndicator {
				nodes = append(nodes, c)
			}
		}
	}
	return nodes
}

// indicatorText returns the text of a boolean or grade value when it is one the
// framework defines (是/否 or a grade of the indicator's mapping); never other text.
func xlIndicatorText(fw *evaluator.Framework, n *evaluator.Node, text string) (string, bool) {
	if text == "" {
		return "", false
	}
	if text == "是" || text == "否" {
		return text, true
	}
	if slices.Contains(n.Normalize.ScoreOrder, text) {
		return text, true
	}
	if _, ok := n.Normalize.Scores[text]; ok {
		return text, true
	}
	for _, f := range fw.Fields {
		if f.ID == n.ID || f.ID == n.Value {
			if slices.Contains(f.Grades, text) {
				return text, true
			}
		}
	}
	return "", false
}

// indicatorSheet writes 指标得分: units × indicators, the value used beside the score,
// imputed, treated, missing and not-applicable values marked and explained.
func (b *xlBook) indicatorSheet() error {
	st := b.st
	nodes := xlIndicatorNodes(b.fw)
	units := b.unitOrder()
	cols := []xlCol{{Name: b.fw.UnitNoun(), Style: st.text}, {Name: evaluator.WordGroup, Style: st.center}}
	var scoreCols, decimals []int
	for _, n := range nodes {
		group := n.Name
		if n.InBonusPenalty() {
			group = xlChapterOf(n).Name + "：" + n.Name
		}
		if n.Unit != "" {
			group += "（" + n.Unit + "）"
		}
		d := b.indicatorDecimals(n, units)
		decimals = append(decimals, d)
		chapter := xlChapterOf(n).ID
		cols = append(cols, xlCol{Group: group, Section: chapter, Name: "数值", Style: b.valueStyle(xlPlain, d), Max: 14})
		scoreName := "得分"
		if n.InBonusPenalty() {
			scoreName = "分数"
		}
		cols = append(cols, xlCol{Group: group, Section: chapter, Name: scoreName, Style: st.score, Max: 10})
		if !n.InBonusPenalty() {
			scoreCols = append(scoreCols, len(cols))
		}
	}
	var rows [][]xlCell
	for _, u := range units {
		r := []xlCell{{V: u.Name}, {V: u.Group}}
		for i, n := range nodes {
			ir, ok := u.Indicators[n.ID]
			if !ok {
				r = append(r, xlCell{V: "—", Style: st.na}, xlCell{V: "—", Style: st.na})
				continue
			}
			r = append(r, b.valueCell(n, ir, decimals[i]), b.indicatorScoreCell(ir))
		}
		rows = append(rows, r)
	}
	notes := []string{
		fmt.Sprintf("「数值」为按指标体系计算的原始值，「得分」为标准化后的百分制得分（保留%d位小数）；加分项、扣分项的「分数」为计入综合得分的分值。", b.decimals),
		b.un("插补值：原值缺失，按缺失值规则补齐后计分；极端值处理：原值偏离过大，按缩尾或对数处理后计分（单元格批注注明计分所用的值）；" + evaluator.WordFaulty + "：所填数据经检查有误，按未填报处理；不适用：该指标不适用于该{U}。"),
		"颜色：「得分」列内得分越高越绿、越低越红。",
	}
	_, err := b.writeTable(&xlTable{Name: SheetIndicators, Title: "指标得分", Notes: notes, Cols: cols, Rows: rows, FreezeCols: 1,
		Legend: []xlLegendItem{{st.lgImputed, "插补值"}, {st.lgTreated, "极端值处理"}, {st.missing, evaluator.WordNotFilled}, {st.na, "不适用"}},
		Finish: func(lay *xlLayout) error { return b.colourScale(SheetIndicators, *lay, scoreCols) }})
	return err
}

// valueCell is the 数值 cell of one indicator of one unit, numbers shown with d decimals.
// indicatorDecimals is the number of decimals an indicator's 数值 column shows:
// a field's value as entered shows the decimals its data has (an integer field
// none); a value computed by a formula (a ratio, a per-capita figure) the
// published decimals, as the PDF prints it — never the 4 decimals of a quotient
// beside the 1 decimal of an entered rate.
func (b *xlBook) indicatorDecimals(n *evaluator.Node, units []*evaluator.UnitResult) int {
	id := strings.TrimSpace(n.Value)
	if id == "" {
		id = n.ID
	}
	f := b.fw.Field(id)
	if f == nil {
		return b.fw.Method.Decimals
	}
	if f.Type == evaluator.TypeInteger {
		return 0
	}
	var vals []float64
	for _, u := range units {
		if ir, ok := u.Indicators[n.ID]; ok && ir.Raw != nil {
			vals = append(vals, *ir.Raw)
		}
	}
	return xlDecimalsFor(vals)
}

func (b *xlBook) valueCell(n *evaluator.Node, ir evaluator.IndicatorResult, d int) xlCell {
	st := b.st
	switch {
	case ir.NA:
		return xlCell{V: "不适用", Style: st.na}
	case ir.Imputed && ir.Value != nil:
		return xlCell{V: *ir.Value, Style: b.valueStyle(xlImputed, d),
			Note: "原值缺失，按" + xlMissingText(n.Missing) + "补齐为 " + xlTrim(*ir.Value, 4) + "。"}
	case ir.Missing && ir.Error != "":
		return xlCell{V: evaluator.WordFaulty, Style: st.missing, Note: "所填数据经检查有误，按缺失处理，不计入得分。"}
	case ir.Missing:
		return xlCell{V: evaluator.WordNotFilled, Style: st.missing}
	}
	if t, ok := xlIndicatorText(b.fw, n, ir.Text); ok {
		style := st.center
		if ir.Treated {
			style = st.lgTreated
		}
		return xlCell{V: t, Style: style}
	}
	v := ir.Raw
	if v == nil {
		v = ir.Value
	}
	if v == nil {
		return xlCell{V: evaluator.WordNotFilled, Style: st.missing}
	}
	if ir.Treated {
		c := xlCell{V: *v, Style: b.valueStyle(xlTreated, d), Note: "极端值处理：原值 " + xlTrim(*v, 4) + "，"}
		if ir.Value != nil {
			c.Note += "按 " + xlTrim(*ir.Value, 4) + " 计分。"
		} else {
			c.Note += "经变换后计分。"
		}
		return c
	}
	return xlCell{V: *v}
}

// indicatorScoreCell is the 得分 cell of one indicator of one unit.
func (b *xlBook) indicatorScoreCell(ir evaluator.IndicatorResult) xlCell {
	switch {
	case ir.NA:
		return xlCell{V: "不适用", Style: b.st.na}
	case ir.Dropped:
		return xlCell{V: "不计分", Style: b.st.na}
	}
	return xlNum(ir.Score, 0)
}

// xlFieldText returns a submitted text value when the framework defines it (是/否,
// 不适用, one of the field's grades); free text is never shown.
func xlFieldText(f *evaluator.Field, s string) (string, bool) {
	switch {
	case s == "是" || s == "否" || s == "不适用":
		return s, true
	case f.Type == evaluator.TypeGrade && slices.Contains(f.Grades, s):
		return s, true
	}
	return "", false
}

// rawDataSheet writes 原始数据: units × submitted fields (free-text fields left out),
// values changed by the bureau's audit marked.
func (b *xlBook) rawDataSheet() error {
	st := b.st
	units := b.unitOrder()
	cols := []xlCol{{Name: b.fw.UnitNoun(), Style: st.text}, {Name: evaluator.WordGroup, Style: st.center}}
	var fields []*evaluator.Field
	var decimals []int
	for _, f := range b.fw.Fields {
		if f.Type == evaluator.TypeText {
			continue // free text is never published (SPEC §10)
		}
		fields = append(fields, f)
		group := f.Name
		if f.Unit != "" {
			group += "（" + f.Unit + "）"
		}
		var vals []float64
		for _, u := range units {
			if x, ok := u.Fields[f.ID].(float64); ok {
				vals = append(vals, x)
			}
		}
		d := xlDecimalsFor(vals)
		if f.Type == evaluator.TypeInteger {
			d = 0
		}
		decimals = append(decimals, d)
		style := b.valueStyle(xlPlain, d)
		if f.Type == evaluator.TypeBoolean || f.Type == evaluator.TypeGrade {
			style = st.center
		}
		// The id (second header row) is never wrapped: it is what scripts match.
		cols = append(cols, xlCol{Group: group, Name: f.ID, Style: style, Max: max(16, xlTextWidth(f.ID)+1.5)})
	}
	adjusted := map[[2]string]evaluator.Adjustment{}
	for _, a := range b.res.Adjustments {
		adjusted[[2]string{a.Unit, a.Field}] = a
	}
	var rows [][]xlCell
	for _, u := range units {
		r := []xlCell{{V: u.Name}, {V: u.Group}}
		for i, f := range fields {
			var c xlCell
			switch v := u.Fields[f.ID].(type) {
			case float64:
				c = xlCell{V: v}
			case string:
				if t, ok := xlFieldText(f, v); ok {
					c = xlCell{V: t, Style: st.center}
					if t == "不适用" {
						c.Style = st.na
					}
				} else {
					c = xlCell{V: "（不公开）", Style: st.na}
				}
			case nil:
				c = xlCell{V: evaluator.WordNotFilled, Style: st.missing}
			default:
				c = xlCell{V: "—", Style: st.na}
			}
			if a, ok := adjusted[[2]string{u.ID, f.ID}]; ok {
				if c.Style == 0 {
					c.Style = b.valueStyle(xlAdjusted, decimals[i])
				}
				c.Note = "核查核减：" + xlAdjustValue(a.Old, a.OldText) + " → " + xlAdjustValue(a.New, a.NewText)
				if a.Reason != "" {
					c.Note += "；" + a.Reason
				}
			}
			r = append(r, c)
		}
		rows = append(rows, r)
	}
	notes := []string{
		b.un("各{U}报送并经核查的原始数据，第二行表头为字段编码。百分比字段按 0–100 填写（85 表示 85%）。"),
		"核查核减：经市级部门核查后调整的数值（单元格批注注明原值、新值和理由）。文本类字段、佐证材料和备注不公开。",
	}
	_, err := b.writeTable(&xlTable{Name: SheetRawData, Title: "原始数据", Notes: notes, Cols: cols, Rows: rows, FreezeCols: 1,
		Legend: []xlLegendItem{{st.lgAdjusted, "核查核减"}, {st.missing, evaluator.WordNotFilled}, {st.na, "不适用"}}})
	return err
}

// xlAdjustValue is an adjustment's old or new value as text.
func xlAdjustValue(v *float64, text string) string {
	switch {
	case v != nil:
		return xlTrim(*v, 6)
	case text != "":
		return text
	}
	return "空"
}
