package main

import (
	"flag"
	"fmt"
	"runtime/debug"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/cli"
)

// buildCommit is set by the Makefile (-X main.buildCommit=…); otherwise the VCS
// stamp of the Go toolchain is used when present.
var buildCommit = ""

func init() {
	register(&cli.Command{
		Name:    "version",
		Args:    "",
		Summary: "显示版本号、提交编号和指标体系格式版本",
		Setup: func(fs *flag.FlagSet) func(*env, []string) int {
			return func(e *env, args []string) int {
				if len(args) > 0 {
					e.Errorf("version 不接受参数")
					return exitUsage
				}
				commit := buildCommit
				if bi, ok := debug.ReadBuildInfo(); ok && commit == "" {
					for _, s := range bi.Settings {
						if s.Key == "vcs.revision" {
							commit = s.Value
						}
					}
				}
				if commit == "" {
					commit = "未知（不是从 git 仓库构建的）"
				}
				fmt.Fprintf(e.Stdout, "dteval %s\n提交编号：%s\n指标体系格式：%s\n结果文件格式：%s\n",
					version, commit, evaluator.FrameworkSchema, evaluator.ResultsSchema)
				return exitOK
			}
		},
	})
}
