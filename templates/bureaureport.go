package templates

import (
	"fmt"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
)

// The parts of the public report that carry the bureau's own words (Narrative) and
// the generated 主要发现, where Chinese reports put them: 编制说明 and 主要发现
// before 一、总体情况; 典型案例, 存在问题 and 工作建议 as numbered sections after
// 五、排名稳定性 (a unit's own cases on its page); the contact and objection route,
// the 附件 list and the 落款 (issuer, date) after the body. A section without text
// leaves no heading.

const (
	secPreparation = "编制说明"
	secFindings    = "主要发现"
	secCases       = "典型案例"
	secProblems    = "存在问题"
	secSuggestions = "工作建议"
	secContact     = "联系方式与异议反馈渠道"
)

// frontTitles are the unnumbered sections before 一、总体情况.
func (r *publicReport) frontTitles() []string {
	var out []string
	if len(r.nar0().Preparation) > 0 {
		out = append(out, secPreparation)
	}
	if len(r.findings()) > 0 {
		out = append(out, secFindings)
	}
	return out
}

// nar0 is the bureau's narrative (an empty one when none was given).
func (r *publicReport) nar0() *Narrative {
	if n := r.m.opt.Narrative; n != nil {
		return n
	}
	return &Narrative{}
}

// findings are the generated 主要发现 followed by the bureau's.
func (r *publicReport) findings() []string {
	return append(r.m.keyFindings(), r.nar0().Findings...)
}

type tailSection struct {
	title string
	paras []string
	cases []Case
}

// tailTitles are the numbered sections after 五、排名稳定性 that have text,
// numbered on from 六.
func (r *publicReport) tailTitles() []tailSection {
	n := r.nar0()
	var out []tailSection
	add := func(name string, paras []string, cases []Case) {
		if len(paras) == 0 && len(cases) == 0 {
			return
		}
		out = append(out, tailSection{title: cnNumber(6+len(out)) + "、" + name, paras: paras, cases: cases})
	}
	add(secCases, nil, n.unitCases(""))
	add(secProblems, n.Problems, nil)
	add(secSuggestions, n.Suggestions, nil)
	if len(n.Contact) > 0 {
		out = append(out, tailSection{title: secContact, paras: n.Contact})
	}
	return out
}

func (r *publicReport) preparation() {
	paras := r.nar0().Preparation
	if len(paras) == 0 {
		return
	}
	d := r.d // on the web edition's home page, before 一、总体情况
	d.heading1(secPreparation, 20)
	d.paragraph(strings.Join(paras, "\n\n"))
	d.newPage()
}

func (r *publicReport) mainFindings() {
	fs := r.findings()
	if len(fs) == 0 {
		return
	}
	d := r.d // on the web edition's home page, before 一、总体情况
	d.heading1(secFindings, 20)
	var b strings.Builder
	for i, f := range fs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "%s是%s", cnNumber(i+1), f)
	}
	d.paragraph(b.String())
	d.newPage()
}

// unitCasesOn prints a unit's own cases on its page.
func (r *publicReport) unitCasesOn(unitID string) {
	cs := r.nar0().unitCases(unitID)
	if len(cs) == 0 {
		return
	}
	d := r.d
	d.heading3(secCases, 15)
	for _, c := range cs {
		text := strings.Join(c.Paragraphs, "\n\n")
		if c.Title != "" {
			text = c.Title + "。" + text
		}
		d.paragraph(text)
	}
}

func (r *publicReport) tailSections() {
	secs := r.tailTitles()
	if len(secs) == 0 {
		return
	}
	d := r.d
	d.newPage()
	for i, s := range secs {
		d.part(fmt.Sprintf("section-%d", i+6))
		d.heading1(s.title, 20)
		if len(s.paras) > 0 {
			d.paragraph(strings.Join(s.paras, "\n\n"))
		}
		for k, c := range s.cases {
			title := c.Title
			if title == "" {
				title = fmt.Sprintf("案例%d", k+1)
			}
			d.heading2(fmt.Sprintf("（%s）%s", cnNumber(k+1), title), 15)
			d.paragraph(strings.Join(c.Paragraphs, "\n\n"))
		}
	}
}

