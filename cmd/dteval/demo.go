package main

import (
	"flag"
	"fmt"
	"io"
	"path"
	"sort"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/demo"
	"github.com/wuxi-data/dteval/internal/output"
)

func init() {
	register(&command{
		name:    "demo",
		args:    "[-framework NAME] [-o DIR] [-date YYYY-MM-DD] [-force]",
		summary: "用内置指标体系和示例数据跑一遍完整流程，生成全部输出",
		help: `Scores the bundled example submissions (fictional data, 示例数据) of an embedded
framework (default: the default framework; "dteval frameworks" lists them) and writes
the full output set into DIR. For a ranking framework the earlier editions of the same
framework (same id, earlier year) that have example data are scored first, each
serving as the next one's previous year; the default framework's demo also applies an
example adjustments file (核查核减). The output: 评估报告.pdf, 评估结果.xlsx, 评估结果.csv,
results.json, internal/findings.json, feedback/<unit-id>.pdf, and under internal/inputs/ (not
for publication: the submissions hold contact cells) the
frameworks, submissions, adjustments and earlier results, so that the run can be
reproduced with "dteval run". Needs nothing but the binary.`,
		setup: func(fs *flag.FlagSet) func(*env, []string) int {
			rf := addReportFlags(fs)
			name := fs.String("framework", "", "`name` of an embedded framework (see dteval frameworks)")
			return func(e *env, args []string) int {
				if len(args) > 0 {
					e.errorf("demo 不接受文件参数")
					return exitUsage
				}
				if *rf.out == "" {
					*rf.out = "dteval-demo"
				}
				*rf.sample = true
				return runDemo(e, rf, *name)
			}
		},
	})
}

func runDemo(e *env, rf reportFlags, name string) int {
	date, ok := checkDate(e, *rf.date)
	if !ok {
		return exitUsage
	}
	fw, stem, ok := loadNamedFramework(e, "", name)
	if !ok {
		return exitUsage
	}
	bundle, ok := demo.For(stem)
	if !ok {
		e.errorf("内置指标体系 %s 没有示例数据", stem)
		e.hintf("dteval frameworks 列出全部内置指标体系")
		return exitUsage
	}
	all, err := evaluator.LoadAllEmbedded()
	if err != nil {
		e.errorf("读取内置指标体系失败：%v", err)
		return exitInternal
	}
	o, err := output.NewSet(*rf.out, *rf.force)
	if err != nil {
		e.errorf("无法创建输出文件夹 %s：%v", *rf.out, err)
		return exitInternal
	}
	defer o.Abort()
	copies := map[string][]byte{}

	// The earlier editions first, oldest first: each one's results are the next
	// one's -previous.
	var prev *evaluator.Results
	var history []*evaluator.Results
	for _, ed := range evaluator.EarlierEditions(all, fw) {
		b, ok := demo.For(ed.Name)
		if !ok {
			continue
		}
		raws, finds, files, err := demo.Read(ed.Framework, b.Dir)
		if err != nil {
			e.errorf("读取内置示例数据失败：%v", err)
			return exitInternal
		}
		res, code := runPipeline(e, evaluator.PipelineInput{Framework: ed.Framework, Raws: raws, ReadFindings: finds, Previous: prev, Date: date,
			AdjustPath: b.AdjustmentsName, AdjustSource: b.Adjustments})
		if code != exitOK {
			return code
		}
		demo.AddCopies(copies, ed.Framework, ed.Name, b, files)
		history = append(history, res)
		prev = res
	}
	raws, finds, files, err := demo.Read(fw, bundle.Dir)
	if err != nil {
		e.errorf("读取内置示例数据失败：%v", err)
		return exitInternal
	}
	res, code := runPipeline(e, evaluator.PipelineInput{Framework: fw, Raws: raws, ReadFindings: finds, Previous: prev, Date: date, Draft: *rf.draft,
		AdjustPath: bundle.AdjustmentsName, AdjustSource: bundle.Adjustments})
	if code != exitOK {
		return code
	}
	demo.AddCopies(copies, fw, stem, bundle, files)
	opt, ok := rf.options(e, fw, res, res.AllFindings)
	if !ok {
		return exitUsage
	}
	if len(opt.History) == 0 && res.Kind != evaluator.FrameworkSelf {
		opt.History = history // the earlier editions scored above: the trend over the years
	}
	if err := writeReports(e, o, fw, res, opt, *rf.quiet); err != nil {
		e.errorf("%v", err)
		return exitInternal
	}
	names := make([]string, 0, len(copies))
	for n := range copies {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		data := copies[n]
		if err := o.Create(n, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			e.errorf("%v", err)
			return exitInternal
		}
	}
	for _, r := range history {
		r := r
		if err := o.Create(fmt.Sprintf(demo.Inputs+"%d/results.json", r.Year), func(w io.Writer) error { return evaluator.WriteResults(w, r) }); err != nil {
			e.errorf("%v", err)
			return exitInternal
		}
	}
	if code := commitOutputs(e, o); code != exitOK {
		return code
	}
	if !*rf.quiet {
		if prev != nil {
			e.infof("示例数据演示（%s）：已为 %d 个%s计算 %d 年度得分（上年度 %d）；写出 %d 个文件到 %s",
				stem, len(res.Units), fw.UnitNoun(), res.Year, prev.Year, len(o.Files()), *rf.out)
		} else {
			e.infof("示例数据演示（%s）：已为 %d 个%s计算 %d 年度得分；写出 %d 个文件到 %s",
				stem, len(res.Units), fw.UnitNoun(), res.Year, len(o.Files()), *rf.out)
		}
		e.infof("请打开 %s 和 %s 查看", path.Join(*rf.out, output.FilePDF), path.Join(*rf.out, output.FileXLSX))
	}
	return exitOK
}
