// Package templates renders everything dteval writes for people: the submission
// workbook, the XLSX results workbook, the open-data CSV, the public PDF report and
// the per-unit feedback PDFs.
package templates

import "github.com/wuxi-data/dteval/evaluator"

// ReportOptions are the inputs every report renderer takes besides the framework and
// the results.
type ReportOptions struct {
	// Date is the report date, YYYY-MM-DD (printed; also the document dates, so the same
	// inputs and Date give byte-identical files).
	Date string
	// Draft marks every public page and sheet 征求意见稿.
	Draft bool
	// Sample marks every page and sheet 示例数据 (the demo's fictional data).
	Sample bool
	// TemplatesDir, when set, overrides the embedded narrative text templates with the
	// files of the same name in that folder.
	TemplatesDir string
	// Findings are the full validation and scoring findings (internal/findings.json):
	// only the feedback PDFs show them; public outputs use Results.Findings counts.
	Findings evaluator.Findings
	// Narrative is the bureau's own text (-narrative FILE): 编制说明, 主要发现 added
	// to the generated ones, 典型案例, 存在问题, 工作建议, contact. nil: none.
	Narrative *Narrative
	// History are the results of earlier years of the same framework (-history),
	// oldest first: each unit's score and rank over the years on its page and in
	// the XLSX sheet 历年得分.
	History []*evaluator.Results
}
