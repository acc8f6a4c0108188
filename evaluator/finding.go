package evaluator

import (
	"fmt"
	"strings"
)

// Severities.
const (
	SevError   = "error"
	SevWarning = "warning"
)

// Finding codes (SPEC §8). Stable: scripts depend on them.
const (
	CodeFileUnreadable    = "file-unreadable"
	CodeTemplateMismatch  = "template-mismatch"
	CodeUnitUnknown       = "unit-unknown"
	CodeUnitMismatch      = "unit-mismatch"
	CodeUnitDuplicate     = "unit-duplicate"
	CodeUnitMissing       = "unit-missing"
	CodeYearMismatch      = "year-mismatch"
	CodeFieldMissing      = "field-missing"
	CodeFieldDuplicate    = "field-duplicate"
	CodeFieldConflict     = "field-conflict"
	CodeFieldUnknown      = "field-unknown"
	CodeValueRequired     = "value-required"
	CodeValueNotNumber    = "value-not-number"
	CodeValueNotInteger   = "value-not-integer"
	CodeValueOutOfRange   = "value-out-of-range"
	CodeValueBadChoice    = "value-bad-choice"
	CodeValuePercentScale = "value-percent-scale"
	CodeValueCoerced      = "value-coerced"
	CodeValueFormulaError = "value-formula-error"
	CodeEvidenceMissing   = "evidence-missing"
	CodeCheckFailed       = "check-failed"
	CodeChangeLarge       = "change-large"
	CodeValueOutlier      = "value-outlier"
	// CodeSourceMissing: a set judged as complete lacks the table another
	// department sends (the fields marked from_table with that source): one
	// finding per missing source, not one per cell.
	CodeSourceMissing = "source-missing"
	// CodeRowMissing: the table of a department is among the inputs but has no
	// row for a unit that sent its workbook: one finding per unit and table, on the
	// table, not one per empty cell of the unit's workbook.
	CodeRowMissing = "row-missing"
	// CodeTemplateOutdated: a workbook issued with an older edition of the same
	// framework id.
	CodeTemplateOutdated = "template-outdated"
	// Scoring-stage warnings (results.json counts them with the rest).
	CodeDivisionByZero = "value-division-by-zero"
	CodeNotFinite      = "value-not-finite"
	CodeNoSpread       = "score-no-spread"
	CodeZeroGeometric  = "score-zero-geometric" // a child scoring 0 makes its geometric group 0
	CodeImputeFallback = "impute-fallback"
	CodeValueClipped   = "value-clipped"
	CodeGradeUnknown   = "grade-unknown" // a grade the indicator's mapping lacks: missing
)

// Finding is one validation or scoring observation, positioned to the cell.
type Finding struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Unit     string `json:"unit"`
	File     string `json:"file"`
	Sheet    string `json:"sheet"`
	Cell     string `json:"cell"`
	Field    string `json:"field"`
	Message  string `json:"message"`
	// Draft marks the findings of a -draft run in internal/findings.json.
	Draft bool `json:"draft,omitempty"`
	// Framework is the framework (and so the year) the finding was judged against.
	Framework *FindingFramework `json:"framework,omitempty"`
}

// FindingFramework names the framework a finding was judged against.
type FindingFramework struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Year    int    `json:"year"`
}

// Ref is the framework as findings name it.
func (fw *Framework) Ref() *FindingFramework {
	return &FindingFramework{ID: fw.ID, Version: fw.Version, Year: fw.Year}
}

// Describe is the framework as a summary line names it: 指标体系 wuxi-dt 2025.2 版，2025 年度.
func (r *FindingFramework) Describe() string {
	return fmt.Sprintf("指标体系 %s %s 版，%d 年度", r.ID, r.Version, r.Year)
}

// StampFramework sets the framework of every finding of fs that names none.
func StampFramework(fs Findings, fw *Framework) {
	ref := fw.Ref()
	for i := range fs {
		if fs[i].Framework == nil {
			fs[i].Framework = ref
		}
	}
}

// Findings is a list of findings.
type Findings []Finding

// Errors counts the findings of severity error.
func (fs Findings) Errors() int {
	n := 0
	for _, f := range fs {
		if f.Severity == SevError {
			n++
		}
	}
	return n
}

// OnlyErrors returns the findings of severity error, in order.
func (fs Findings) OnlyErrors() Findings {
	var out Findings
	for _, f := range fs {
		if f.Severity == SevError {
			out = append(out, f)
		}
	}
	return out
}

// Warnings counts the findings of severity warning.
func (fs Findings) Warnings() int { return len(fs) - fs.Errors() }

// ByCode counts findings per code.
func (fs Findings) ByCode() map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.Code]++
	}
	return m
}

// Detail is the message without its leading position (Sheet!Cell, as the
// messages of cell findings begin): for the displays that show the position in a
// column of their own, or as a comment on the cell itself (the feedback PDF, the
// annotated copies, serve). The text output and findings.json keep Message whole.
func (f Finding) Detail() string {
	if f.Sheet == "" || f.Cell == "" {
		return f.Message
	}
	rest, ok := strings.CutPrefix(f.Message, f.Sheet+"!"+f.Cell)
	if rest = strings.TrimLeft(rest, "：: "); !ok || rest == "" {
		return f.Message
	}
	return rest
}
