package examplegen

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestShiftDecimal(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"85", -2, "0.85"},
		{"12.34", -2, "0.1234"},
		{"100", -2, "1"},
		{"0.5", -2, "0.005"},
		{"99.92", -2, "0.9992"},
		{"-3.5", -2, "-0.035"},
		{"0", -2, "0"},
		{"0.85", 2, "85"},
		{"1.5", 3, "1500"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := ShiftDecimal(c.in, c.n); got != c.want {
				t.Errorf("ShiftDecimal(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
			}
		})
	}
}

// The committed example files are exactly what the generator makes from the
// committed values CSVs and frameworks: the generator is their only source.
func TestExamplesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates every example")
	}
	root := filepath.Join("..", "..")
	tmp := t.TempDir()
	for _, ed := range Editions {
		for _, p := range []string{ed.Framework, ed.Values} {
			copyFile(t, filepath.Join(root, p), filepath.Join(tmp, p))
		}
	}
	if err := Generate(tmp); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dir := range []string{ExamplesDir, BrokenDir, DemoDir} {
		err := filepath.Walk(filepath.Join(tmp, dir), func(p string, fi os.FileInfo, err error) error {
			if err != nil || fi.IsDir() || filepath.Ext(p) == ".csv" && filepath.Base(filepath.Dir(p)) == "examples" {
				return err
			}
			rel, _ := filepath.Rel(tmp, p)
			want, err := os.ReadFile(filepath.Join(root, rel))
			if err != nil {
				t.Errorf("%s: not committed (%v)", rel, err)
				return nil
			}
			got, _ := os.ReadFile(p)
			if !bytes.Equal(got, want) {
				t.Errorf("%s is stale: run go generate ./internal/demo", rel)
			}
			n++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 40 {
		t.Errorf("only %d files compared", n)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
