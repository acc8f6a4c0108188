package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/wuxi-data/dteval/internal/output"
)

func init() {
	register(&command{
		name:    "template",
		args:    "[-f FRAMEWORK.yaml] -o DIR [-unit ID[,ID…]] [-date YYYY-MM-DD] [-force] [-q]",
		summary: "为每个被评估的地区（或镇、街道）生成一份预填好的填报表",
		help: `Writes DIR/<unit-id>.xlsx for every unit of the framework (or only those named
with -unit): sheets 填报说明 and 数据填报, pre-filled with the unit and the year, with
only the input cells unlocked, data validation and input messages per field, and a
very-hidden _meta sheet holding the framework file itself, so that the filled
workbook can be checked with "dteval validate FILE" and nothing else.

Without -f the embedded default framework is used. With -date (the issue date shown
in the workbook) the files are byte-identical from run to run.`,
		setup: func(fs *flag.FlagSet) func(*env, []string) int {
			fwPath := fs.String("f", "", "framework `FILE` (default: the embedded default)")
			out := fs.String("o", "", "output `DIR`")
			units := fs.String("unit", "", "only these unit `ID`s (comma-separated)")
			date := fs.String("date", "", "issue `date` YYYY-MM-DD (default: today)")
			force := fs.Bool("force", false, "overwrite existing workbooks")
			quiet := fs.Bool("q", false, "print nothing on success")
			return func(e *env, args []string) int {
				return runTemplate(e, args, *fwPath, *out, *units, *date, *force, *quiet)
			}
		},
	})
}

func runTemplate(e *env, args []string, fwPath, out, unitList, date string, force, quiet bool) int {
	if len(args) > 0 {
		e.errorf("template takes no file arguments (got %q)", args[0])
		e.hintf("dteval template -f framework.yaml -o templates/")
		return exitUsage
	}
	if out == "" {
		e.errorf("template needs an output folder: -o DIR")
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
		e.errorf("unknown unit %q", unknown)
		e.hintf("the framework's units: %s", strings.Join(fw.UnitIDs(), ", "))
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
			fmt.Fprintln(e.stdout, p)
		}
		fmt.Fprintf(e.stdout, "%d 个填报表（%s %s，%d 个填报项）\n", len(written), fw.ID, fw.Version, len(fw.Fields))
	}
	return exitOK
}
