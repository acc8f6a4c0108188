package evaluator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestYAMLErrorChinese: yaml.v3's messages for the mistakes people make in a
// framework or an adjustments file come out in Chinese, saying what to fix, at the
// line of the fault (yaml.v3 itself names the line before the block the fault is
// in, or no line at all).
func TestYAMLErrorChinese(t *testing.T) {
	cases := []struct {
		name, src string
		want      string // file:line[:col]: message start
	}{
		{"value with a colon", "a: 1\nb: x: y\n", "f.yaml:2: YAML 语法错误：冒号位置不对"},
		{"key indented too far", "a: 1\n  b: 2\n", "f.yaml:2: YAML 语法错误：冒号位置不对"},
		{"key between two levels", "a:\n  b: 1\n c: 2\n", "f.yaml:3:2: YAML 语法错误：缩进对不齐"},
		{"deep dedent far below", "a: 1\nb:\n  c: 1\n  d: 2\n  e: 3\n f: 4\n", "f.yaml:6:2: YAML 语法错误：缩进对不齐"},
		{"text after a quoted value", "a: \"x\" y\n", "f.yaml:1:1: YAML 语法错误：缩进对不齐"},
		{"list item misaligned", "units:\n  - id: a\n   name: b\n", "f.yaml:3:4: YAML 语法错误：列表缩进对不齐"},
		{"list then a key", "- a\nb: 1\n", "f.yaml:2:1: YAML 语法错误：列表缩进对不齐"},
		{"list item in a mapping", "a: 1\n- b\n", "f.yaml:2:1: YAML 语法错误：缩进对不齐"},
		{"unclosed bracket", "a: 1\nb: [1, 2\nc: 3\n", "f.yaml:2: YAML 语法错误：方括号没有配对"},
		{"unclosed brace", "a: 1\nb: {x: 1\n", "f.yaml:2: YAML 语法错误：花括号没有配对"},
		{"at sign", "a: 1\nb: @x\n", "f.yaml:2: YAML 语法错误：这一行有不能作为值开头的字符"},
		{"backtick", "a: `x`\n", "f.yaml:1: YAML 语法错误：这一行有不能作为值开头的字符"},
		{"missing colon", "a: 1\nb \"x\"\nc: 2\n", "f.yaml:2: YAML 语法错误：缺少冒号"},
		{"unclosed double quote at the end", "a: 1\nb: \"x\n", "f.yaml:2: YAML 语法错误：引号没有配对"},
		{"unclosed single quote on line 1", "a: 'x\n", "f.yaml:1: YAML 语法错误：引号没有配对"},
		{"unclosed quote swallowing lines", "a: \"x\nb: 1\nc: 2\nd: \"y\" z\ne: 3\n", "f.yaml:1: YAML 语法错误：引号没有配对"},
		{"bad escape", "a: \"C:\\d\"\n", "f.yaml:1: YAML 语法错误：双引号内的反斜杠"},
		{"control character", "a: 1\nb: x\x01y\n", "f.yaml:2:5: YAML 语法错误：文件中有控制字符"},
		{"undefined alias", "a: 1\nb: *x\n", "f.yaml:2:4: YAML 语法错误：用 * 引用了没有定义的锚点"},
		{"duplicate directive", "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "f.yaml:1: YAML 语法错误：以 % 开头的 YAML 指令重复"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var root yaml.Node
			err := yaml.Unmarshal([]byte(c.src), &root)
			if err == nil {
				t.Fatalf("%q parsed", c.src)
			}
			got := YAMLError("f.yaml", []byte(c.src), err).Error()
			if !strings.HasPrefix(got, c.want) {
				t.Errorf("yaml.v3 said %q; got\n%s\nwant it to start with\n%s", err, got, c.want)
			}
			if !strings.Contains(got, "请") {
				t.Errorf("%q does not say what to do", got)
			}
			checkChineseError(t, strings.TrimPrefix(got, "f.yaml"))
		})
	}
	// An unknown message keeps a Chinese frame and quotes the library.
	got := YAMLError("f.yaml", nil, errors.New("yaml: line 3: something new")).Error()
	if want := `f.yaml:3: YAML 语法错误（"something new"）：请检查`; !strings.HasPrefix(got, want) {
		t.Errorf("unknown message: %q, want %q…", got, want)
	}
}

// TestFileErrorText: the operating system's refusals, English in Go, are said in
// Chinese with what to do, through *fs.PathError and wrapping; other errors keep
// their text; FileError names the file and still answers errors.Is.
func TestFileErrorText(t *testing.T) {
	path := func(errno error) error {
		return fmt.Errorf("wrapped: %w", &fs.PathError{Op: "open", Path: "x", Err: errno})
	}
	cases := []struct {
		err  error
		want string
	}{
		{path(syscall.ENOENT), "文件或文件夹不存在，请检查路径"},
		{path(syscall.EACCES), "没有访问权限"},
		{path(syscall.EPERM), "没有访问权限"},
		{path(syscall.EISDIR), "这是文件夹，不是文件"},
		{path(syscall.ENOTDIR), "路径中有一段是文件而不是文件夹"},
		{path(syscall.ENOSPC), "磁盘空间不足"},
		{path(syscall.EROFS), "只读"},
		{path(syscall.ENAMETOOLONG), "路径太长"},
		{path(syscall.ELOOP), "符号链接"},
		{path(syscall.EEXIST), "已有同名的文件或文件夹"},
		{path(syscall.EIO), "读写出错"},
		{&os.LinkError{Op: "rename", Old: "a", New: "b", Err: syscall.EXDEV}, `操作系统报告错误 "invalid cross-device link"`},
		{&fs.PathError{Op: "读取", Path: "d", Err: &NotRegularError{Mode: fs.ModeDir}}, "这是文件夹，不是文件"},
		{&fs.PathError{Op: "读取", Path: "p", Err: &NotRegularError{Mode: fs.ModeNamedPipe}}, "不是普通文件（是命名管道）"},
		{errors.New("汇总表第 3 行无法读取"), "汇总表第 3 行无法读取"},
	}
	for _, c := range cases {
		got := FileErrorText(c.err)
		if !strings.Contains(got, c.want) {
			t.Errorf("FileErrorText(%v) = %q, want %q", c.err, got, c.want)
		}
		checkChineseError(t, got)
		if !IsFileSystemError(c.err) && !strings.HasPrefix(c.want, "汇总表") {
			t.Errorf("IsFileSystemError(%v) = false", c.err)
		}
	}
	err := ReadError("核查核减文件", "a.yaml", path(syscall.ENOENT))
	if got, want := err.Error(), "无法读取核查核减文件 a.yaml：文件或文件夹不存在，请检查路径"; got != want {
		t.Errorf("ReadError: %q, want %q", got, want)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Error("ReadError does not unwrap to fs.ErrNotExist")
	}
	if IsFileSystemError(errors.New("pdf: no font set")) {
		t.Error("a program's error taken for the file system's")
	}
}

// englishIn keeps checkChineseError honest: the old messages fail it.
func TestEnglishInCatchesEnglish(t *testing.T) {
	for _, s := range []string{"stat x.yaml: no such file or directory", "YAML 语法错误：did not find expected key",
		"x.json: not a results.json: 1:2: invalid character 'g' looking for beginning of value"} {
		if englishIn(s) == "" {
			t.Errorf("englishIn(%q) found nothing", s)
		}
	}
	if w := englishIn(`无法读取评估结果文件 a.json：不是 dteval 写出的 results.json：键 "year"；请给出 dteval run 写出的 results.json`); w != "" {
		t.Errorf("englishIn found %q in a Chinese message", w)
	}
}
