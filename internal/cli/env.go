package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"
)

// Env is what a command sees of the world: testable without a process.
type Env struct {
	Ctx    context.Context
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer

	program       string // the prefix of every message line
	progressShown bool
}

// Errorf prints "<program>: 错误：…" on stderr: what went wrong.
func (e *Env) Errorf(format string, args ...any) { e.line("错误：", format, args) }

// Hintf prints "<program>: 提示：…": what to do next.
func (e *Env) Hintf(format string, args ...any) { e.line("提示：", format, args) }

// Internalf reports a fault of the program itself (its text may be a library's
// English) inside the Chinese 内部错误 frame, with a hint asking for a report.
func (e *Env) Internalf(format string, args ...any) {
	e.Errorf("内部错误："+format, args...)
	e.Hintf("这是 %s 的程序缺陷，请把所运行的命令一并报告给维护人员", e.program)
}

// Warnf prints "<program>: 警告：…": a problem that did not stop the command.
func (e *Env) Warnf(format string, args ...any) { e.line("警告：", format, args) }

// Infof prints a summary line "<program>: …".
func (e *Env) Infof(format string, args ...any) { e.line("", format, args) }

func (e *Env) line(kind, format string, args []any) {
	fmt.Fprintf(e.Stderr, e.program+": "+kind+format+"\n", args...)
}

// Progress prints a one-line progress note on stderr when stderr is a terminal
// (SPEC: a progress line for long work); it is silent in pipes, files and tests.
func (e *Env) Progress(format string, args ...any) {
	if !e.isTerminal() {
		return
	}
	fmt.Fprintf(e.Stderr, "\r\033[K"+e.program+": "+format, args...)
	e.progressShown = true
}

// ProgressDone ends a progress line.
func (e *Env) ProgressDone() {
	if e.progressShown {
		fmt.Fprint(e.Stderr, "\r\033[K")
		e.progressShown = false
	}
}

func (e *Env) isTerminal() bool {
	f, ok := e.Stderr.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// traceStart is when the process started; Trace prints the time since then.
var traceStart = time.Now()

// Trace prints "<program>: trace: 1.234s stage" on stderr when DTEVAL_TRACE is
// set: the wall time at which each stage of a run ends (docs/performance.md).
func (e *Env) Trace(stage string) {
	if os.Getenv("DTEVAL_TRACE") != "" {
		fmt.Fprintf(e.Stderr, "%s: trace: %6.3fs %s\n", e.program, time.Since(traceStart).Seconds(), stage)
	}
}
