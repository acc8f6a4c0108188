package evaluator

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// comparePrevious fills every unit's Previous (SPEC §5.8): last year's published
// score, rank and grade, and the comparable (同口径) score and rank — last year's
// submitted fields scored again under this year's framework against last year's
// units — with the changes measured against the comparable values:
// score_change = score − comparable_score, rank_change = comparable_rank − rank
// (positive: moved up). A unit absent from last year's results gets no Previous.
func comparePrevious(fw *Framework, res *Results, prev *Results) error {
	byID := map[string]*UnitResult{}
	for i := range prev.Units {
		byID[prev.Units[i].ID] = &prev.Units[i]
	}
	comp, compReason := comparableScores(fw, prev)
	for i := range res.Units {
		u := &res.Units[i]
		p, ok := byID[u.ID]
		if !ok {
			continue
		}
		pr := &PreviousResult{Score: p.Score, Rank: p.Rank, Grade: p.Grade}
		if c, ok := comp[u.ID]; ok && compReason == "" {
			pr.Nodes, pr.Indicators, pr.NotComparable = c.nodes, c.values, c.why
		}
		if compReason != "" {
			pr.Reason = compReason
		} else if c, ok := comp[u.ID]; ok && c.reason == "" {
			pr.ComparableScore = ptr(c.score)
			pr.ComparableRank = ptr(c.rank)
			pr.ScoreChange = ptr(u.Score - c.score)
			pr.RankChange = ptr(c.rank - u.Rank)
		} else if ok {
			pr.Reason = c.reason
		} else {
			pr.Reason = "上年结果中没有该" + fw.UnitNoun() + "的填报数据，无法按同口径重算"
		}
		u.Previous = pr
	}
	return nil
}

type comparable struct {
	score  float64
	rank   int
	reason string
	// the details (PreviousResult's Nodes, Indicators, NotComparable)
	nodes  map[string]float64
	values map[string]any
	why    map[string]string
}

// comparableScores scores last year's fields under this year's framework. It
// returns a reason instead when that cannot be done for any unit.
func comparableScores(fw *Framework, prev *Results) (map[string]comparable, string) {
	if UsesPrev(fw) {
		return nil, "本年指标体系使用了上年数据（prev），上年没有再上一年的数据，无法按同口径重算"
	}
	ds := &Dataset{Year: prev.Year, Units: map[string]map[string]Value{}}
	for _, pu := range prev.Units {
		if fw.UnitIndex(pu.ID) < 0 {
			continue
		}
		ds.Units[pu.ID] = valuesFromResultFields(fw, pu.Fields)
	}
	s := newScoring(fw, ds, nil)
	s.run()
	r := s.results()
	prevUnits := make(map[string]*UnitResult, len(prev.Units))
	for i := range prev.Units {
		prevUnits[prev.Units[i].ID] = &prev.Units[i]
	}
	out := map[string]comparable{}
	groups := fw.Groups()
	for i := range r.Units {
		u := &r.Units[i]
		c := comparable{score: u.Score, rank: u.Rank}
		unit, _ := fw.Unit(u.ID)
		pu := prevUnits[u.ID]
		if miss := missingPrevFields(fw, fw.Index, unit, pu.Fields); len(miss) > 0 {
			c.reason = "上年数据缺少本年指标所需字段：" + strings.Join(miss, "、")
		}
		c.nodes, c.values, c.why = comparableDetail(fw, groups, unit, pu, u)
		out[u.ID] = c
	}
	return out, ""
}

// comparableDetail is a unit's comparison with last year in detail: the
// comparable score of every group none of whose fields is absent from last year's
// results, and every indicator applying to the unit with last year's value under
// this year's definition, or null and why not (PrevMissing, PrevFaulty,
// PrevEdition). pu is the unit's published results of last year, cu its results
// scored again under this year's framework.
func comparableDetail(fw *Framework, groups []*Node, unit Unit, pu, cu *UnitResult) (map[string]float64, map[string]any, map[string]string) {
	nodes := map[string]float64{}
	for _, g := range groups {
		nr, ok := cu.Nodes[g.ID]
		if !ok || nr.NA || nr.Dropped || len(missingPrevFields(fw, g, unit, pu.Fields)) > 0 {
			continue
		}
		nodes[g.ID] = nr.Score
	}
	// a value dropped last year as faulty: the indicator of last year that read it
	// (same id as the field or as this year's indicator) carries the error's code
	faulty := map[string]bool{}
	for id, ir := range pu.Indicators {
		if ir.Error != "" {
			faulty[id] = true
		}
	}
	values, why := map[string]any{}, map[string]string{}
	fw.Walk(func(n *Node) {
		if n.Kind != KindIndicator || !n.AppliesToUnit(unit) {
			return
		}
		ir, ok := cu.Indicators[n.ID]
		if !ok {
			return
		}
		reads := fieldsRead(n)
		switch {
		case otherEdition(fw, reads, pu.Fields):
			values[n.ID], why[n.ID] = nil, PrevEdition
		case ir.NA:
			values[n.ID] = "不适用"
		case ir.Text != "":
			values[n.ID] = ir.Text
		case ir.Raw != nil:
			values[n.ID] = *ir.Raw
		case faulty[n.ID] || slices.ContainsFunc(reads, func(id string) bool { return faulty[id] && pu.Fields[id] == nil }):
			values[n.ID], why[n.ID] = nil, PrevFaulty
		default:
			values[n.ID], why[n.ID] = nil, PrevMissing
		}
	})
	return nodes, values, why
}

