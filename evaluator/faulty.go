package evaluator

// Faulty values never reach a score (SPEC §6): with -allow-errors every value that
// carries an error finding is treated as missing and goes through the framework's
// missing rule. DropFaulty is the one place that says which values those are; it
// runs at the end of ValidateAll, so validate, score, run and serve judge a set of
// inputs the same way.

// submissionLevel are the error codes that concern a whole submission rather than
// a value: a unit carrying one is not scored at all (未提交) rather than scored on
// values from the wrong template, unit or year, or on a duplicate whose final copy
// is unknown, or on the few table fields of a unit whose workbook never came.
var submissionLevel = map[string]bool{
	CodeFileUnreadable:   true,
	CodeTemplateMismatch: true,
	CodeUnitUnknown:      true,
	CodeUnitMismatch:     true,
	CodeUnitDuplicate:    true,
	CodeUnitMissing:      true,
	CodeYearMismatch:     true,
	CodeTemplateOutdated: true,
}

// absenceCodes are the errors that say a value is absent: the value is missing
// already (未填报), not dropped.
var absenceCodes = map[string]bool{
	CodeValueRequired: true,
	CodeFieldMissing:  true,
	CodeSourceMissing: true,
	CodeRowMissing:    true,
}

// SubmissionLevel reports whether an error code concerns a whole submission (the
// unit is then not scored).
func SubmissionLevel(code string) bool { return submissionLevel[code] }

// DropFaulty marks in ds every value that an error finding of fs concerns as
// missing, with the finding's code in Value.Error:
//   - an error on a unit's field (a cell error, field-conflict, field-duplicate,
//     evidence-missing, and any error code with a field added later) drops that field;
//   - check-failed drops every field the failing rule reads;
//   - a submission-level error (SubmissionLevel) excludes the unit (Dataset.Excluded):
//     it is not scored (未提交).
//
// Errors about absence (value-required, field-missing, source-missing,
// row-missing) leave the
// value missing as it is. The rules are evaluated on the values before any is
// dropped, as CheckRules evaluated them.
func DropFaulty(fw *Framework, ds *Dataset, fs Findings, prev *Results) {
	if ds == nil {
		return
	}
	type key struct{ unit, field string }
	drop := map[key]string{}
	mark := func(k key, code string) {
		if _, ok := drop[k]; !ok {
			drop[k] = code
		}
	}
	checked := map[string]bool{} // units whose rules were re-evaluated
	for _, f := range fs {
		if f.Severity != SevError || f.Unit == "" {
			continue
		}
		switch {
		case submissionLevel[f.Code]:
			if ds.Excluded == nil {
				ds.Excluded = map[string]string{}
			}
			if _, ok := ds.Excluded[f.Unit]; !ok {
				ds.Excluded[f.Unit] = f.Code
			}
		case f.Code == CodeCheckFailed:
			if checked[f.Unit] {
				continue
			}
			checked[f.Unit] = true
			for _, c := range failingRules(fw, ds, f.Unit, prev) {
				for _, id := range c.Expr.Fields {
					mark(key{f.Unit, id}, CodeCheckFailed)
				}
			}
		case absenceCodes[f.Code] || f.Field == "":
		default:
			mark(key{f.Unit, f.Field}, f.Code)
		}
	}
	for k, code := range drop {
		vals := ds.Units[k.unit]
		if vals == nil {
			continue
		}
		v, ok := vals[k.field]
		if !ok || v.Error != "" {
			continue
		}
		v.Missing, v.Invalid, v.NA, v.Error = true, true, false, code
		vals[k.field] = v
	}
}

// failingRules returns the framework checks that do not hold on a unit's values
// (as CheckRules evaluates them).
func failingRules(fw *Framework, ds *Dataset, unit string, prev *Results) []*Check {
	vals := ds.Units[unit]
	if vals == nil {
		return nil
	}
	env := unitEnv{fw: fw, cur: vals}
	if prev != nil {
		for _, u := range prev.Units {
			if u.ID == unit {
				env.prev = u.Fields
			}
		}
	}
	var out []*Check
	for _, c := range fw.Checks {
		if c.Expr == nil {
			continue
		}
		if holds, st := c.Expr.Holds(env); st == EvalOK && !holds {
			out = append(out, c)
		}
	}
	return out
}
