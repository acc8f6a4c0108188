package evaluator

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// merge combines the validated submissions of a year into one Dataset, field by
// field per unit (SPEC §7): the first non-missing value of a field counts; the same
// field given again with a different value is field-conflict. A required field
// (needed by the unit: some indicator that reads it applies to the unit) whose rows
// are all empty is value-required; with no row in any of the unit's inputs,
// field-missing. Cells that could not be read were reported by Validate and add
// nothing here.
//
// What is asked depends on the scope. ScopeSet: a unit with no workbook is
// unit-missing; a from_table field no table gives a column for is left to
// completeness (one source-missing for the department, not one per cell).
// ScopeUnit: from_table fields are not asked. ScopeTable: only the table's columns
// are asked here (completeness judges the columns themselves).
//
// Submissions are taken in the order given (callers pass files in a deterministic
// order); Dataset.Inputs is sorted by the framework's unit order, then file name.
func merge(fw *Framework, subs []*Submission, year int, scope Scope) (*Dataset, Findings) {
	ds := &Dataset{Year: year, Units: map[string]map[string]Value{}}
	cols := tableColumns(fw, subs)
	var fs Findings
	byUnit := map[string][]*Submission{}
	var order []string
	for _, s := range subs {
		if s == nil {
			continue
		}
		if _, ok := fw.Unit(s.Unit); !ok {
			continue
		}
		if _, seen := byUnit[s.Unit]; !seen {
			order = append(order, s.Unit)
		}
		byUnit[s.Unit] = append(byUnit[s.Unit], s)
		if s.Kind == "table" {
			// A table is one input, however many units it holds.
			ds.Inputs = append(ds.Inputs, Input{Role: RoleTable, Source: tableSources(fw, s), File: s.File, SHA256: s.SHA256})
		} else {
			ds.Inputs = append(ds.Inputs, Input{Unit: s.Unit, Role: RoleWorkbook, File: s.File, SHA256: s.SHA256})
		}
	}
	ds.Inputs = sortInputs(fw, ds.Inputs)
	sort.SliceStable(order, func(i, j int) bool { return fw.UnitIndex(order[i]) < fw.UnitIndex(order[j]) })

	need := fieldNeeds(fw)
	for _, uid := range order {
		u, _ := fw.Unit(uid)
		us := byUnit[uid]
		vals := map[string]Value{}
		hasWorkbook := false
		rowIn := map[string]bool{} // the tables that have a row for the unit
		for _, s := range us {
			hasWorkbook = hasWorkbook || s.Kind != "table"
			if s.Kind == "table" {
				rowIn[s.File] = true
			}
		}
		// rowLacking: a table among the inputs gives f's column but has no row for
		// this unit, which sent its workbook without the value: one row-missing per
		// table (below), not one value-required per cell.
		var lackingFiles []string
		lackingFields := map[string][]*Field{}
		rowLacking := func(f *Field) bool {
			file, col := cols[f.ID]
			if !f.FromTable || !col || !hasWorkbook || rowIn[file] || scope == ScopeTable {
				return false
			}
			if _, seen := lackingFields[file]; !seen {
				lackingFiles = append(lackingFiles, file)
			}
			lackingFields[file] = append(lackingFields[file], f)
			return true
		}
		// skip says whether the absence of f is not this unit's business here.
		var noWorkbook []string // ScopeSet: the workbook fields of a unit that sent none
		skip := func(f *Field) bool {
			_, col := cols[f.ID]
			switch {
			case scope == ScopeTable:
				return !col
			case f.FromTable && !col:
				return true // ScopeSet: completeness; ScopeUnit: not asked
			case !hasWorkbook && !f.FromTable:
				if scope == ScopeSet {
					noWorkbook = append(noWorkbook, f.Name)
				}
				return true
			}
			return false
		}
		for _, f := range fw.Fields {
			var chosen *Value
			var chosenFile string
			var present, invalid bool
			for _, s := range us {
				v, ok := s.Values[f.ID]
				if !ok {
					continue
				}
				present = true
				if v.Missing {
					invalid = invalid || v.Invalid
					continue
				}
				if chosen == nil {
					vv := v
					chosen, chosenFile = &vv, s.File
					continue
				}
				if !sameValue(*chosen, v) {
					fs = append(fs, Finding{Severity: SevError, Code: CodeFieldConflict, Unit: uid, File: s.File,
						Sheet: v.Prov.Sheet, Cell: v.Prov.Cell, Field: f.ID, Message: fmt.Sprintf(
							"「%s」在 %s %s为 %s，在 %s %s为 %s，两处不一致：请核对后更正其中一处（目前按 %s 的值计算）",
							f.Name, chosenFile, where(chosen.Prov), showValue(f, *chosen), s.File, where(v.Prov), showValue(f, v), chosenFile)})
				}
			}
			switch {
			case chosen != nil:
				vals[f.ID] = *chosen
			case present:
				first := firstValue(us, f.ID)
				vals[f.ID] = first
				if !invalid && f.Required && need(f, u) && !skip(f) && !rowLacking(f) {
					na := ""
					if f.AllowNA {
						na = "；本" + fw.UnitNoun() + "不适用的请填写「不适用」"
					}
					fs = append(fs, Finding{Severity: SevError, Code: CodeValueRequired, Unit: uid, File: first.Prov.File,
						Sheet: first.Prov.Sheet, Cell: first.Prov.Cell, Field: f.ID, Message: fmt.Sprintf(
							"%s「%s」为必填项，尚未填写：请填写%s%s", where(first.Prov), f.Name, expectAny(f), na)})
				}
			default:
				if f.Required && need(f, u) && !skip(f) && !rowLacking(f) {
					fs = append(fs, missingField(f, us, fw.UnitNoun()))
				}
			}
		}
		for _, file := range lackingFiles {
			fields := lackingFields[file]
			names := make([]string, 0, 3)
			for _, f := range fields[:min(3, len(fields))] {
				names = append(names, "「"+f.Name+"」")
			}
			count := fmt.Sprintf("共 %d 项", len(fields))
			if len(fields) > 3 {
				count = fmt.Sprintf("等 %d 项", len(fields))
			}
			fs = append(fs, Finding{Severity: SevError, Code: CodeRowMissing, Unit: uid, File: file, Message: fmt.Sprintf(
				"汇总表中没有「%s」（%s）的行：该表报送的%s%s，%s尚无数值。请补上该%s的一行（unit 列填 %s）；如由%s自行填写，请在其填报表中填上这些数值",
				u.Name, uid, strings.Join(names, "、"), count, u.Name, fw.UnitNoun(), uid, u.Name)})
		}
		if len(noWorkbook) > 0 {
			s := us[0]
			fs = append(fs, Finding{Severity: SevError, Code: CodeUnitMissing, Unit: uid, File: s.File, Message: fmt.Sprintf(
				"没有收到%[1]s的填报表：%[2]s 只提供了部分数据，还缺 %[3]d 个必填字段（%[4]s等）：请把该%[5]s的填报表一并作为输入，或确认该%[5]s未报送",
				u.Name, s.File, len(noWorkbook), strings.Join(noWorkbook[:min(3, len(noWorkbook))], "、"), fw.UnitNoun())})
		}
		ds.Units[uid] = vals
	}
	return ds, fs
}

