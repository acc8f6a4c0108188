// Command dteval evaluates digital transformation: framework → submissions →
// validation → scores and ranks → reports. Run "dteval help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wuxi-data/dteval/internal/output"
)

// Exit codes (SPEC §3).
const (
	exitOK       = 0
	exitInput    = 1 // the input has errors (validation errors)
	exitUsage    = 2 // usage error, or a framework that does not load or pass its checks
	exitInternal = 3 // the work itself failed (an output cannot be written, an internal error)
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// env is what a command sees of the world: testable without a process.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	progressShown bool
}

// command is one subcommand. Each lives in its own file and registers itself.
type command struct {
	name    string
	args    string // the usage line after the name
	summary string // one line, for "dteval help"
	help    string // the rest of -h
	// setup declares the command's flags; run does the work with the parsed flags.
	setup func(fs *flag.FlagSet) func(e *env, args []string) int
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

func main() {
	setMemoryLimit()
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var caught atomic.Value // the signal that ended the command, if any
	go func() {
		sig := <-sigs
		caught.Store(sig)
		onSignal(sig, sigs, cancel, os.Stderr)
	}()
	stopProfile := startProfile()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopProfile()
	if sig, ok := caught.Load().(os.Signal); ok {
		code = signalExit(sig)
	}
	os.Exit(code)
}

// interruptGrace is how long a command may take to end by itself after SIGINT or
// SIGTERM (its context is cancelled and its output sets refuse to write); then,
// or at a second signal, the process ends anyway, even when blocked in a read or
// a write. serve sets it longer, to let running requests finish.
var interruptGrace atomic.Int64

func init() { interruptGrace.Store(int64(3 * time.Second)) }

// onSignal handles the first SIGINT or SIGTERM: the command is asked to stop
// (ctx cancelled, output.Interrupt: nothing more is written or committed); if it
// has not ended after interruptGrace (or at a second signal), every staging
// folder is removed and the process exits with 128 + the signal's number, as a
// shell reports a process killed by it (130 for SIGINT, 143 for SIGTERM).
func onSignal(sig os.Signal, sigs <-chan os.Signal, cancel func(), stderr io.Writer) {
	cancel()
	output.Interrupt()
	select {
	case <-sigs:
	case <-time.After(time.Duration(interruptGrace.Load())):
	}
	output.AbortAll()
	fmt.Fprintf(stderr, "dteval: error: 已中断（%v）：未完成的输出已删除，原有输出保持不变\n", sig)
	os.Exit(signalExit(sig))
}

// signalExit is the exit code of a process ended by sig: 128 + its number.
func signalExit(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 128 + 2
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	defer func() {
		if r := recover(); r != nil {
			e.errorf("内部错误：%v", r)
			e.hintf("这是 dteval 的程序缺陷，请把所运行的命令一并报告给维护人员")
			code = exitInternal
		}
	}()
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				fs := newFlagSet(c, stdout)
				fs.Usage()
				return exitOK
			}
		}
		usage(stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	c, ok := commands[name]
	if !ok {
		e.errorf("没有名为 %q 的命令", name)
		e.hintf("运行 \"dteval help\" 查看全部命令")
		return exitUsage
	}
	fs := newFlagSet(c, stderr)
	runFn := c.setup(fs)
	rest, err := parseInterspersed(fs, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		e.hintf("运行 \"dteval %s -h\" 查看用法", c.name)
		return exitUsage
	}
	return runFn(e, rest)
}

func newFlagSet(c *command, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("dteval "+c.name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "用法：dteval %s %s\n\n%s\n", c.name, c.args, c.summary)
		if c.help != "" {
			fmt.Fprintf(out, "\n%s\n", strings.TrimSpace(c.help))
		}
		has := false
		fs.VisitAll(func(*flag.Flag) { has = true })
		if has {
			fmt.Fprintf(out, "\nflags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseInterspersed parses flags that may come before or after the positional
// arguments (SPEC §3: "dteval validate a.xlsx -format json"); "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		// fs.Parse stops at the first non-flag, or just after a "--" (which it drops).
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "dteval — 数字化转型评估工具\n\n用法：dteval <command> [选项] [参数]\n\n命令：\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, "\n运行 \"dteval <命令> -h\" 查看该命令的选项\n")
}

func (e *env) errorf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "dteval: 错误："+format+"\n", args...)
}

func (e *env) hintf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "dteval: 提示："+format+"\n", args...)
}

func (e *env) warnf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "dteval: 警告："+format+"\n", args...)
}
