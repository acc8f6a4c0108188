package main

import (
	"flag"
	"fmt"
	"runtime/debug"

	"github.com/wuxi-data/dteval/evaluator"
)

// buildCommit is set by the Makefile (-X main.buildCommit=…); otherwise the VCS
// stamp of the Go toolchain is used when present.
var buildCommit = ""

func init() {
	register(&command{
		name:    "version",
		args:    "",
		summary: "显示版本号、提交编号和指标体系格式版本",
		setup: func(fs *flag.FlagSet) func(*env, []string) int {
			return func(e *env, args []string) int {
				if len(args) > 0 {
					e.errorf("version 不接受参数")
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
					commit = "unknown"
				}
				fmt.Fprintf(e.stdout, "dteval %s\ncommit %s\nframework schema %s\nresults schema %s\n",
					version, commit, evaluator.FrameworkSchema, evaluator.ResultsSchema)
				return exitOK
			}
		},
	})
}
