package evaluator

import (
	"fmt"
	"regexp"
	"strings"
)

// Design warnings (`dteval check`): a framework that loads may still measure
// badly. Lint tells the bureau where, with positions; the bureau decides.

// MinMinmaxUnits is the number of units below which `check` warns about minmax: with
// few units the last one gets 0 whatever its level.
const MinMinmaxUnits = 10

// Lint returns the design warnings of a loaded framework, in file order of the
// checks below: an indicator on which every unit of last year's data scores the
// same (prev: last year's results, re-scored under this framework; nil skips the
// check), minmax with fewer than MinMinmaxUnits units, a rate field whose help does
// not state its denominator, a grade scoring above 0 for a label that means absence.
func Lint(fw *Framework, prev *Results) []PosError {
	var out []PosError
	if prev != nil {
		out = append(out, lintFlat(fw, prev)...)
	}
	out = append(out, lintMinmax(fw)...)
	out = append(out, lintRates(fw)...)
	out = append(out, lintAbsence(fw)...)
	return out
}

func normPos(n *Node) Pos {
	if n.NormPos.Line > 0 {
		return n.NormPos
	}
	return n.Pos
}

// lintFlat re-scores last year's submitted fields under this framework (as the
// comparable scores of SPEC §5.8 are) and flags every indicator on which all the
// units with a value scored the same: it cannot tell them apart.
func lintFlat(fw *Framework, prev *Results) []PosError {
	if UsesPrev(fw) {
		return nil // last year's own prev() values are not in its results
	}
	ds := &Dataset{Year: prev.Year, Units: map[string]map[string]Value{}}
	for _, pu := range prev.Units {
		if fw.UnitIndex(pu.ID) >= 0 {
			ds.Units[pu.ID] = valuesFromResultFields(fw, pu.Fields)
		}
	}
	s := newScoring(fw, ds, nil)
	if len(s.units) < 2 {
		return nil
	}
	s.run()
	dec := fw.Method.Decimals
	var out []PosError
	for _, c := range s.cols {
		var scores []float64
		for u := range s.units {
			if c.has[u] && !c.na[u] && c.st[u] == stOK {
				scores = append(scores, c.score[u])
			}
		}
		if len(scores) < 2 {
			continue
		}
		same := true
		for _, x := range scores[1:] {
			if Round(x, dec) != Round(scores[0], dec) {
				same = false
				break
			}
		}
		if !same {
			continue
		}
		what := fmt.Sprintf("都得 %s 分", FormatFixed(scores[0], dec))
		if Round(scores[0], dec) == Round(100, dec) {
			what = "都得满分（100 分）"
		}
		out = append(out, PosError{Pos: normPos(c.node), Msg: fmt.Sprintf(
			"按本指标体系重算上年（%d 年）数据，有数值的 %d 个%s在指标「%s」上%s，这项指标分不出高低；"+
				"可提高目标值、改用扣分式区间（如 goalpost lo 80, hi 100）、改为加分项，或说明保留的理由",
			prev.Year, len(scores), fw.UnitNoun(), c.node.Name, what)})
	}
	return out
}

// lintMinmax flags minmax indicators scored over fewer than MinMinmaxUnits units.
func lintMinmax(fw *Framework) []PosError {
	var out []PosError
	for _, n := range fw.Leaves() {
		if n.Normalize.Method != NormMinmax {
			continue
		}
		k := 0
		for _, u := range fw.Units {
			if n.AppliesToUnit(u) {
				k++
			}
		}
		if k >= MinMinmaxUnits {
			continue
		}
		out = append(out, PosError{Pos: normPos(n), Msg: fmt.Sprintf(
			"指标「%s」用 minmax（最小—最大值标准化），但只有 %d 个%s参评：最低的一个无论水平如何都得 0 分，"+
				"最高的得满分；建议按上年监测数据设固定基准（goalpost 的 lo、hi 或 ladder）",
			n.Name, k, fw.UnitNoun())})
	}
	return out
}

// denominatorRe matches a help text that states how a rate is computed.
var denominatorRe = regexp.MustCompile(`[/／÷]|分母|除以|之比`)

// lintRates flags percent fields whose help does not state the denominator.
func lintRates(fw *Framework) []PosError {
	var out []PosError
	for _, f := range fw.Fields {
		if f.Type != TypePercent && f.Unit != "%" && f.Unit != "‰" {
			continue
		}
		if denominatorRe.MatchString(f.Help) {
			continue
		}
		out = append(out, PosError{Pos: f.Pos, Msg: fmt.Sprintf(
			"字段「%s」是比率，但 help 没有写明分母；请写成“分子 / 分母 × 100”，并说明分母的口径和来源，"+
				"否则各%s可能按不同口径填报", f.Name, fw.UnitNoun())})
	}
	return out
}

// absenceWords begin the meaning of a grade that says something does not exist.
var absenceWords = []string{"未建立", "未建", "未制定", "未出台", "未编制", "未设立", "未开展", "未发布", "未公开",
	"未落实", "未实施", "未组织", "未开通", "未接入", "未配备", "未明确", "无", "没有", "尚未"}

// gradeMeaning returns what the help text says a grade label means: the text right
// after "D：", "D=", "D（" or "D 为" (up to the next separator), or "".
func gradeMeaning(help, label string) string {
	for i := 0; ; {
		j := strings.Index(help[i:], label)
		if j < 0 {
			return ""
		}
		j += i
		rest := help[j+len(label):]
		i = j + len(label)
		// the label must stand alone: not the B in "AB" nor in a word
		if j > 0 {
			if r := help[j-1]; r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
				continue
			}
		}
		for _, sep := range []string{"：", ":", "＝", "=", "（", "(", " 为", "为", " ", "级"} {
			if strings.HasPrefix(rest, sep) {
				rest = strings.TrimLeft(rest[len(sep):], " ")
				if k := strings.IndexAny(rest, "；;，,。）)（(、"); k >= 0 {
					rest = rest[:k]
				}
				return rest
			}
		}
	}
}

// lintAbsence flags grade scores above 0 for a grade whose meaning (in the field's
// help) is absence: 未建立 should score 0, not 40.
func lintAbsence(fw *Framework) []PosError {
	var out []PosError
	for _, n := range fw.Leaves() {
		if n.Normalize.Method != NormGrade {
			continue
		}
		f := fw.Field(directField(n))
		if f == nil {
			continue
		}
		for _, g := range n.Normalize.ScoreOrder {
			score := n.Normalize.Scores[g]
			if score <= 0 {
				continue
			}
			meaning := gradeMeaning(f.Help, g)
			absent := false
			for _, w := range absenceWords {
				if strings.HasPrefix(meaning, w) {
					absent = true
					break
				}
			}
			if !absent {
				continue
			}
			p := n.Normalize.ScorePos[g]
			if p.Line == 0 {
				p = normPos(n)
			}
			out = append(out, PosError{Pos: p, Msg: fmt.Sprintf(
				"指标「%s」的等级 %s 表示“%s”，却得 %s 分；表示没有、未建立的等级通常应得 0 分",
				n.Name, g, meaning, FormatFixed(score, 2))})
		}
	}
	return out
}
