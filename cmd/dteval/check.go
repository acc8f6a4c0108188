package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/cli"
	"github.com/wuxi-data/dteval/templates"
)

func init() {
	register(&cli.Command{
		Name:    "check",
		Args:    "[-q] [-previous RESULTS.json] FRAMEWORK.yaml",
		Summary: "检查指标体系文件，列出每个指标的章、条、计分方法和分值，以及没有指标覆盖的条款",
		Help:    helpText("check"),
		Setup: func(fs *flag.FlagSet) func(*env, []string) int {
			quiet := fs.Bool("q", false, "指标体系无误时不输出任何内容")
			previous := fs.String("previous", "", "上年度评估结果 `results.json`：提示所有地区得分相同的指标")
			return func(e *env, args []string) int {
				if len(args) != 1 {
					e.Errorf("check 只接受一个指标体系文件（.yaml）")
					e.Hintf("dteval check indicators/wuxi-2025.yaml")
					return exitUsage
				}
				fw, ok := loadFramework(e, args[0])
				if !ok {
					if ext := strings.ToLower(filepath.Ext(args[0])); ext != ".yaml" && ext != ".yml" {
						e.Hintf("check 检查的是 YAML 格式的指标体系文件，例如：dteval check indicators/wuxi-2025.yaml；检查填报表或汇总表请用：dteval validate %s", args[0])
					}
					return exitUsage
				}
				var prev *evaluator.Results
				if *previous != "" {
					p, err := evaluator.ReadResultsFile(*previous)
					if err != nil {
						e.Errorf("-previous: %v", err)
						return exitUsage
					}
					prev = p
				}
				// the loader's and the design warnings: they inform, the bureau decides
				for _, w := range slices.Concat(fw.Warnings, evaluator.Lint(fw, prev)) {
					w.Msg = "警告：" + w.Msg
					fmt.Fprintln(e.Stderr, w.Error())
				}
				if !*quiet {
					templates.WriteCheckTable(e.Stdout, fw)
				}
				return exitOK
			}
		},
	})
}
