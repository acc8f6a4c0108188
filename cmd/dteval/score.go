package main

import (
	"flag"
	"fmt"
	"path/filepath"

	"github.com/wuxi-data/dteval/internal/output"
)

func init() {
	register(&command{
		name:    "score",
		args:    "[-f FRAMEWORK.yaml] [-previous RESULTS.json] [-adjust ADJUSTMENTS.yaml] [-allow-errors] [-o results.json] [-date YYYY-MM-DD] [-draft] [-force] INPUT…",
		summary: "检查填报数据并计算得分，写出 results.json",
		help: `输入可以是填报表文件夹、填报表和/或一份汇总表（.csv，或 A1 为 unit 的 .xlsx）。先检查填报
数据：仍有错误时不计分（退出码 1），除非加 -allow-errors——此时有错误的数值按缺失处理，
检查结果计入 results.json。然后应用核查核减，按 SPEC §5 计分：派生、插补、异常值处理、
标准化、加权汇总、排名、定等级、稳定性检验，加 -previous 时计算较上年变化。

results.json（公开：全精度得分、排名、等级、检查结果计数）写到 -o，全部检查结果写到它旁边的
internal/findings.json（不公开）。已有文件默认保留，加 -force 才覆盖。`,
		setup: func(fs *flag.FlagSet) func(*env, []string) int {
			sf := addScoreFlags(fs)
			out := fs.String("o", output.FileResults, "要写出的评估结果`文件`；internal/findings.json 写在它旁边")
			of := addSetFlags(fs)
			return func(e *env, args []string) int {
				if len(args) == 0 {
					e.errorf("score 至少需要一个输入：填报表文件夹、填报表或汇总表")
					e.hintf("dteval score -f indicators/wuxi-2025.yaml -o out/results.json submissions/")
					return exitUsage
				}
				if *out == "" {
					e.errorf("-o 需要给出文件名，如 out/results.json")
					return exitUsage
				}
				in, ok := sf.input(e, *of.date)
				if !ok {
					return exitUsage
				}
				in.Draft = *of.draft
				res, code := scoreFiles(e, args, in)
				if code != exitOK {
					return code
				}
				if _, code := writeSet(e, filepath.Dir(*out), *of.force, func(o *output.Set) error {
					return output.WriteScore(o, filepath.Base(*out), res)
				}); code != exitOK {
					return code
				}
				printFindingCounts(e, res.AllFindings, filepath.Join(filepath.Dir(*out), output.FileFindings))
				if !*of.quiet {
					fmt.Fprintf(e.stderr, "dteval: 已计分 %d 个%s", len(res.Units), in.Framework.UnitNoun())
					if n := len(res.NotSubmitted); n > 0 {
						fmt.Fprintf(e.stderr, "，未提交 %d 个", n)
					}
					fmt.Fprintf(e.stderr, "；错误 %d 项，警告 %d 项 → %s\n", res.Findings.Error, res.Findings.Warning, *out)
				}
				return exitOK
			}
		},
	})
}
