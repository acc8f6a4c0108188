package templates

import (
	"fmt"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
)

// Words for vetoes (kind: veto), from the one vocabulary.
const (
	termVeto     = evaluator.WordVeto
	termVetoNone = evaluator.WordVetoNone
)

// vetoNames returns the names of the veto items that apply to the unit, in tree order.
func vetoNames(fw *evaluator.Framework, u *evaluator.UnitResult) []string {
	var out []string
	for _, id := range u.Vetoes {
		if n := fw.Node(id); n != nil {
			out = append(out, n.Name)
		} else {
			out = append(out, id)
		}
	}
	return out
}

// vetoRulesText lists the framework's veto items with their grade caps:
// “发生重大网络和数据安全事件”的，等级最高为“合格”；… ("" without veto items).
func vetoRulesText(fw *evaluator.Framework) string {
	var parts []string
	for _, n := range fw.Vetoes() {
		parts = append(parts, "“"+n.Name+"”的，等级最高为“"+n.GradeCap+"”")
	}
	return strings.Join(parts, "；")
}

// IndexMinSentence says why a unit whose total reaches a band with index_min did not
// get it: its index score falls short. "" when that is not the case.
func IndexMinSentence(fw *evaluator.Framework, u *evaluator.UnitResult, index float64) string {
	dec := fw.Method.Decimals
	total := evaluator.Round(u.Score, dec)
	for _, b := range fw.Method.Grades {
		if b.Min > total {
			continue
		}
		if b.IndexMin == nil || *b.IndexMin <= evaluator.Round(index, dec) || b.Label == u.Grade {
			return ""
		}
		return fmt.Sprintf("综合得分达到“%s”的分数线，但%s%s分未达到%s分，未评为“%s”。", b.Label,
			evaluator.WordIndexScore, evaluator.FormatFixed(index, dec), trimNum(*b.IndexMin, dec), b.Label)
	}
	return ""
}

// VetoSentence says in one sentence which vetoes apply to the unit and what they did
// to its grade: e.g. 因“发生重大网络和数据安全事件”（否决事项），等级最高为“合格”；按得分本应为“优秀”。
// "" when no veto applies.
func VetoSentence(fw *evaluator.Framework, u *evaluator.UnitResult) string {
	names := vetoNames(fw, u)
	if len(names) == 0 {
		return ""
	}
	caps := map[string]bool{}
	var capList []string
	for _, id := range u.Vetoes {
		if n := fw.Node(id); n != nil && !caps[n.GradeCap] {
			caps[n.GradeCap] = true
			capList = append(capList, n.GradeCap)
		}
	}
	var b strings.Builder
	b.WriteString("因“" + strings.Join(names, "”“") + "”（" + termVeto + "），")
	if u.UncappedGrade != "" {
		b.WriteString("等级由按得分评定的“" + u.UncappedGrade + "”降为“" + u.Grade + "”。")
	} else {
		b.WriteString("等级最高为“" + strings.Join(capList, "”“") + "”；按得分评定的等级“" + u.Grade + "”未超过此限，不受影响。")
	}
	return b.String()
}
