package main

import (
	"flag"
	"path/filepath"

	"github.com/wuxi-data/dteval/internal/cli"
	"github.com/wuxi-data/dteval/internal/output"
)

func init() {
	register(&cli.Command{
		Name:    "run",
		Args:    "[-f FRAMEWORK.yaml] -o DIR [-previous RESULTS.json] [-adjust ADJUSTMENTS.yaml] [-allow-errors] [-date YYYY-MM-DD] [-draft] [-force] INPUT…",
		Summary: "一次完成检查、计分和生成报告",
		Help:    helpText("run"),
		Setup: func(fs *flag.FlagSet) func(*env, []string) int {
			sf := addScoreFlags(fs)
			rf := addReportFlags(fs)
			return func(e *env, args []string) int {
				if len(args) == 0 || *rf.out == "" {
					e.Errorf("run 需要用 -o 指定输出文件夹，并至少给出一个输入（填报表文件夹、填报表或汇总表）")
					e.Hintf("dteval run -f indicators/wuxi-2025.yaml -o out submissions/")
					return exitUsage
				}
				if !reportOutputsFree(e, *rf.out, *rf.force) {
					return exitUsage
				}
				in, ok := sf.input(e, *rf.date)
				if !ok {
					return exitUsage
				}
				in.Draft = *rf.draft
				res, code := scoreFiles(e, args, in)
				if code != exitOK {
					return code
				}
				*rf.date = in.Date
				opt, ok := rf.options(e, in.Framework, res, res.AllFindings)
				if !ok {
					return exitUsage
				}
				code = report(e, rf, in.Framework, res, opt)
				if code == exitOK {
					printFindingCounts(e, res.AllFindings, filepath.Join(*rf.out, output.FileFindings))
				}
				return code
			}
		},
	})
}
