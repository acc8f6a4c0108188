package evaluator

// A submission goes through two stages before it is scored:
//
//	file → RawSubmission (cells as text, with provenance: ReadWorkbookBytes, ReadTable)
//	RawSubmission → Submission (typed values + findings: Validate)
//
// and the Submissions of a year are merged into a Dataset (Merge).

// Provenance says where a value came from: file base name, sheet and A1 cell.
type Provenance struct {
	File  string `json:"file"`
	Sheet string `json:"sheet,omitempty"`
	Cell  string `json:"cell,omitempty"`
}

// RawCell is one input cell as the reader found it, before any interpretation.
type RawCell struct {
	Text          string // the raw cell value (RawCellValue), trimmed of nothing
	PercentFormat bool   // the cell carries a percent number format (a typed 85 % is stored 0.85)
	DateFormat    bool   // the cell carries a date or time format (a typed date is stored as a day number)
	Formula       string // the formula, when the cell has one
	FormulaError  bool   // the cached value is an error (#DIV/0!, #REF!…) or missing for a formula
	Prov          Provenance
}

// RawRow is one field row (or, for a table, one unit × field-column cell group).
type RawRow struct {
	Field    string  // 字段编码 as written (trimmed)
	Value    RawCell // 填报值
	Evidence RawCell // 佐证材料
	Note     RawCell // 备注
	Row      int     // sheet row (1-based) or table line
}

// RawSubmission is what a reader extracted from one file for one unit.
type RawSubmission struct {
	Kind   string // "workbook" or "table"
	File   string // base name
	Path   string // path as given (never published)
	SHA256 string // of the file bytes
	Sheet  string // the data sheet name

	// From a workbook's _meta and header block.
	FrameworkID      string
	FrameworkVersion string
	FrameworkSHA256  string
	FrameworkSource  []byte // the framework file stored in _meta
	FrameworkYear    int    // the year in _meta: the data year the workbook was issued for (0: none)
	Unit             string // unit id (from _meta, or the table's unit column)
	UnitCell         Provenance
	UnitText         string // the 单位 written in a workbook's header block
	Year             string // as written
	YearCell         Provenance
	Contacts         map[string]string // 填报人, 联系电话, 审核人 (never published)

	Rows []RawRow
}

// Value is a typed field value of one unit.
type Value struct {
	Missing bool // empty, unreadable or not finite
	Invalid bool // Missing because the cell could not be read (an error finding says why)
	// Error is the code of the error finding that dropped the value (DropFaulty):
	// the value was given but is faulty, so it counts as missing (剔除（数据有误）).
	Error    string
	NA       bool    // 不适用 (allowed by the field's allow_na)
	Num      float64 // number, integer, percent (on 0–100); boolean: 1 (是) or 0 (否)
	Text     string  // boolean: 是/否; grade: the grade; text: the text
	Evidence string  // 佐证材料 (never published)
	Note     string  // 备注 (never published)
	Prov     Provenance
}

// IsNumber reports whether v carries a usable number.
func (v Value) IsNumber() bool { return !v.Missing && !v.NA }

// Submission is one file's validated content for one unit.
type Submission struct {
	Kind   string
	File   string
	Path   string
	SHA256 string
	Unit   string
	Values map[string]Value // by field id; a field absent from the file is absent here
}

// Dataset is the year's merged input: per unit, per field, one value.
type Dataset struct {
	Year   int
	Inputs []Input
	// Units maps unit id → field id → value. A unit with no entry submitted nothing (未提交).
	Units map[string]map[string]Value
	// Adjustments applied (核查核减), in file order.
	Adjustments []Adjustment
	// Excluded maps a unit whose submission has a submission-level error (template,
	// unit, year, duplicate) to that error's code: the unit is not scored (未提交),
	// whatever its values or adjustments (DropFaulty).
	Excluded map[string]string
}

// Input roles (results.json inputs[].role).
const (
	RoleWorkbook    = "workbook"
	RoleTable       = "table"
	RoleAdjustments = "adjustments"
	RolePrevious    = "previous"
	RoleNarrative   = "narrative"
)

// Input identifies one input file (results.json "inputs") by unit and role with
// its SHA-256 (SPEC §6, §10): people type file names, and they hold names and
// phone numbers, so File is never written to results.json (WriteResults drops it;
// older results.json files that have it still read). File names live only in
// internal/ (internal/inputs.json, internal/findings.json).
type Input struct {
	Unit   string `json:"unit,omitempty"`
	Role   string `json:"role,omitempty"`
	Source string `json:"source,omitempty"` // a table: the source departments of its fields (统计局)
	SHA256 string `json:"sha256"`
	File   string `json:"file,omitempty"` // in memory only; never written
}

// Label names an input for the public: 「梁溪区 填报表」, 「统计局 汇总表」, 「核查核定调整」.
func (in Input) Label(fw *Framework) string {
	who := in.Unit
	if u, ok := fw.Unit(in.Unit); ok {
		who = u.Name
	}
	var what string
	switch in.Role {
	case RoleTable:
		what, who = "汇总表", in.Source
	case RoleAdjustments:
		what = "核查核定调整"
	case RolePrevious:
		what = "上年评估结果"
	case RoleNarrative:
		what = "编制说明文本"
	default:
		what = "填报表"
	}
	if who == "" {
		return what
	}
	return who + " " + what
}

// Roles of inputs other than submissions (the names the annex code uses).
const (
	InputAdjustments = RoleAdjustments
	InputPrevious    = RolePrevious
)

// Adjustment is one audited correction (SPEC §7, 核查核减).
type Adjustment struct {
	Unit    string   `json:"unit"`
	Field   string   `json:"field"`
	Old     *float64 `json:"old"`
	OldText string   `json:"old_text,omitempty"`
	New     *float64 `json:"new"`
	NewText string   `json:"new_text,omitempty"`
	Reason  string   `json:"reason"`
	By      string   `json:"by,omitempty"`
	Date    string   `json:"date,omitempty"`
}
