package evaluator

import (
	"fmt"
	"math"
	"strings"
)

// column is one indicator across the scored units (SPEC §5 runs per indicator across
// all units of the year). Slices are indexed by the unit's position among the scored
// (submitted) units.
type column struct {
	node *Node
	// derive
	raw  []float64
	has  []bool   // the derived value exists (not missing, not 不适用)
	text []string // boolean/grade input as given
	na   []bool   // 不适用: applies_to, or a field read as 不适用
	// impute
	missing []bool // the derived value is missing (and the node applies)
	zero    []bool // missing under the zero policy: score 0, out of every statistic
	imputed []bool
	value   []float64 // after imputation and treatment
	// treat
	treated []bool
	// the units taking part in the statistics (not missing-zero, dropped or 不适用)
	part []int
	// normalise
	score []float64
	st    []uint8
}

func newColumn(n *Node, nu int) *column {
	return &column{
		node: n, raw: make([]float64, nu), has: make([]bool, nu), text: make([]string, nu),
		na: make([]bool, nu), missing: make([]bool, nu), zero: make([]bool, nu),
		imputed: make([]bool, nu), value: make([]float64, nu), treated: make([]bool, nu),
		score: make([]float64, nu), st: make([]uint8, nu),
	}
}

// unitEnv is the expression environment of one unit (evaluator.Env).
type unitEnv struct {
	fw   *Framework
	cur  map[string]Value
	prev map[string]any // last year's results.json fields of the unit; nil without -previous
}

func (e unitEnv) Field(id string) (float64, bool) {
	v, ok := e.cur[id]
	if !ok || !v.IsNumber() || math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
		return 0, false
	}
	if f := e.fw.Field(id); f != nil && (f.Type == TypeText || f.Type == TypeGrade) {
		return 0, false
	}
	return v.Num, true
}

func (e unitEnv) Prev(id string) (float64, bool) {
	return prevFieldNumber(e.prev[id])
}

// prevFieldNumber reads a results.json "fields" value as a number: numbers as they
// are, 是/否 as 1/0; anything else (null, 不适用, a grade) is missing.
func prevFieldNumber(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, !math.IsNaN(v) && !math.IsInf(v, 0)
	case string:
		switch v {
		case "是":
			return 1, true
		case "否":
			return 0, true
		}
	}
	return 0, false
}

// directField returns the field an indicator reads as a whole — its own id when it
// has no value expression, or the one field a bare `value: field_id` names — or "".
func directField(n *Node) string {
	if n.Value == "" {
		return n.ID
	}
	if n.Expr != nil && len(n.Expr.Fields) == 1 && len(n.Expr.Prev) == 0 &&
		strings.TrimSpace(n.Value) == n.Expr.Fields[0] {
		return n.Expr.Fields[0]
	}
	return ""
}

// fieldsRead lists the fields the indicator reads this year.
func fieldsRead(n *Node) []string {
	if n.Expr == nil {
		return []string{n.ID}
	}
	return n.Expr.Fields
}

// deriveUnit evaluates the indicator's value for one unit (SPEC §5.1). It reports
// 不适用 when the node does not apply to the unit or a field it reads is 不适用.
// Findings for a division by zero, a non-finite value or an unknown grade are added.
func deriveUnit(fw *Framework, n *Node, u Unit, env unitEnv, fs *Findings) (x float64, has, na bool, text string) {
	if !n.AppliesToUnit(u) {
		return 0, false, true, ""
	}
	for _, id := range fieldsRead(n) {
		if v, ok := env.cur[id]; ok && v.NA {
			return 0, false, true, ""
		}
	}
	if id := directField(n); id != "" {
		v, ok := env.cur[id]
		if !ok || v.Missing {
			return 0, false, false, ""
		}
		f := fw.Field(id)
		if f != nil && f.Type == TypeText {
			return 0, false, false, ""
		}
		if f != nil && f.Type == TypeGrade {
			s, ok := gradeScore(n.Normalize, v.Text)
			if !ok {
				*fs = append(*fs, scoringWarning(CodeGradeUnknown, u.ID, id,
					fmt.Sprintf("指标「%s」：等级「%s」不在评分对照表中，按缺失处理：请核对所填等级，或在指标体系中为该等级补上分值", n.Name, v.Text)))
				return 0, false, false, v.Text
			}
			return s, true, false, v.Text
		}
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
			*fs = append(*fs, scoringWarning(CodeNotFinite, u.ID, id, notFiniteField(fw, n, id)))
			return 0, false, false, ""
		}
		if f != nil && f.Type == TypeBoolean {
			text = "否"
			if v.Num != 0 {
				text = "是"
			}
		}
		return v.Num, true, false, text
	}
	for _, id := range n.Expr.Fields {
		if v, ok := env.cur[id]; ok && v.IsNumber() && (math.IsNaN(v.Num) || math.IsInf(v.Num, 0)) {
			*fs = append(*fs, scoringWarning(CodeNotFinite, u.ID, id, notFiniteField(fw, n, id)))
		}
	}
	v, st := n.Expr.Eval(env)
	switch st {
	case EvalOK:
		return v, true, false, ""
	case EvalDivZero:
		*fs = append(*fs, scoringWarning(CodeDivisionByZero, u.ID, n.ID,
			fmt.Sprintf("指标「%s」：计算「%s」时除数为零，按缺失处理：请核对作除数的填报数值是否确为 0", n.Name, n.Value)))
	case EvalNotFinite:
		*fs = append(*fs, scoringWarning(CodeNotFinite, u.ID, n.ID,
			fmt.Sprintf("指标「%s」：计算「%s」的结果不是有限数（溢出），按缺失处理：请核对参与计算的填报数值", n.Name, n.Value)))
	}
	return 0, false, false, ""
}

func scoringWarning(code, unit, field, msg string) Finding {
	return Finding{Severity: SevWarning, Code: code, Unit: unit, Field: field, Message: msg}
}

// derive fills the column's raw values (SPEC §5.1).
func (c *column) derive(fw *Framework, units []Unit, envs []unitEnv, fs *Findings) {
	for i, u := range units {
		c.raw[i], c.has[i], c.na[i], c.text[i] = deriveUnit(fw, c.node, u, envs[i], fs)
	}
}

// notFiniteField is the not-finite warning of a field's value read by indicator n.
func notFiniteField(fw *Framework, n *Node, id string) string {
	name := id
	if f := fw.Field(id); f != nil {
		name = f.Name
	}
	return fmt.Sprintf("指标「%s」：「%s」的值不是有限数，按缺失处理：请核对该项填报数值", n.Name, name)
}
