package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/wuxi-data/dteval/internal/cli"
	"github.com/wuxi-data/dteval/internal/output"
)

func init() {
	register(&cli.Command{
		Name:    "template",
		Args:    "[-f FRAMEWORK.yaml] -o DIR [-unit ID[,ID…]] [-date YYYY-MM-DD] [-force] [-q]",
		Summary: "为每个被评估的地区（或镇、街道）生成一份预填好的填报表",
		Help:    helpText("template"),
		Setup: func(fs *flag.FlagSet) func(*env, []string) int {
			fwPath := fs.String("f", "", "指标体系`文件`（默认：内置默认指标体系）")
			out := fs.String("o", "", "输出`文件夹`")
			units := fs.String("unit", "", "只生成这些被评估对象的填报表（`编码`，逗号分隔）")
			date := fs.String("date", "", "填报表的下发`日期` YYYY-MM-DD（默认：今天）")
			force := fs.Bool("force", false, "覆盖已有的填报表")
			quiet := fs.Bool("q", false, "成功时不输出任何内容")
			return func(e *env, args []string) int {
				return runTemplate(e, args, *fwPath, *out, *units, *date, *force, *quiet)
			}
		},
	})
}

func runTemplate(e *env, args []string, fwPath, out, unitList, date string, force, quiet bool) int {
	if len(args) > 0 {
		e.Errorf("template 不接受文件参数（收到 %q）；指标体系请用 -f 指定，输出文件夹用 -o", args[0])
		e.Hintf("dteval template -f framework.yaml -o templates/")
		return exitUsage
	}
	if out == "" {
		e.Errorf("template 需要输出文件夹：请加 -o 文件夹")
		return exitUsage
	}
	date, ok := checkDate(e, date)
	if !ok {
		return exitUsage
	}
	fw, ok := loadFramework(e, fwPath)
	if !ok {
		return exitUsage
	}
	units, unknown := fw.SelectUnits(unitList)
	if unknown != "" {
		e.Errorf("指标体系中没有编码为 %q 的%s", unknown, fw.UnitNoun())
		e.Hintf("指标体系中的%s编码：%s", fw.UnitNoun(), strings.Join(fw.UnitIDs(), ", "))
		return exitUsage
	}
	var written []string
	if _, code := writeSet(e, out, force, func(o *output.Set) (err error) {
		written, err = output.WriteSubmissions(o, fw, units, date)
		return err
	}); code != exitOK {
		return code
	}
	if !quiet {
		for _, p := range written {
			fmt.Fprintln(e.Stdout, p)
		}
		fmt.Fprintf(e.Stdout, "%d 个填报表（%s %s，%d 个填报项）\n", len(written), fw.ID, fw.Version, len(fw.Fields))
	}
	return exitOK
}
