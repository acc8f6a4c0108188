package evaluator

import (
	"fmt"
	"slices"
	"strings"
)

// Completeness is judged after the merge and the adjustments (SPEC §7): whether
// the inputs, taken as what they are (Scope), hold every value they must.

// tableColumns are the fields some table among subs has a column for, each with
// the file of the first such table.
func tableColumns(fw *Framework, subs []*Submission) map[string]string {
	cols := map[string]string{}
	for _, s := range subs {
		if s == nil || s.Kind != "table" {
			continue
		}
		for id := range s.Values {
			if _, seen := cols[id]; !seen && fw.Field(id) != nil {
				cols[id] = s.File
			}
		}
	}
	return cols
}

// completeness judges the from_table fields that no table gives a column for:
//   - when the table of the field's source department is among the inputs, or the
//     table is checked on its own (ScopeTable), the column is missing from it: one
//     field-missing for the column (not one per unit);
//   - otherwise (ScopeSet) the department's table is missing: one source-missing
//     per department, listing its fields, when some unit lacks a value for one of
//     them (a value a unit filled in itself, or an adjustment gave, counts).
//
// ScopeUnit asks nothing here: a unit's workbook does not answer for another
// department's table.
func completeness(fw *Framework, ds *Dataset, subs []*Submission, scope Scope) Findings {
	if scope == ScopeUnit {
		return nil
	}
	cols := tableColumns(fw, subs)
	given := map[string]*Submission{} // source department → the first table giving a field of it
	var firstTable *Submission
	for _, s := range subs {
		if s == nil || s.Kind != "table" {
			continue
		}
		if firstTable == nil {
			firstTable = s
		}
		for _, f := range fw.Fields {
			if _, ok := s.Values[f.ID]; ok && given[f.Source] == nil {
				given[f.Source] = s
			}
		}
	}
	// In a set, a unit that sent no workbook is unit-missing already: its values
	// are not asked again here.
	books := map[string]bool{}
	for _, s := range subs {
		if s != nil && s.Kind != "table" {
			books[s.Unit] = true
		}
	}
	need := fieldNeeds(fw)
	lacking := func(f *Field) []string {
		var names []string
		for _, u := range fw.Units {
			vals, ok := ds.Units[u.ID]
			if !ok || !need(f, u) || scope == ScopeSet && !books[u.ID] {
				continue
			}
			if v, ok := vals[f.ID]; !ok || v.Missing && !v.Invalid {
				names = append(names, u.Name)
			}
		}
		return names
	}
	neededByAny := func(f *Field) bool {
		for _, u := range fw.Units {
			if need(f, u) {
				return true
			}
		}
		return false
	}
	var fs Findings
	type missing struct {
		fields []*Field
		units  []string
	}
	bySource := map[string]*missing{}
	var sources []string
	for _, f := range fw.Fields {
		if _, col := cols[f.ID]; !f.FromTable || !f.Required || col {
			continue
		}
		table := given[f.Source]
		if scope == ScopeTable && table == nil && len(given) == 0 {
			table = firstTable // a table with no field of any source: every from_table column is asked
		}
		if table != nil {
			if scope == ScopeTable && !neededByAny(f) || scope != ScopeTable && len(lacking(f)) == 0 {
				continue
			}
			sheet := ""
			for _, v := range table.Values {
				sheet = v.Prov.Sheet
				break
			}
			fs = append(fs, Finding{Severity: SevError, Code: CodeFieldMissing, File: table.File, Sheet: sheet, Field: f.ID, Message: fmt.Sprintf(
				"汇总表缺少「%s」列（列名 %s）：该字段由%s汇总报送，请在汇总表中补上 %s 列，每个%s一行填写数值",
				f.Name, f.ID, orDept(f.Source), f.ID, fw.UnitNoun())})
			continue
		}
		if scope == ScopeTable {
			continue // another department's field
		}
		units := lacking(f)
		if len(units) == 0 {
			continue
		}
		m := bySource[f.Source]
		if m == nil {
			m = &missing{}
			bySource[f.Source] = m
			sources = append(sources, f.Source)
		}
		m.fields = append(m.fields, f)
		for _, u := range units {
			if !slices.Contains(m.units, u) {
				m.units = append(m.units, u)
			}
		}
	}
	for _, src := range sources {
		m := bySource[src]
		dept := orDept(src)
		names := make([]string, 0, len(m.fields))
		for _, f := range m.fields {
			names = append(names, fmt.Sprintf("「%s」（%s）", f.Name, f.ID))
		}
		who := strings.Join(m.units[:min(3, len(m.units))], "、")
		if len(m.units) > 3 {
			who += fmt.Sprintf("等 %d 个%s", len(m.units), fw.UnitNoun())
		}
		fs = append(fs, Finding{Severity: SevError, Code: CodeSourceMissing, Message: fmt.Sprintf(
			"缺少%s报送的数据：以下字段由%s汇总报送，输入中没有%s的汇总表：%s，共 %d 项；%s尚无这些数值。"+
				"请向%s取得汇总表（.csv 或 .xlsx，unit 列加上述字段编码列，每个%s一行），与填报表放在一起重新检查；如由各%s自行填写，请在填报表中填上这些数值",
			dept, dept, dept, strings.Join(names, "、"), len(m.fields), who, dept, fw.UnitNoun(), fw.UnitNoun())})
	}
	return fs
}

// tableRowsMissing is unit-missing for a table checked on its own (ScopeTable):
// each unit of the framework the table has no row for.
func tableRowsMissing(fw *Framework, raws []*RawSubmission, subs []*Submission) Findings {
	file := ""
	for _, r := range raws {
		if r != nil && r.Kind == "table" {
			file = r.File
			break
		}
	}
	if file == "" {
		return nil
	}
	var fs Findings
	for _, u := range unitsWithout(fw, subs) {
		fs = append(fs, Finding{Severity: SevError, Code: CodeUnitMissing, Unit: u.ID, File: file, Message: fmt.Sprintf(
			"汇总表中没有「%s」（%s）的行：请补上该%s的一行（unit 列填 %s）；如该%s本年度不参评，请从指标体系的单位名单中删除",
			u.Name, u.ID, fw.UnitNoun(), u.ID, fw.UnitNoun())})
	}
	return fs
}

// ClearAdjusted turns each error on a value an adjustment replaces into a
// warning saying so: the bureau's audited correction stands in for the faulty or
// missing value (SPEC §7). Errors about a whole submission stay errors, and
// check-failed is judged again on the adjusted values (CheckRules runs after).
func ClearAdjusted(fs Findings, adjs []Adjustment) Findings {
	if len(adjs) == 0 {
		return fs
	}
	set := map[[2]string]bool{}
	for _, a := range adjs {
		set[[2]string{a.Unit, a.Field}] = true
	}
	out := make(Findings, len(fs))
	for i, f := range fs {
		if f.Severity == SevError && f.Field != "" && !submissionLevel[f.Code] && f.Code != CodeCheckFailed && set[[2]string{f.Unit, f.Field}] {
			f.Severity = SevWarning
			f.Message += "。已由核查核减更正，按核定的数值计算"
		}
		out[i] = f
	}
	return out
}
