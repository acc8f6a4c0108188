package evaluator

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
)

// Scope is what a set of inputs is judged as (SPEC §7, §8): the one judgement
// that validate, serve, score and run share.
type Scope int

const (
	// ScopeAuto decides from the submissions: the rows of one table are ScopeTable;
	// one workbook (or none), perhaps with table rows of its own unit, ScopeUnit;
	// anything else ScopeSet (see ScopeOf).
	ScopeAuto Scope = iota
	// ScopeSet: the year's inputs as a whole (run, score; validate and serve given
	// several files or a folder). Completeness is judged after the merge: a unit
	// with no workbook is unit-missing, a source department whose table is absent
	// is one source-missing, a unit not given at all is unit-missing.
	ScopeSet
	// ScopeUnit: one workbook on its own (a clerk's self-check): the fields the unit
	// must fill; those another department supplies (from_table) are not asked, and
	// other units are not missed.
	ScopeUnit
	// ScopeTable: one consolidated table on its own (the statistics department
	// checking its file): its required columns (the from_table fields of its source
	// departments), a row for every unit, and every required cell.
	ScopeTable
)

// ScopeOf is the scope of a check of files given by a person: several files or a
// folder are a set; one file is judged as what it is (ScopeAuto).
func ScopeOf(files int, folder bool) Scope {
	if folder || files > 1 {
		return ScopeSet
	}
	return ScopeAuto
}

// resolve turns ScopeAuto into the scope the submissions call for.
func (s Scope) resolve(raws []*RawSubmission) Scope {
	if s != ScopeAuto {
		return s
	}
	var books, tables int
	tableFile := ""
	units := map[string]bool{}
	for _, r := range raws {
		if r == nil {
			continue
		}
		units[r.Unit] = true
		if r.Kind == "table" {
			if tableFile != "" && r.File != tableFile {
				return ScopeSet
			}
			tableFile = r.File
			tables++
		} else {
			books++
		}
	}
	switch {
	case books == 0 && tables > 0:
		return ScopeTable
	case books <= 1 && len(units) <= 1:
		// one workbook (perhaps with its unit's rows of a table), or nothing
		// readable: nothing more to ask
		return ScopeUnit
	}
	return ScopeSet
}

// ValidateOptions tune Validate and ValidateAll.
type ValidateOptions struct {
	// Previous is last year's results.json: values that change by more than half
	// against it give change-large (warning).
	Previous *Results
	// Scope is what the submissions are judged as (ScopeAuto: told from them).
	Scope Scope
	// Adjustments are the bureau's audited corrections (-adjust), applied to the
	// merged values before completeness, the checks and the batch are judged: an
	// error on a value an adjustment replaces becomes a warning saying so, and a
	// value an adjustment supplies is no longer missing. AdjustFile is the
	// adjustments file's name (the adjusted values' provenance).
	Adjustments []Adjustment
	AdjustFile  string
	// AdjustSource is the adjustments file's content, for ValidateFiles to read
	// against each framework it uses (AdjustFile names it).
	AdjustSource []byte
}

