package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/wuxi-data/dteval/evaluator"
)

// pipelineInput is what the validate → merge → adjust → score stages need.
type pipelineInput struct {
	fw          *evaluator.Framework
	raws        []*evaluator.RawSubmission
	readFinds   evaluator.Findings // from reading the files
	previous    *evaluator.Results
	adjustPath  string
	adjustSrc   []byte // the adjustments file, when already read (demo)
	allowErrors bool
	date        string
	noSens      bool
}

// runPipeline validates, merges, applies adjustments and scores. The code is
// exitOK with results, or the exit code to return (messages already printed).
// With errors in the findings and no allowErrors it stops with exitInput, after
// printing the findings summary.
func runPipeline(e *env, in pipelineInput) (*evaluator.Results, int) {
	ds, fs := evaluator.ValidateAll(in.fw, in.raws, evaluator.ValidateOptions{Previous: in.previous, Complete: true})
	evaluator.DropFaulty(in.fw, ds, in.readFinds, in.previous) // e.g. field-duplicate, found while reading
	e.trace("validated")
	all := append(append(evaluator.Findings{}, in.readFinds...), fs...)
	evaluator.SortFindings(all)
	if n := all.Errors(); n > 0 && !in.allowErrors {
		printFindingsBrief(e, all)
		e.errorf("提交的数据中有 %d 项错误，未计算得分", n)
		e.hintf("用 dteval validate 检查同样的输入（同样的 -f 和 -adjust）可看到全部问题，改正后重新运行；或加 -allow-errors，有错误的数值按缺失处理后计分")
		return nil, exitInput
	}
	if in.adjustPath != "" {
		var adjs []evaluator.Adjustment
		var err error
		if in.adjustSrc != nil {
			adjs, err = evaluator.ReadAdjustments(in.fw, in.adjustPath, in.adjustSrc)
		} else {
			adjs, err = evaluator.LoadAdjustments(in.fw, in.adjustPath)
		}
		if err != nil {
			printLoadError(e, err)
			return nil, exitUsage
		}
		if err := evaluator.ApplyAdjustments(in.fw, ds, adjs, filepath.Base(in.adjustPath)); err != nil {
			e.errorf("%v", err)
			return nil, exitUsage
		}
	}
	e.trace("adjusted")
	res, err := evaluator.Score(in.fw, ds, evaluator.ScoreOptions{
		Date:          in.date,
		Tool:          evaluator.ToolRef{Name: "dteval", Version: version},
		Previous:      in.previous,
		Findings:      all,
		NoSensitivity: in.noSens,
	})
	if err != nil {
		if errors.Is(err, evaluator.ErrNeedsPrevious) {
			e.errorf("%v", err)
			e.hintf("add -previous LAST-YEAR/results.json")
			return nil, exitUsage
		}
		e.errorf("score: %v", err)
		return nil, exitInternal
	}
	e.trace("scored")
	return res, exitOK
}

// scoreFiles reads the input files (folders, workbooks, tables) and runs the
// pipeline on them.
func scoreFiles(e *env, paths []string, in pipelineInput) (*evaluator.Results, int) {
	in.raws, in.readFinds = evaluator.ReadFilesFor(e.ctx, in.fw, paths, 2)
	e.trace("read")
	if err := e.ctx.Err(); err != nil {
		e.errorf("interrupted")
		return nil, exitInternal
	}
	return runPipeline(e, in)
}

// printFindingCounts says, after score or run, how many findings there were and
// where the full list is; with -allow-errors, that the faulty values were left out.
func printFindingCounts(e *env, fs evaluator.Findings, path string) {
	if n := fs.Errors(); n > 0 {
		e.warnf("仍有 %d 项错误（-allow-errors）：有错误的数值已按缺失处理（标为「%s」），未计入得分", n, evaluator.TermFaulty)
	}
	if fs.Errors()+fs.Warnings() > 0 {
		e.infof("数据检查：错误 %d 项，警告 %d 项；完整清单见 %s（内部文件，不公开）", fs.Errors(), fs.Warnings(), path)
	}
}

// printFindingsBrief prints at most a screenful of error findings.
func printFindingsBrief(e *env, fs evaluator.Findings) {
	shown := 0
	for _, f := range fs {
		if f.Severity != evaluator.SevError {
			continue
		}
		if shown == 20 {
			fmt.Fprintf(e.stderr, "……（共 %d 项错误）\n", fs.Errors())
			return
		}
		// The message starts with its sheet and cell: only the file is put before it.
		if f.File != "" {
			fmt.Fprintf(e.stderr, "%s：%s [%s]\n", f.File, f.Message, f.Code)
		} else {
			fmt.Fprintf(e.stderr, "%s [%s]\n", f.Message, f.Code)
		}
		shown++
	}
}

// printLoadError prints a positioned error list (framework, adjustments).
func printLoadError(e *env, err error) {
	var le *evaluator.LoadError
	if errors.As(err, &le) {
		for _, pe := range le.Errs {
			fmt.Fprintln(e.stderr, pe.Error())
		}
		e.errorf("%d problem(s) in %s", len(le.Errs), le.Errs[0].Pos.File)
		return
	}
	e.errorf("%v", err)
}

// readPrevious reads -previous results.json ("" → nil) and checks that it can serve
// as last year for fw.
func readPrevious(e *env, path string, fw *evaluator.Framework) (*evaluator.Results, bool) {
	if path == "" {
		return nil, true
	}
	res, err := evaluator.ReadResultsFile(path)
	if err != nil {
		e.errorf("-previous: %v", err)
		return nil, false
	}
	if err := evaluator.CheckPrevious(fw, res); err != nil {
		e.errorf("-previous %s: %v", path, err)
		return nil, false
	}
	return res, true
}
