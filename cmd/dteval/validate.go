package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/output"
)

func init() {
	register(&command{
		name:    "validate",
		args:    "[-f FRAMEWORK.yaml] [-format text|json] [-annotate DIR] [-previous RESULTS.json] [-adjust ADJUSTMENTS.yaml] [-force] [-q] FILE|DIR…",
		summary: "检查填报表或汇总表，逐项列出问题及所在单元格；给出多份时一并核对",
		help: `Reads each submission workbook or consolidated table (a folder stands for its .xlsx
and .csv files) and reports every finding with its file, sheet and cell, in Chinese,
with what to fix (codes: docs/findings.md). With several submissions it also checks
the batch: units given twice or not at all, values far from the other units'
(value-outlier), and with -previous values far from last year's (change-large).

Several files or a folder are judged as the year's set, exactly as run and score
judge them (completeness after the merge: a unit not given, a department's table
not given — source-missing); one workbook alone as that unit's submission (the
fields it must fill); one table alone as a table (its columns, a row per unit, its
cells). -adjust applies the bureau's audited corrections as run does.

Without -f each workbook is checked against the framework stored in its own _meta
sheet (the one it was issued with), so "dteval validate jiangyin.xlsx" works with no
other file; tables then use the framework of the workbooks given with them, or the
embedded default.

-annotate DIR writes a copy of each workbook, DIR/<unit-id>.annotated.xlsx, with the
cells of errors filled red and of warnings yellow, each commented with its message,
and a 检查结果 sheet listing everything. The original files are never written.

Exit 0 when there is no error (warnings allowed), 1 when there are errors, 2 on a
usage or framework problem (or annotated copies that exist, without -force), 3 when
an annotated copy cannot be written.`,
		setup: func(fs *flag.FlagSet) func(*env, []string) int {
			fwPath := fs.String("f", "", "framework `FILE` (default: the one stored in each workbook)")
			format := fs.String("format", "text", "output format: text or json")
			annotate := fs.String("annotate", "", "write annotated copies of the workbooks into `DIR`")
			previous := fs.String("previous", "", "last year's results.json (change-large warnings)")
			adjust := fs.String("adjust", "", "`adjustments.yaml`: the bureau's audited corrections, applied as run applies them")
			force := fs.Bool("force", false, "overwrite existing annotated copies")
			quiet := fs.Bool("q", false, "text output: list errors only (warnings are still counted)")
			return func(e *env, args []string) int {
				return runValidate(e, args, validateFlags{*fwPath, *format, *annotate, *previous, *adjust, *force, *quiet})
			}
		},
	})
}

type validateFlags struct {
	fw, format, annotate, previous, adjust string
	force, quiet                           bool
}

func runValidate(e *env, args []string, fl validateFlags) int {
	if len(args) == 0 {
		e.errorf("validate needs at least one submission file or folder")
		e.hintf("dteval validate jiangyin.xlsx   or   dteval validate -f framework.yaml submissions/")
		return exitUsage
	}
	if fl.format != "text" && fl.format != "json" {
		e.errorf("unknown -format %q: want text or json", fl.format)
		return exitUsage
	}
	var opt evaluator.ValidateOptions
	if fl.previous != "" {
		var err error
		if opt.Previous, err = evaluator.ReadPrevious(fl.previous, nil); err != nil {
			e.errorf("-previous：%v", err)
			return exitUsage
		}
	}
	var fixed *evaluator.Framework
	if fl.fw != "" {
		var ok bool
		if fixed, ok = loadFramework(e, fl.fw); !ok {
			return exitUsage
		}
	}
	files, _ := evaluator.ExpandInputs(args)
	if len(files) == 0 {
		e.errorf("no .xlsx or .csv files in %v", args)
		return exitUsage
	}

	if fl.adjust != "" {
		var err error
		if opt.AdjustSource, err = evaluator.ReadSmallFile(fl.adjust, evaluator.MaxAdjustmentsSize); err != nil {
			e.errorf("-adjust：%v", err)
			return exitUsage
		}
		opt.AdjustFile = fl.adjust
	}

	sel, all, err := evaluator.ValidateFiles(e.ctx, fixed, args, opt)
	if e.ctx.Err() != nil {
		e.errorf("interrupted")
		return exitInternal
	}
	var adjErr *evaluator.AdjustmentsError
	if errors.As(err, &adjErr) {
		printLoadError(e, adjErr.Err, "核查核减文件")
		return exitUsage
	}
	if err != nil {
		e.errorf("embedded framework: %v", err)
	} else if sel.TablesDefault {
		e.hintf("tables are checked against the embedded framework %s %s; use -f to choose another", sel.Tables.ID, sel.Tables.Version)
	}

	if fl.format == "json" {
		err = evaluator.WriteFindingsJSON(e.stdout, all)
	} else {
		shown := all
		if fl.quiet {
			shown = all.OnlyErrors()
		}
		err = evaluator.WriteFindingsText(e.stdout, shown, files, sel.Used...)
		if fl.quiet && all.Warnings() > 0 {
			fmt.Fprintf(e.stdout, "（另有警告 %d 项未列出）\n", all.Warnings())
		}
	}
	if err != nil {
		e.errorf("write findings: %v", err)
		return exitInternal
	}
	if fl.annotate != "" {
		if code := writeAnnotated(e, fl.annotate, fl.force, sel.Groups, all); code != exitOK {
			return code
		}
	}
	if all.Errors() > 0 {
		return exitInput
	}
	return exitOK
}

// writeAnnotated writes DIR/<unit-id>.annotated.xlsx for each workbook of a known
// unit, all or nothing (an output set: staged, then renamed into place; existing
// copies are kept unless force).
func writeAnnotated(e *env, dir string, force bool, groups []*evaluator.FrameworkGroup, all evaluator.Findings) int {
	copies := output.AnnotatedCopies(groups)
	if out := output.OverwritesOriginal(dir, copies); out != "" {
		e.errorf("annotate: %s is the original itself; choose another -annotate folder", out)
		return exitUsage
	}
	_, code := writeSet(e, dir, force, func(o *output.Set) error { return output.WriteAnnotated(o, copies, all) })
	return code
}
