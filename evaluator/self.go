package evaluator

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"go.yaml.in/yaml/v3"
)

// Self-assessment (本级评估, kind: self): one government measures itself against the
// targets of its own plan. Each indicator has a baseline b (its value in the plan's
// base year y_b) and a target T (the value planned for year y_T).

// Status of an indicator in a year against its plan (results.json codes; the words
// shown are in StatusNames).
const (
	StatusMet     = "met"      // 已完成: the target is reached
	StatusOnTrack = "on-track" // 进展顺利: achievement at least the elapsed share of the plan period
	StatusBehind  = "behind"   // 进度滞后
)

// StatusNames are the words every output shows for the status codes.
var StatusNames = map[string]string{
	StatusMet:     "已完成",
	StatusOnTrack: "进展顺利",
	StatusBehind:  "进度滞后",
}

// Achievement is the share of the planned change from the baseline b to the target
// t that value x has made: a = (x − b)/(t − b), for direction lower (b − x)/(b − t),
// the same formula (SPEC §5.4, kind self). met says the target is reached (x ≥ t;
// lower: x ≤ t). When the target does not lie beyond the baseline in the indicator's
// direction (it was already met in the base year, or t = b), the change has no
// size: a is 1 while the target is still met and 0 once it is not. a is not clipped:
// 1.2 means 20 % beyond the planned change.
func Achievement(x, b, t float64, lower bool) (a float64, met bool) {
	met = x >= t
	ahead := t > b // the plan asks for a rise
	if lower {
		met = x <= t
		ahead = t < b
	}
	if !ahead {
		if met {
			return 1, true
		}
		return 0, false
	}
	return (x - b) / (t - b), met
}

// AchievementScore is 100·clip(a, 0, 1); a met target scores 100.
func AchievementScore(x, b, t float64, lower bool) float64 {
	a, met := Achievement(x, b, t, lower)
	if met {
		return 100
	}
	if math.IsNaN(a) {
		return 0
	}
	return 100 * clip01(a)
}

// PlanStatus is the status in year y: met; on track when a ≥ (y − y_b)/(y_T − y_b),
// the share of the plan period elapsed; else behind (a target year passed without
// the target met is behind).
func PlanStatus(a float64, met bool, y, baseYear, targetYear int) string {
	if met {
		return StatusMet
	}
	elapsed := float64(y-baseYear) / float64(targetYear-baseYear)
	if a >= elapsed {
		return StatusOnTrack
	}
	return StatusBehind
}

// checkSelf checks what kind: self asks of a framework, and gives every indicator
// with a target its achievement scoring.
func (d *dec) checkSelf(fw *Framework) {
	self := fw.Kind == FrameworkSelf
	if self {
		if len(fw.Units) != 1 {
			d.errorf(d.unitsNode, "本级评估（kind: self）只评估一个单位（本级人民政府自身），这里列了 %d 个；评估下一级的多个单位请去掉 kind: self", len(fw.Units))
		}
		fw.Method.Sensitivity.Runs = 0 // one unit: no ranks to perturb
		fw.selfSplit = true
	}
	fw.Walk(func(n *Node) {
		np := d.np[n]
		if np == nil {
			np = &nodePos{}
		}
		if self && (n.Kind == KindBonus || n.Kind == KindPenalty || n.Kind == KindVeto) {
			d.errorf(firstNode(np.kind, nodeYAML(d, n)), "本级评估（kind: self）不设加分项、扣分项和否决事项：请把它改为带 baseline 和 target 的指标")
			return
		}
		if n.Kind != KindIndicator || n.InBonusPenalty() || n.InVeto() {
			return
		}
		has := n.Baseline != nil || n.Target != nil
		if !self {
			if has {
				d.errorf(firstNode(np.target, np.baseline), "baseline 和 target 只用于本级评估（kind: self）；对下一级单位的评估请用 normalize 设定计分方法")
			}
			return
		}
		if n.Baseline == nil || n.Target == nil {
			missing := "baseline"
			if n.Baseline != nil {
				missing = "target"
			}
			d.errorf(nodeYAML(d, n), "本级评估（kind: self）的指标 %q 需要 %s（{year: 年度, value: 数值}）：按基期值和目标值计算完成度", n.ID, missing)
			return
		}
		if np.normalize != nil {
			d.errorf(np.normalize, "指标 %q 有 target，按目标完成度计分（(实际值 − 基期值)/(目标值 − 基期值)），不能再用 normalize %s；请删除 normalize", n.ID, n.Normalize.Method)
		}
		b, t := n.Baseline, n.Target
		if t.Year <= b.Year {
			d.errorf(yearNode(np.target), "target 的年度 %d 应晚于 baseline 的年度 %d（目标年度在基期之后）", t.Year, b.Year)
		}
		if fw.Year <= b.Year {
			d.errorf(yearNode(np.baseline), "baseline 的年度 %d 应早于评估年度 %d", b.Year, fw.Year)
		}
		n.Normalize = Normalize{Method: NormAchievement, Lo: b.Value, Hi: t.Value}
	})
}

func firstNode(ns ...*yaml.Node) *yaml.Node {
	for _, n := range ns {
		if n != nil {
			return n
		}
	}
	return nil
}

