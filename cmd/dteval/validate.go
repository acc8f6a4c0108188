package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/cli"
	"github.com/wuxi-data/dteval/internal/output"
)

func init() {
	register(&cli.Command{
		Name:    "validate",
		Args:    "[-f FRAMEWORK.yaml] [-format text|json] [-annotate DIR] [-previous RESULTS.json] [-adjust ADJUSTMENTS.yaml] [-force] [-q] FILE|DIR…",
		Summary: "检查填报表或汇总表，逐项列出问题及所在单元格；给出多份时一并核对",
		Help:    helpText("validate"),
		Setup: func(fs *flag.FlagSet) func(*env, []string) int {
			fwPath := fs.String("f", "", "指标体系`文件`（默认：各填报表中保存的指标体系）")
			format := fs.String("format", "text", "输出格式：text（文字）或 json")
			annotate := fs.String("annotate", "", "把标注了问题的填报表副本写入`文件夹`")
			previous := fs.String("previous", "", "上年度评估结果 results.json（用于提示较上年变化过大）")
			adjust := fs.String("adjust", "", "核查核减文件 `adjustments.yaml`：数据主管部门核查后的更正，与 run 的用法相同")
			force := fs.Bool("force", false, "覆盖已有的标注副本")
			quiet := fs.Bool("q", false, "文字输出只列错误（警告仍计数）")
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
		e.Errorf("validate 需要至少一个填报表文件或文件夹")
		e.Hintf("dteval validate jiangyin.xlsx   或   dteval validate -f framework.yaml submissions/")
		return exitUsage
	}
	if fl.format != "text" && fl.format != "json" {
		e.Errorf("不认识的 -format %q：只能是 text 或 json", fl.format)
		return exitUsage
	}
	var opt evaluator.ValidateOptions
	if fl.previous != "" {
		var err error
		if opt.Previous, err = evaluator.ReadPrevious(fl.previous, nil); err != nil {
			e.Errorf("-previous：%v", err)
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
		e.Errorf("%s 中没有 .xlsx 或 .csv 文件", strings.Join(args, "、"))
		e.Hintf("请给出填报表（.xlsx）或汇总表（.csv、.xlsx）所在的文件或文件夹")
		return exitUsage
	}

	if fl.adjust != "" {
		var err error
		if opt.AdjustSource, err = evaluator.ReadSmallFile(fl.adjust, evaluator.MaxAdjustmentsSize); err != nil {
			e.Errorf("-adjust：%v", evaluator.ReadError("核查核减文件", fl.adjust, err))
			return exitUsage
		}
		opt.AdjustFile = fl.adjust
	}

	sel, all, err := evaluator.ValidateFiles(e.Ctx, fixed, args, opt)
	if e.Ctx.Err() != nil {
		e.Errorf("已中断，检查未完成")
		return exitInternal
	}
	var adjErr *evaluator.AdjustmentsError
	if errors.As(err, &adjErr) {
		printLoadError(e, adjErr.Err, "核查核减文件")
		return exitUsage
	}
	if err != nil {
		e.Errorf("内置指标体系无法使用：%v", err)
	} else if sel.TablesDefault {
		e.Hintf("汇总表按内置指标体系 %s %s 版检查；如需按其他指标体系检查，请用 -f 指定", sel.Tables.ID, sel.Tables.Version)
	}

	if fl.format == "json" {
		err = evaluator.WriteFindingsJSON(e.Stdout, all)
	} else {
		shown := all
		if fl.quiet {
			shown = all.OnlyErrors()
		}
		err = evaluator.WriteFindingsText(e.Stdout, shown, files, sel.Used...)
		if fl.quiet && all.Warnings() > 0 {
			fmt.Fprintf(e.Stdout, "（另有警告 %d 项未列出）\n", all.Warnings())
		}
	}
	if err != nil {
		e.Errorf("无法输出检查结果：%v", err)
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
		e.Errorf("标注副本 %s 会覆盖原文件；请为 -annotate 另选一个文件夹", out)
		return exitUsage
	}
	_, code := writeSet(e, dir, force, func(o *output.Set) error { return output.WriteAnnotated(e.Ctx, o, copies, all) })
	return code
}