// ValidateAll runs the whole of SPEC §8 over what the readers returned: each
// submission on its own (Validate), the merge per unit (field-conflict,
// value-required), the adjustments, completeness (field-missing, source-missing),
// the framework's checks on the merged values (CheckRules) and the batch checks
// (Batch). The findings come back sorted (SortFindings). It fails only when ctx
// ends (it looks before each submission and each stage): it then returns ctx's
// error and nothing else. The adjustments were checked against fw when they were
// read (ReadAdjustments): applying them cannot fail.
//
// A self-assessment (kind: self) gives rows of several years: they are split by
// year (SplitYears) and each year is validated as its own; the dataset returned is
// the evaluated year's (empty when the table has no row for it).
func ValidateAll(ctx context.Context, fw *Framework, raws []*RawSubmission, opt ValidateOptions) (*Dataset, Findings, error) {
	if fw.Kind == FrameworkSelf && fw.selfSplit {
		byYear, fs := SplitYears(fw, raws)
		ds := &Dataset{Year: fw.Year, Units: map[string]map[string]Value{}}
		for y, rs := range byYear {
			fwY := fw.ForYear(y)
			fwY.selfSplit = false
			optY := opt
			if y != fw.Year {
				optY.Adjustments = nil // they correct the evaluated year
			}
			d, f, err := ValidateAll(ctx, fwY, rs, optY)
			if err != nil {
				return nil, nil, err
			}
			fs = append(fs, f...)
			if y == fw.Year {
				ds = d
			}
		}
		SortFindings(fs)
		return ds, fs, nil
	}
	opt.Scope = opt.Scope.resolve(raws)
	subs, fs, err := Validate(ctx, fw, raws, opt)
	if err != nil {
		return nil, nil, err
	}
	ds, mf := merge(fw, subs, fw.Year, opt.Scope)
	fs = append(fs, mf...)
	if len(opt.Adjustments) > 0 {
		// Checked against fw when read: applying cannot fail.
		_ = ApplyAdjustments(fw, ds, opt.Adjustments, opt.AdjustFile)
		fs = ClearAdjusted(fs, opt.Adjustments)
		clearRowMissing(fw, ds, subs, fs)
	}
	// The stages after the merge look at every unit at once; ctx is looked at
	// between them.
	for _, stage := range []func() Findings{
		func() Findings { return completeness(fw, ds, subs, opt.Scope) },
		func() Findings { return CheckRules(fw, ds, opt.Previous) },
		func() Findings { return Batch(fw, ds, subs, opt) },
	} {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		fs = append(fs, stage()...)
	}
	SortFindings(fs)
	DropFaulty(fw, ds, fs, opt.Previous)
	StampFramework(fs, fw)
	return ds, fs, nil
}

// Validate turns each raw submission into typed values and judges each on its own:
// template-mismatch, unit-unknown, unit-mismatch, year-mismatch, field-unknown,
// the value-* codes, evidence-missing; and, across the submissions given,
// unit-duplicate and unit-missing. A submission from another framework id, or for
// a unit the framework does not know, gives its findings but no Submission.
//
// Empty required cells and absent rows are not judged here but after the merge
// (Merge), where a value given in another input counts.
//
// ctx is looked at before each submission: when it ends, Validate returns its
// error and nothing else.
func Validate(ctx context.Context, fw *Framework, raws []*RawSubmission, opt ValidateOptions) ([]*Submission, Findings, error) {
	var subs []*Submission
	var kept []*RawSubmission
	var fs Findings
	unknownCols := map[string]bool{}
	// Each submission is judged on its own (in parallel), the results gathered in
	// input order.
	one := make([]struct {
		sub *Submission
		fs  Findings
	}, len(raws))
	err := parallelForCtx(ctx, len(raws), func(i int) {
		if raws[i] != nil {
			one[i].sub, one[i].fs = validateOne(fw, raws[i])
		}
	})
	if err != nil {
		return nil, nil, err
	}
	for i, raw := range raws {
		if raw == nil {
			continue
		}
		sub, f := one[i].sub, one[i].fs
		for _, x := range f {
			// A table gives one submission per unit row: an unknown column once per file.
			if x.Code == CodeFieldUnknown && raw.Kind == "table" {
				k := x.File + "\x00" + x.Field
				if unknownCols[k] {
					continue
				}
				unknownCols[k] = true
				x.Unit = ""
			}
			fs = append(fs, x)
		}
		if sub != nil {
			subs = append(subs, sub)
			kept = append(kept, raw)
		}
	}
	fs = append(fs, unitDuplicates(fw, kept)...)
	switch opt.Scope.resolve(raws) {
	case ScopeSet:
		fs = append(fs, unitsMissing(fw, subs)...)
	case ScopeTable:
		fs = append(fs, tableRowsMissing(fw, raws, subs)...)
	}
	return subs, fs, nil
}

// validator carries one submission's context for the messages.
type validator struct {
	fw   *Framework
	raw  *RawSubmission
	unit string
	fs   Findings
}

func (v *validator) add(sev, code string, p Provenance, field, msg string) {
	file := p.File
	if file == "" {
		file = v.raw.File
	}
	v.fs = append(v.fs, Finding{Severity: sev, Code: code, Unit: v.unit, File: file,
		Sheet: p.Sheet, Cell: p.Cell, Field: field, Message: msg})
}

