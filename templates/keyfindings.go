package templates

import (
	"fmt"
	"sort"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
)

// keyFindings are the 主要发现 generated from the data, one sentence group each,
// true for the data they describe: the spread of the totals (ties named together,
// one unit, all equal), the changes on last year (largest gain and fall; none when
// there is no comparable previous score), the chapter with the widest gap, the units
// below the pass line and the indicators on which most units scored below it. With
// publish: grades no unit is named by its score or change (no ranks to infer).
func (m *reportModel) keyFindings() []string {
	n := len(m.units)
	if n == 0 {
		return nil
	}
	noun := m.fw.UnitNoun()
	var out []string
	rounded := func(x float64) float64 { return evaluator.Round(x, m.dec) }
	// names of the units whose value (as printed) equals v
	namesAt := func(v float64, val func(*evaluator.UnitResult) (float64, bool)) []string {
		var names []string
		for _, u := range m.units {
			if x, ok := val(u); ok && rounded(x) == rounded(v) {
				names = append(names, u.Name)
			}
		}
		return names
	}
	total := func(u *evaluator.UnitResult) (float64, bool) { return u.Score, true }

	// 1. the totals
	var scores []float64
	for _, u := range m.units {
		scores = append(scores, u.Score)
	}
	st := newStat(scores)
	switch {
	case n == 1:
		u := m.units[0]
		out = append(out, fmt.Sprintf("本年度仅%s1个%s参加评估，综合得分%s分，评估等级为“%s”。", u.Name, noun, m.f(u.Score), u.Grade))
	case rounded(st.max) == rounded(st.min):
		out = append(out, fmt.Sprintf("参评的%d个%s综合得分相同，均为%s分。", n, noun, m.f(st.max)))
	case m.gradesOnly():
		out = append(out, fmt.Sprintf("参评的%d个%s综合得分平均为%s分，%s。", n, noun, m.f(st.mean), m.gradeCountsText()))
	default:
		out = append(out, fmt.Sprintf("参评的%d个%s综合得分平均为%s分，最高的是%s，最低的是%s，相差%s分。",
			n, noun, m.f(st.mean), namedValue(namesAt(st.max, total), m.f(st.max)+"分"),
			namedValue(namesAt(st.min, total), m.f(st.min)+"分"), m.f(rounded(st.max)-rounded(st.min))))
	}

	// 2. change on last year (same basis)
	var changes []float64
	up, down, level := 0, 0, 0
	change := func(u *evaluator.UnitResult) (float64, bool) {
		if u.Previous == nil || u.Previous.ScoreChange == nil {
			return 0, false
		}
		return *u.Previous.ScoreChange, true
	}
	for _, u := range m.units {
		if c, ok := change(u); ok {
			changes = append(changes, c)
			switch r := rounded(c); {
			case r > 0:
				up++
			case r < 0:
				down++
			default:
				level++
			}
		}
	}
	if len(changes) > 0 {
		cs := newStat(changes)
		var parts []string
		if up > 0 {
			parts = append(parts, fmt.Sprintf("%d个%s得分提高", up, noun))
		}
		if down > 0 {
			parts = append(parts, fmt.Sprintf("%d个%s得分下降", down, noun))
		}
		if level > 0 {
			parts = append(parts, fmt.Sprintf("%d个%s持平", level, noun))
		}
		s := "与上年同口径相比，" + strings.Join(parts, "，")
		if up == 0 && down == 0 {
			s = fmt.Sprintf("与上年同口径相比，有可比数据的%d个%s得分均持平", level, noun)
		}
		if !m.gradesOnly() && n > 1 {
			if up > 0 {
				s += "；提高最多的是" + namedValue(namesAt(cs.max, change), m.signed(cs.max)+"分")
			}
			if down > 0 {
				s += "；下降最多的是" + namedValue(namesAt(cs.min, change), m.signed(cs.min)+"分")
			}
		}
		if len(changes) < n {
			s += fmt.Sprintf("；另有%d个%s无可比数据", n-len(changes), noun)
		}
		out = append(out, s+"。")
	}

	// 3. the chapter with the widest gap between units
	if n > 1 {
		type gap struct {
			name   string
			lo, hi float64
			spread float64
		}
		var gaps []gap
		for _, c := range m.chapters {
			s := m.nodeStat[c.ID]
			if s.n < 2 {
				continue
			}
			sp := rounded(s.max) - rounded(s.min)
			if rounded(sp) > 0 {
				gaps = append(gaps, gap{name: c.Name, lo: s.min, hi: s.max, spread: sp})
			}
		}
		sort.SliceStable(gaps, func(i, j int) bool { return gaps[i].spread > gaps[j].spread })
		if len(gaps) > 0 {
			g := gaps[0]
			out = append(out, fmt.Sprintf("分领域看，各%s差距最大的是%s，最高%s分、最低%s分，相差%s分。",
				noun, g.name, m.f(g.hi), m.f(g.lo), m.f(g.spread)))
		}
	}

	// 4. below the pass line (the lowest grade band, when there are several)
	if pass, low, ok := m.passLine(); ok {
		var below []string
		for _, u := range m.units {
			if u.Grade == low {
				below = append(below, u.Name)
			}
		}
		if len(below) == 0 {
			out = append(out, fmt.Sprintf("各%s综合得分均不低于%s分，没有评估等级为“%s”的%s。", noun, trimNum(pass, m.dec), low, noun))
		} else {
			out = append(out, fmt.Sprintf("%d个%s评估等级为“%s”（综合得分低于%s分）：%s。", len(below), noun, low, trimNum(pass, m.dec), strings.Join(below, "、")))
		}
		// 5. indicators on which most units scored below the pass line
		type weakInd struct {
			name       string
			below, all int
			mean       float64
		}
		var weak []weakInd
		for _, ind := range m.leaves {
			w := weakInd{name: ind.Name, mean: m.indStat[ind.ID].mean}
			for _, u := range m.units {
				ir, ok := u.Indicators[ind.ID]
				if !ok || ir.NA || ir.Dropped {
					continue
				}
				w.all++
				if rounded(ir.Score) < pass {
					w.below++
				}
			}
			if w.all >= 2 && 2*w.below > w.all {
				weak = append(weak, w)
			}
		}
		sort.SliceStable(weak, func(i, j int) bool {
			fi, fj := float64(weak[i].below)/float64(weak[i].all), float64(weak[j].below)/float64(weak[j].all)
			if fi != fj {
				return fi > fj
			}
			return weak[i].mean < weak[j].mean
		})
		if len(weak) > 0 {
			var parts []string
			for _, w := range weak[:min(3, len(weak))] {
				parts = append(parts, fmt.Sprintf("%s（%d个%s中%d个）", w.name, w.all, noun, w.below))
			}
			s := fmt.Sprintf("有%d项指标半数以上%s得分低于%s分", len(weak), noun, trimNum(pass, m.dec))
			if len(weak) > 3 {
				s += "，差距较大的是"
			} else {
				s += "："
			}
			out = append(out, s+strings.Join(parts, "、")+"。")
		}
	}
	return out
}

