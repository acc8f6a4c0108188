package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/output"
)

func init() {
	register(&command{
		name:    "validate",
		args:    "[-f FRAMEWORK.yaml] [-format text|json] [-annotate DIR] [-previous RESULTS.json] [-adjust ADJUSTMENTS.yaml] [-force] [-q] FILE|DIR…",
		summary: "检查填报表或汇总表，逐项列出问题及所在单元格；给出多份时一并核对",
		help: `读取每份填报表或汇总表（文件夹代表其中的 .xlsx 和 .csv 文件），用中文逐条报告问题，注明
文件、工作表和单元格以及如何改正（问题代码的含义见 docs/findings.md）。给出多份填报表时还
整批检查：重复或缺少的被评估对象、与其他被评估对象相差悬殊的数值（value-outlier），加
-previous 时还有与上年相差悬殊的数值（change-large）。

几个文件或一个文件夹按当年整批输入判定，与 run 和 score 完全一致（合并之后判断是否齐全：
缺少被评估对象、缺少某部门的汇总表——source-missing）；单独一份填报表按该被评估对象的填报
判定（只查它应填的字段）；单独一份汇总表按汇总表判定（列、每个被评估对象一行、单元格）。
-adjust 像 run 一样应用数据主管部门的核查核减。

不加 -f 时，每份填报表按其 _meta 工作表中保存的（下发时的）指标体系检查，所以
dteval validate jiangyin.xlsx 不需要其他文件；汇总表则按同时给出的填报表的指标体系检查，
没有填报表时按内置默认指标体系。

-annotate DIR 为每份填报表写出副本 DIR/<编码>.annotated.xlsx：错误单元格标红、警告标黄，
每个附批注说明问题，另有“检查结果”工作表列出全部问题。原文件从不改写。

退出码：无错误（可有警告）为 0；有错误为 1；用法或指标体系有问题（或标注副本已存在且未加
-force）为 2；标注副本无法写出为 3。`,
		setup: func(fs *flag.FlagSet) func(*env, []string) int {
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
		e.errorf("validate 需要至少一个填报表文件或文件夹")
		e.hintf("dteval validate jiangyin.xlsx   或   dteval validate -f framework.yaml submissions/")
		return exitUsage
	}
	if fl.format != "text" && fl.format != "json" {
		e.errorf("不认识的 -format %q：只能是 text 或 json", fl.format)
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
		e.errorf("%s 中没有 .xlsx 或 .csv 文件", strings.Join(args, "、"))
		e.hintf("请给出填报表（.xlsx）或汇总表（.csv、.xlsx）所在的文件或文件夹")
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
		e.errorf("已中断，检查未完成")
		return exitInternal
	}
	var adjErr *evaluator.AdjustmentsError
	if errors.As(err, &adjErr) {
		printLoadError(e, adjErr.Err, "核查核减文件")
		return exitUsage
	}
	if err != nil {
		e.errorf("内置指标体系无法使用：%v", err)
	} else if sel.TablesDefault {
		e.hintf("汇总表按内置指标体系 %s %s 版检查；如需按其他指标体系检查，请用 -f 指定", sel.Tables.ID, sel.Tables.Version)
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
		e.errorf("无法输出检查结果：%v", err)
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
		e.errorf("标注副本 %s 会覆盖原文件；请为 -annotate 另选一个文件夹", out)
		return exitUsage
	}
	_, code := writeSet(e, dir, force, func(o *output.Set) error { return output.WriteAnnotated(o, copies, all) })
	return code
}