func validateOne(fw *Framework, raw *RawSubmission) (*Submission, Findings) {
	v := &validator{fw: fw, raw: raw, unit: raw.Unit}
	meta := Provenance{File: raw.File, Sheet: SheetMeta}
	if raw.Kind == "workbook" {
		if raw.FrameworkID != fw.ID {
			v.add(SevError, CodeTemplateMismatch, meta, "", fmt.Sprintf(
				"本填报表来自指标体系「%s」（%s 版），不是本次评估所用的「%s」（%s 版）：请使用市数据局本次下发的填报表重新填写",
				raw.FrameworkID, raw.FrameworkVersion, fw.ID, fw.Version))
			return nil, v.fs
		}
		if raw.FrameworkYear != 0 && raw.FrameworkYear < fw.Year {
			// An older edition of the same framework: nothing in it is judged (its
			// rows follow last year's layout); the unit is not scored.
			v.add(SevError, CodeTemplateOutdated, meta, "", fmt.Sprintf(
				"本表为 %d 年度填报表（指标体系 %s %s 版），本次评估的是 %d 年度（%s 版）：请下载 %d 年度填报表重新填写，可把数据逐项复制到新表",
				raw.FrameworkYear, raw.FrameworkID, raw.FrameworkVersion, fw.Year, fw.Version, fw.Year))
			return nil, v.fs
		}
		switch {
		case raw.FrameworkVersion != fw.Version:
			v.add(SevError, CodeTemplateMismatch, meta, "", fmt.Sprintf(
				"本填报表对应指标体系 %s 版，本次评估使用 %s 版：请使用市数据局下发的 %s 版填报表，把数据复制到新表后再提交",
				raw.FrameworkVersion, fw.Version, fw.Version))
		case raw.FrameworkSHA256 != "" && fw.SHA256 != "" && !strings.EqualFold(raw.FrameworkSHA256, fw.SHA256):
			v.add(SevError, CodeTemplateMismatch, meta, "", fmt.Sprintf(
				"本填报表所附的指标体系文件与本次评估所用的不同（版本号同为 %s，但内容有改动）：请使用市数据局最新下发的填报表",
				fw.Version))
		}
	}

	known := true
	if raw.Unit == "" {
		known = false
		v.add(SevError, CodeUnitUnknown, raw.UnitCell, "", where(raw.UnitCell)+"未能确定填报单位：请填写单位编码，或使用市数据局为本"+fw.UnitNoun()+"下发的填报表"+unitHint(fw))
	} else if _, ok := fw.Unit(raw.Unit); !ok {
		known = false
		v.add(SevError, CodeUnitUnknown, raw.UnitCell, "", fmt.Sprintf("%[1]s%[2]s「%[3]s」不在本次评估的%[2]s名单中：请使用市数据局为本%[2]s下发的填报表%[4]s", where(raw.UnitCell), fw.UnitNoun(), raw.Unit, unitHint(fw)))
	} else if raw.Kind == "workbook" {
		// A file named for another unit: a workbook sent in the wrong envelope.
		base := strings.TrimSuffix(raw.File, filepath.Ext(raw.File))
		mine, _ := fw.Unit(raw.Unit)
		if other, ok := fw.Unit(base); ok && other.ID != raw.Unit {
			v.add(SevError, CodeUnitMismatch, raw.UnitCell, "", fmt.Sprintf(
				"文件名 %[1]s 对应「%[2]s」，但表内%[6]s为「%[3]s」：请确认是否发错了文件；如表内%[6]s无误，请把文件改名为 %[4]s%[5]s",
				raw.File, other.Name, mine.Name, raw.Unit, filepath.Ext(raw.File), fw.UnitNoun()))
		}
		// The 单位 shown in the header names another unit than the one the workbook
		// was issued to (its _meta): a copied workbook with the header edited.
		if other, ok := headerNamesOther(fw, raw.UnitText, mine); ok {
			v.add(SevError, CodeUnitMismatch, raw.UnitCell, "", fmt.Sprintf(
				"%s表头的填报单位为「%s」，但本表是为「%s」下发的：请使用市数据局为%s下发的填报表；如确为%s的数据，请把表头改回「%s」",
				where(raw.UnitCell), clip(raw.UnitText), mine.Name, other.Name, mine.Name, mine.Name))
		}
	}

	if raw.Year != "" {
		if y, ok := parseYear(raw.Year); !ok || y != fw.Year {
			v.add(SevError, CodeYearMismatch, raw.YearCell, "", fmt.Sprintf(
				"%s年度为「%s」，本次评估的是 %d 年度的数据：请使用 %d 年度的填报表，并填写 %d 年度的数据",
				where(raw.YearCell), clip(raw.Year), fw.Year, fw.Year, fw.Year))
		}
	}

	sub := &Submission{Kind: raw.Kind, File: raw.File, Path: raw.Path, SHA256: raw.SHA256, Unit: raw.Unit, Values: map[string]Value{}}
	for _, row := range raw.Rows {
		f := fw.Field(row.Field)
		if f == nil {
			what := fmt.Sprintf("%s第 %d 行的字段编码「%s」", row.Value.Prov.Sheet, row.Row, clip(row.Field))
			fix := "该行已忽略；如是自行添加的行请删除，如是改动了字段编码请改回模板原样"
			if raw.Kind == "table" {
				what = fmt.Sprintf("列「%s」", clip(row.Field))
				fix = "该列已忽略；请核对列名是否为指标体系中的字段编码"
			}
			if raw.Kind == "table" {
				what = where(row.Value.Prov) + what
			}
			v.add(SevWarning, CodeFieldUnknown, row.Value.Prov, row.Field, what+"不在指标体系中，"+fix)
			continue
		}
		if _, dup := sub.Values[f.ID]; dup {
			continue // the reader reported field-duplicate; the first row counts
		}
		sub.Values[f.ID] = v.value(f, row)
	}
	if !known {
		return nil, v.fs
	}
	return sub, v.fs
}

