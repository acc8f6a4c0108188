package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/demo"
)

func init() {
	register(&command{
		name:    "demo",
		args:    "[-o DIR] [-date YYYY-MM-DD] [-force]",
		summary: "the embedded default: bundled framework and example submissions of two years → the full output set",
		help: `Scores the bundled example submissions (fictional data, 示例数据) of the 8 Wuxi units
for 2024 under indicators/wuxi-2024.yaml, then for 2025 under indicators/wuxi-2025.yaml
with 2024 as the previous year and an example adjustments file (核查核减), and writes
the full output set into DIR: 评估报告.pdf, 评估结果.xlsx, 评估结果.csv, results.json,
internal/findings.json, feedback/<unit-id>.pdf, and under inputs/ the frameworks,
submissions, adjustments and last year's results, so that the run can be reproduced
with "dteval run". Needs nothing but the binary.`,
		setup: func(fs *flag.FlagSet) func(*env, []string) int {
			rf := addReportFlags(fs)
			return func(e *env, args []string) int {
				if len(args) > 0 {
					e.errorf("demo takes no file arguments")
					return exitUsage
				}
				if *rf.out == "" {
					*rf.out = "dteval-demo"
				}
				*rf.sample = true
				return runDemo(e, rf)
			}
		},
	})
}

// demoYear reads one example year from the embedded files.
func demoYear(fw *evaluator.Framework, year int) ([]*evaluator.RawSubmission, evaluator.Findings, map[string][]byte, error) {
	fsys := demo.FS()
	dir := fmt.Sprint(year)
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

func runDemo(e *env, rf reportFlags) int {
	date, ok := checkDate(e, *rf.date)
	if !ok {
		return exitUsage
	}
	fwPrev, err := evaluator.LoadEmbedded("wuxi-2024.yaml")
	if err != nil {
		e.errorf("embedded framework: %v", err)
		return exitInternal
	}
	fw, err := evaluator.LoadDefault()
	if err != nil {
		e.errorf("embedded framework: %v", err)
		return exitInternal
	}
	o, err := newOutputSet(*rf.out, *rf.force)
	if err != nil {
		e.errorf("create %s: %v", *rf.out, err)
		return exitInternal
	}
	defer o.abort()

	// Last year first: its results are this year's -previous.
	raws, finds, files24, err := demoYear(fwPrev, 2024)
	if err != nil {
		e.errorf("embedded examples: %v", err)
		return exitInternal
	}
	prev, code := runPipeline(e, pipelineInput{fw: fwPrev, raws: raws, readFinds: finds, date: date})
	if code != exitOK {
		return code
	}
	raws, finds, files25, err := demoYear(fw, 2025)
	if err != nil {
		e.errorf("embedded examples: %v", err)
		return exitInternal
	}
	res, code := runPipeline(e, pipelineInput{fw: fw, raws: raws, readFinds: finds, previous: prev, date: date,
		adjustPath: demo.AdjustmentsName, adjustSrc: demo.Adjustments2025})
	if code != exitOK {
		return code
	}
	opt, ok := rf.options(e, res, res.AllFindings)
	if !ok {
		return exitUsage
	}
	if err := writeReports(e, o, fw, res, opt, *rf.quiet); err != nil {
		e.errorf("%v", err)
		return exitInternal
	}
	// The inputs, so that the run can be reproduced with dteval run.
	copies := map[string][]byte{
		"inputs/wuxi-2025.yaml":          fw.Source,
		"inputs/wuxi-2024.yaml":          fwPrev.Source,
		"inputs/" + demo.AdjustmentsName: demo.Adjustments2025,
	}
	for name, data := range files25 {
		copies["inputs/2025/"+name] = data
	}
	for name, data := range files24 {
		copies["inputs/2024/"+name] = data
	}
	names := make([]string, 0, len(copies))
	for n := range copies {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		data := copies[n]
		if err := o.create(n, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			e.errorf("%v", err)
			return exitInternal
		}
	}
	if err := o.create("inputs/2024/results.json", func(w io.Writer) error { return evaluator.WriteResults(w, prev) }); err != nil {
		e.errorf("%v", err)
		return exitInternal
	}
	if code := commitOutputs(e, o); code != exitOK {
		return code
	}
	if !*rf.quiet {
		e.infof("示例数据 demo: %d units scored for %d (previous year %d); wrote %d files to %s",
			len(res.Units), res.Year, prev.Year, len(o.files), *rf.out)
		e.infof("open %s and %s", path.Join(*rf.out, filePDF), path.Join(*rf.out, fileXLSX))
	}
	return exitOK
}