// otherEdition reports whether one of the fields (text fields aside) is absent
// from last year's results or holds a value of another kind than this year's
// type: last year's edition did not collect it the same way.
func otherEdition(fw *Framework, ids []string, fields map[string]any) bool {
	for _, id := range ids {
		f := fw.Field(id)
		if f == nil || f.Type == TypeText {
			continue
		}
		raw, ok := fields[id]
		if !ok || raw != nil && valueFromResultField(f, raw).Missing {
			return true
		}
	}
	return false
}

// missingPrevFields lists, in framework field order, the fields that this year's
// indicators under root applying to the unit read and that last year's results
// do not have.
func missingPrevFields(fw *Framework, root *Node, u Unit, fields map[string]any) []string {
	need := map[string]bool{}
	var walk func(n *Node)
	walk = func(n *Node) {
		if n.Kind == KindIndicator && n.AppliesToUnit(u) {
			for _, id := range fieldsRead(n) {
				need[id] = true
			}
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(root)
	var out []string
	for _, f := range fw.Fields {
		if !need[f.ID] || f.Type == TypeText {
			continue
		}
		if _, ok := fields[f.ID]; !ok {
			out = append(out, f.ID)
		}
	}
	return out
}

// valuesFromResultFields turns results.json "fields" back into typed values under
// fw's field types. A value of the wrong kind for this year's type is missing.
func valuesFromResultFields(fw *Framework, fields map[string]any) map[string]Value {
	out := map[string]Value{}
	for _, f := range fw.Fields {
		raw, ok := fields[f.ID]
		if !ok {
			continue
		}
		out[f.ID] = valueFromResultField(f, raw)
	}
	return out
}

func valueFromResultField(f *Field, raw any) Value {
	if s, ok := raw.(string); ok && s == "不适用" {
		return Value{NA: true}
	}
	switch f.Type {
	case TypeBoolean:
		if n, ok := prevFieldNumber(raw); ok {
			return Value{Num: n, Text: map[bool]string{true: "是", false: "否"}[n != 0]}
		}
	case TypeGrade:
		if s, ok := raw.(string); ok && s != "" {
			return Value{Text: s}
		}
	case TypeText:
	default:
		if n, ok := raw.(float64); ok {
			return Value{Num: n}
		}
	}
	return Value{Missing: true}
}

// ErrPreviousDraft: last year's results given as -previous are a draft
// (征求意见稿), not the published results.
var ErrPreviousDraft = errors.New("上年结果是征求意见稿（results.json 中 \"draft\": true），不是正式发布的结果：请使用正式发布的 results.json（生成时不加 -draft）")

// CheckPrevious reports whether last year's results can serve as -previous for fw:
// an earlier year. (A different framework id is fine: comparable scores exist to
// bridge framework changes.)
func CheckPrevious(fw *Framework, prev *Results) error {
	if prev.Draft {
		return ErrPreviousDraft
	}
	if prev.Year >= fw.Year {
		return fmt.Errorf("上年结果是 %d 年度的，不早于本次评估的 %d 年度：-previous 请使用 %d 年度或更早的 results.json", prev.Year, fw.Year, fw.Year-1)
	}
	return nil
}

// ReadPrevious reads last year's results (-previous) from path and checks that
// they can serve as such for fw (CheckPrevious; with fw nil, only that they are
// not a draft). The errors name the file.
func ReadPrevious(path string, fw *Framework) (*Results, error) {
	prev, err := ReadResultsFile(path)
	if err == nil && fw == nil && prev.Draft {
		err = ErrPreviousDraft
	} else if err == nil && fw != nil {
		err = CheckPrevious(fw, prev)
	}
	if err != nil && prev != nil {
		return nil, fmt.Errorf("%s：%w", path, err)
	}
	return prev, err
}

// CheckSameFramework reports whether res was computed with fw (SPEC §8: report
// refuses results made from another framework id, version or sha256).
func CheckSameFramework(fw *Framework, res *Results) error {
	r := res.Framework
	if r.ID == fw.ID && r.Version == fw.Version && r.SHA256 == fw.SHA256 {
		return nil
	}
	return fmt.Errorf("这份结果是用指标体系 %s %s 版（sha256 %.12s…）计算的，不是 %s %s 版（sha256 %.12s…）",
		r.ID, r.Version, r.SHA256, fw.ID, fw.Version, fw.SHA256)
}
