// Package synth builds the synthetic scale dataset of SPEC §11: a generic framework
// (no regulation map) of many units and indicators, and one filled submission
// workbook per unit, made with the real template writer and the example filler.
// Everything is seeded: the same Spec gives byte-identical files.
//
// The command is internal/cmd/dtgen; the benchmarks of evaluator and templates use
// this package directly.
package synth

import (
	"fmt"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
)

// Spec sizes a synthetic year.
type Spec struct {
	Units      int    // units (districts); 1,000 for SPEC §11
	Indicators int    // leaf indicators, bonus ones included; 200 for SPEC §11
	Runs       int    // sensitivity runs (0: none)
	Seed       uint64 // values seed
	Year       int    // data year; 0 means Year (a second year: Year+1 with another Seed)
}

// Scale is the size SPEC §11 asks for.
var Scale = Spec{Units: 1000, Indicators: 200, Runs: 1000, Seed: 1}

// Year is the data year of the synthetic framework unless Spec.Year says otherwise.
const Year = 2025

// year is the data year of s.
func (s Spec) year() int {
	if s.Year == 0 {
		return Year
	}
	return s.Year
}

// issueDate is the templates' date: 15 January of the year after the data year.
func (s Spec) issueDate() string {
	return fmt.Sprintf("%d-01-15", s.year()+1)
}

// Top-level groups and their sub-groups: a realistic tree of 6 chapters.
var chapters = []struct {
	id, name string
	weight   int
	subs     []string
}{
	{"infra", "数字基础设施", 15, []string{"网络设施", "算力设施", "创新平台"}},
	{"econ", "数字经济", 25, []string{"产业规模", "智能制造", "企业上云", "数字服务"}},
	{"life", "数字生活", 15, []string{"便民服务", "智慧医疗", "智慧教育"}},
	{"gov", "数字政府", 20, []string{"政务服务", "协同办公", "城市治理", "数据共享"}},
	{"eco", "数字生态", 15, []string{"数据要素", "人才标准", "安全保障"}},
	{"green", "绿色低碳", 10, []string{"能耗监测", "绿色数据中心"}},
}

// bonusCount leaf indicators of the 200 sit in the bonus group.
const bonusCount = 4

// Denominator fields shared by the ratio indicators ("x / gdp * 100").
var denominators = []struct {
	id, name, unit, typ string
	lo, hi              float64
}{
	{"population", "常住人口", "万人", "number", 5, 500},
	{"gdp", "地区生产总值", "亿元", "number", 50, 10000},
	{"enterprises", "规上工业企业数", "家", "integer", 10, 10000},
	{"gov_items", "政务服务事项总数", "项", "integer", 100, 5000},
}

// kind is how an indicator reads and scores its field.
type kind int

const (
	kGoalpost kind = iota
	kMinmax
	kTarget
	kLadder
	kBoolean
	kGrade
	kZscore
	kRank
	kRatio      // value: x / denominator * 100, goalpost
	kPerCapita  // value: x / population, minmax
	kOptional   // required: false, missing: reweight, minmax
	kLower      // direction: lower, goalpost
	kAppliesTo  // applies_to 县级市, boolean, allow_na
	kOnlineRate // the check-bound field: online_items / gov_items * 100, target
)

// mix cycles through the methods: goalpost and minmax dominate, as in real frameworks.
var mix = []kind{
	kGoalpost, kMinmax, kTarget, kRatio, kBoolean, kGoalpost, kLadder, kZscore,
	kMinmax, kGrade, kPerCapita, kRank, kGoalpost, kOptional, kLower, kTarget,
}

// indicator is one leaf of the synthetic tree, with the field it reads.
type indicator struct {
	i      int
	id     string // node id; the field id is "f" + the number
	field  string
	kind   kind
	weight int
}

func (s Spec) plan() []indicator {
	n := s.Indicators - bonusCount
	out := make([]indicator, 0, n)
	for i := range n {
		k := mix[i%len(mix)]
		switch {
		case i == 37:
			k = kAppliesTo
		case i == 53:
			k = kOnlineRate
		}
		out = append(out, indicator{i: i, id: fmt.Sprintf("ind%03d", i), field: fmt.Sprintf("f%03d", i), kind: k, weight: 1 + i%3})
	}
	return out
}

func unitID(u int) string { return fmt.Sprintf("u%04d", u+1) }

