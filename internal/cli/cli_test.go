package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestParseInterspersed(t *testing.T) {
	for _, c := range []struct {
		args []string
		pos  []string
		f    string
		q    bool
	}{
		{[]string{"a.xlsx", "-f", "x.yaml"}, []string{"a.xlsx"}, "x.yaml", false},
		{[]string{"-q", "a", "b", "-f", "y"}, []string{"a", "b"}, "y", true},
		{[]string{"a", "--", "-f", "b"}, []string{"a", "-f", "b"}, "", false},
		{[]string{"--", "-q"}, []string{"-q"}, "", false},
		{nil, nil, "", false},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		f := fs.String("f", "", "")
		q := fs.Bool("q", false, "")
		pos, err := parseInterspersed(fs, c.args)
		if err != nil || !slices.Equal(pos, c.pos) || *f != c.f || *q != c.q {
			t.Errorf("%q: positional %q, -f %q, -q %v, %v; want %q, %q, %v", c.args, pos, *f, *q, err, c.pos, c.f, c.q)
		}
	}
}

func TestFlagError(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Int("n", 0, "")
	fs.Bool("q", false, "")
	fs.String("o", "", "")
	for args, want := range map[string]string{
		"-x":         "没有这个选项：-x",
		"-o":         "选项 -o 后面需要一个值",
		"-n abc":     `选项 -n 的值 "abc" 无效`,
		"-q=perhaps": `选项 -q 的值 "perhaps" 无效`,
		"---o":       "选项写法不对：---o",
	} {
		_, err := parseInterspersed(fs, strings.Fields(args))
		if err == nil {
			t.Fatalf("%s: no error", args)
		}
		if got := flagError(err); got != want {
			t.Errorf("%s: %q, want %q", args, got, want)
		}
	}
	if got := flagError(errors.New("something new")); got != "选项有误：something new" {
		t.Errorf("unknown error: %q", got)
	}
}

func TestPrintFlags(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.String("o", "", "输出`文件夹`")
	fs.Int("j", 2, "同时处理的数量")
	fs.String("format", "text", "输出格式")
	fs.Bool("q", false, "安静")
	var b bytes.Buffer
	printFlags(&b, fs)
	want := "  -format 文本\n    \t输出格式（默认：text）\n" +
		"  -j 数值\n    \t同时处理的数量（默认：2）\n" +
		"  -o 文件夹\n    \t输出文件夹\n" +
		"  -q\n    \t安静\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// testProgram has one command "echo" printing its arguments and -n, and one
// "boom" that panics.
func testProgram() *Program {
	p := &Program{Name: "t", Title: "t — 测试"}
	p.Register(&Command{Name: "echo", Args: "[-n N] WORD…", Summary: "重复参数", Help: "说明。",
		Setup: func(fs *flag.FlagSet) func(*Env, []string) int {
			n := fs.Int("n", 1, "重复`次数`")
			return func(e *Env, args []string) int {
				for range *n {
					io.WriteString(e.Stdout, strings.Join(args, " ")+"\n")
				}
				e.Warnf("完成 %d 次", *n)
				return ExitOK
			}
		}})
	p.Register(&Command{Name: "boom", Summary: "出错", Setup: func(*flag.FlagSet) func(*Env, []string) int {
		return func(*Env, []string) int { panic("index out of range") }
	}})
	return p
}

func TestRun(t *testing.T) {
	for _, c := range []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"echo", "a", "-n", "2", "b"}, ExitOK, "a b\na b\n", "t: 警告：完成 2 次\n"},
		{[]string{"nope"}, ExitUsage, "", "t: 错误：没有名为 \"nope\" 的命令\nt: 提示：运行 \"t help\" 查看全部命令\n"},
		{[]string{"echo", "-x"}, ExitUsage, "", "t: 错误：没有这个选项：-x\nt: 提示：运行 \"t echo -h\" 查看用法\n"},
		{[]string{"boom"}, ExitInternal, "", "t: 错误：内部错误：index out of range\nt: 提示：这是 t 的程序缺陷，请把所运行的命令一并报告给维护人员\n"},
		{[]string{"help"}, ExitOK, "t — 测试\n\n用法：t <command> [选项] [参数]\n\n命令：\n  boom      出错\n  echo      重复参数\n\n运行 \"t <命令> -h\" 查看该命令的选项\n", ""},
		{[]string{"help", "echo"}, ExitOK, "用法：t echo [-n N] WORD…\n\n重复参数\n\n说明。\n\n选项：\n  -n 次数\n    \t重复次数（默认：1）\n", ""},
		{nil, ExitUsage, "", "t — 测试\n\n用法：t <command> [选项] [参数]\n\n命令：\n  boom      出错\n  echo      重复参数\n\n运行 \"t <命令> -h\" 查看该命令的选项\n"},
	} {
		var stdout, stderr bytes.Buffer
		code := testProgram().Run(context.Background(), c.args, strings.NewReader(""), &stdout, &stderr)
		if code != c.code || stdout.String() != c.stdout || stderr.String() != c.stderr {
			t.Errorf("%q: exit %d\nstdout %q\nstderr %q\nwant exit %d\nstdout %q\nstderr %q", c.args, code, stdout.String(), stderr.String(), c.code, c.stdout, c.stderr)
		}
	}
}
