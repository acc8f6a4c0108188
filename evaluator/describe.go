package evaluator

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// Describe states a normalisation with its parameters in short Chinese, e.g.
// "门槛值法 [0, 40]" or "阶梯赋分 ≥95→100, ≥90→80".
func (nz Normalize) Describe(direction string) string {
	name := MethodName(nz.Method)
	switch nz.Method {
	case NormMinmax:
		if nz.Lo != 0 {
			return fmt.Sprintf("%s（下限 %s 分）", name, num(nz.Lo))
		}
		return name
	case NormGoalpost:
		s := fmt.Sprintf("%s [%s, %s]", name, num(nz.Lo), num(nz.Hi))
		if nz.Log {
			s += "（对数）"
		}
		return s
	case NormTarget:
		return fmt.Sprintf("%s（目标 %s）", name, num(nz.Target))
	case NormAchievement:
		return fmt.Sprintf("%s（基期值 %s → 目标值 %s）", name, num(nz.Lo), num(nz.Hi))
	case NormZscore:
		return fmt.Sprintf("%s（均值 %s，标准差 %s）", name, num(nz.Mean), num(nz.SD))
	case NormLadder:
		parts := make([]string, 0, len(nz.Steps))
		for _, st := range nz.Steps {
			if direction == "lower" {
				parts = append(parts, fmt.Sprintf("≤%s→%s", num(st.Max), num(st.Score)))
			} else {
				parts = append(parts, fmt.Sprintf("≥%s→%s", num(st.Min), num(st.Score)))
			}
		}
		return name + " " + strings.Join(parts, "，")
	case NormGrade:
		keys := nz.ScoreOrder
		if len(keys) == 0 {
			for k := range nz.Scores {
				keys = append(keys, k)
			}
			sort.Strings(keys)
		}
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s→%s", k, num(nz.Scores[k])))
		}
		return name + " " + strings.Join(parts, "，")
	}
	return name
}

// UncoveredArticles lists the articles of the framework's regulation map that no
// indicator (bonus and penalty items included) serves, in article order.
func (fw *Framework) UncoveredArticles() []RegArticle {
	if fw.Reg == nil {
		return nil
	}
	covered := map[int]bool{}
	fw.Walk(func(n *Node) {
		if n.Kind == KindIndicator && n.Article != 0 {
			covered[n.Article] = true
		}
	})
	var out []RegArticle
	for _, a := range fw.Reg.Articles {
		if !covered[a.Number] {
			out = append(out, a)
		}
	}
	return out
}