// closing is the 附件 list and the 落款 after the body (PUBLICATION.md).
func (r *publicReport) closing() {
	m, d := r.m, r.d
	d.ln(6)
	items := []string{annexInd, annexMethod, annexAdjust, annexSources}
	ls := []string{"附件："}
	for i, a := range items {
		name := strings.TrimSpace(a[strings.Index(a, " "):])
		ls = append(ls, fmt.Sprintf("%s%d. %s", "\u3000\u3000", i+1, name))
	}
	d.need(float64(len(ls)+4) * bodyLeading)
	d.lines(ls, false)
	var sign []string
	if m.fw.Issuer != "" {
		sign = append(sign, m.fw.Issuer)
	}
	if m.dateText != "" {
		sign = append(sign, m.dateText)
	}
	if len(sign) > 0 {
		d.ln(10)
		d.lines(sign, true)
	}
}

// profileMaxUnits: above it the public PDF keeps the one-page summary per unit and
// leaves every indicator's values to the feedback PDFs and the web edition (SPEC
// §11's time for 1,000 units).
const profileMaxUnits = 50

// unitIndicatorTable is the unit's profile table: every indicator, grouped by chapter,
// with the unit's value and unit, the city mean and best value (raw, not scores),
// the score and rank, and the data source with its reference period.
func (r *publicReport) unitIndicatorTable(u *evaluator.UnitResult) {
	m, d := r.m, r.d
	if len(m.units) > profileMaxUnits {
		return
	}
	var rows [][]string
	var bold []bool
	for _, c := range m.chapters {
		txt, _ := m.nodeScore(u, c)
		rows = append(rows, []string{c.Name, "", "", "", txt, "", ""})
		bold = append(bold, true)
		for _, n := range m.leavesUnder(c) {
			ir, ok := u.Indicators[n.ID]
			vs := m.valStat[n.ID]
			mean, best := "—", "—"
			if vs.n > 0 && !m.categorical(n) {
				mean = m.value(n, vs.mean)
				bv := vs.max
				if n.Direction == "lower" {
					bv = vs.min
				}
				best = m.value(n, bv)
			}
			rank := "—"
			if ok && !ir.NA && ir.Rank > 0 && !m.gradesOnly() {
				rank = fmt.Sprint(ir.Rank)
			}
			rows = append(rows, []string{"  " + n.Name, m.indicatorValue(n, ir), mean, best, m.indicatorScore(ir, ok), rank, m.sourceText(n)})
			bold = append(bold, false)
		}
	}
	cols := []column{{"指标", wideW - 132, "L"}, {"本" + m.fw.UnitNoun() + "数值", 24, "R"}, {evaluator.WordCityMean, 24, "R"},
		{evaluator.WordCityBest, 24, "R"}, {"得分", 14, "R"}, {"排名", 12, "C"}, {"来源", 34, "L"}}
	if m.gradesOnly() {
		cols[5].title = ""
	}
	d.drawTable(table{caption: "各项指标数值与全市平均和最好水平", x: wideLeft, cols: cols, rows: rows, size: sizeSmall - 0.5,
		bold: func(i int) bool { return bold[i] }})
	d.note("注：数值为按指标定义计算的原值，全市平均和全市最好为参评" + m.fw.UnitNoun() + "该指标原值的平均值和最好值（逆向指标以最小值为最好）；来源为数据提供部门及数据时期。")
}

// sourceText is an indicator's data source: the sources (and reference periods) of
// the fields it reads, or "—".
func (m *reportModel) sourceText(n *evaluator.Node) string {
	expr := n.Value
	if expr == "" {
		expr = n.ID
	}
	seen := map[string]bool{}
	var parts []string
	for _, id := range fieldIDRe.FindAllString(expr, -1) {
		f := m.fw.Field(id)
		if f == nil || f.Source == "" {
			continue
		}
		s := f.Source
		if f.Period != "" {
			s += "（" + f.Period + "）"
		}
		if !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, "、")
}

// categorical reports whether an indicator reads a 是/否 or graded field: its
// values have no mean (the city mean and best show as —).
func (m *reportModel) categorical(n *evaluator.Node) bool {
	id := strings.TrimSpace(n.Value)
	if id == "" {
		id = n.ID
	}
	f := m.fw.Field(id)
	return f != nil && (f.Type == evaluator.TypeBoolean || f.Type == evaluator.TypeGrade || f.Type == evaluator.TypeText)
}
