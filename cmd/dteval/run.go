package main

import (
	"flag"
	"path/filepath"

	"github.com/wuxi-data/dteval/internal/output"
)

func init() {
	register(&command{
		name:    "run",
		args:    "[-f FRAMEWORK.yaml] -o DIR [-previous RESULTS.json] [-adjust ADJUSTMENTS.yaml] [-allow-errors] [-date YYYY-MM-DD] [-draft] [-force] INPUT…",
		summary: "一次完成检查、计分和生成报告",
		help: `输入可以是填报表文件夹、填报表和/或汇总表（.csv，或 A1 为 unit 的 .xlsx）。先检查填报数据：
仍有错误时不计分（退出码 1），除非加 -allow-errors——此时有错误的数值按缺失处理，检查结果
计入 results.json。然后应用核查核减、计分，并像 dteval report 一样把全套报告写入 DIR。`,
		setup: func(fs *flag.FlagSet) func(*env, []string) int {
			sf := addScoreFlags(fs)
			rf := addReportFlags(fs)
			return func(e *env, args []string) int {
				if len(args) == 0 || *rf.out == "" {
					e.errorf("run 需要用 -o 指定输出文件夹，并至少给出一个输入（填报表文件夹、填报表或汇总表）")
					e.hintf("dteval run -f indicators/wuxi-2025.yaml -o out submissions/")
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
