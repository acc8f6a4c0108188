package demo

import (
	"io/fs"

	"github.com/wuxi-data/dteval/evaluator"
)

// Bundle is the example data of one embedded framework: the folder of FS holding its
// submissions (workbooks and tables) and, optionally, an adjustments file.
type Bundle struct {
	Dir             string
	AdjustmentsName string
	Adjustments     []byte
}

// legacy names the folders of the bundles that predate one folder per framework:
// the default framework's two editions keep their year folders.
var legacy = map[string]Bundle{
	"wuxi-2025": {Dir: "2025", AdjustmentsName: AdjustmentsName, Adjustments: Adjustments2025},
	"wuxi-2024": {Dir: "2024"},
}

// For returns the example data of the embedded framework named name (its file
// stem): a legacy year folder, else the folder of that name; ok is false when the
// framework has no example data.
func For(name string) (Bundle, bool) {
	if b, ok := legacy[name]; ok {
		return b, true
	}
	if st, err := fs.Stat(FS(), name); err == nil && st.IsDir() {
		return Bundle{Dir: name}, true
	}
	return Bundle{}, false
}

// Edition is one framework edition the demo scores, with its example data.
type Edition struct {
	Name      string // the file stem
	Framework *evaluator.Framework
	Bundle
}

// Editions returns what the demo of fw (named stem) scores, oldest first: for a
// ranking framework the earlier editions of it (same id, earlier year) that have
// example data, each serving as the next one's previous year, then fw itself. ok
// is false when fw has no example data.
func Editions(all []evaluator.EmbeddedFramework, fw *evaluator.Framework, stem string) ([]Edition, bool) {
	b, ok := For(stem)
	if !ok {
		return nil, false
	}
	var out []Edition
	for _, ed := range evaluator.EarlierEditions(all, fw) {
		if eb, ok := For(ed.Name); ok {
			out = append(out, Edition{ed.Name, ed.Framework, eb})
		}
	}
	return append(out, Edition{stem, fw, b}), true
}

// Input reads the edition's example data into a pipeline input (framework,
// submissions, adjustments) and records its files in copies (AddCopies).
func (ed Edition) Input(copies map[string][]byte) (evaluator.PipelineInput, error) {
	raws, finds, files, err := Read(ed.Framework, ed.Dir)
	if err != nil {
		return evaluator.PipelineInput{}, err
	}
	AddCopies(copies, ed.Framework, ed.Name, ed.Bundle, files)
	return evaluator.PipelineInput{Framework: ed.Framework, Raws: raws, ReadFindings: finds,
		AdjustPath: ed.AdjustmentsName, AdjustSource: ed.Adjustments}, nil
}
