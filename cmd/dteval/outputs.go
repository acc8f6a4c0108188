package main

import (
	"errors"
	"path/filepath"
	"regexp"
	"time"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/output"
	"github.com/wuxi-data/dteval/templates"
)

// writeSet writes an output set into dir (output.Set: all files or none): fill
// stages the files, then they are committed. It returns how many files were
// written, and exitOK or the code to exit with (messages printed).
func writeSet(e *env, dir string, force bool, fill func(o *output.Set) error) (int, int) {
	o, err := output.NewSet(dir, force)
	if err != nil {
		e.Errorf("无法创建输出文件夹 %s：%s", dir, evaluator.FileErrorText(err))
		return 0, exitInternal
	}
	defer o.Abort()
	sayRecovered(e, dir, o.Recovered)
	if err := fill(o); err != nil {
		return 0, outputFailed(e, err)
	}
	defer e.Trace("committed")
	if err := o.Commit(); err != nil {
		if errors.Is(err, output.ErrExists) {
			e.Errorf("%v", err)
			e.Hintf("原有输出已保留，未被覆盖；如需替换请加 -force，或用 -o 指定另一个文件夹")
			return 0, exitUsage
		}
		var le *output.LinkError
		if errors.As(err, &le) {
			e.Errorf("%v", err)
			return 0, exitUsage
		}
		e.Errorf("无法在 %s 写出输出文件：%s", o.Dir(), evaluator.FileErrorText(err))
		return 0, exitInternal
	}
	return len(o.Files()), exitOK
}

// outputFailed says why the outputs could not be made and returns the exit code:
// an interruption as it is; a fault of the -templates text templates as the
// user's (exit 2); the file system's refusals in Chinese (evaluator.FileErrorText);
// anything else is a fault of the program, whose text may be a library's English,
// inside 内部错误.
func outputFailed(e *env, err error) int {
	var te *templates.TemplateError
	switch {
	case errors.Is(err, output.ErrInterrupted):
		e.Errorf("%v", err)
	case errors.As(err, &te):
		e.Errorf("%v", te)
		return exitUsage
	case evaluator.IsFileSystemError(err):
		e.Errorf("无法写出输出文件：%s", evaluator.FileErrorText(err))
	default:
		e.Internalf("%v", err)
	}
	return exitInternal
}

// finishInterrupted finishes, in the folder of a results.json about to be read,
// a set of outputs whose writing was killed after its commit point
// (output.Recover): the file read is then the one of a whole set.
func finishInterrupted(e *env, path string) {
	dir := filepath.Dir(path)
	done, err := output.Recover(dir)
	if err != nil {
		e.Warnf("%v；%s 中的输出可能新旧混杂，请重新运行写出它们的命令", err, dir)
	}
	sayRecovered(e, dir, done)
}

// sayRecovered tells that outputs of an interrupted earlier run were put in place.
func sayRecovered(e *env, dir string, done []string) {
	if len(done) > 0 {
		e.Hintf("%s 中上次写出时被中断的一组输出已补写完整（%s）", dir, output.ListSome(done, 3))
	}
}

// reportOutputsFree is checked before a report or run does any work: without
// -force, outputs of an earlier run in dir stop it at once (exit 2) rather than
// after minutes of work (commit would refuse them anyway).
func reportOutputsFree(e *env, dir string, force bool) bool {
	if err := output.CheckFolders(dir, output.ReportFolders); err != nil {
		e.Errorf("%v", err)
		return false
	}
	if force {
		return true
	}
	found := output.ExistingReports(dir)
	if len(found) == 0 {
		return true
	}
	e.Errorf("%s 中已有输出文件：%s", dir, output.ListSome(found, 6))
	e.Hintf("原有输出已保留，未被覆盖；如需替换请加 -force，或用 -o 指定另一个文件夹")
	return false
}

// writeReports renders the report set into o (output.WriteReports), printing
// warnings, trace lines and, unless quiet, progress.
func writeReports(e *env, o *output.Set, fw *evaluator.Framework, res *evaluator.Results, opt templates.ReportOptions, quiet bool) error {
	h := output.Hooks{
		Warn:  func(file, w string) { e.Warnf("%s: %s", file, w) },
		Trace: e.Trace,
	}
	if !quiet {
		h.Progress = func(i, n int, file string) { e.Progress("%d/%d %s", i, n, file) }
	}
	err := output.WriteReports(e.Ctx, o, fw, res, opt, h)
	e.ProgressDone()
	return err
}

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkDate validates a -date flag; "" means today.
func checkDate(e *env, date string) (string, bool) {
	if date == "" {
		return time.Now().Format("2006-01-02"), true
	}
	if _, err := time.Parse("2006-01-02", date); err != nil || !dateRe.MatchString(date) {
		e.Errorf("-date %q 不是日期，请按 年-月-日 填写，如 2026-03-01", date)
		return "", false
	}
	return date, true
}
