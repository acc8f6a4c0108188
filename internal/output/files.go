package output

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/templates"
)

// CreateBytes writes one output whose content is data.
func (o *Set) CreateBytes(rel string, data []byte) error {
	return o.Create(rel, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// WriteSubmissions stages <unit-id>.xlsx, the blank submission workbook of
// `dteval template`, for each of units, and returns their paths (in the output
// folder) in order.
func WriteSubmissions(o *Set, fw *evaluator.Framework, units []evaluator.Unit, date string) ([]string, error) {
	var written []string
	for _, u := range units {
		name := u.ID + ".xlsx"
		err := o.Create(name, func(w io.Writer) error {
			return templates.WriteSubmission(w, fw, u, templates.SubmissionOptions{Date: date})
		})
		if err != nil {
			return nil, fmt.Errorf("生成 %s 时出错：%w", filepath.Join(o.dir, name), err)
		}
		written = append(written, filepath.Join(o.dir, name))
	}
	return written, nil
}

// WriteScore stages what `dteval score` writes: the results as name, every
// finding in internal/findings.json (marked draft when the results are) and the
// list of inputs in internal/inputs.json.
func WriteScore(o *Set, name string, res *evaluator.Results) error {
	if err := o.Create(name, func(w io.Writer) error { return evaluator.WriteResults(w, res) }); err != nil {
		return err
	}
	findings := res.AllFindings
	if res.Draft {
		findings = evaluator.MarkDraft(findings)
	}
	if err := o.Create(FileFindings, func(w io.Writer) error { return evaluator.WriteFindingsJSON(w, findings) }); err != nil {
		return err
	}
	return o.Create(FileInputs, func(w io.Writer) error { return evaluator.WriteInputsJSON(w, res.Inputs) })
}

// WriteWorkspace stages the yearly workspace of `dteval init`: a copy of the
// framework file, a README, a narrative.yaml starter and the folders submissions/
// and previous/ with a note each. It returns the framework copy's name.
func WriteWorkspace(o *Set, fw *evaluator.Framework) (string, error) {
	name := filepath.Base(fw.Path)
	if !strings.HasSuffix(name, ".yaml") {
		name = fw.ID + ".yaml"
	}
	return name, errors.Join(
		o.CreateBytes(name, fw.Source),
		o.Create("README.md", func(w io.Writer) error { return templates.WriteWorkspaceReadme(w, fw, name) }),
		o.Create("narrative.yaml", func(w io.Writer) error { return templates.WriteNarrativeStarter(w, fw) }),
		o.CreateBytes("submissions/README.txt", []byte("把各单位报送的填报表（.xlsx）和其他部门的汇总表（.csv/.xlsx）放在本文件夹。\n")),
		o.CreateBytes("previous/README.txt", []byte("把上一年度评估输出的 results.json 放在本文件夹（可选，用于同比）。\n")),
	)
}
