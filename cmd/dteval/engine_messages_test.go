package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// TestEngineMessagesChinese drives the failures that come from below the CLI — the
// file system (a missing file, a folder, an unreadable file, an output folder under
// a file), results.json that is garbage or too large, YAML syntax errors in a
// framework and in an adjustments file — and checks that every line on stderr is
// Chinese (latinWords, as TestUsageMessagesChinese) and says what it should.
func TestEngineMessagesChinese(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	missing := filepath.Join(dir, "nowhere.yaml")
	folder := filepath.Join(dir, "folder")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	notDir := write("file.txt", "x")
	out := filepath.Join(dir, "out")
	inputs := "../../testdata/examples/2025"

	garbage := write("garbage.json", "garbage")
	truncated := write("truncated.json", `{"schema": "dteval/results/v1", "units": [`)
	otherJSON := write("other.json", `{"schema": "dteval/results/v0"}`)
	// Larger than the cap: refused by its size, never read (the file is sparse).
	oversize := filepath.Join(dir, "big.json")
	if err := os.WriteFile(oversize, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(oversize, evaluator.MaxResultsSize+1); err != nil {
		t.Fatal(err)
	}

	fwSrc, err := os.ReadFile("../../indicators/wuxi-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// brokenFramework writes the default framework with line n (1-based) replaced.
	lines := strings.Split(string(fwSrc), "\n")
	keyLine := func(prefix string) int {
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return i + 1
			}
		}
		t.Fatalf("no line %q in the framework", prefix)
		return 0
	}
	brokenFramework := func(name string, n int, with string) string {
		ls := append([]string(nil), lines...)
		ls[n-1] = with
		return write(name, strings.Join(ls, "\n"))
	}
	titleAt := keyLine("title:")
	fwColon := brokenFramework("colon.yaml", titleAt, "title: 评估: 年度")
	fwIndent := brokenFramework("indent.yaml", titleAt, "   title: x")
	fwAt := brokenFramework("at.yaml", titleAt, "title: @年度")
	fwQuote := brokenFramework("quote.yaml", titleAt, `title: "年度`)
	fwFlow := brokenFramework("flow.yaml", titleAt, "title: [年度, 评估")
	fwTab := brokenFramework("tab.yaml", titleAt, "\ttitle: x")
	fwNoColon := brokenFramework("nocolon.yaml", titleAt, `title "x"`)
	fwEscape := brokenFramework("escape.yaml", titleAt, `title: "C:\d"`)
	// A key indented between two levels deep inside the file: yaml.v3 names the
	// line where the enclosing block began; the message names the faulty line.
	unitsAt := keyLine("units:")
	fwDedent := brokenFramework("dedent.yaml", unitsAt+2, " "+lines[unitsAt+1])

	adjMissing := filepath.Join(dir, "nowhere-adjust.yaml")
	adjColon := write("adj-colon.yaml", "schema: dteval/adjustments/v1\nadjustments:\n  - unit: xinwu\n    reason: 核减: 口径\n")
	adjSeq := write("adj-seq.yaml", "schema: dteval/adjustments/v1\nadjustments:\n  - unit: xinwu\n   field: provincial_platforms\n")
	adjQuote := write("adj-quote.yaml", "schema: dteval/adjustments/v1\nadjustments:\n  - unit: 'xinwu\n")

	type engineCase struct {
		args []string
		want string // in the output
	}
	// A results.json to report from, for the report's own inputs.
	scored := filepath.Join(dir, "scored", "results.json")
	var sout, serr bytes.Buffer
	if code := run(context.Background(), []string{"score", "-q", "-date", "2026-03-01", "-o", scored, inputs}, strings.NewReader(""), &sout, &serr); code != exitOK {
		t.Fatalf("score: exit %d\n%s", code, serr.String())
	}
	badTemplates := filepath.Join(dir, "tmpl")
	if err := os.Mkdir(badTemplates, 0o755); err != nil {
		t.Fatal(err)
	}
	write("tmpl/summary.tmpl", "{{.Nothing")

	cases := []engineCase{
		{[]string{"report", "-o", out, "-history", missing, scored}, "-history " + missing + "：文件或文件夹不存在"},
		{[]string{"report", "-o", out, "-narrative", missing, scored}, "无法读取报告文字文件 " + missing + "：文件或文件夹不存在"},
		{[]string{"report", "-o", out, "-templates", badTemplates, "-q", scored}, "报告文字模板 " + filepath.Join(badTemplates, "summary.tmpl") + " 写法有误"},
		{[]string{"check", missing}, "无法读取指标体系文件 " + missing + "：文件或文件夹不存在，请检查路径"},
		{[]string{"check", folder}, "这是文件夹，不是文件"},
		{[]string{"run", "-f", missing, "-o", out, inputs}, "无法读取指标体系文件"},
		{[]string{"check", fwColon}, filepath.Base(fwColon) + ":" + strconv.Itoa(titleAt) + ": YAML 语法错误：冒号位置不对"},
		{[]string{"check", fwIndent}, "YAML 语法错误"},
		{[]string{"check", fwAt}, "不能作为值开头的字符"},
		{[]string{"check", fwQuote}, ":" + strconv.Itoa(titleAt) + ": YAML 语法错误：引号没有配对"},
		{[]string{"check", fwFlow}, ":" + strconv.Itoa(titleAt) + ": YAML 语法错误：方括号没有配对"},
		{[]string{"check", fwTab}, ":" + strconv.Itoa(titleAt) + ":1: YAML 不允许用制表符缩进"},
		{[]string{"check", fwNoColon}, "缺少冒号"},
		{[]string{"check", fwEscape}, "无效的转义"},
		{[]string{"check", fwDedent}, ":" + strconv.Itoa(unitsAt+2) + ":"},
		{[]string{"check", fwDedent}, "缩进对不齐"},
		{[]string{"run", "-f", fwColon, "-o", out, inputs}, "指标体系文件有 1 处问题"},

		{[]string{"run", "-adjust", adjMissing, "-o", out, inputs}, "无法读取核查核减文件 " + adjMissing + "：文件或文件夹不存在"},
		{[]string{"run", "-adjust", folder, "-o", out, inputs}, "无法读取核查核减文件 " + folder + "：这是文件夹，不是文件"},
		{[]string{"validate", "-adjust", adjMissing, inputs}, "无法读取核查核减文件"},
		{[]string{"run", "-adjust", adjColon, "-o", out, inputs}, filepath.Base(adjColon) + ":4: YAML 语法错误：冒号位置不对"},
		{[]string{"validate", "-adjust", adjSeq, inputs}, ":4:4: YAML 语法错误：列表缩进对不齐"},
		{[]string{"run", "-adjust", adjQuote, "-o", out, inputs}, "引号没有配对"},

		{[]string{"run", "-previous", missing, "-o", out, inputs}, "-previous：无法读取评估结果文件 " + missing + "：文件或文件夹不存在"},
		{[]string{"run", "-previous", folder, "-o", out, inputs}, "这是文件夹，不是文件"},
		{[]string{"run", "-previous", garbage, "-o", out, inputs}, `不是 dteval 写出的 results.json：第 1 行第 1 列：这里不应出现字符 "g"`},
		{[]string{"run", "-previous", oversize, "-o", out, inputs}, "文件超过 256 MiB 的上限"},
		{[]string{"run", "-previous", otherJSON, "-o", out, inputs}, `格式标识 "schema"`},
		{[]string{"report", "-o", out, missing}, "无法读取评估结果文件 " + missing + "：文件或文件夹不存在"},
		{[]string{"report", "-o", out, folder}, "这是文件夹，不是文件"},
		{[]string{"report", "-o", out, garbage}, "不是 dteval 写出的 results.json"},
		{[]string{"report", "-o", out, truncated}, "文件在中途结束"},
		{[]string{"report", "-o", out, oversize}, "文件超过 256 MiB 的上限"},

		{[]string{"validate", filepath.Join(dir, "nowhere.xlsx")}, "无法读取文件：文件或文件夹不存在，请检查路径"},
		{[]string{"template", "-o", filepath.Join(notDir, "sub")}, "无法创建输出文件夹 " + filepath.Join(notDir, "sub") + "：路径中有一段是文件而不是文件夹"},
		{[]string{"run", "-o", filepath.Join(notDir, "sub"), inputs}, "无法创建输出文件夹"},
		{[]string{"score", "-o", filepath.Join(notDir, "results.json"), inputs}, "无法创建输出文件夹"},
	}
	// An unreadable file: root reads anything, so only another user sees it refused.
	unreadable := write("unreadable.yaml", "schema: x\n")
	if err := os.Chmod(unreadable, 0); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(unreadable); err == nil {
		f.Close()
		t.Log("running as root: the unreadable-file cases are skipped (TestFileErrorText covers the message)")
	} else {
		cases = append(cases,
			engineCase{[]string{"check", unreadable}, "没有访问权限"},
			engineCase{[]string{"run", "-adjust", unreadable, "-o", out, inputs}, "没有访问权限"},
			engineCase{[]string{"report", "-o", out, unreadable}, "没有访问权限"})
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), c.args, strings.NewReader(""), &stdout, &stderr)
		name := "dteval " + strings.Join(c.args, " ")
		if code == exitOK {
			t.Errorf("%s: exit 0", name)
		}
		said := stdout.String() + stderr.String() // validate's findings are on stdout
		if !strings.Contains(said, c.want) {
			t.Errorf("%s: output lacks %q:\n%s", name, c.want, said)
		}
		for _, line := range strings.Split(strings.TrimSpace(said), "\n") {
			if bad := latinWords(line); len(bad) > 0 {
				t.Errorf("%s: English words %q in %q", name, bad, line)
			}
		}
		if written, _ := os.ReadDir(out); len(written) > 0 {
			t.Fatalf("%s: wrote %s into %s", name, written[0].Name(), out)
		}
	}
}
