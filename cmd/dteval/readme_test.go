package main

import (
	"os"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
)

// TestReadmeFrameworkExample: the complete small example in README.md loads and passes
// every check, so the documentation cannot drift from the loader.
func TestReadmeFrameworkExample(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "```yaml\nschema: dteval/framework/v1")
	if i < 0 {
		t.Fatal("README has no framework example")
	}
	s = s[i+len("```yaml\n"):]
	s = s[:strings.Index(s, "```")]
	fw, err := evaluator.LoadBytes("README.md", []byte(s))
	if err != nil {
		t.Fatalf("the README example does not load:\n%v", err)
	}
	var sum float64
	for _, l := range fw.Leaves() {
		sum += l.Points
	}
	if sum < 99.999 || sum > 100.001 || len(fw.Units) != 3 {
		t.Errorf("分值 sum %v, %d units", sum, len(fw.Units))
	}
}
