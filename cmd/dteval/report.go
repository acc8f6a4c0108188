package main

import (
	"cmp"
	"errors"
	"flag"
	"os"
	"path/filepath"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/cli"
	"github.com/wuxi-data/dteval/internal/output"
	"github.com/wuxi-data/dteval/templates"
)

// setFlags are the flags of every command that writes a dated set of results
// or reports: score, report, run and demo.
type setFlags struct {
	date                *string
	draft, force, quiet *bool
}

func addSetFlags(fs *flag.FlagSet) setFlags {
	return setFlags{
		date:  fs.String("date", "", "评估结果和报告的日期 `YYYY-MM-DD`（默认：今天；report 默认用评估结果中的日期）；指定后每次输出逐字节相同"),
		draft: fs.Bool("draft", false, "征求意见稿（供各地区提出异议的一轮）：每份公开输出都标明征求意见稿，results.json 写 \"draft\": true，且不能作为 -previous 使用"),
		force: fs.Bool("force", false, "覆盖已有的输出文件"),
		quiet: fs.Bool("q", false, "不在终端显示进度和汇总"),
	}
}

// reportFlags are the flags report, run and demo share.
type reportFlags struct {
	setFlags
	out, templates, narrative, history *string
	sample                             *bool
}

func addReportFlags(fs *flag.FlagSet) reportFlags {
	return reportFlags{
		setFlags:  addSetFlags(fs),
		out:       fs.String("o", "", "输出`文件夹`（不存在时自动创建）"),
		sample:    fs.Bool("sample", false, "每页、每张工作表标注“示例数据”（虚构数据，用于培训演示）"),
		templates: fs.String("templates", "", "报告文字模板所在`文件夹`，用于替换内置模板"),
		narrative: fs.String("narrative", "", "数据主管部门自己撰写的报告文字 `narrative.yaml`（编制说明、主要发现、典型案例、存在问题、工作建议、联系方式；init 会写出一份模板）"),
		history:   fs.String("history", "", "历年评估结果 results.json 所在`文件夹`（同一指标体系）：在各地区页面和 XLSX 工作表“历年得分”中列出历年得分与排名"),
	}
}

// options checks the report flags and reads the files they name: the options of
// the report set, or false after printing why (exit 2).
func (rf reportFlags) options(e *env, fw *evaluator.Framework, res *evaluator.Results, findings evaluator.Findings) (templates.ReportOptions, bool) {
	opt := templates.ReportOptions{Draft: *rf.draft, Sample: *rf.sample, TemplatesDir: *rf.templates, Findings: findings}
	var ok bool
	var err error
	if opt.Date, ok = checkDate(e, cmp.Or(*rf.date, res.Date)); !ok {
		return opt, false
	}
	if st, err := os.Stat(*rf.templates); *rf.templates != "" && (err != nil || !st.IsDir()) {
		e.Errorf("-templates %s 不是文件夹", *rf.templates)
		return opt, false
	}
	if *rf.narrative != "" {
		if opt.Narrative, err = templates.LoadNarrativeFile(*rf.narrative, fw); err != nil {
			e.Errorf("-narrative: %v", err)
			e.Hintf("dteval init 写出的 narrative.yaml 是带示例的模板：删去段落前的 # 号并改写")
			return opt, false
		}
	}
	if *rf.history != "" {
		var skipped []string
		if opt.History, skipped, err = evaluator.ReadHistory(*rf.history, &evaluator.Framework{ID: res.Framework.ID, Year: res.Year}); err != nil {
			e.Errorf("%v", err)
			e.Hintf("-history 文件夹里放往年的 results.json（同一指标体系标识，早于本年度），每个年度一份")
			return opt, false
		}
		for _, s := range skipped {
			e.Warnf("-history：已跳过 %s", s)
		}
	}
	return opt, true
}

func init() {
	register(&cli.Command{
		Name:    "report",
		Args:    "[-f FRAMEWORK.yaml] -o DIR [-date YYYY-MM-DD] [-draft] [-force] results.json",
		Summary: "由 results.json 生成公开的 PDF 报告、XLSX、CSV、网页版和逐一反馈的 PDF",
		Help:    helpText("report"),
		Setup: func(fs *flag.FlagSet) func(*env, []string) int {
			fwPath := fs.String("f", "", "指标体系`文件`（默认：内置的 wuxi-2025.yaml）")
			rf := addReportFlags(fs)
			return func(e *env, args []string) int {
				if len(args) != 1 || *rf.out == "" {
					e.Errorf("report 需要用 -o 指定输出文件夹，并给出一份 results.json")
					e.Hintf("dteval report -f indicators/wuxi-2025.yaml -o out results.json")
					return exitUsage
				}
				if !reportOutputsFree(e, *rf.out, *rf.force) {
					return exitUsage
				}
				fw, ok := loadFramework(e, *fwPath)
				if !ok {
					return exitUsage
				}
				finishInterrupted(e, args[0])
				res, err := evaluator.ReadResultsFile(args[0])
				if err != nil {
					e.Errorf("%v", err)
					return exitUsage
				}
				if err := evaluator.CheckSameFramework(fw, res); err != nil {
					e.Errorf("%v", err)
					e.Hintf("请用 -f 给出计算这份结果时所用的指标体系文件")
					return exitUsage
				}
				// A draft stays a draft: its report set is marked whatever the flags;
				// -draft makes a final results.json's new copy a draft.
				if res.Draft {
					*rf.draft = true
				}
				res.Draft = *rf.draft
				findings, err := evaluator.ReadFindingsFile(filepath.Join(filepath.Dir(args[0]), output.FileFindings))
				if err != nil && !errors.Is(err, os.ErrNotExist) {
					e.Errorf("%v", err)
					return exitUsage
				}
				opt, ok := rf.options(e, fw, res, findings)
				if !ok {
					return exitUsage
				}
				return report(e, rf, fw, res, opt)
			}
		},
	})
}

// report writes the full report set and prints where it went.
func report(e *env, rf reportFlags, fw *evaluator.Framework, res *evaluator.Results, opt templates.ReportOptions) int {
	n, code := writeSet(e, *rf.out, *rf.force, func(o *output.Set) error {
		return writeReports(e, o, fw, res, opt, *rf.quiet)
	})
	if code == exitOK && !*rf.quiet {
		e.Infof("已写出 %d 个文件到 %s（评估报告.pdf、评估结果.xlsx、评估结果.csv、results.json、网页版/、feedback/）", n, *rf.out)
	}
	return code
}
