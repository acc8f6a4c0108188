package main

import (
	"errors"
	"flag"

	"github.com/wuxi-data/dteval/evaluator"
)

// runPipeline runs evaluator.RunPipeline. The code is exitOK with results, or
// the exit code to return (messages already printed): with errors in the findings
// and no AllowErrors it stops with exitInput, after printing the findings summary.
func runPipeline(e *env, in evaluator.PipelineInput) (*evaluator.Results, int) {
	in.Tool = evaluator.ToolRef{Name: "dteval", Version: version}
	in.Trace = e.Trace
	res, err := evaluator.RunPipeline(e.Ctx, in)
	var inputErr *evaluator.InputErrors
	var adjErr *evaluator.AdjustmentsError
	switch {
	case err == nil:
		return res, exitOK
	case e.Ctx.Err() != nil:
		e.Errorf("已中断，未写出任何输出")
		return nil, exitInternal
	case errors.As(err, &inputErr):
		evaluator.WriteFindingsBrief(e.Stderr, inputErr.Findings, 20)
		e.Errorf("提交的数据中有 %d 项错误，未计算得分", inputErr.Findings.Errors())
		e.Hintf("用 dteval validate 检查同样的输入（同样的 -f 和 -adjust）可看到全部问题，改正后重新运行；或加 -allow-errors，有错误的数值按缺失处理后计分")
		return nil, exitInput
	case errors.As(err, &adjErr):
		printLoadError(e, adjErr.Err, "核查核减文件")
		return nil, exitUsage
	case errors.Is(err, evaluator.ErrNeedsPrevious):
		e.Errorf("%v", err)
		e.Hintf("请用 -previous 给出上年度的 results.json")
		return nil, exitUsage
	}
	e.Internalf("%v", err)
	return nil, exitInternal
}

// scoreFiles reads the input files (folders, workbooks, tables) and runs the
// pipeline on them.
func scoreFiles(e *env, paths []string, in evaluator.PipelineInput) (*evaluator.Results, int) {
	in.Raws, in.ReadFindings = evaluator.ReadFilesFor(e.Ctx, in.Framework, paths, 2)
	e.Trace("read")
	if err := e.Ctx.Err(); err != nil {
		e.Errorf("已中断，未写出任何输出")
		return nil, exitInternal
	}
	return runPipeline(e, in)
}

// printFindingCounts says, after score or run, how many findings there were and
// where the full list is; with -allow-errors, that the faulty values were left out.
func printFindingCounts(e *env, fs evaluator.Findings, path string) {
	if n := fs.Errors(); n > 0 {
		e.Warnf("仍有 %d 项错误（-allow-errors）：有错误的数值已按缺失处理（标为「%s」），未计入得分", n, evaluator.WordFaulty)
	}
	if fs.Errors()+fs.Warnings() > 0 {
		e.Infof("数据检查：错误 %d 项，警告 %d 项；完整清单见 %s（内部文件，不公开）", fs.Errors(), fs.Warnings(), path)
	}
}

// scoreFlags are the flags score and run share: what the submissions are scored
// with.
type scoreFlags struct {
	fw, previous, adjust *string
	allowErrors          *bool
}

func addScoreFlags(fs *flag.FlagSet) scoreFlags {
	return scoreFlags{
		fw:          fs.String("f", "", "指标体系`文件`（默认：内置的 wuxi-2025.yaml）"),
		previous:    fs.String("previous", "", "上年度评估结果 `results.json`（用于较上年变化和 prev()）"),
		adjust:      fs.String("adjust", "", "核查核减文件 `adjustments.yaml`：数据主管部门核查后的更正"),
		allowErrors: fs.Bool("allow-errors", false, "仍有检查错误时也计分（有错误的数值按缺失处理）"),
	}
}

// input loads the framework and last year's results and checks the -date
// value: the pipeline's input, or false after printing why (exit 2).
func (sf scoreFlags) input(e *env, date string) (evaluator.PipelineInput, bool) {
	fw, ok := loadFramework(e, *sf.fw)
	if !ok {
		return evaluator.PipelineInput{}, false
	}
	var prev *evaluator.Results
	var prevSHA string
	if *sf.previous != "" {
		var err error
		finishInterrupted(e, *sf.previous)
		if prev, err = evaluator.ReadPrevious(*sf.previous, fw); err != nil {
			e.Errorf("-previous：%v", err)
			return evaluator.PipelineInput{}, false
		}
		prevSHA = prev.SourceSHA256
	}
	day, ok := checkDate(e, date)
	if !ok {
		return evaluator.PipelineInput{}, false
	}
	return evaluator.PipelineInput{Framework: fw, Previous: prev, PreviousFile: *sf.previous, PreviousSHA256: prevSHA, Date: day,
		AdjustPath: *sf.adjust, AllowErrors: *sf.allowErrors}, true
}
