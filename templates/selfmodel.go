package templates

import (
	"fmt"
	"sort"
	"strings"
	"time"

	ev "github.com/wuxi-data/dteval/evaluator"
)

// selfModel is what the self-assessment (本级评估, kind: self) reports show: the one
// unit's indicators against their plan, by chapter, over the years. The PDF, the
// XLSX and the CSV are made from it.
type selfModel struct {
	fw       *ev.Framework
	res      *ev.Results
	opt      ReportOptions
	unit     *ev.UnitResult
	dec      int
	date     time.Time
	dateText string
	years    []int // every year shown: from the earliest series year to the evaluated one
	chapters []*selfChapter
	rows     []*selfRow // every indicator, tree order
}

type selfChapter struct {
	node *ev.Node
	rows []*selfRow
}

// selfRow is one indicator with its plan and its values by year.
type selfRow struct {
	node     *ev.Node
	chapter  *ev.Node
	ir       ev.IndicatorResult
	byYear   map[int]ev.SeriesPoint
	elapsed  float64 // share of the plan period elapsed in the evaluated year
	verified bool    // neither baseline nor target is marked 示例（未经核实）
}

func newSelfModel(fw *ev.Framework, res *ev.Results, opt ReportOptions) (*selfModel, error) {
	if fw == nil || res == nil || fw.Index == nil {
		return nil, fmt.Errorf("report: no framework or results")
	}
	m := &selfModel{fw: fw, res: res, opt: opt, dec: fw.Method.Decimals}
	if len(res.Units) != 1 {
		return nil, fmt.Errorf("report: a self-assessment has one unit, the results have %d", len(res.Units))
	}
	m.unit = &res.Units[0]
	var err error
	if m.date, m.dateText, err = reportDate(opt.Date, res.Date); err != nil {
		return nil, err
	}
	first := res.Year
	for _, p := range m.unit.Series {
		first = min(first, p.Year)
	}
	for _, c := range fw.Index.Children {
		if c.Kind != ev.KindGroup && c.Kind != ev.KindIndicator {
			continue
		}
		sc := &selfChapter{node: c}
		var walk func(n *ev.Node)
		walk = func(n *ev.Node) {
			if n.IsLeaf() {
				r := &selfRow{node: n, chapter: c, ir: m.unit.Indicators[n.ID], byYear: map[int]ev.SeriesPoint{}}
				for _, p := range r.ir.Series {
					r.byYear[p.Year] = p
					first = min(first, p.Year)
				}
				if n.Baseline != nil && n.Target != nil && n.Target.Year > n.Baseline.Year {
					r.elapsed = float64(res.Year-n.Baseline.Year) / float64(n.Target.Year-n.Baseline.Year)
				}
				r.verified = !unverified(n.Baseline) && !unverified(n.Target)
				sc.rows = append(sc.rows, r)
				m.rows = append(m.rows, r)
				return
			}
			for _, k := range n.Children {
				walk(k)
			}
		}
		walk(c)
		m.chapters = append(m.chapters, sc)
	}
	for y := first; y <= res.Year; y++ {
		m.years = append(m.years, y)
	}
	return m, nil
}

func unverified(p *ev.PlanPoint) bool {
	return p == nil || p.Source == "" || strings.Contains(p.Source, "未经核实")
}

// num formats x to the framework's decimals.
func (m *selfModel) num(x float64) string { return ev.FormatFixed(x, m.dec) }

// value formats an indicator value as given (shortest form, at most the decimals).
func (m *selfModel) value(x *float64) string {
	if x == nil {
		return ev.WordNoData
	}
	s := ev.FormatFixed(*x, m.dec)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// pct formats an achievement as a percentage: 0.753 → 75.3%.
func (m *selfModel) pct(a *float64) string {
	if a == nil {
		return ev.WordNoData
	}
	return ev.FormatFixed(100**a, 1) + "%"
}

func statusName(code string) string {
	if code == "" {
		return ev.WordNoData
	}
	return ev.StatusNames[code]
}

// counts of the evaluated year's statuses (no data under "").
func (m *selfModel) counts(rows []*selfRow) map[string]int {
	c := map[string]int{}
	for _, r := range rows {
		c[r.ir.Status]++
	}
	return c
}

func (m *selfModel) countsText(rows []*selfRow) string {
	c := m.counts(rows)
	parts := []string{
		fmt.Sprintf("%s %d 项", ev.StatusNames[ev.StatusMet], c[ev.StatusMet]),
		fmt.Sprintf("%s %d 项", ev.StatusNames[ev.StatusOnTrack], c[ev.StatusOnTrack]),
		fmt.Sprintf("%s %d 项", ev.StatusNames[ev.StatusBehind], c[ev.StatusBehind]),
	}
	if c[""] > 0 {
		parts = append(parts, fmt.Sprintf("本年度%s %d 项", ev.WordNoData, c[""]))
	}
	return strings.Join(parts, "，")
}

// behind lists the indicators behind schedule in the evaluated year, the furthest
// behind (elapsed share − achievement) first.
func (m *selfModel) behind() []*selfRow {
	var out []*selfRow
	for _, r := range m.rows {
		if r.ir.Status == ev.StatusBehind {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].elapsed-*out[i].ir.Achievement > out[j].elapsed-*out[j].ir.Achievement
	})
	return out
}

// nodeScore is a group's (or the index's) completion score in year y.
func (m *selfModel) nodeScore(id string, y int) (float64, bool) {
	for _, p := range m.unit.Series {
		if p.Year == y {
			if id == m.fw.Index.ID {
				return p.Score, true
			}
			s, ok := p.Nodes[id]
			return s, ok
		}
	}
	return 0, false
}

func (m *selfModel) anyUnverified() bool {
	for _, r := range m.rows {
		if !r.verified {
			return true
		}
	}
	return false
}

// planCell is a plan value for a narrow table cell: 2020年 10.2 (wraps after the year).
func (m *selfModel) planCell(p *ev.PlanPoint) string {
	if p == nil {
		return ""
	}
	return fmt.Sprintf("%d年 %s", p.Year, m.value(&p.Value))
}

// regulationRef is 「《title》」 of the framework's regulation map, "" for a framework
// without one: the code names no particular regulation.
func (m *selfModel) regulationRef() string {
	if m.fw.Reg == nil || m.fw.Reg.Title == "" {
		return ""
	}
	return "《" + m.fw.Reg.Title + "》"
}
