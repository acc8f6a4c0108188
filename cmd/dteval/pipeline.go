package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/wuxi-data/dteval/evaluator"
)

// runPipeline runs evaluator.RunPipeline. The code is exitOK with results, or
// the exit code to return (messages already printed): with errors in the findings
// and no AllowErrors it stops with exitInput, after printing the findings summary.
func runPipeline(e *env, in evaluator.PipelineInput) (*evaluator.Results, int) {
	in.Tool = evaluator.ToolRef{Name: "dteval", Version: version}
	in.Trace = e.trace
	res, err := evaluator.RunPipeline(in)
	var inputErr *evaluator.InputErrors
	var adjErr *evaluator.AdjustmentsError
	switch {
	case err == nil:
		return res, exitOK
	case errors.As(err, &inputErr):
		printFindingsBrief(e, inputErr.Findings)
		e.errorf("提交的数据中有 %d 项错误，未计算得分", inputErr.Findings.Errors())
		e.hintf("用 dteval validate 检查同样的输入（同样的 -f 和 -adjust）可看到全部问题，改正后重新运行；或加 -allow-errors，有错误的数值按缺失处理后计分")
		return nil, exitInput
	case errors.As(err, &adjErr):
		printLoadError(e, adjErr.Err)
		return nil, exitUsage
	case errors.Is(err, evaluator.ErrNeedsPrevious):
		e.errorf("%v", err)
		e.hintf("请用 -previous 给出上年度的 results.json")
		return nil, exitUsage
	}
	e.errorf("%v", err)
	return nil, exitInternal
}

// scoreFiles reads the input files (folders, workbooks, tables) and runs the
// pipeline on them.
func scoreFiles(e *env, paths []string, in evaluator.PipelineInput) (*evaluator.Results, int) {
	in.Raws, in.ReadFindings = evaluator.ReadFilesFor(e.ctx, in.Framework, paths, 2)
	e.trace("read")
	if err := e.ctx.Err(); err != nil {
		e.errorf("已中断，未写出任何输出")
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
// as last year for fw. It also returns the file's SHA-256, for the inputs list.
func readPrevious(e *env, path string, fw *evaluator.Framework) (*evaluator.Results, string, bool) {
	if path == "" {
		return nil, "", true
	}
	res, err := evaluator.ReadResultsFile(path)
	if err != nil {
		e.errorf("-previous: %v", err)
		return nil, "", false
	}
	if err := evaluator.CheckPrevious(fw, res); err != nil {
		e.errorf("-previous %s: %v", path, err)
		return nil, "", false
	}
	return res, res.SourceSHA256, true
}

// scoreFlags are the flags score and run share: what the submissions are scored
// with.
type scoreFlags struct {
	fw, previous, adjust *string
	allowErrors          *bool
}

func addScoreFlags(fs *flag.FlagSet) scoreFlags {
	return scoreFlags{
		fw:          fs.String("f", "", "framework `file` (default: the embedded wuxi-2025.yaml)"),
		previous:    fs.String("previous", "", "last year's `results.json` (change on last year, prev())"),
		adjust:      fs.String("adjust", "", "`adjustments.yaml`: the bureau's audited corrections (核查核减)"),
		allowErrors: fs.Bool("allow-errors", false, "score even when validation errors remain (faulty values count as missing)"),
	}
}

// input loads the framework and last year's results and checks the -date
// value: the pipeline's input, or false after printing why (exit 2).
func (sf scoreFlags) input(e *env, date string) (evaluator.PipelineInput, bool) {
	fw, ok := loadFramework(e, *sf.fw)
	if !ok {
		return evaluator.PipelineInput{}, false
	}
	prev, prevSHA, ok := readPrevious(e, *sf.previous, fw)
	if !ok {
		return evaluator.PipelineInput{}, false
	}
	day, ok := checkDate(e, date)
	if !ok {
		return evaluator.PipelineInput{}, false
	}
	return evaluator.PipelineInput{Framework: fw, Previous: prev, PreviousFile: *sf.previous, PreviousSHA256: prevSHA, Date: day,
		AdjustPath: *sf.adjust, AllowErrors: *sf.allowErrors}, true
}
