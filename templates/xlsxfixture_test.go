package templates

import (
	"os"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// Strings that appear in the fixture's inputs but must never reach a public output:
// free text from a submission, a person's name, a phone number, a finding's message.
var xlSecrets = []string{"张三", "13800000000", "李四", "SECRET-MESSAGE", "evidence-ref.pdf"}

func xlFixtureFramework(t testing.TB) *evaluator.Framework {
	t.Helper()
	src, err := os.ReadFile("testdata/xlsx-framework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fw, err := evaluator.LoadBytes("xlsx-framework.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

func xlFP(x float64) *float64 { return &x }
func xlIP(x int) *int         { return &x }

// xlFixtureResults is a hand-built results.json for the fixture framework: 7 scored
// units (a tie at rank 2, a score of 59.995 that shows as 60.00), 新吴区 未提交, an
// imputed, a treated, a missing and a not-applicable indicator, last year's results
// (one not comparable, one fallen back), sensitivity, an adjustment and finding
// counts. The numbers need not follow from the framework: the renderers only show them.
func xlFixtureResults() *evaluator.Results {
	type spec struct {
		id, name, group, grade   string
		score, bonus             float64
		rank, grank              int
		infra, compute, gov      float64
		inf5g, raw5g             float64
		plan                     string
		cdo                      string
		online                   *float64
		sens                     [4]int
		prev                     *evaluator.PreviousResult
		computeRaw, computeScore *float64
	}
	specs := []spec{
		{id: "jy", name: "江阴市", group: "县级市", grade: "优秀", score: 91.2345, bonus: 1, rank: 1, grank: 1,
			infra: 92.5, compute: 90, gov: 85.7035, inf5g: 95, raw5g: 38, plan: "A", cdo: "是", online: xlFP(96.25),
			sens: [4]int{1, 1, 1, 2}, prev: &evaluator.PreviousResult{Score: 88, Rank: 2, Grade: "良好", ComparableScore: xlFP(87.5), ComparableRank: xlIP(2), ScoreChange: xlFP(3.7345), RankChange: xlIP(1)},
			computeRaw: xlFP(0.82), computeScore: xlFP(88)},
		{id: "yx", name: "宜兴市", group: "县级市", grade: "良好", score: 85.5, rank: 2, grank: 2,
			infra: 84, compute: 80, gov: 88.5, inf5g: 86, raw5g: 34.4, plan: "B", cdo: "是", online: xlFP(91.5),
			sens: [4]int{2, 2, 2, 4}, computeRaw: xlFP(0.61), computeScore: xlFP(70)},
		{id: "lx", name: "梁溪区", group: "区", grade: "良好", score: 85.5, rank: 2, grank: 1,
			infra: 86, compute: 75, gov: 84.5, inf5g: 90, raw5g: 36, cdo: "是", online: xlFP(88),
			sens: [4]int{3, 2, 2, 3}, computeRaw: xlFP(0.5), computeScore: xlFP(75)},
		{id: "xs", name: "锡山区", group: "区", grade: "合格", score: 59.995, rank: 6, grank: 3,
			infra: 70, compute: 60, gov: 40.0, inf5g: 70, raw5g: 28, cdo: "否", online: nil,
			sens: [4]int{6, 6, 5, 7}, prev: &evaluator.PreviousResult{Score: 62, Rank: 5, Grade: "合格", Reason: "上年缺少字段 compute_pf"},
			computeRaw: xlFP(0.3), computeScore: xlFP(60)},
		{id: "hs", name: "惠山区", group: "区", grade: "合格", score: 72.126, rank: 4, grank: 2,
			infra: 74.1, compute: 66, gov: 69, inf5g: 80, raw5g: 32, cdo: "是", online: xlFP(62.1),
			sens: [4]int{4, 4, 3, 6}, computeRaw: nil, computeScore: xlFP(66)},
		{id: "bh", name: "滨湖区", group: "区", grade: "待提升", score: 40.1, rank: 7, grank: 4,
			infra: 45, compute: 40, gov: 30.3, inf5g: 45, raw5g: 80, cdo: "否", online: xlFP(27.27),
			sens: [4]int{7, 7, 6, 7}, prev: &evaluator.PreviousResult{Score: 45, Rank: 6, Grade: "待提升", ComparableScore: xlFP(44), ComparableRank: xlIP(6), ScoreChange: xlFP(-3.9), RankChange: xlIP(-1)},
			computeRaw: xlFP(0.2), computeScore: xlFP(40)},
		{id: "eq", name: `=HYPERLINK("http://x","点我")`, group: "功能区", grade: "合格", score: 66, rank: 5, grank: 1,
			infra: 66, compute: 70, gov: 66, inf5g: 60, raw5g: 24, cdo: "否", online: xlFP(75),
			sens: [4]int{5, 5, 4, 6}, computeRaw: xlFP(0.55), computeScore: xlFP(70)},
	}
	res := &evaluator.Results{
		Schema:    evaluator.ResultsSchema,
		Framework: evaluator.FrameworkRef{ID: "xlsx-test", Version: "2025.1", Title: "测试市数字化转型评估指标体系", SHA256: ""},
		Year:      2025,
		Date:      "2026-03-01",
		Tool:      evaluator.ToolRef{Name: "dteval", Version: "test"},
		Inputs: []evaluator.Input{
			{Unit: "jy", Role: evaluator.RoleWorkbook, File: "jiangyin.xlsx", SHA256: "1111111111111111111111111111111111111111111111111111111111111111"},
			{Role: evaluator.RoleTable, Source: "统计局", File: "values-2025.csv", SHA256: "2222222222222222222222222222222222222222222222222222222222222222"},
		},
		NotSubmitted: []string{"xw"},
		Adjustments: []evaluator.Adjustment{
			{Unit: "lx", Field: "stations_5g", Old: xlFP(5000), New: xlFP(4800), Reason: "核查后按实际在用基站数核减", By: "李四", Date: "2026-02-20"},
		},
		Sensitivity: &evaluator.SensitivitySummary{Runs: 100, Seed: 7, WeightSpread: 0.25, Alternatives: []string{"minmax", "rank"}, MeanAbsRankShift: 0.4286},
		Findings:    evaluator.FindingCounts{Error: 0, Warning: 3, ByCode: map[string]int{"value-coerced": 2, "change-large": 1}},
	}
	for _, s := range specs {
		u := evaluator.UnitResult{
			ID: s.id, Name: s.name, Group: s.group, Score: s.score, Rank: s.rank, GroupRank: s.grank, Grade: s.grade,
			Bonus: s.bonus,
			Nodes: map[string]evaluator.NodeResult{
				"dti":     {Score: s.score - s.bonus, Rank: s.rank, GroupRank: s.grank},
				"infra":   {Score: s.infra, Rank: s.rank, GroupRank: s.grank},
				"compute": {Score: s.compute, Rank: s.rank, GroupRank: s.grank},
				"gov":     {Score: s.gov, Rank: s.rank, GroupRank: s.grank},
			},
			Indicators: map[string]evaluator.IndicatorResult{},
			Fields: map[string]any{
				"population": 100.5, "stations_5g": s.raw5g * 100.5, "online_items": 90.0, "gov_items": 100.0,
				"cdo": s.cdo, "remark": "联系人张三 13800000000", "pilots": s.bonus,
			},
			Sensitivity: &evaluator.UnitSensitivity{NominalRank: s.sens[0], MedianRank: s.sens[1], P05: s.sens[2], P95: s.sens[3]},
			Previous:    s.prev,
		}
		u.Indicators["inf_5g"] = evaluator.IndicatorResult{Raw: xlFP(s.raw5g), Value: xlFP(s.raw5g), Score: s.inf5g, Rank: s.rank}
		if s.id == "bh" { // winsorised: raw 80, scored as 45
			u.Indicators["inf_5g"] = evaluator.IndicatorResult{Raw: xlFP(80), Value: xlFP(45), Score: s.inf5g, Rank: 1, Treated: true}
		}
		if s.computeRaw != nil {
			u.Indicators["inf_compute"] = evaluator.IndicatorResult{Raw: s.computeRaw, Value: s.computeRaw, Score: *s.computeScore}
			u.Fields["compute_pf"] = *s.computeRaw * 100.5
		} else { // imputed with the mean
			u.Indicators["inf_compute"] = evaluator.IndicatorResult{Raw: nil, Value: xlFP(0.4967), Score: *s.computeScore, Missing: true, Imputed: true}
			u.Fields["compute_pf"] = nil
		}
		if s.plan != "" {
			u.Indicators["inf_plan"] = evaluator.IndicatorResult{Raw: xlFP(map[string]float64{"A": 100, "B": 80}[s.plan]), Value: xlFP(map[string]float64{"A": 100, "B": 80}[s.plan]),
				Score: map[string]float64{"A": 100, "B": 80}[s.plan], Text: s.plan}
			u.Fields["plan_grade"] = s.plan
		} else {
			u.Indicators["inf_plan"] = evaluator.IndicatorResult{NA: true}
			u.Fields["plan_grade"] = "不适用"
		}
		if s.online != nil {
			u.Indicators["online_rate"] = evaluator.IndicatorResult{Raw: s.online, Value: s.online, Score: min(100, *s.online/90*100)}
		} else {
			u.Indicators["online_rate"] = evaluator.IndicatorResult{Missing: true, Score: 0}
		}
		cdoScore := 0.0
		if s.cdo == "是" {
			cdoScore = 100
		}
		u.Indicators["cdo"] = evaluator.IndicatorResult{Raw: xlFP(cdoScore / 100), Value: xlFP(cdoScore / 100), Score: cdoScore, Text: s.cdo}
		u.Indicators["bonus_pilots"] = evaluator.IndicatorResult{Raw: xlFP(s.bonus), Value: xlFP(s.bonus), Score: s.bonus}
		if s.id == "hs" {
			u.Fields["remark"] = "=cmd|' /C calc'!A0 evidence-ref.pdf"
		}
		res.Units = append(res.Units, u)
	}
	// Results.Units are in framework order.
	order := map[string]int{"jy": 0, "yx": 1, "lx": 2, "xs": 3, "hs": 4, "bh": 5, "eq": 7}
	for i := 1; i < len(res.Units); i++ {
		for j := i; j > 0 && order[res.Units[j].ID] < order[res.Units[j-1].ID]; j-- {
			res.Units[j], res.Units[j-1] = res.Units[j-1], res.Units[j]
		}
	}
	return res
}

// xlFixtureFindings are full findings as internal/findings.json would hold them.
func xlFixtureFindings() evaluator.Findings {
	return evaluator.Findings{
		{Severity: evaluator.SevWarning, Code: "value-coerced", Unit: "jy", File: "jiangyin.xlsx", Sheet: "数据填报", Cell: "E5", Field: "population", Message: "SECRET-MESSAGE 张三"},
		{Severity: evaluator.SevWarning, Code: "value-coerced", Unit: "lx", File: "liangxi.xlsx", Sheet: "数据填报", Cell: "E6", Field: "stations_5g", Message: "SECRET-MESSAGE"},
		{Severity: evaluator.SevWarning, Code: "change-large", Unit: "jy", File: "jiangyin.xlsx", Sheet: "数据填报", Cell: "E7", Field: "gov_items", Message: "SECRET-MESSAGE 13800000000"},
	}
}
