package templates

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
)

// The unit profile (DESI-grade): every indicator of a unit, grouped by chapter,
// with its raw value, last year's value under this year's definition and the
// change, the city mean and best raw value, the score and rank, and the data
// source; each chapter with its score and change on last year. The public report
// prints it per unit (up to profileMaxUnits units), the web edition always, the
// feedback PDF always (with the marks of how each value was treated).

// profileMaxUnits: above it the public PDF keeps the one-page summary per unit and
// leaves every indicator's values to the feedback PDFs and the web edition (SPEC
// §11's time for 1,000 units). A variable for the tests.
var profileMaxUnits = 50

// profileOpts chooses what a profile table shows besides the common columns.
type profileOpts struct {
	bonus bool // the bonus and penalty items after the chapters (feedback)
	marks bool // the treatment marks (插补, 异常值处理…) after the source (feedback)
}

// profileTable is the profile table of unit u and the notes that go under it.
func (m *reportModel) profileTable(u *evaluator.UnitResult, o profileOpts) (table, []string) {
	var rows [][]string
	var bold []bool
	for _, c := range m.chapters {
		txt, _ := m.nodeScore(u, c)
		last, change := m.prevNodeCells(u, c)
		rows = append(rows, []string{c.Name, "", last, change, "", "", txt, "", ""})
		bold = append(bold, true)
		for _, n := range m.leavesUnder(c) {
			rows = append(rows, m.profileRow(u, n, o))
			bold = append(bold, false)
		}
	}
	if o.bonus && len(m.bonus) > 0 {
		rows = append(rows, []string{evaluator.WordBonusItem + "和" + evaluator.WordPenaltyItem, "", "", "", "", "", "", "", ""})
		bold = append(bold, true)
		for _, n := range m.bonus {
			rows = append(rows, m.profileRow(u, n, o))
			bold = append(bold, false)
		}
	}
	last := "来源"
	if o.marks {
		last = "来源与标注"
	}
	cols := []column{{"指标（计量单位）", wideW - 134, "L"}, {"本" + m.fw.UnitNoun(), 16, "R"}, {evaluator.WordLastYear, 16, "R"},
		{evaluator.WordChange, 15, "R"}, {evaluator.WordCityMean, 16, "R"}, {evaluator.WordCityBest, 16, "R"},
		{evaluator.WordScore, 12, "R"}, {evaluator.WordRank, 9, "C"}, {last, 34, "L"}}
	if m.gradesOnly() && !o.marks {
		cols[7].title = ""
	}
	t := table{caption: "各项指标数值与上年、全市平均和最好水平", x: wideLeft, cols: cols, rows: rows, size: sizeSmall - 0.5,
		bold: func(i int) bool { return bold[i] }}
	notes := []string{"注：指标行的数值为按指标定义计算的原值（计量单位见指标名称后的括号），" + evaluator.WordCityMean + "和" + evaluator.WordCityBest +
		"为参评" + m.fw.UnitNoun() + "该指标原值的平均值和最好值（逆向指标以最小值为最好）；" + evaluator.WordLastYear + "为上年填报数据按本年度指标定义计算的同口径数值，" +
		evaluator.WordChange + "为本年数值减" + evaluator.WordLastYear + "数值（百分比指标为百分点）；领域行为" + evaluator.WordChapterScore + "，其" +
		evaluator.WordLastYear + "为同口径" + evaluator.WordChapterScore + "；来源为数据提供部门及数据时期。"}
	if s := m.prevNote(u); s != "" {
		notes = append(notes, s)
	}
	return t, notes
}

// profileConst are the cells of an indicator's profile row that are the same for
// every unit.
type profileConst struct {
	name, mean, best, source string
}

func (m *reportModel) newProfileConst(n *evaluator.Node) profileConst {
	pc := profileConst{name: "  " + m.nameWithUnit(n), mean: evaluator.WordNoComparable, best: evaluator.WordNoComparable,
		source: m.sourceText(n)}
	if vs := m.valStat[n.ID]; vs.n > 0 && !m.categorical(n) {
		pc.mean = m.number(n, vs.mean)
		bv := vs.max
		if n.Direction == "lower" {
			bv = vs.min
		}
		pc.best = m.number(n, bv)
	}
	return pc
}

// profileRow is one indicator's row of the profile table.
func (m *reportModel) profileRow(u *evaluator.UnitResult, n *evaluator.Node, o profileOpts) []string {
	ir, ok := u.Indicators[n.ID]
	pc, known := m.prof[n.ID]
	if !known {
		pc = m.newProfileConst(n)
	}
	rank := evaluator.WordNoComparable
	if ok && !ir.NA && ir.Rank > 0 && (!m.gradesOnly() || o.marks) && !n.OutsideIndex() {
		rank = strconv.Itoa(ir.Rank)
	}
	var val string
	if ok && !ir.NA && ir.Error == "" && ir.Text == "" && ir.Raw != nil {
		val = m.number(n, *ir.Raw)
	} else {
		val = m.indicatorValue(n, ir)
	}
	last, change := m.prevCells(u, n, ir, ok)
	src := pc.source
	if o.marks {
		if f := flags(ir, ok); f != "" && f != evaluator.WordNA {
			src += "；" + f
		}
	}
	return []string{pc.name, val, last, change, pc.mean, pc.best, m.indicatorScore(ir, ok), rank, src}
}

