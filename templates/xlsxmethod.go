package templates

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
)

// xlNormalizeParams describes a normalisation's parameters in words.
func xlNormalizeParams(n evaluator.Normalize, direction string) string {
	lower := direction == "lower"
	switch n.Method {
	case evaluator.NormMinmax:
		s := "全市最优者100分、最差者" + xlTrim(n.Lo, 4) + "分，其余按线性插值"
		return s
	case evaluator.NormGoalpost:
		a, z := "下门槛", "上门槛"
		s := fmt.Sprintf("%s %s，%s %s", a, xlTrim(n.Lo, 4), z, xlTrim(n.Hi, 4))
		if lower {
			s += "（不高于下门槛得100分，达到上门槛得0分）"
		} else {
			s += "（达到上门槛得100分，不高于下门槛得0分）"
		}
		if n.Log {
			s += "；按对数尺度"
		}
		return s
	case evaluator.NormTarget:
		if lower {
			return "目标值 " + xlTrim(n.Target, 4) + "（不高于目标值得100分）"
		}
		return "目标值 " + xlTrim(n.Target, 4) + "（达到目标值得100分）"
	case evaluator.NormRank:
		return "按位次赋分：第1名100分，末名0分"
	case evaluator.NormZscore:
		return fmt.Sprintf("均值 %s，标准差 %s", xlTrim(n.Mean, 4), xlTrim(n.SD, 4))
	case evaluator.NormLadder:
		var parts []string
		for _, s := range n.Steps {
			switch {
			case lower && s.HasMax:
				parts = append(parts, "≤"+xlTrim(s.Max, 4)+"得"+xlTrim(s.Score, 4)+"分")
			case s.HasMin:
				parts = append(parts, "≥"+xlTrim(s.Min, 4)+"得"+xlTrim(s.Score, 4)+"分")
			default:
				parts = append(parts, "其余得"+xlTrim(s.Score, 4)+"分")
			}
		}
		return strings.Join(parts, "；")
	case evaluator.NormBoolean:
		if lower {
			return "是 0分，否 100分"
		}
		return "是 100分，否 0分"
	case evaluator.NormGrade:
		var parts []string
		for _, g := range n.ScoreOrder {
			parts = append(parts, g+" "+xlTrim(n.Scores[g], 4)+"分")
		}
		return strings.Join(parts, "，")
	case evaluator.NormNone:
		return "数值即得分（0–100）"
	}
	return ""
}

func xlMissingText(m string) string { return evaluator.MissingName(m) }

var xlIdent = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

// xlExprText writes an indicator's value expression with field names in place of ids.
func (b *xlBook) exprText(n *evaluator.Node) string {
	names := map[string]string{}
	for _, f := range b.fw.Fields {
		names[f.ID] = f.Name
	}
	if n.Value == "" {
		if name, ok := names[n.ID]; ok {
			return name
		}
		return n.ID
	}
	s := xlIdent.ReplaceAllStringFunc(n.Value, func(id string) string {
		switch id {
		case "min":
			return "较小值"
		case "max":
			return "较大值"
		case "prev":
			return "上年"
		}
		if name, ok := names[id]; ok {
			return name
		}
		return id
	})
	s = strings.NewReplacer("*", "×", "/", "÷").Replace(s)
	return s
}

// chapterLabel names the regulation chapter a node serves (第二章), "" without one.
// The chapter's title is the top-level group's name in the next column.
func (b *xlBook) chapterLabel(n *evaluator.Node) string {
	if b.fw.Reg != nil && n.EffChapter > 0 {
		return "第" + xlChineseNumber(n.EffChapter) + "章"
	}
	return ""
}

