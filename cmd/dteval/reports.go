package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/templates"
)

// Output file names (SPEC §9).
const (
	fileResults  = "results.json"
	filePDF      = "评估报告.pdf"
	fileXLSX     = "评估结果.xlsx"
	fileCSV      = "评估结果.csv"
	fileFindings = "internal/findings.json"
	dirFeedback  = "feedback"
)

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkDate validates a -date flag; "" means today.
func checkDate(e *env, date string) (string, bool) {
	if date == "" {
		return time.Now().Format("2006-01-02"), true
	}
	if _, err := time.Parse("2006-01-02", date); err != nil || !dateRe.MatchString(date) {
		e.errorf("-date %q is not a date in the form YYYY-MM-DD", date)
		return "", false
	}
	return date, true
}

// sameFramework reports whether results were computed with fw (SPEC §8: report
// refuses results made from another framework id, version or sha256).
func sameFramework(e *env, fw *evaluator.Framework, res *evaluator.Results) bool {
	r := res.Framework
	if r.ID == fw.ID && r.Version == fw.Version && r.SHA256 == fw.SHA256 {
		return true
	}
	e.errorf("the results were computed with framework %s %s (sha256 %.12s…), not with %s %s (sha256 %.12s…)",
		r.ID, r.Version, r.SHA256, fw.ID, fw.Version, fw.SHA256)
	e.hintf("give the framework file the results were scored with: -f FRAMEWORK.yaml")
	return false
}

// writeReports renders every report into the output set: results.json (the bytes
// given), internal/findings.json, the public PDF, XLSX and CSV, and one feedback
// PDF per scored unit.
func writeReports(e *env, o *outputSet, fw *evaluator.Framework, res *evaluator.Results, opt templates.ReportOptions, quiet bool) error {
	var rj bytes.Buffer
	if err := evaluator.WriteResults(&rj, res); err != nil {
		return err
	}
	steps := []struct {
		name  string
		write func(io.Writer) error
	}{
		{fileResults, func(w io.Writer) error { _, err := w.Write(rj.Bytes()); return err }},
		{fileFindings, func(w io.Writer) error { return evaluator.WriteFindingsJSON(w, opt.Findings) }},
		{fileXLSX, func(w io.Writer) error { return templates.RenderXLSX(w, fw, res, opt) }},
		{fileCSV, func(w io.Writer) error { return templates.RenderCSV(w, fw, res, opt) }},
		{filePDF, func(w io.Writer) error {
			warns, err := templates.RenderPDF(w, fw, res, opt)
			for _, wn := range warns {
				e.warnf("%s: %s", filePDF, wn)
			}
			return err
		}},
	}
	for _, u := range res.Units {
		u := u
		name := filepath.Join(dirFeedback, u.ID+".pdf")
		steps = append(steps, struct {
			name  string
			write func(io.Writer) error
		}{name, func(w io.Writer) error {
			warns, err := templates.RenderFeedbackPDF(w, fw, res, u.ID, opt)
			for _, wn := range warns {
				e.warnf("%s: %s", name, wn)
			}
			return err
		}})
	}
	for i, s := range steps {
		if !quiet {
			e.progress("%d/%d %s", i+1, len(steps), s.name)
		}
		if err := o.create(s.name, s.write); err != nil {
			return err
		}
	}
	e.progressDone()
	return nil
}

// readFindingsFile reads internal/findings.json (a JSON array of findings).
func readFindingsFile(path string) (evaluator.Findings, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var fs evaluator.Findings
	dec := json.NewDecoder(io.LimitReader(f, 256<<20))
	if err := dec.Decode(&fs); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return fs, nil
}
