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