// yearNode is the year value of a {year, value} mapping, else the mapping.
func yearNode(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "year" {
				return n.Content[i+1]
			}
		}
	}
	return n
}

// ForYear returns a copy of fw that evaluates year y: a self-assessment validates
// and scores each year of its plan period as a year of its own.
func (fw *Framework) ForYear(y int) *Framework {
	c := *fw
	c.Year = y
	c.selfSplit = false // a year of its own: its rows are not split again
	return &c
}

// SplitYears groups the rows of a self-assessment's tables by their year column (a
// row without one belongs to the framework's year). A year that cannot be read, or
// one after the evaluated year, is a year-mismatch error and its row is left out.
func SplitYears(fw *Framework, raws []*RawSubmission) (map[int][]*RawSubmission, Findings) {
	out := map[int][]*RawSubmission{}
	var fs Findings
	for _, r := range raws {
		y := fw.Year
		if r.Year != "" {
			var ok bool
			y, ok = parseYear(r.Year)
			if !ok || y > fw.Year || y < 1900 {
				p := r.YearCell
				fs = append(fs, Finding{Severity: SevError, Code: CodeYearMismatch, Unit: r.Unit, File: p.File, Sheet: p.Sheet, Cell: p.Cell,
					Message: fmt.Sprintf("%s 的年度「%s」无效：本级评估的汇总表每行一个年度，年度应为 %d 年或更早（如 %d）；请改正 year 列", where(p), clip(r.Year), fw.Year, fw.Year)})
				continue
			}
		}
		out[y] = append(out[y], r)
	}
	return out, fs
}

// ErrNoCurrentYear: a self-assessment has no data for the evaluated year.
var ErrNoCurrentYear = errors.New("本级评估的汇总表中没有评估年度的数据")

// ScoreSelf scores a self-assessment (kind self): each year's dataset (by year, as
// SplitYears and ValidateAll make them) is scored as its own year, and the evaluated
// year's results get the plan: per indicator the baseline, the target, the
// achievement and status, and the series of every year from the one after the
// baseline to the evaluated one (null in a year without a value); per unit the
// index and group scores of every year with data.
func ScoreSelf(fw *Framework, years map[int]*Dataset, opt ScoreOptions) (*Results, error) {
	if fw.Kind != FrameworkSelf {
		return nil, errors.New("score: not a self-assessment framework")
	}
	if years[fw.Year] == nil {
		return nil, fmt.Errorf("%w（%d 年）", ErrNoCurrentYear, fw.Year)
	}
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	byYear := map[int]*Results{}
	for _, y := range ys {
		o := opt
		o.Findings = nil
		r, err := Score(fw.ForYear(y), years[y], o)
		if err != nil {
			return nil, err
		}
		byYear[y] = r
	}
	res := byYear[fw.Year]
	res.Kind = FrameworkSelf
	var all Findings
	all = append(all, opt.Findings...)
	for _, y := range ys {
		all = append(all, byYear[y].AllFindings...)
	}
	res.AllFindings = all
	res.Findings = FindingCounts{Error: all.Errors(), Warning: all.Warnings(), ByCode: all.ByCode()}
	if len(res.Units) == 0 {
		return res, nil
	}
	u := &res.Units[0]
	unitIn := func(r *Results) *UnitResult {
		for i := range r.Units {
			if r.Units[i].ID == u.ID {
				return &r.Units[i]
			}
		}
		return nil
	}
	for _, y := range ys {
		if uy := unitIn(byYear[y]); uy != nil {
			p := UnitYear{Year: y, Score: uy.Score, Nodes: map[string]float64{}}
			for id, nr := range uy.Nodes {
				if !nr.NA && !nr.Dropped {
					p.Nodes[id] = nr.Score
				}
			}
			u.Series = append(u.Series, p)
		}
	}
	for _, n := range fw.Leaves() {
		if n.Target == nil || n.Baseline == nil {
			continue
		}
		ir := u.Indicators[n.ID]
		b, t := n.Baseline, n.Target
		lower := n.Direction == DirLower
		ir.Baseline = &PlanValue{Year: b.Year, Value: b.Value, Source: b.Source}
		ir.Target = &PlanValue{Year: t.Year, Value: t.Value, Source: t.Source}
		ir.Series = nil
		for y := b.Year + 1; y <= fw.Year; y++ {
			p := SeriesPoint{Year: y}
			if r := byYear[y]; r != nil {
				if uy := unitIn(r); uy != nil {
					if yi, ok := uy.Indicators[n.ID]; ok && yi.Raw != nil {
						x := *yi.Raw
						a, met := Achievement(x, b.Value, t.Value, lower)
						sc := AchievementScore(x, b.Value, t.Value, lower)
						p.Value, p.Achievement, p.Score = &x, &a, &sc
						p.Status = PlanStatus(a, met, y, b.Year, t.Year)
					}
				}
			}
			ir.Series = append(ir.Series, p)
		}
		if len(ir.Series) == 0 {
			continue
		}
		if last := ir.Series[len(ir.Series)-1]; last.Value != nil {
			ir.Achievement = last.Achievement
			ir.Status = last.Status
		}
		u.Indicators[n.ID] = ir
	}
	return res, nil
}
