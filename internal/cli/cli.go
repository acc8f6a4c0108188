// Package cli is the room of dteval's command-line conventions, in Chinese
// (SPEC §3): a program of subcommands, each with its flags; flags before or after
// the arguments; -h help and the flag list in Chinese, the flag package's own
// English errors said in Chinese; the 错误/提示/警告 message lines; the progress
// line on a terminal and the DTEVAL_TRACE stage times; exit codes; and SIGINT or
// SIGTERM ending a command with its outputs as they were. It knows nothing of
// evaluation: cmd/dteval declares the commands and wires them to the packages
// that do the work.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// Exit codes (SPEC §3).
const (
	ExitOK       = 0
	ExitInput    = 1 // the input has errors (validation errors)
	ExitUsage    = 2 // usage error, or a framework that does not load or pass its checks
	ExitInternal = 3 // the work itself failed (an output cannot be written, an internal error)
)

// Command is one subcommand.
type Command struct {
	Name    string
	Args    string // the usage line after the name
	Summary string // one line, for "<program> help"
	Help    string // the rest of -h
	// Setup declares the command's flags; the function it returns does the work
	// with the parsed flags and the remaining arguments, and returns the exit code.
	Setup func(fs *flag.FlagSet) func(e *Env, args []string) int
}

// Program is a command with subcommands.
type Program struct {
	Name  string // as typed: "dteval"
	Title string // one line for the top of "help": "dteval — 数字化转型评估工具"

	commands map[string]*Command
	signals  signals
}

// Register adds a subcommand.
func (p *Program) Register(c *Command) {
	if p.commands == nil {
		p.commands = map[string]*Command{}
	}
	p.commands[c.Name] = c
}

// Lookup is the named subcommand, or nil.
func (p *Program) Lookup(name string) *Command { return p.commands[name] }

// Names are the subcommands' names, sorted.
func (p *Program) Names() []string {
	names := make([]string, 0, len(p.commands))
	for n := range p.commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Run runs the subcommand named by args[0] with the rest of args and returns
// the exit code. A panic in the command is an internal error (exit 3) with a
// message asking for a report, never a stack trace.
func (p *Program) Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	e := &Env{Ctx: ctx, Stdin: stdin, Stdout: stdout, Stderr: stderr, program: p.Name}
	defer func() {
		if r := recover(); r != nil {
			e.Internalf("%v", r)
			code = ExitInternal
		}
	}()
	if len(args) == 0 {
		p.usage(stderr)
		return ExitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 {
			if c, ok := p.commands[args[1]]; ok {
				fs, _ := p.flagSet(c)
				p.printUsage(stdout, c, fs)
				return ExitOK
			}
		}
		p.usage(stdout)
		return ExitOK
	case "-version", "--version":
		name = "version"
	}
	c, ok := p.commands[name]
	if !ok {
		e.Errorf("没有名为 %q 的命令", name)
		e.Hintf("运行 \"%s help\" 查看全部命令", p.Name)
		return ExitUsage
	}
	fs, runFn := p.flagSet(c)
	rest, err := parseInterspersed(fs, args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			p.printUsage(stdout, c, fs)
			return ExitOK
		}
		e.Errorf("%s", flagError(err))
		e.Hintf("运行 \"%s %s -h\" 查看用法", p.Name, c.Name)
		return ExitUsage
	}
	return runFn(e, rest)
}

// flagSet is c's flag set, its flags declared, and the function that runs c.
// The flag package prints nothing: its English error lines are said in Chinese
// by flagError, and -h is printed by printUsage.
func (p *Program) flagSet(c *Command) (*flag.FlagSet, func(*Env, []string) int) {
	fs := flag.NewFlagSet(p.Name+" "+c.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs, c.Setup(fs)
}

// printUsage prints c's -h: the usage line, the summary, the help text and the
// flags in Chinese.
func (p *Program) printUsage(out io.Writer, c *Command, fs *flag.FlagSet) {
	fmt.Fprintf(out, "用法：%s %s %s\n\n%s\n", p.Name, c.Name, c.Args, c.Summary)
	if c.Help != "" {
		fmt.Fprintf(out, "\n%s\n", strings.TrimSpace(c.Help))
	}
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintf(out, "\n选项：\n")
		printFlags(out, fs)
	}
}

func (p *Program) usage(w io.Writer) {
	fmt.Fprintf(w, "%s\n\n用法：%s <command> [选项] [参数]\n\n命令：\n", p.Title, p.Name)
	for _, n := range p.Names() {
		fmt.Fprintf(w, "  %-9s %s\n", n, p.commands[n].Summary)
	}
	fmt.Fprintf(w, "\n运行 \"%s <命令> -h\" 查看该命令的选项\n", p.Name)
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
