package main

import (
	"flag"
	"fmt"
	"path/filepath"

	"github.com/wuxi-data/dteval/internal/cli"
	"github.com/wuxi-data/dteval/internal/output"
)

func init() {
	register(&cli.Command{
		Name:    "score",
		Args:    "[-f FRAMEWORK.yaml] [-previous RESULTS.json] [-adjust ADJUSTMENTS.yaml] [-allow-errors] [-o results.json] [-date YYYY-MM-DD] [-draft] [-force] INPUT…",
		Summary: "检查填报数据并计算得分，写出 results.json",
		Help:    helpText("score"),
		Setup: func(fs *flag.FlagSet) func(*env, []string) int {
			sf := addScoreFlags(fs)
			out := fs.String("o", output.FileResults, "要写出的评估结果`文件`；internal/findings.json 写在它旁边")
			of := addSetFlags(fs)
			return func(e *env, args []string) int {
				if len(args) == 0 {
					e.Errorf("score 至少需要一个输入：填报表文件夹、填报表或汇总表")
					e.Hintf("dteval score -f indicators/wuxi-2025.yaml -o out/results.json submissions/")
					return exitUsage
				}
				if *out == "" {
					e.Errorf("-o 需要给出文件名，如 out/results.json")
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
					fmt.Fprintf(e.Stderr, "dteval: 已计分 %d 个%s", len(res.Units), in.Framework.UnitNoun())
					if n := len(res.NotSubmitted); n > 0 {
						fmt.Fprintf(e.Stderr, "，未提交 %d 个", n)
					}
					fmt.Fprintf(e.Stderr, "；错误 %d 项，警告 %d 项 → %s\n", res.Findings.Error, res.Findings.Warning, *out)
				}
				return exitOK
			}
		},
	})
}
