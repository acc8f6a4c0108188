package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var errKilled = errors.New("killed here")

// TestInterruptedSetKeepsOutputs stops an output set that replaces a previous
// one at each step of its writing and commit in turn (a test hook, not a kill
// after a sleep) and checks the folder after each: every output is either the
// previous file or the complete new one, never a partial or missing file; before
// the first rename nothing has changed; a later set removes the staging folder
// left behind.
func TestInterruptedSetKeepsOutputs(t *testing.T) {
	names := []string{"results.json", "评估报告.pdf", "feedback/a.pdf", "feedback/b.pdf", "internal/findings.json"}
	content := func(name, version string) string {
		return strings.Repeat(version+":"+name+"\n", 200)
	}
	write := func(o *Set) error {
		for _, n := range names {
			if err := o.Create(n, func(w io.Writer) error { _, err := io.WriteString(w, content(n, "new")); return err }); err != nil {
				return err
			}
		}
		return o.Commit()
	}
	// the steps of an uninterrupted set
	var steps []string
	{
		o, err := NewSet(t.TempDir(), true)
		if err != nil {
			t.Fatal(err)
		}
		o.interrupt = func(s string) error { steps = append(steps, s); return nil }
		if err := write(o); err != nil {
			t.Fatal(err)
		}
	}
	if want := 2*len(names) + 2; len(steps) != want {
		t.Fatalf("steps %q, want %d", steps, want)
	}
	for k, at := range steps {
		t.Run(fmt.Sprint(k, " ", at), func(t *testing.T) {
			dir := t.TempDir()
			for _, n := range names {
				p := filepath.Join(dir, n)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(content(n, "old")), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			o, err := NewSet(dir, true)
			if err != nil {
				t.Fatal(err)
			}
			o.interrupt = func(s string) error {
				if s == at {
					return errKilled
				}
				return nil
			}
			if err := write(o); !errors.Is(err, errKilled) {
				t.Fatalf("the set was not stopped at %q: %v", at, err)
			}
			renamed := 0
			for _, n := range names {
				b, err := os.ReadFile(filepath.Join(dir, n))
				switch {
				case err != nil:
					t.Errorf("%s is missing after a stop at %q: %v", n, at, err)
				case string(b) == content(n, "new"):
					renamed++
				case string(b) != content(n, "old"):
					t.Errorf("%s is neither the previous nor the new file after a stop at %q", n, at)
				}
			}
			if !strings.HasPrefix(at, "rename") && at != "dirsync" && renamed > 0 {
				t.Errorf("a stop at %q, before any rename, replaced %d file(s)", at, renamed)
			}
			// a later set clears what the stopped one left
			o2, err := NewSet(dir, true)
			if err != nil {
				t.Fatal(err)
			}
			o2.Abort()
			if left, _ := filepath.Glob(filepath.Join(dir, ".dteval-staging-*")); len(left) > 0 {
				t.Errorf("staging folders left: %v", left)
			}
		})
	}
}

// An output folder whose feedback/ is a symbolic link to another folder is
// refused at commit (with force too): nothing is written through the link, and
// nothing in the output folder changes. An output file that is itself a link is
// replaced by the commit (force), never written through.
func TestCommitRefusesLinkedFolder(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	if err := os.Symlink(elsewhere, filepath.Join(dir, "feedback")); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	o, err := NewSet(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"results.json", "feedback/a.pdf"} {
		if err := o.Create(n, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
			t.Fatal(err)
		}
	}
	err = o.Commit()
	var le *LinkError
	if !errors.As(err, &le) || le.Rel != "feedback" || !strings.Contains(err.Error(), "符号链接") {
		t.Fatalf("commit through a linked folder: %v", err)
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Errorf("written through the link: %v", entries)
	}
	if _, err := os.Lstat(filepath.Join(dir, "results.json")); err == nil {
		t.Error("results.json committed although the set was refused")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".dteval-staging-*")); len(left) != 0 {
		t.Errorf("staging left behind: %v", left)
	}

	// A link as the output file itself: replaced, its target untouched.
	dir2 := t.TempDir()
	target := filepath.Join(elsewhere, "victim.json")
	os.WriteFile(target, []byte("victim"), 0o644)
	if err := os.Symlink(target, filepath.Join(dir2, "results.json")); err != nil {
		t.Fatal(err)
	}
	o, err = NewSet(dir2, true)
	if err != nil {
		t.Fatal(err)
	}
	o.Create("results.json", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err })
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "victim" {
		t.Errorf("the link's target was written: %q", b)
	}
	if fi, err := os.Lstat(filepath.Join(dir2, "results.json")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("results.json is not the new regular file: %v %v", fi, err)
	}
}
