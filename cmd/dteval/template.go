package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/wuxi-data/dteval/internal/output"
	"github.com/wuxi-data/dteval/templates"
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

// unitIDRe is what may become a file name (SPEC §10).
var unitIDRe = regexp.MustCompile(`^[a-z0-9_-]+$`)

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
	units := fw.Units
	if unitList != "" {
		units = nil
		for _, id := range strings.Split(unitList, ",") {
			id = strings.TrimSpace(id)
			u, ok := fw.Unit(id)
			if !ok {
				var ids []string
				for _, u := range fw.Units {
					ids = append(ids, u.ID)
				}
				e.errorf("unknown unit %q", id)
				e.hintf("the framework's units: %s", strings.Join(ids, ", "))
				return exitUsage
			}
			units = append(units, u)
		}
	}
	set, err := output.NewSet(out, force)
	if err != nil {
		e.errorf("create %s: %v", out, err)
		return exitInternal
	}
	defer set.Abort()
	var written []string
	for _, u := range units {
		if !unitIDRe.MatchString(u.ID) {
			e.errorf("unit id %q cannot be a file name", u.ID)
			return exitUsage
		}
		name := u.ID + ".xlsx"
		err := set.Create(name, func(w io.Writer) error {
			return templates.WriteSubmission(w, fw, u, templates.SubmissionOptions{Date: date})
		})
		if err != nil {
			e.errorf("%s: %v", filepath.Join(out, name), err)
			return exitInternal
		}
		written = append(written, filepath.Join(out, name))
	}
	if code := commitOutputs(e, set); code != exitOK {
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