func unitGroup(u int) string {
	switch {
	case u%10 == 0:
		return "县级市"
	case u%10 < 8:
		return "区"
	}
	return "功能区"
}

func unitName(u int) string {
	suffix := map[string]string{"县级市": "市", "区": "区", "功能区": "开发区"}[unitGroup(u)]
	return fmt.Sprintf("示例%04d%s", u+1, suffix)
}

// FrameworkYAML is the synthetic framework file (schema dteval/framework/v1).
func FrameworkYAML(s Spec) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Synthetic scale framework (internal/synth): %d units × %d indicators.\n", s.Units, s.Indicators)
	b.WriteString("schema: dteval/framework/v1\nid: synthetic-scale\ntitle: 合成规模测试指标体系\nversion: \"1\"\n")
	fmt.Fprintf(&b, "year: %d\nissuer: 合成测试数据局\nunits:\n", s.year())
	for u := range s.Units {
		fmt.Fprintf(&b, "  - {id: %s, name: %s, group: %s}\n", unitID(u), unitName(u), unitGroup(u))
	}
	b.WriteString("fields:\n")
	for _, d := range denominators {
		fmt.Fprintf(&b, "  - {id: %s, name: %s, unit: %s, type: %s, min: %g, max: %g, source: 统计局, help: 评估年度年末数。}\n",
			d.id, d.name, d.unit, d.typ, d.lo, d.hi)
	}
	plan := s.plan()
	for _, in := range plan {
		writeField(&b, in)
	}
	for j := range bonusCount {
		fmt.Fprintf(&b, "  - {id: bonus%d, name: 新获国家级试点示范%d, unit: 个, type: integer, min: 0, max: 20, evidence: true, source: 数据局}\n", j, j+1)
	}
	for _, in := range plan {
		if in.kind == kOnlineRate { // the rule names the field only this kind writes
			b.WriteString("checks:\n  - rule: online_items <= gov_items\n    message: 全程网办事项数不得大于政务服务事项总数\n")
			break
		}
	}
	b.WriteString("method:\n  normalize: minmax\n  missing: zero\n  treat: winsorize\n  decimals: 2\n  publish: ranks\n")
	runs := s.Runs
	if runs <= 0 {
		runs = 0
	}
	fmt.Fprintf(&b, "  sensitivity: {runs: %d, weight_spread: 0.25, alternatives: [minmax, rank], seed: 1}\n", runs)
	b.WriteString("index:\n  id: index\n  name: 合成数字化发展指数\n  children:\n")
	// Deal the indicators to the sub-groups in order, as evenly as possible.
	var subs []string
	for _, c := range chapters {
		for k := range c.subs {
			subs = append(subs, fmt.Sprintf("%s_%d", c.id, k+1))
		}
	}
	per := make(map[string][]indicator)
	for i, in := range plan {
		g := subs[i*len(subs)/len(plan)]
		per[g] = append(per[g], in)
	}
	for _, c := range chapters {
		fmt.Fprintf(&b, "    - id: %s\n      name: %s\n      weight: %d\n      children:\n", c.id, c.name, c.weight)
		for k, sub := range c.subs {
			g := fmt.Sprintf("%s_%d", c.id, k+1)
			fmt.Fprintf(&b, "        - id: %s\n          name: %s\n          weight: %d\n", g, sub, 2+k%3)
			b.WriteString("          children:\n")
			for _, in := range per[g] {
				writeNode(&b, in)
			}
		}
	}
	b.WriteString("    - id: bonus\n      name: 加分项\n      kind: bonus\n      cap: 5\n      children:\n")
	for j := range bonusCount {
		fmt.Fprintf(&b, "        - {id: bonus_%d, name: 新获国家级试点示范%d, value: bonus%d, points_each: 1, cap: 2}\n", j, j+1, j)
	}
	return []byte(b.String())
}

