package main

import (
	"flag"
	"path"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/cli"
	"github.com/wuxi-data/dteval/internal/demo"
	"github.com/wuxi-data/dteval/internal/output"
)

func init() {
	register(&cli.Command{
		Name:    "demo",
		Args:    "[-framework NAME] [-o DIR] [-date YYYY-MM-DD] [-force]",
		Summary: "用内置指标体系和示例数据跑一遍完整流程，生成全部输出",
		Help:    helpText("demo"),
		Setup: func(fs *flag.FlagSet) func(*env, []string) int {
			rf := addReportFlags(fs)
			name := fs.String("framework", "", "内置指标体系的`名称`（见 dteval frameworks）")
			return func(e *env, args []string) int {
				if len(args) > 0 {
					e.Errorf("demo 不接受文件参数")
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
	all, err := evaluator.LoadAllEmbedded()
	if err != nil {
		e.Errorf("读取内置指标体系失败：%v", err)
		return exitInternal
	}
	editions, ok := demo.Editions(all, fw, stem)
	if !ok {
		e.Errorf("内置指标体系 %s 没有示例数据", stem)
		e.Hintf("dteval frameworks 列出全部内置指标体系")
		return exitUsage
	}
	copies := map[string][]byte{}
	var history []*evaluator.Results // every edition's results, oldest first
	for i, ed := range editions {
		in, err := ed.Input(copies)
		if err != nil {
			e.Errorf("读取内置示例数据失败：%v", err)
			return exitInternal
		}
		if i > 0 {
			in.Previous = history[i-1]
		}
		in.Date, in.Draft = date, i == len(editions)-1 && *rf.draft
		res, code := runPipeline(e, in)
		if code != exitOK {
			return code
		}
		history = append(history, res)
	}
	res, history := history[len(history)-1], history[:len(history)-1]
	opt, ok := rf.options(e, fw, res, res.AllFindings)
	if !ok {
		return exitUsage
	}
	if len(opt.History) == 0 && res.Kind != evaluator.FrameworkSelf {
		opt.History = history // the earlier editions scored above: the trend over the years
	}
	n, code := writeSet(e, *rf.out, *rf.force, func(o *output.Set) error {
		if err := writeReports(e, o, fw, res, opt, *rf.quiet); err != nil {
			return err
		}
		return demo.StageInputs(o, copies, history)
	})
	if code != exitOK {
		return code
	}
	if !*rf.quiet {
		if len(history) > 0 {
			prev := history[len(history)-1]
			e.Infof("示例数据演示（%s）：已为 %d 个%s计算 %d 年度得分（上年度 %d）；写出 %d 个文件到 %s",
				stem, len(res.Units), fw.UnitNoun(), res.Year, prev.Year, n, *rf.out)
		} else {
			e.Infof("示例数据演示（%s）：已为 %d 个%s计算 %d 年度得分；写出 %d 个文件到 %s",
				stem, len(res.Units), fw.UnitNoun(), res.Year, n, *rf.out)
		}
		e.Infof("请打开 %s 和 %s 查看", path.Join(*rf.out, output.FilePDF), path.Join(*rf.out, output.FileXLSX))
	}
	return exitOK
}
