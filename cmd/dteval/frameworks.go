package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/indicators"
)

func init() {
	register(&command{
		name:    "frameworks",
		args:    "",
		summary: "列出内置的指标体系（-framework 名称 可用的名称）",
		help: `Prints one line per embedded framework: its name (the file stem, which
"dteval init -framework NAME" and "dteval demo -framework NAME" take), id (the same
for every yearly edition of a framework), kind (ranking: the units of the level below
scored and ranked; self: one government against its own plan targets), level, number
of units, data year, edition (version) and title. The default is marked with *.`,
		setup: func(fs *flag.FlagSet) func(*env, []string) int {
			return func(e *env, args []string) int {
				if len(args) > 0 {
					e.errorf("frameworks 不带参数")
					return exitUsage
				}
				all, err := evaluator.LoadAllEmbedded()
				if err != nil {
					e.errorf("%v", err)
					return exitInternal
				}
				rows := [][]string{{"名称", "标识", "类型", "层级", "单位数", "年度", "版本", "标题"}}
				def := strings.TrimSuffix(indicators.Default, ".yaml")
				for _, f := range all {
					name := f.Name
					if name == def {
						name += " *"
					}
					level := f.Level
					if level == "" {
						level = "-"
					}
					rows = append(rows, []string{name, f.ID, f.Kind, level, fmt.Sprint(len(f.Units)), fmt.Sprint(f.Year), f.Version, f.Title})
				}
				writeColumns(e.stdout, rows)
				fmt.Fprintf(e.stdout, "\n* 默认指标体系。类型 ranking：对下一级单位评估排名；self：本级对照规划目标自评（本级评估）。\n用法：dteval demo -framework 名称；dteval init -framework 名称 目录\n")
				return exitOK
			}
		},
	})
}

// loadNamedFramework loads the framework given by -f PATH or -framework NAME (at
// most one of them); neither means the embedded default.
func loadNamedFramework(e *env, path, name string) (*evaluator.Framework, string, bool) {
	if path != "" && name != "" {
		e.errorf("-f 文件 与 -framework 名称 只能给一个")
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
		e.errorf("没有名为 %q 的内置指标体系", name)
		e.hintf("dteval frameworks 列出全部内置指标体系：%s", strings.Join(indicators.Names(), ", "))
		return nil, "", false
	}
	return fw, name, true
}

// writeColumns prints rows as aligned columns, two spaces apart, counting a wide
// (CJK) character as two columns as a terminal shows it.
func writeColumns(w io.Writer, rows [][]string) {
	width := func(s string) int {
		n := 0
		for _, r := range s {
			if r >= 0x1100 && utf8.RuneLen(r) >= 3 {
				n += 2
			} else {
				n++
			}
		}
		return n
	}
	var colW []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(colW) {
				colW = append(colW, 0)
			}
			colW[i] = max(colW[i], width(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", colW[i]-width(c)+2))
			}
		}
		fmt.Fprintln(w, b.String())
	}
}
