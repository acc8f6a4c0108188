// Command dteval evaluates digital transformation: framework → submissions →
// validation → scores and ranks → reports. Run "dteval help" for the commands.
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
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

// helpTexts holds each command's long -h text, help/<command>.txt (Chinese, for users).
//
//go:embed help/*.txt
var helpTexts embed.FS

// helpText is the long help of the named command.
func helpText(name string) string {
	b, err := helpTexts.ReadFile("help/" + name + ".txt")
	if err != nil {
		panic("dteval: no help text for " + name) // a build mistake, caught by TestUsageMessagesChinese
	}
	return string(b)
}

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
	fs.SetOutput(io.Discard) // the flag package's own (English) error line; flagError says it
	runFn := c.setup(fs)
	rest, err := parseInterspersed(fs, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		e.errorf("%s", flagError(err))
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
			fmt.Fprintf(out, "\n选项：\n")
			printFlags(out, fs)
		}
	}
	return fs
}

// printFlags lists the flags as flag.PrintDefaults does, in Chinese: the value's
// placeholder from the usage text's `name`, and the default when there is one.
func printFlags(out io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		switch name {
		case "int", "float", "uint", "duration":
			name = "数值"
		case "string", "value":
			name = "文本"
		}
		fmt.Fprintf(out, "  -%s", f.Name)
		if name != "" {
			fmt.Fprintf(out, " %s", name)
		}
		fmt.Fprintf(out, "\n    \t%s", usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			fmt.Fprintf(out, "（默认：%s）", f.DefValue)
		}
		fmt.Fprintln(out)
	})
}

// invalidFlagValue matches the flag package's "invalid value %q for flag -%s: …"
// and "invalid boolean value %q for -%s: …".
var invalidFlagValue = regexp.MustCompile(`^invalid (?:boolean )?value (".*") for (?:flag )?(-[^:]+):`)

// flagError says in Chinese what the flag package refused (its own messages are English).
func flagError(err error) string {
	msg := err.Error()
	for _, m := range []struct{ prefix, say string }{
		{"flag provided but not defined: ", "没有这个选项：%s"},
		{"flag needs an argument: ", "选项 %s 后面需要一个值"},
		{"bad flag syntax: ", "选项写法不对：%s"},
	} {
		if rest, ok := strings.CutPrefix(msg, m.prefix); ok {
			return fmt.Sprintf(m.say, rest)
		}
	}
	if m := invalidFlagValue.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("选项 %s 的值 %s 无效", m[2], m[1])
	}
	return "选项有误：" + msg
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
