package demo

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// The embedded copy and testdata/examples come from the same generator run: they
// must not drift apart.
func TestDataMatchesTestdata(t *testing.T) {
	n := 0
	err := fs.WalkDir(FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		got, err := fs.ReadFile(FS(), path)
		if err != nil {
			return err
		}
		want, err := os.ReadFile(filepath.Join("..", "..", "testdata", "examples", filepath.FromSlash(path)))
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from testdata/examples: run go generate ./internal/demo", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range Years {
		m, _ := fs.Glob(FS(), strconv.Itoa(y)+"/*.xlsx")
		if len(m) != 8 {
			t.Errorf("%d: %d workbooks, want 8", y, len(m))
		}
	}
	if n != 63 {
		t.Errorf("%d files, want 63 (Wuxi: 2 × 8 workbooks and a table; the self-assessment's table; 江阴 towns: 3 × 15 workbooks)", n)
	}
	for _, y := range []int{2023, 2024, 2025} {
		m, _ := fs.Glob(FS(), fmt.Sprintf("jiangyin-towns-%d/*.xlsx", y))
		if len(m) != 15 {
			t.Errorf("jiangyin-towns-%d: %d workbooks, want 15", y, len(m))
		}
	}
	for _, name := range []string{"wuxi-2025", "wuxi-2024", "wuxi-self-2025", "jiangyin-towns-2025", "jiangyin-towns-2023"} {
		if _, ok := For(name); !ok {
			t.Errorf("no example data for %s", name)
		}
	}
	if _, ok := For("no-such"); ok {
		t.Error("example data for an unknown framework")
	}
}