func writeField(b *strings.Builder, in indicator) {
	name := fmt.Sprintf("合成字段%03d", in.i)
	switch in.kind {
	case kGoalpost, kMinmax, kZscore, kRank, kLower:
		fmt.Fprintf(b, "  - {id: %s, name: %s, unit: 个, type: number, min: 0, max: 1000, source: 统计局, help: 评估年度数。}\n", in.field, name)
	case kOptional:
		fmt.Fprintf(b, "  - {id: %s, name: %s, unit: 个, type: number, min: 0, max: 1000, required: false, source: 统计局}\n", in.field, name)
	case kTarget:
		fmt.Fprintf(b, "  - {id: %s, name: %s, unit: \"%%\", type: percent, min: 0, max: 100, source: 数据局, help: 完成比例。}\n", in.field, name)
	case kLadder:
		fmt.Fprintf(b, "  - {id: %s, name: %s, unit: 个, type: integer, min: 0, max: 100, evidence: true, source: 科技局}\n", in.field, name)
	case kBoolean:
		fmt.Fprintf(b, "  - {id: %s, name: 是否%s, unit: 是/否, type: boolean, evidence: true, source: 数据局}\n", in.field, name)
	case kAppliesTo:
		fmt.Fprintf(b, "  - {id: %s, name: 是否%s, unit: 是/否, type: boolean, allow_na: true, evidence: true, source: 数据局, help: 县级市填写，其他单位填“不适用”。}\n", in.field, name)
	case kGrade:
		fmt.Fprintf(b, "  - {id: %s, name: %s等级, unit: 等级, type: grade, grades: [A, B, C, D], evidence: true, source: 数据局}\n", in.field, name)
	case kRatio:
		fmt.Fprintf(b, "  - {id: %s, name: %s, unit: 亿元, type: number, min: 0, max: 10000, source: 统计局}\n", in.field, name)
	case kPerCapita:
		fmt.Fprintf(b, "  - {id: %s, name: %s, unit: 家, type: integer, min: 0, max: 100000, source: 市场监管局}\n", in.field, name)
	case kOnlineRate:
		fmt.Fprintf(b, "  - {id: online_items, name: 全程网办事项数, unit: 项, type: integer, min: 0, max: 5000, source: 政务服务管理办公室}\n")
	}
}

func writeNode(b *strings.Builder, in indicator) {
	name := fmt.Sprintf("合成指标%03d", in.i)
	head := fmt.Sprintf("            - {id: %s, name: %s, weight: %d", in.id, name, in.weight)
	var rest string
	switch in.kind {
	case kGoalpost:
		rest = fmt.Sprintf("value: %s, normalize: {method: goalpost, lo: 100, hi: 800}", in.field)
	case kLower:
		rest = fmt.Sprintf("value: %s, direction: lower, normalize: {method: goalpost, lo: 100, hi: 900}", in.field)
	case kMinmax:
		rest = fmt.Sprintf("value: %s, normalize: minmax", in.field)
	case kOptional:
		rest = fmt.Sprintf("value: %s, missing: reweight, normalize: minmax", in.field)
	case kZscore:
		rest = fmt.Sprintf("value: %s, normalize: zscore", in.field)
	case kRank:
		rest = fmt.Sprintf("value: %s, normalize: rank", in.field)
	case kTarget:
		rest = fmt.Sprintf("value: %s, normalize: {method: target, target: 100}", in.field)
	case kLadder:
		rest = fmt.Sprintf("value: %s, normalize: {method: ladder, steps: [{min: 15, score: 100}, {min: 10, score: 85}, {min: 6, score: 70}, {min: 3, score: 55}, {min: 1, score: 35}, {min: 0, score: 0}]}", in.field)
	case kBoolean:
		rest = fmt.Sprintf("value: %s, normalize: boolean", in.field)
	case kAppliesTo:
		rest = fmt.Sprintf("value: %s, applies_to: [县级市], normalize: boolean", in.field)
	case kGrade:
		rest = fmt.Sprintf("value: %s, normalize: {method: grade, scores: {A: 100, B: 80, C: 60, D: 40}}", in.field)
	case kRatio:
		rest = fmt.Sprintf("value: %s / gdp * 100, unit: \"%%\", normalize: {method: goalpost, lo: 0, hi: 30}", in.field)
	case kPerCapita:
		rest = fmt.Sprintf("value: %s / population, unit: 家/万人, normalize: minmax", in.field)
	case kOnlineRate:
		rest = "value: online_items / gov_items * 100, unit: \"%\", normalize: {method: target, target: 100}"
	}
	b.WriteString(head + ", " + rest + "}\n")
}

// Framework loads FrameworkYAML(s) as "framework.yaml".
func Framework(s Spec) (*evaluator.Framework, error) {
	return evaluator.LoadBytes("framework.yaml", FrameworkYAML(s))
}