func unitHint(fw *Framework) string {
	names := make([]string, 0, len(fw.Units))
	for _, u := range fw.Units {
		names = append(names, u.ID+" "+u.Name)
	}
	return "（本次评估的" + fw.UnitNoun() + "：" + strings.Join(names, "、") + "）"
}

// parseYear reads "2025", "2025年", "2025年度", "２０２５", "2025.0".
func parseYear(s string) (int, bool) {
	t, _ := normalizeWidth(s)
	t = trimSpace(t)
	t = strings.TrimSuffix(t, "年度")
	t = strings.TrimSuffix(t, "年")
	t = strings.TrimSuffix(t, ".0")
	y, err := strconv.Atoi(trimSpace(t))
	return y, err == nil
}

// value reads one row's value cell for field f, adding the findings.
func (v *validator) value(f *Field, row RawRow) Value {
	c := row.Value
	val := Value{Prov: c.Prov, Evidence: trimSpace(row.Evidence.Text), Note: trimSpace(row.Note.Text)}
	at := where(c.Prov) + "「" + f.Name + "」"
	shown := trimSpace(c.Text)

	if c.FormulaError {
		val.Missing, val.Invalid = true, true
		if shown != "" {
			v.add(SevError, CodeValueFormulaError, c.Prov, f.ID, fmt.Sprintf(
				"%s的公式出错（%s）：请改为直接填写数值，或修正公式后重新计算并保存", at, clip(shown)))
		} else {
			v.add(SevError, CodeValueFormulaError, c.Prov, f.ID, at+
				"是公式但没有计算结果（保存时未计算）：请在 Excel/WPS 中打开、重新计算后保存，或直接填写数值")
		}
		return val
	}
	if f.AllowNA && shown != "" {
		if t, _ := normalizeWidth(shown); isNA(trimSpace(t)) {
			val.NA = true
			return val
		}
	}

	var r reading
	switch f.Type {
	case TypeNumber, TypeInteger, TypePercent:
		r = readNumber(c, f.Type == TypePercent, f.Unit)
	case TypeBoolean:
		r = readBoolean(c)
	case TypeGrade:
		r = readGrade(c, f.Grades)
	default: // text
		r = reading{text: shown, empty: shown == ""}
	}
	if r.empty {
		val.Missing = true
		return val
	}
	if r.code != "" {
		val.Missing, val.Invalid = true, true
		var msg string
		switch r.code {
		case CodeValueFormulaError:
			msg = fmt.Sprintf("%s为错误值「%s」：请改为直接填写数值", at, clip(shown))
		case CodeValueBadChoice:
			msg = fmt.Sprintf("%s%s，当前为「%s」：请从下拉列表中选择", at, r.hint, clip(shown))
		case CodeValueOutOfRange:
			msg = fmt.Sprintf("%s当前为 %s：%s", at, fmtNum(r.num), r.hint)
		default:
			msg = fmt.Sprintf("%s应为%s，当前为「%s」：%s", at, expect(f), clip(shown), r.hint)
		}
		v.add(SevError, r.code, c.Prov, f.ID, msg)
		return val
	}
	val.Num, val.Text = r.num, r.text
	if f.Type == TypeText {
		return val
	}
	if r.note != "" {
		read := r.text
		if read == "" {
			read = fmtNum(r.num)
			if f.Type == TypePercent {
				read += "，即 " + fmtNum(r.num) + "%"
			}
		}
		v.add(SevWarning, CodeValueCoerced, c.Prov, f.ID, fmt.Sprintf(
			"%s填写为「%s」，已按「%s」读取（%s）：请确认无误；今后请直接填写%s", at, clip(shown), read, r.note, plainForm(f)))
	}

	switch f.Type {
	case TypeInteger:
		if r.num != math.Trunc(r.num) || math.Abs(r.num) > 1<<53 {
			v.add(SevError, CodeValueNotInteger, c.Prov, f.ID, fmt.Sprintf(
				"%s应为%s，当前为 %s：请填写整数（不要带小数）", at, expect(f), fmtNum(r.num)))
		}
	case TypePercent:
		if !r.scaled && !r.pctText && r.num > 0 && r.num < 1 {
			x100 := fmtNum(times100(r.num))
			sev := SevError
			fix := fmt.Sprintf("如实际为 %s%%，请填写 %s；如确实不到 1%%，请在「备注」中说明", x100, x100)
			if v.raw.Kind == "table" {
				sev = SevWarning
				fix = fmt.Sprintf("已按 %s%% 读取；如实际为 %s%%，请改为 %s", fmtNum(r.num), x100, x100)
			} else if val.Note != "" {
				sev = SevWarning
				fix = fmt.Sprintf("备注已说明，按 %s%% 读取；如实际为 %s%%，请改为 %s", fmtNum(r.num), x100, x100)
			}
			v.add(sev, CodeValuePercentScale, c.Prov, f.ID, fmt.Sprintf(
				"%s是百分比（填 85 表示 85%%），当前为 %s，像是按小数填写的比例：%s", at, fmtNum(r.num), fix))
		}
	}
	if numeric(f) && outOfBounds(f, r.num) {
		hint := "请核实数值和计量单位"
		if r.scaled && r.num > 100 {
			hint = fmt.Sprintf("该单元格为百分比格式，显示为 %s%%：请重新输入，直接键入 %s%% 即可（粘贴的数值不会按百分数换算）", fmtNum(r.num), fmtNum(r.num/100))
		}
		v.add(SevError, CodeValueOutOfRange, c.Prov, f.ID, fmt.Sprintf(
			"%s应为%s，当前为 %s：%s", at, expect(f), fmtNum(r.num), hint))
	}
	if f.Evidence && val.Evidence == "" {
		p := row.Evidence.Prov
		if p.Cell == "" {
			p = c.Prov
		}
		col := "「佐证材料」列"
		if v.raw.Kind == "table" {
			col = "「" + f.ID + ".evidence」列"
		}
		v.add(SevError, CodeEvidenceMissing, p, f.ID, fmt.Sprintf(
			"%s「%s」需附佐证材料：请在%s填写佐证文件名或链接", where(p), f.Name, col))
	}
	return val
}

