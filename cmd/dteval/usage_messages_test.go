package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

// englishWord finds a run of Latin letters that is a word, not part of a flag
// (-allow-errors), a path or file name (indicators/wuxi-2025.yaml), a code
// (source-missing) or a placeholder in the usage line (FRAMEWORK.yaml).
var englishWord = regexp.MustCompile(`[-_./<]*[A-Za-z][A-Za-z0-9_./:@=<>*-]*`)

// quoted is what a message quotes back from the command line ("nowhere").
var quoted = regexp.MustCompile(`"[^"]*"`)

// allowedLatin are the Latin tokens a Chinese message may carry: the program and
// its command names, file formats, placeholders and protocol words shown as examples.
var allowedLatin = map[string]bool{
	"dteval": true, "help": true, "text": true, "json": true, "yaml": true, "csv": true, "xlsx": true,
	"YAML": true, "JSON": true, "CSV": true, "XLSX": true, "PDF": true, "SPEC": true, "SHA": true,
	"MiB": true, "JavaScript": true, "Ctrl": true, "C": true, "POST": true, "curl": true, "unit": true,
	"DIR": true, "FILE": true, "INPUT": true, "ID": true, "YYYY": true, "MM": true, "DD": true, "A": true,
	"FRAMEWORK": true, "RESULTS": true, "ADJUSTMENTS": true, "NAME": true, "F": true, "N": true, "true": true,
	"prev": true, "out": true, "CPU": true,
}

// latinWords lists the Latin words of s that are neither flags, paths, codes nor allowed tokens.
func latinWords(s string) []string {
	var bad []string
	for _, w := range englishWord.FindAllString(quoted.ReplaceAllString(s, ""), -1) {
		if strings.ContainsAny(w, "-_./:@=<>*0123456789") || allowedLatin[w] || program.Lookup(w) != nil {
			continue
		}
		bad = append(bad, w)
	}
	return bad
}

// TestUsageMessagesChinese runs every command's -h and a set of wrong invocations
// (unknown flag, flag without its value, bad value, missing or extra arguments) and
// rejects English words outside flag names, paths, codes and placeholders.
func TestUsageMessagesChinese(t *testing.T) {
	dir := t.TempDir()
	cases := [][]string{
		{}, {"frobnicate"}, {"help"},
		{"run"}, {"run", "-x"}, {"run", "-f"}, {"run", "-o", dir},
		{"score"}, {"score", "-o", "", "a.xlsx"},
		{"report"}, {"validate"}, {"validate", "-format", "xml", "a.xlsx"}, {"validate", "-q=maybe", "a.xlsx"},
		{"template"}, {"template", "extra"}, {"template", "-o", dir, "-unit", "nowhere"},
		{"serve", "extra"}, {"serve", "-max-concurrent", "abc"}, {"serve", "-max-concurrent", "-1"}, {"serve", "-addr", "8080"},
		{"init"}, {"version", "extra"}, {"check"}, {"demo", "-framework", "nowhere"},
	}
	for _, n := range program.Names() {
		cases = append(cases, []string{n, "-h"}, []string{"help", n})
	}
	for _, args := range cases {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
		out := stdout.String() + stderr.String()
		if out == "" {
			t.Errorf("dteval %s: exit %d and nothing said", strings.Join(args, " "), code)
		}
		// The framework's unit ids are data, listed where a unit is asked for.
		for _, id := range []string{"jiangyin", "yixing", "liangxi", "xishan", "huishan", "binhu", "xinwu", "wxjkq"} {
			out = strings.ReplaceAll(out, id, "")
		}
		if bad := latinWords(out); len(bad) > 0 {
			t.Errorf("dteval %s: English words %q in:\n%s", strings.Join(args, " "), bad, out)
		}
	}
}

// TestLatinWordsCatchesEnglish keeps the checker honest: an English message fails it.
func TestLatinWordsCatchesEnglish(t *testing.T) {
	if got := latinWords("dteval: 错误：template needs an output folder: -o DIR"); len(got) != 3 {
		t.Errorf("latinWords found %q, want needs an output (template is a command name)", got)
	}
	if got := latinWords("dteval: 提示：dteval run -f indicators/wuxi-2025.yaml -o out submissions/ source-missing \"typed\" word"); len(got) != 1 || got[0] != "word" {
		t.Errorf("latinWords found %q, want only word", got)
	}
}
