package main

import (
	"flag"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/indicators"
	"github.com/wuxi-data/dteval/internal/cli"
	"github.com/wuxi-data/dteval/templates"
)

func init() {
	register(&cli.Command{
		Name:    "frameworks",
		Args:    "",
		Summary: "列出内置的指标体系（-framework 名称 可用的名称）",
		Help:    helpText("frameworks"),
		Setup: func(fs *flag.FlagSet) func(*env, []string) int {
			return func(e *env, args []string) int {
				if len(args) > 0 {
					e.Errorf("frameworks 不带参数")
					return exitUsage
				}
				all, err := evaluator.LoadAllEmbedded()
				if err != nil {
					e.Errorf("%v", err)
					return exitInternal
				}
				templates.WriteFrameworkList(e.Stdout, all, strings.TrimSuffix(indicators.Default, ".yaml"))
				return exitOK
			}
		},
	})
}

// loadNamedFramework loads the framework given by -f PATH or -framework NAME (at
// most one of them); neither means the embedded default.
func loadNamedFramework(e *env, path, name string) (*evaluator.Framework, string, bool) {
	if path != "" && name != "" {
		e.Errorf("-f 文件 与 -framework 名称 只能给一个")
		return nil, "", false
	}
	if name == "" {
		fw, ok := loadFramework(e, path)
		stem := ""
		if path == "" {
			stem = strings.TrimSuffix(indicators.Default, ".yaml")
		}
		return fw, stem, ok
	}
	name = strings.TrimSuffix(name, ".yaml")
	fw, err := evaluator.LoadEmbedded(name)
	if err != nil {
		e.Errorf("没有名为 %q 的内置指标体系", name)
		e.Hintf("dteval frameworks 列出全部内置指标体系：%s", strings.Join(indicators.Names(), ", "))
		return nil, "", false
	}
	return fw, name, true
}