func outOfBounds(f *Field, x float64) bool {
	return (f.Min != nil && x < *f.Min) || (f.Max != nil && x > *f.Max)
}

// expect describes what a field takes: "不小于 0 的整数", "0 到 100 之间的百分数".
func expect(f *Field) string {
	noun := "数"
	switch f.Type {
	case TypeInteger:
		noun = "整数"
	case TypePercent:
		noun = "百分数（填 85 表示 85%）"
	}
	u := ""
	if f.Unit != "" && f.Type != TypePercent {
		u = "（单位：" + f.Unit + "）"
	}
	switch {
	case f.Min != nil && f.Max != nil:
		return fmt.Sprintf(" %s 到 %s 之间的%s%s", fmtNum(*f.Min), fmtNum(*f.Max), noun, u)
	case f.Min != nil:
		return fmt.Sprintf("不小于 %s 的%s%s", fmtNum(*f.Min), noun, u)
	case f.Max != nil:
		return fmt.Sprintf("不大于 %s 的%s%s", fmtNum(*f.Max), noun, u)
	}
	return noun + u
}

// plainForm is how a field should be typed, for value-coerced messages.
func plainForm(f *Field) string {
	switch f.Type {
	case TypeBoolean:
		return "「是」或「否」"
	case TypeGrade:
		return "下拉列表中的等级"
	case TypePercent:
		return "数字（如 85 表示 85%）"
	}
	return "半角数字，不带计量单位和分隔符"
}

