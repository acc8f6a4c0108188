package templates

import (
	"fmt"
	"math"
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
}

func (r *publicReport) mainFindings() {
	fs := r.findings()
	if len(fs) == 0 {
		return
	}
	d := r.d // on the web edition's home page, before 一、总体情况
	d.chapterBreak()
	d.heading1(secFindings, 20)
	var b strings.Builder
	for i, f := range fs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "%s是%s", cnNumber(i+1), f)
	}
	d.paragraph(b.String())
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
	r.inTail = true
	d := r.d
	for i, s := range secs {
		last := i == len(secs)-1
		d.chapterBreak()
		d.part(fmt.Sprintf("section-%d", i+6))
		d.heading1(s.title, 20)
		if len(s.paras) > 0 {
			r.keepClosing(last && len(s.cases) == 0)
			d.paragraph(strings.Join(s.paras, "\n\n"))
		}
		for k, c := range s.cases {
			title := c.Title
			if title == "" {
				title = fmt.Sprintf("案例%d", k+1)
			}
			d.heading2(fmt.Sprintf("（%s）%s", cnNumber(k+1), title), 15)
			r.keepClosing(last && k == len(s.cases)-1)
			d.paragraph(strings.Join(c.Paragraphs, "\n\n"))
		}
	}
}

// closing is the 附件 list and the 落款 after the body (PUBLICATION.md, after GB/T
// 9704-2012): 附件：1. … with the further items under the first, a blank line
// below the body; two blank lines down the issuer, centred over the date, which
// stands four characters in from the right margin.
func (r *publicReport) closing() {
	list, sign := r.closingLines()
	d := r.d
	d.need(r.closingHeight())
	d.ln(closingGap)
	d.lines(list, false)
	if len(sign) > 0 {
		d.ln(2 * closingGap)
		d.lines(sign, true)
	}
}

// keepClosing, when the block about to be drawn ends the body (ends is true and no
// tail section follows 五、), keeps the 附件 list and the 落款 with it.
func (r *publicReport) keepClosing(ends bool) {
	if ends && (r.inTail || len(r.tailTitles()) == 0) {
		r.d.keepNext(r.closingHeight())
	}
}

// closingGap is the space (mm) above the 附件 list, half of that above the 落款.
const closingGap = bodyLeading

// closingLines are the lines of the 附件 list and of the 落款 (issuer and date).
func (r *publicReport) closingLines() (list, sign []string) {
	m := r.m
	for i, a := range []string{annexInd, annexMethod, annexAdjust, annexSources} {
		name := strings.TrimSpace(a[strings.Index(a, " "):])
		lead := "\u3000\u3000附件："
		if i > 0 {
			lead = strings.Repeat("\u3000", 5)
		}
		list = append(list, fmt.Sprintf("%s%d. %s", lead, i+1, name))
	}
	issuer, date := m.fw.Issuer, m.dateText
	if issuer != "" && date != "" && r.pdf != nil {
		// centre the issuer over the date (in whole characters)
		r.pdf.serif(sizeBody)
		em := pt2mm(sizeBody)
		pad := int(math.Round((r.pdf.pdf.GetStringWidth(date) - r.pdf.pdf.GetStringWidth(issuer)) / 2 / em))
		if pad > 0 {
			issuer += strings.Repeat("\u3000", pad)
		} else if pad < 0 {
			date += strings.Repeat("\u3000", -pad)
		}
	}
	for _, s := range []string{issuer, date} {
		if s != "" {
			sign = append(sign, s)
		}
	}
	return list, sign
}

// closingHeight is the height (mm) of the 附件 list and the 落款.
func (r *publicReport) closingHeight() float64 {
	list, sign := r.closingLines()
	h := closingGap + float64(len(list))*bodyLeading
	if len(sign) > 0 {
		h += 2*closingGap + float64(len(sign))*bodyLeading
	}
	return h
}

// unitIndicatorTable is the unit's profile table (profileTable): in the PDF up to
// profileMaxUnits units, in the web edition always.
func (r *publicReport) unitIndicatorTable(u *evaluator.UnitResult) {
	if r.pdf != nil && len(r.m.units) > profileMaxUnits {
		return
	}
	m := r.m
	t, notes := m.profileTable(u, profileOpts{})
	t.caption = r.tableTitle(u.Name + t.caption)
	t.source = strings.Join(notes, "") + "数据来源：各" + m.fw.UnitNoun() + "填报数据，提供部门及数据时期见“来源”栏；" + m.by("计算") + "。"
	r.d.drawTable(t)
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
