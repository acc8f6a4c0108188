package demo

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
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