// where is the position prefix of a message: 数据填报!E12, or C5 for a CSV table.
func where(p Provenance) string {
	switch {
	case p.Sheet != "" && p.Cell != "":
		return p.Sheet + "!" + p.Cell
	case p.Cell != "":
		return p.Cell
	case p.Sheet != "":
		return p.Sheet + " "
	}
	return ""
}

// fmtNum prints a number for a message: as many decimals as it has (at most 6),
// through FormatFixed; huge magnitudes in exponent form.
func fmtNum(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) >= 1e15 {
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	d := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		d = len(s) - i - 1
	}
	if d <= 6 {
		return FormatFixed(x, d)
	}
	out := strings.TrimRight(FormatFixed(x, 6), "0")
	return strings.TrimSuffix(out, ".")
}

// clip shortens a clerk's text for a message.
func clip(s string) string {
	const max = 40
	r := []rune(s)
	if len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

// CheckRules evaluates the framework's cross-field checks (SPEC §4 checks) on each
// unit's merged values: a rule that does not hold is check-failed, positioned at
// the first field of the rule. A side that cannot be computed (an empty or
// unreadable field, 不适用, a division by zero) gives no finding: the cell itself
// was already judged.
func CheckRules(fw *Framework, ds *Dataset, prev *Results) Findings {
	if len(fw.Checks) == 0 || ds == nil {
		return nil
	}
	last := map[string]map[string]any{}
	if prev != nil {
		for _, u := range prev.Units {
			last[u.ID] = u.Fields
		}
	}
	var fs Findings
	for _, uid := range unitOrder(fw, ds) {
		vals := ds.Units[uid]
		env := unitEnv{fw: fw, cur: vals, prev: last[uid]}
		for _, c := range fw.Checks {
			if c.Expr == nil {
				continue
			}
			holds, st := c.Expr.Holds(env)
			if st != EvalOK || holds {
				continue
			}
			var at Provenance
			var parts []string
			for _, id := range c.Expr.Fields {
				f := fw.Field(id)
				v, ok := vals[id]
				if f == nil || !ok {
					continue
				}
				if at.File == "" {
					at = v.Prov
				}
				parts = append(parts, fmt.Sprintf("「%s」%s（%s）", f.Name, showValue(f, v), where(v.Prov)))
			}
			rule := c.Message
			if rule == "" {
				rule = c.Rule
			}
			fs = append(fs, Finding{Severity: SevError, Code: CodeCheckFailed, Unit: uid, File: at.File,
				Sheet: at.Sheet, Cell: at.Cell, Field: firstOr(c.Expr.Fields), Message: fmt.Sprintf(
					"%s不符合校验规则「%s」（%s）：%s：请核对这几项数值，改正填错的一项",
					where(at), rule, c.Rule, strings.Join(parts, "，"))})
		}
	}
	return fs
}

func firstOr(xs []string) string {
	if len(xs) > 0 {
		return xs[0]
	}
	return ""
}

// headerNamesOther reports the unit a workbook header's 单位 text names when it is
// not the workbook's own unit: the text is another unit's name or id, or contains
// another unit's name and not the own one (江阴市数据局 names 江阴市).
func headerNamesOther(fw *Framework, text string, mine Unit) (Unit, bool) {
	t := strings.TrimSpace(text)
	if t == "" || t == mine.Name || t == mine.ID || strings.Contains(t, mine.Name) {
		return Unit{}, false
	}
	for _, u := range fw.Units {
		if u.ID != mine.ID && (t == u.ID || t == u.Name || strings.Contains(t, u.Name)) {
			return u, true
		}
	}
	return Unit{}, false
}
