package templates

import (
	"math"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// A small framework for the PDF tests: 9 units in 3 groups (one never submits),
// nested groups, an indicator that applies to 县级市 only, a bonus group.
const pdfTestFramework = `schema: dteval/framework/v1
id: test-pdf
title: 测试市数字化转型评估指标体系
version: "2025.1"
year: 2025
regulation: wuxi-2023
issuer: 测试市数据局
units:
  - {id: jy, name: 江阴市, group: 县级市}
  - {id: yx, name: 宜兴市, group: 县级市}
  - {id: lx, name: 梁溪区, group: 区}
  - {id: xs, name: 锡山区, group: 区}
  - {id: hs, name: 惠山区, group: 区}
  - {id: bh, name: 滨湖区, group: 区}
  - {id: xw, name: 新吴区, group: 区}
  - {id: kf, name: 经济开发区, group: 功能区}
  - {id: ns, name: 未交区, group: 区}
fields:
  - {id: population, name: 常住人口, unit: 万人, type: number, min: 0}
  - {id: stations_5g, name: 5G基站数, unit: 个, type: integer, min: 0}
  - {id: gigabit, name: 千兆宽带用户占比, unit: "%", type: percent}
  - {id: infra_plan, name: 数字基础设施专项规划, type: boolean}
  - {id: cloud_rate, name: 工业企业上云率, unit: "%", type: percent}
  - {id: smart_factories, name: 智能工厂数, unit: 个, type: integer}
  - {id: app_users, name: 生活服务平台注册用户占比, unit: "%", type: percent}
  - {id: scenes, name: 数字生活场景数, unit: 个, type: integer}
  - {id: national_pilots, name: 国家级试点示范, unit: 个, type: integer, required: false}
  - {id: major_incident, name: 发生重大网络和数据安全事件, type: boolean, required: false}
method:
  decimals: 2
  grades: [{min: 85, label: 优秀}, {min: 70, label: 良好}, {min: 60, label: 合格}, {min: 0, label: 待提升}]
  sensitivity: {runs: 200, weight_spread: 0.25, alternatives: [minmax, rank], seed: 2025}
index:
  id: dti
  name: 数字化转型发展指数
  children:
    - id: infra
      name: 数字技术创新与基础设施建设
      chapter: 2
      weight: 40
      children:
        - id: infra_net
          name: 网络基础设施
          weight: 2
          children:
            - {id: inf_5g, name: 每万人5G基站数, article: 16, value: stations_5g / population, unit: 个/万人, normalize: {method: goalpost, lo: 0, hi: 40}}
            - {id: inf_gig, name: 千兆宽带用户占比, article: 16, value: gigabit, unit: "%", normalize: {method: goalpost, lo: 10, hi: 60}}
        - {id: inf_plan, name: 数字基础设施专项规划编制实施, article: 14, applies_to: [县级市], value: infra_plan, normalize: boolean}
    - id: econ
      name: 经济数字化转型
      chapter: 3
      weight: 35
      children:
        - {id: eco_cloud, name: 工业企业上云率, article: 21, value: cloud_rate, unit: "%", normalize: {method: goalpost, lo: 10, hi: 40}}
        - {id: eco_smart, name: 智能工厂数, article: 22, value: smart_factories, unit: 个, normalize: minmax}
    - id: life
      name: 生活数字化转型
      chapter: 4
      weight: 25
      children:
        - {id: lif_app, name: 生活服务平台注册用户占比, article: 29, value: app_users, unit: "%", normalize: {method: goalpost, lo: 20, hi: 80}}
        - {id: lif_scene, name: 数字生活场景数, article: 33, value: scenes, unit: 个, normalize: minmax}
    - id: bonus
      name: 加分项
      kind: bonus
      cap: 5
      children:
        - {id: bonus_pilot, name: 国家级试点示范, article: 11, value: national_pilots, points_each: 1, cap: 3}
    - id: veto
      name: 否决事项
      kind: veto
      children:
        - {id: veto_incident, name: 发生重大网络和数据安全事件, article: 50, value: major_incident, grade_cap: 合格}
`

// Contact data that appears in findings (internal) and must never reach the public PDF.
var contactStrings = []string{"张三", "13812345678", "zhangsan@example.com", "320200198001011234"}

// pdfFixture returns the test framework, a hand-built results set and findings.
// Scores are made up but consistent: node scores are the point-weighted means of
// their children, ranks come from evaluator.RankScores.
func pdfFixture(t testing.TB) (*evaluator.Framework, *evaluator.Results, evaluator.Findings) {
	t.Helper()
	fw, err := evaluator.LoadBytes("test-pdf.yaml", []byte(pdfTestFramework))
	if err != nil {
		t.Fatalf("load fixture framework: %v", err)
	}
	// indicator scores per unit (jy … kf); -1 = not applicable, -2 = missing (zero)
	scores := map[string][]float64{
		"inf_5g":      {88, 75.5, 92, 60, 70.25, 81, 95, 55},
		"inf_gig":     {70, 65, 80, 55, 62, 77, 90, 48},
		"inf_plan":    {100, 0, -1, -1, -1, -1, -1, -1},
		"eco_cloud":   {90, 85, 40, 72, 88, 66, 93, -2},
		"eco_smart":   {100, 80, 0, 45, 70, 35, 90, 20},
		"lif_app":     {75, 68, 85, 70, 66, 90, 82, 60},
		"lif_scene":   {60, 55, 100, 40, 50, 85, 75, 0},
		"bonus_pilot": {2, 0, 1, 0, 0, 3, 1, 0},
	}
	raw := map[string][]float64{
		"inf_5g":      {35.2, 30.2, 36.8, 24, 28.1, 32.4, 38, 22},
		"inf_gig":     {45, 42.5, 50, 37.5, 41, 48.5, 55, 34},
		"eco_cloud":   {37, 35.5, 22, 31.6, 36.4, 29.8, 37.9, 0},
		"eco_smart":   {40, 32, 0, 18, 28, 14, 36, 8},
		"lif_app":     {65, 60.8, 71, 62, 59.6, 74, 69.2, 56},
		"lif_scene":   {12, 11, 20, 8, 10, 17, 15, 0},
		"bonus_pilot": {2, 0, 1, 0, 0, 3, 1, 0},
	}
	res := &evaluator.Results{
		Schema:    evaluator.ResultsSchema,
		Framework: evaluator.FrameworkRef{ID: fw.ID, Version: fw.Version, Title: fw.Title, SHA256: fw.SHA256},
		Year:      2025, Date: "2026-03-01",
		Tool:         evaluator.ToolRef{Name: "dteval", Version: "test"},
		NotSubmitted: []string{"ns"},
		Sensitivity:  &evaluator.SensitivitySummary{Runs: 200, Seed: 2025, WeightSpread: 0.25, Alternatives: []string{"minmax", "rank"}, MeanAbsRankShift: 0.4275},
		Findings:     evaluator.FindingCounts{Error: 0, Warning: 3, ByCode: map[string]int{"value-coerced": 2, "change-large": 1}},
		Adjustments: []evaluator.Adjustment{
			{Unit: "xs", Field: "smart_factories", Old: pfp(25), New: pfp(18), Reason: "7家企业未通过省级智能工厂认定", By: "李四", Date: "2026-02-10"},
		},
	}
	units := fw.Units[:8]
	for i, fu := range units {
		u := evaluator.UnitResult{ID: fu.ID, Name: fu.Name, Group: fu.Group,
			Nodes: map[string]evaluator.NodeResult{}, Indicators: map[string]evaluator.IndicatorResult{}, Fields: map[string]any{}}
		res.Inputs = append(res.Inputs, evaluator.Input{Unit: fu.ID, File: fu.ID + ".xlsx", SHA256: sha(fu.ID)})
		for id, ss := range scores {
			s := ss[i]
			ir := evaluator.IndicatorResult{Score: s}
			switch {
			case s == -1:
				ir = evaluator.IndicatorResult{NA: true}
			case s == -2:
				ir = evaluator.IndicatorResult{Missing: true, Score: 0}
			default:
				if id == "inf_plan" {
					ir.Text = map[bool]string{true: "是", false: "否"}[s == 100]
				} else {
					ir.Raw, ir.Value = pfp(raw[id][i]), pfp(raw[id][i])
				}
			}
			if id == "eco_smart" && fu.ID == "jy" {
				ir.Treated = true
				ir.Value = pfp(36.5)
			}
			u.Indicators[id] = ir
		}
		var agg func(n *evaluator.Node) (float64, bool)
		agg = func(n *evaluator.Node) (float64, bool) {
			if n.IsLeaf() {
				ir := u.Indicators[n.ID]
				return ir.Score, !ir.NA
			}
			sum, w := 0.0, 0.0
			for _, c := range n.Children {
				if c.OutsideIndex() {
					continue
				}
				s, ok := agg(c)
				if ok {
					sum += s * c.Weight
					w += c.Weight
				}
			}
			if w == 0 {
				u.Nodes[n.ID] = evaluator.NodeResult{NA: true}
				return 0, false
			}
			u.Nodes[n.ID] = evaluator.NodeResult{Score: sum / w}
			return sum / w, true
		}
		idx, _ := agg(fw.Index)
		u.Bonus = u.Indicators["bonus_pilot"].Score
		u.Score = idx + u.Bonus
		u.Grade = evaluator.GradeFor(u.Score, fw.Method.Grades, 2)
		// 新吴区 had a major security incident: the veto caps its 优秀 at 合格
		u.Indicators["veto_incident"] = evaluator.IndicatorResult{Raw: pfp(0), Value: pfp(0), Text: "否"}
		if fu.ID == "xw" {
			u.Indicators["veto_incident"] = evaluator.IndicatorResult{Raw: pfp(1), Value: pfp(1), Text: "是"}
			u.Vetoes, u.UncappedGrade = []string{"veto_incident"}, u.Grade
			u.Grade = evaluator.CapGrade(u.Grade, "合格", fw.Method.Grades)
		}
		res.Units = append(res.Units, u)
	}
	// ranks: overall, group, nodes, indicators
	n := len(res.Units)
	col := func(f func(u *evaluator.UnitResult) (float64, bool)) ([]float64, []bool) {
		xs, inc := make([]float64, n), make([]bool, n)
		for i := range res.Units {
			xs[i], inc[i] = f(&res.Units[i])
		}
		return xs, inc
	}
	groups := make([]string, n)
	for i, u := range res.Units {
		groups[i] = u.Group
	}
	xs, _ := col(func(u *evaluator.UnitResult) (float64, bool) { return u.Score, true })
	rk := evaluator.RankScores(xs, nil, 2)
	grk := evaluator.RankWithinGroups(xs, nil, groups, 2)
	for i := range res.Units {
		res.Units[i].Rank, res.Units[i].GroupRank = rk[i], grk[i]
	}
	for _, g := range fw.Groups() {
		xs, inc := col(func(u *evaluator.UnitResult) (float64, bool) { nr := u.Nodes[g.ID]; return nr.Score, !nr.NA })
		rk := evaluator.RankScores(xs, inc, 2)
		for i := range res.Units {
			nr := res.Units[i].Nodes[g.ID]
			if !nr.NA {
				nr.Rank = rk[i]
			}
			res.Units[i].Nodes[g.ID] = nr
		}
	}
	for id := range scores {
		xs, inc := col(func(u *evaluator.UnitResult) (float64, bool) { ir := u.Indicators[id]; return ir.Score, !ir.NA })
		rk := evaluator.RankScores(xs, inc, 2)
		for i := range res.Units {
			ir := res.Units[i].Indicators[id]
			if !ir.NA {
				ir.Rank = rk[i]
			}
			res.Units[i].Indicators[id] = ir
		}
	}
	// sensitivity and previous year
	for i := range res.Units {
		u := &res.Units[i]
		lo, hi := max(1, u.Rank-1-i%2), min(n, u.Rank+i%3)
		u.Sensitivity = &evaluator.UnitSensitivity{NominalRank: u.Rank, MedianRank: u.Rank, P05: lo, P95: hi}
		switch i % 4 {
		case 0:
			cs := u.Score - 3.9234
			cr := u.Rank + 1
			u.Previous = &evaluator.PreviousResult{Score: cs - 1.2, Rank: cr, Grade: "良好", ComparableScore: &cs, ComparableRank: &cr,
				ScoreChange: pfp(u.Score - cs), RankChange: pip(cr - u.Rank)}
		case 1:
			cs := u.Score + 2.5
			cr := u.Rank
			u.Previous = &evaluator.PreviousResult{Score: cs, Rank: cr, Grade: "良好", ComparableScore: &cs, ComparableRank: &cr,
				ScoreChange: pfp(u.Score - cs), RankChange: pip(0)}
		case 2:
			u.Previous = &evaluator.PreviousResult{Score: 71.5, Rank: 4, Grade: "良好", Reason: "上年未填报字段 scenes"}
		}
	}
	findings := evaluator.Findings{
		{Severity: evaluator.SevWarning, Code: evaluator.CodeValueCoerced, Unit: "jy", File: "jy.xlsx", Sheet: "数据填报", Cell: "E12", Field: "population",
			Message: "填报值“1,654”按数字 1654 读取（联系人张三 13812345678）"},
		{Severity: evaluator.SevWarning, Code: evaluator.CodeChangeLarge, Unit: "jy", File: "jy.xlsx", Sheet: "数据填报", Cell: "E14", Field: "smart_factories",
			Message: "智能工厂数较上年增长 150%，请核实（zhangsan@example.com）"},
		{Severity: evaluator.SevWarning, Code: evaluator.CodeValueCoerced, Unit: "xs", File: "xs.xlsx", Sheet: "数据填报", Cell: "E9", Field: "gigabit",
			Message: "填报值“37.5%”按 37.5 读取（身份证号 320200198001011234）"},
	}
	return fw, res, findings
}

func sha(s string) string {
	h := uint64(1469598103934665603)
	out := make([]byte, 0, 64)
	for len(out) < 64 {
		for _, c := range []byte(s) {
			h ^= uint64(c)
			h *= 1099511628211
		}
		out = append(out, "0123456789abcdef"[h%16])
	}
	return string(out)
}

var _ = math.Abs

func pfp(x float64) *float64 { return &x }
func pip(x int) *int         { return &x }