// missingField is the field-missing finding for a unit (called noun) whose inputs
// have no row (or column) for f.
func missingField(f *Field, us []*Submission, noun string) Finding {
	s := us[0]
	for _, x := range us {
		if x.Kind == "workbook" {
			s = x
			break
		}
	}
	msg := fmt.Sprintf("缺少「%s」（字段编码 %s）这一行：请使用下发的填报表，不要删除行；也可在表末补一行，「字段编码」填 %s 并填写数值", f.Name, f.ID, f.ID)
	if f.FromTable {
		msg = fmt.Sprintf("「%s」（字段编码 %s）由%s通过汇总表报送，输入中没有提供：请把该汇总表（含 %s 列）一并作为输入", f.Name, f.ID, orDept(f.Source), f.ID)
	}
	sheet := SheetData
	if s.Kind == "table" {
		sheet = ""
		msg = fmt.Sprintf("汇总表缺少「%[1]s」列（列名 %[2]s），该%[3]s也没有其他来源提供此项：请在汇总表中补上 %[2]s 列", f.Name, f.ID, noun)
	}
	if len(us) > 1 {
		files := make([]string, len(us))
		for i, x := range us {
			files[i] = x.File
		}
		msg = fmt.Sprintf("%s 中都没有「%s」（字段编码 %s）：请在填报表中补上这一行并填写数值", strings.Join(files, "、"), f.Name, f.ID)
	}
	return Finding{Severity: SevError, Code: CodeFieldMissing, Unit: s.Unit, File: s.File, Sheet: sheet, Field: f.ID, Message: msg}
}

