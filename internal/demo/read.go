package demo

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/output"
)

// Read reads one edition's example submissions from the embedded folder dir
// (workbooks, and tables read with fw): the submissions, the findings of reading
// them, and the files by name.
func Read(fw *evaluator.Framework, dir string) ([]*evaluator.RawSubmission, evaluator.Findings, map[string][]byte, error) {
	fsys := FS()
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, nil, err
	}
	names := make([]string, 0, len(entries))
	for _, en := range entries {
		names = append(names, en.Name())
	}
	sort.Strings(names)
	var raws []*evaluator.RawSubmission
	var finds evaluator.Findings
	files := map[string][]byte{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, nil, nil, err
		}
		files[name] = data
		switch {
		case strings.HasSuffix(name, ".xlsx"):
			raw, f := evaluator.ReadWorkbookBytes(name, data)
			if raw != nil {
				raws = append(raws, raw)
			}
			finds = append(finds, f...)
		case strings.HasSuffix(name, ".csv"):
			rs, f := evaluator.ReadTableBytes(name, data, fw)
			raws = append(raws, rs...)
			finds = append(finds, f...)
		}
	}
	return raws, finds, files, nil
}

// Inputs is where the demo copies its inputs: under internal/, apart from the
// public files, since the submissions hold their contact cells (SPEC §10).
const Inputs = "internal/inputs/"

// AddCopies records the inputs of one demo edition under internal/inputs/: the
// framework, the adjustments and the submissions (under internal/inputs/<year>/),
// so that the run can be reproduced with dteval run.
func AddCopies(copies map[string][]byte, fw *evaluator.Framework, stem string, b Bundle, files map[string][]byte) {
	copies[Inputs+stem+".yaml"] = fw.Source
	if b.AdjustmentsName != "" {
		copies[Inputs+b.AdjustmentsName] = b.Adjustments
	}
	for name, data := range files {
		copies[fmt.Sprintf(Inputs+"%d/%s", fw.Year, name)] = data
	}
}

// StageInputs stages the recorded inputs (AddCopies) and the results of the
// earlier editions (internal/inputs/<year>/results.json) into o, by name.
func StageInputs(o *output.Set, copies map[string][]byte, history []*evaluator.Results) error {
	names := make([]string, 0, len(copies))
	for n := range copies {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := o.CreateBytes(n, copies[n]); err != nil {
			return err
		}
	}
	for _, r := range history {
		if err := o.Create(fmt.Sprintf(Inputs+"%d/results.json", r.Year), func(w io.Writer) error { return evaluator.WriteResults(w, r) }); err != nil {
			return err
		}
	}
	return nil
}