// nameWithUnit is an indicator's name with its unit of measure: 5G基站数（个）.
func (m *reportModel) nameWithUnit(n *evaluator.Node) string {
	if n.Unit == "" || n.Unit == "-" || m.categorical(n) {
		return n.Name
	}
	return n.Name + "（" + n.Unit + "）"
}

// number formats an indicator's value without its unit, with the framework's
// decimals (an integer field's without).
func (m *reportModel) number(n *evaluator.Node, x float64) string {
	return evaluator.FormatFixed(x, m.valueDecimals(n))
}

// valueDecimals is the number of decimals an indicator's value is printed with.
func (m *reportModel) valueDecimals(n *evaluator.Node) int {
	fid := n.Value
	if fid == "" {
		fid = n.ID
	}
	if f := m.fw.Field(strings.TrimSpace(fid)); f != nil && f.Type == evaluator.TypeInteger {
		return 0
	}
	return m.dec
}

// prevCells are last year's value of an indicator (同口径) and the change on it as
// printed: 不可比 for a value never compared (PrevReasonName says why in the note),
// the text of a 是/否 or graded value (no change), — where last year has nothing.
func (m *reportModel) prevCells(u *evaluator.UnitResult, n *evaluator.Node, ir evaluator.IndicatorResult, ok bool) (last, change string) {
	none := evaluator.WordNoComparable
	p := u.Previous
	if p == nil || !ok || ir.NA {
		return none, none
	}
	v, has := p.Indicators[n.ID]
	if !has {
		return none, none
	}
	switch v := v.(type) {
	case nil:
		return evaluator.WordNotComparable, none
	case string:
		return v, none
	case float64:
		if ir.Error != "" || ir.Text != "" || ir.Raw == nil {
			return m.number(n, v), none
		}
		return m.number(n, v), evaluator.ScoreChangeText(*ir.Raw-v, m.valueDecimals(n))
	}
	return none, none
}

// prevNodeCells are last year's comparable score of a chapter and the change on it.
func (m *reportModel) prevNodeCells(u *evaluator.UnitResult, c *evaluator.Node) (last, change string) {
	none := evaluator.WordNoComparable
	cur, ok := m.nodeValue(u, c)
	if u.Previous == nil || !ok {
		return none, none
	}
	prev, has := u.Previous.Nodes[c.ID] // a chapter that is one indicator has none
	if !has {
		return none, none
	}
	return m.f(prev), evaluator.ScoreChangeText(cur-prev, m.dec)
}

// prevNote says why last year's values are missing from the unit's profile: the
// unit was not evaluated last year, last year's results cannot be compared at
// all, or some values are 不可比 (which, and why).
func (m *reportModel) prevNote(u *evaluator.UnitResult) string {
	p := u.Previous
	if p == nil {
		if m.anyPrevious() {
			return m.un("上年无该{U}评估结果，" + evaluator.WordLastYear + "和" + evaluator.WordChange + "栏为“" + evaluator.WordNoComparable + "”。")
		}
		return ""
	}
	if len(p.Indicators) == 0 {
		cells := evaluator.WordLastYear + "和" + evaluator.WordChange + "栏为“" + evaluator.WordNoComparable + "”。"
		if p.Reason != "" && p.ComparableScore == nil {
			return "上年数据无法按本年度指标定义计算（" + strings.TrimRight(m.fieldNames(p.Reason), "。") + "），" + cells
		}
		// results.json written before it held last year's values in detail
		return "结果文件（results.json）未载有上年各项指标的同口径数值，" + cells
	}
	byWhy := map[string][]string{}
	for _, n := range slices.Concat(m.leaves, m.bonus) {
		if code, ok := p.NotComparable[n.ID]; ok {
			byWhy[code] = append(byWhy[code], n.Name)
		}
	}
	var parts []string
	for _, code := range []string{evaluator.PrevFaulty, evaluator.PrevMissing, evaluator.PrevEdition} {
		if names := byWhy[code]; len(names) > 0 {
			parts = append(parts, evaluator.PrevReasonName(code)+"："+strings.Join(names, "、"))
			delete(byWhy, code)
		}
	}
	for _, code := range slices.Sorted(maps.Keys(byWhy)) { // codes of a later version
		parts = append(parts, evaluator.PrevReasonName(code)+"："+strings.Join(byWhy[code], "、"))
	}
	if len(parts) == 0 {
		return ""
	}
	return "“" + evaluator.WordNotComparable + "”表示上年数值不能与本年比较，不计算变化：" + strings.Join(parts, "；") + "。"
}

// anyPrevious reports whether last year's results were given (some unit has them).
func (m *reportModel) anyPrevious() bool {
	for _, u := range m.units {
		if u.Previous != nil {
			return true
		}
	}
	return false
}
