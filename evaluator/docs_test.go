package evaluator_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// The user's contract in docs/ names every framework key the loader accepts,
// every results.json key the code writes and every finding code: a key or code
// added to the code fails this test until it is documented.
func TestDocsKnowEveryKey(t *testing.T) {
	doc := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "docs", name))
		if err != nil {
			t.Fatalf("docs/%s: %v", name, err)
		}
		return string(b)
	}
	check := func(file, what string, keys []string) {
		text := doc(file)
		for _, k := range keys {
			if !strings.Contains(text, "`"+k+"`") {
				t.Errorf("%s %q is not documented in docs/%s: add it (as `%s`) with its meaning", what, k, file, k)
			}
		}
	}
	check("framework.md", "framework key", evaluator.FrameworkKeys())
	check("results.md", "results.json key", jsonKeys(reflect.TypeOf(evaluator.Results{})))
	check("findings.md", "finding code", findingCodes(t))

	// README's 检查结果代码 lists every code with its one meaning (FindingCodes).
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range evaluator.FindingCodes {
		if row := "| `" + c.Code + "` | " + evaluator.FindingMeaning(c.Code, "地区") + " |"; !strings.Contains(string(readme), row) {
			t.Errorf("README.md lacks the row %q", row)
		}
	}
}

// jsonKeys collects the JSON names of a type's fields, recursively.
func jsonKeys(t reflect.Type) []string {
	seen := map[string]bool{}
	var walk func(reflect.Type)
	visited := map[reflect.Type]bool{}
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || visited[t] {
			return
		}
		visited[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name != "" {
				seen[name] = true
			}
			walk(f.Type)
		}
	}
	walk(t)
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// findingCodes are the values of the Code… constants of package evaluator.
func findingCodes(t *testing.T) []string {
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`(?m)^\s*Code[A-Z]\w*\s*=\s*"([a-z0-9-]+)"`)
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
	}
	if len(seen) < 20 {
		t.Fatalf("found only %d finding codes: the pattern no longer matches their declarations", len(seen))
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestFindingCodesOneMeaning: every finding code has one meaning in
// evaluator.FindingCodes, in Chinese and told apart from the others, and
// docs/findings.md gives that meaning on the line that documents the code. The XLSX
// 数据质量 sheet, the annotated copies and serve take it from the same table.
func TestFindingCodesOneMeaning(t *testing.T) {
	codes := findingCodes(t)
	byCode := map[string]int{}
	meanings := map[string]string{}
	latin := regexp.MustCompile(`[A-Za-z]`)
	for _, c := range evaluator.FindingCodes {
		byCode[c.Code]++
		if o, dup := meanings[c.Meaning]; dup {
			t.Errorf("%s and %s both mean %q", o, c.Code, c.Meaning)
		}
		meanings[c.Meaning] = c.Code
		if m := evaluator.FindingMeaning(c.Code, "地区"); latin.MatchString(m) || m == "" {
			t.Errorf("%s: meaning %q is not plain Chinese", c.Code, c.Meaning)
		}
		if c.Severity != evaluator.SevError && c.Severity != evaluator.SevWarning {
			t.Errorf("%s: severity %q", c.Code, c.Severity)
		}
	}
	for _, code := range codes {
		if byCode[code] != 1 {
			t.Errorf("finding code %s has %d entries in evaluator.FindingCodes, want 1", code, byCode[code])
		}
	}
	if len(evaluator.FindingCodes) != len(codes) {
		t.Errorf("%d meanings for %d codes", len(evaluator.FindingCodes), len(codes))
	}
	if got := evaluator.FindingMeaning("no-such-code", "地区"); got != "其他问题" {
		t.Errorf("an unknown code means %q", got)
	}
	if got := evaluator.FindingMeaning(evaluator.CodeUnitMissing, "镇（街道）"); !strings.Contains(got, "镇（街道）") {
		t.Errorf("unit-missing under unit_noun 镇（街道）: %q", got)
	}
	b, err := os.ReadFile(filepath.Join("..", "docs", "findings.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for _, c := range evaluator.FindingCodes {
		want := evaluator.FindingMeaning(c.Code, evaluator.DefaultUnitNoun)
		found := false
		for _, l := range lines {
			if strings.Contains(l, "`"+c.Code+"`") && strings.Contains(l, want) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("docs/findings.md: no line documents `%s` with its meaning %q", c.Code, want)
		}
	}
}
