package main

import (
	"flag"
	"fmt"

	"github.com/wuxi-data/dteval/templates"
)

func init() {
	register(&command{
		name:    "check",
		args:    "[-q] FRAMEWORK.yaml",
		summary: "lint a framework and print its indicator table (分值, articles not covered)",
		help: `Loads the framework strictly (unknown keys, duplicate keys, wrong types, tabs →
file:line:col: message), runs the semantic checks (ids, weights, methods and their
parameters, expressions, chapters and articles against the regulation map, bonus and
penalty caps, grades), then prints every indicator with its chapter, article, unit,
direction, method and 分值 (maximum points), the total, and the regulation articles no
indicator covers. Exit 0 when the framework is sound, 2 when it is not.`,
		setup: func(fs *flag.FlagSet) func(*env, []string) int {
			quiet := fs.Bool("q", false, "print nothing when the framework is sound")
			return func(e *env, args []string) int {
				if len(args) != 1 {
					e.errorf("check takes one framework file")
					e.hintf("dteval check indicators/wuxi-2025.yaml")
					return exitUsage
				}
				fw, ok := loadFramework(e, args[0])
				if !ok {
					return exitUsage
				}
				for _, w := range fw.Warnings {
					w.Msg = "警告：" + w.Msg
					fmt.Fprintln(e.stderr, w.Error())
				}
				if !*quiet {
					templates.WriteCheckTable(e.stdout, fw)
				}
				return exitOK
			}
		},
	})
}
