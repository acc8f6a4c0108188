package output

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestCreateCopy: a copy is the same content under a second name, also when it
// cannot be a hard link (here: its source is not in the set, so the data is
// written); a second run with force replaces both names, each with its new
// content, and the first run's files are not changed in place.
func TestCreateCopy(t *testing.T) {
	dir := t.TempDir()
	run := func(content string, force bool) {
		t.Helper()
		o, err := NewSet(dir, force)
		if err != nil {
			t.Fatal(err)
		}
		if err := o.Create("a.json", func(w io.Writer) error { _, err := io.WriteString(w, content); return err }); err != nil {
			t.Fatal(err)
		}
		if err := o.CreateCopy(filepath.Join("web", "a.json"), "a.json", []byte(content)); err != nil {
			t.Fatal(err)
		}
		if err := o.CreateCopy(filepath.Join("web", "b.json"), "not-in-the-set.json", []byte(content+"-b")); err != nil {
			t.Fatal(err)
		}
		if err := o.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	read := func(rel string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	run("one", false)
	kept := filepath.Join(t.TempDir(), "kept")
	if err := os.Link(filepath.Join(dir, "a.json"), kept); err != nil {
		t.Skip("no hard links here")
	}
	run("two", true)
	for rel, want := range map[string]string{"a.json": "two", "web/a.json": "two", "web/b.json": "two-b"} {
		if got := read(rel); got != want {
			t.Errorf("%s = %q, want %q", rel, got, want)
		}
	}
	if b, _ := os.ReadFile(kept); string(b) != "one" {
		t.Errorf("the first run's file was changed in place: %q", b)
	}
}