// firstValue is the first value the unit's inputs hold for a field.
func firstValue(us []*Submission, id string) Value {
	for _, s := range us {
		if v, ok := s.Values[id]; ok {
			return v
		}
	}
	return Value{Missing: true}
}

func sameValue(a, b Value) bool {
	if a.NA || b.NA {
		return a.NA == b.NA
	}
	if a.Text != "" || b.Text != "" {
		return a.Text == b.Text
	}
	return a.Num == b.Num
}

// showValue prints a value for a message.
func showValue(f *Field, v Value) string {
	switch {
	case v.Missing:
		return "空"
	case v.NA:
		return "「不适用」"
	case f.Type == TypeBoolean || f.Type == TypeGrade || f.Type == TypeText:
		return "「" + clip(v.Text) + "」"
	case f.Type == TypePercent:
		return fmtNum(v.Num) + "%"
	case f.Unit != "":
		return fmtNum(v.Num) + " " + f.Unit
	}
	return fmtNum(v.Num)
}

// expectAny describes what a field of any type takes.
func expectAny(f *Field) string {
	switch f.Type {
	case TypeBoolean:
		return "「是」或「否」"
	case TypeGrade:
		return quoteList(f.Grades) + "之一"
	case TypeText:
		return "内容"
	}
	return expect(f)
}

// fieldNeeds returns whether a field is needed from a unit: a field that no
// indicator reads (used by checks only, or kept for the record) is needed from
// every unit; otherwise some indicator reading it must apply to the unit (SPEC §4
// applies_to: Art. 14 binds 县级市 only, so a 区 may leave its field empty).
func fieldNeeds(fw *Framework) func(f *Field, u Unit) bool {
	readers := map[string][]*Node{}
	fw.Walk(func(n *Node) {
		if n.Kind != KindIndicator {
			return
		}
		for _, id := range fieldsRead(n) {
			readers[id] = append(readers[id], n)
		}
	})
	return func(f *Field, u Unit) bool {
		ns := readers[f.ID]
		if len(ns) == 0 {
			return true
		}
		for _, n := range ns {
			if n.AppliesToUnit(u) {
				return true
			}
		}
		return false
	}
}

// sortInputs orders inputs by the framework's unit order, then file, dropping repeats.
func sortInputs(fw *Framework, in []Input) []Input {
	sort.SliceStable(in, func(i, j int) bool {
		a, b := fw.UnitIndex(in[i].Unit), fw.UnitIndex(in[j].Unit)
		if a != b {
			return a < b
		}
		if in[i].Role != in[j].Role {
			return in[i].Role > in[j].Role // workbook before table
		}
		if in[i].File != in[j].File {
			return in[i].File < in[j].File
		}
		return in[i].SHA256 < in[j].SHA256
	})
	out := in[:0]
	for i, x := range in {
		if i > 0 && x == in[i-1] {
			continue
		}
		out = append(out, x)
	}
	return out
}

// tableSources names the source departments of the fields a table gives, in
// framework order ("" when none says).
func tableSources(fw *Framework, s *Submission) string {
	var out []string
	for _, f := range fw.Fields {
		if _, ok := s.Values[f.ID]; ok && f.Source != "" && !slices.Contains(out, f.Source) {
			out = append(out, f.Source)
		}
	}
	return strings.Join(out, "、")
}

// orDept names the department a field comes from.
func orDept(source string) string {
	if source == "" {
		return "其他部门"
	}
	return source
}

// clearRowMissing turns each row-missing error whose values the adjustments
// supplied (every from_table field the unit needs from that table now has a
// value in ds) into a warning saying so, as ClearAdjusted does for a cell.
func clearRowMissing(fw *Framework, ds *Dataset, subs []*Submission, fs Findings) {
	need := fieldNeeds(fw)
	for i, f := range fs {
		if f.Code != CodeRowMissing || f.Severity != SevError {
			continue
		}
		u, ok := fw.Unit(f.Unit)
		if !ok {
			continue
		}
		inTable := map[string]bool{}
		for _, s := range subs {
			if s != nil && s.Kind == "table" && s.File == f.File {
				for id := range s.Values {
					inTable[id] = true
				}
			}
		}
		filled := true
		for _, fd := range fw.Fields {
			if fd.FromTable && fd.Required && inTable[fd.ID] && need(fd, u) {
				if v, ok := ds.Units[f.Unit][fd.ID]; !ok || v.Missing {
					filled = false
					break
				}
			}
		}
		if filled {
			fs[i].Severity = SevWarning
			fs[i].Message += "。这些数值已由核查核减补齐，按核定的数值计算"
		}
	}
}