// frameworkSheet writes 指标体系: every indicator with its place in the tree, the
// article it serves, unit, direction, method, parameters, weight and 分值.
func (b *xlBook) frameworkSheet() error {
	st := b.st
	hasReg := b.fw.Reg != nil
	cols := []xlCol{{Name: "序号", Style: st.integer}}
	if hasReg {
		cols = append(cols, xlCol{Name: "章", Style: st.center})
	}
	cols = append(cols,
		xlCol{Name: "一级指标", Style: st.textWrap, Max: 14, Wrap: true},
		xlCol{Name: "二级指标", Style: st.textWrap, Max: 14, Wrap: true},
		xlCol{Name: "指标名称", Style: st.textWrap, Max: 18, Wrap: true},
		xlCol{Name: "指标编码", Style: st.text, Max: 20},
	)
	if hasReg {
		cols = append(cols,
			xlCol{Name: "条款", Style: st.center},
			xlCol{Name: "条款要旨", Style: st.textWrap, Max: 22, Wrap: true})
	}
	cols = append(cols,
		xlCol{Name: "计量单位", Style: st.center, Max: 10},
		xlCol{Name: "方向", Style: st.center},
		xlCol{Name: "计算方法（取值）", Style: st.textWrap, Max: 18, Wrap: true},
		xlCol{Name: "标准化方法", Style: st.center, Max: 10},
		xlCol{Name: "参数", Style: st.textWrap, Max: 26, Wrap: true},
		xlCol{Name: "缺失值处理", Style: st.textWrap, Max: 10, Wrap: true},
		xlCol{Name: "适用范围", Style: st.textWrap, Max: 10, Wrap: true},
		xlCol{Name: "权重", Style: st.general, Max: 8},
		xlCol{Name: "分值", Style: st.score},
	)
	var rows [][]xlCell
	for i, n := range xlIndicatorNodes(b.fw) {
		path := n.Path() // root, chapter, …, n
		var top, mid string
		if len(path) >= 2 {
			top = path[1].Name
		}
		if len(path) >= 3 {
			var names []string
			for _, p := range path[2 : len(path)-1] {
				names = append(names, p.Name)
			}
			mid = strings.Join(names, "／")
		}
		if top == n.Name {
			top = "—"
		}
		if mid == "" {
			mid = "—"
		}
		r := []xlCell{{V: i + 1}}
		if hasReg {
			label := b.chapterLabel(n)
			if n.InBonusPenalty() || label == "" {
				label = "—"
			}
			r = append(r, xlCell{V: label})
		}
		r = append(r, xlCell{V: top}, xlCell{V: mid}, xlCell{V: n.Name}, xlCell{V: n.ID})
		if hasReg {
			art, gist := "—", "—"
			if n.Article > 0 {
				art = "第" + xlChineseNumber(n.Article) + "条"
				if a, ok := b.fw.Reg.Article(n.Article); ok {
					gist = a.Gist
				}
			}
			r = append(r, xlCell{V: art}, xlCell{V: gist})
		}
		unit := n.Unit
		if unit == "" {
			unit = "—"
		}
		applies := "全部" + b.fw.UnitNoun()
		if len(n.AppliesTo) > 0 {
			applies = strings.Join(b.appliesNames(n.AppliesTo), "、")
		}
		if n.InBonusPenalty() {
			points := "每项" + xlTrim(n.PointsEach, 4) + "分"
			if n.Cap != nil {
				points += "，最多" + xlTrim(*n.Cap, 4) + "分"
			}
			kind := evaluator.KindName(xlChapterOf(n).Kind)
			r = append(r, xlCell{V: unit}, xlCell{V: kind}, xlCell{V: b.exprText(n)},
				xlCell{V: evaluator.WordPerItem}, xlCell{V: points}, xlCell{V: "—"}, xlCell{V: applies},
				xlCell{V: "—", Style: st.center}, xlCell{V: "—", Style: st.center})
		} else {
			r = append(r, xlCell{V: unit}, xlCell{V: evaluator.DirectionName(n.Direction)}, xlCell{V: b.exprText(n)},
				xlCell{V: evaluator.MethodName(n.Normalize.Method)}, xlCell{V: xlNormalizeParams(n.Normalize, n.Direction)},
				xlCell{V: xlMissingText(n.Missing)}, xlCell{V: applies},
				xlCell{V: n.Weight}, xlNum(n.Points, 0))
		}
		rows = append(rows, r)
	}
	total := 0.0
	for _, n := range b.fw.Leaves() {
		total += n.Points
	}
	notes := []string{
		fmt.Sprintf("指标体系 %s（版本 %s）。权重为同级内的相对权重；分值 = 100 × 各级权重占比之积，全部指标分值合计 %s 分。",
			b.fw.ID, b.fw.Version, evaluator.FormatFixed(total, b.decimals)),
	}
	if len(b.fw.Adjusters()) > 0 {
		notes = append(notes, evaluator.WordBonusItem+"、"+evaluator.WordPenaltyItem+"不计权重，按项计分并设上限，计入"+evaluator.WordTotal+"。")
	}
	// 序号 repeated on each page: the 17 columns fit one page only at half size.
	_, err := b.writeTable(&xlTable{Name: SheetFramework, Title: "指标体系", Notes: notes, Cols: cols, Rows: rows, FreezeCols: 1})
	return err
}

// appliesNames writes an applies_to list with unit names in place of unit ids.
func (b *xlBook) appliesNames(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id
		if k, ok := b.unitIndex[id]; ok {
			out[i] = b.fw.Units[k].Name
		}
	}
	return out
}