// passLine is the lowest score of the second-lowest grade band (60 for 合格) and
// the label of the lowest band (待提升); ok is false with fewer than two bands.
func (m *reportModel) passLine() (pass float64, low string, ok bool) {
	bands := append([]evaluator.GradeBand{}, m.fw.Method.Grades...)
	if len(bands) < 2 {
		return 0, "", false
	}
	sort.SliceStable(bands, func(i, j int) bool { return bands[i].Min < bands[j].Min })
	return bands[1].Min, bands[0].Label, true
}

// gradeCountsText is 评估等级为“优秀”的2个、“良好”的3个 (bands with units only).
func (m *reportModel) gradeCountsText() string {
	var parts []string
	for i, g := range m.byGrade() {
		if len(g) == 0 {
			continue
		}
		label := g[0].Grade
		if i < len(m.fw.Method.Grades) {
			label = m.fw.Method.Grades[i].Label
		}
		parts = append(parts, fmt.Sprintf("“%s”的%d个", label, len(g)))
	}
	return "评估等级为" + strings.Join(parts, "、")
}

// namedValue is 甲区（91.20分）, or for a tie 甲区、乙区（均为91.20分）.
func namedValue(names []string, value string) string {
	if len(names) > 1 {
		return strings.Join(names, "、") + "（均为" + value + "）"
	}
	return strings.Join(names, "、") + "（" + value + "）"
}
