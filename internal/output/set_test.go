package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var errKilled = errors.New("killed here")

// TestInterruptedSetKeepsOutputs kills an output set that replaces a previous
// one at each step of its writing and commit in turn (a test hook that stops the
// set there and cleans nothing up, as kill -9 would; not a kill after a sleep)
// and checks the folder after each: every output is either the previous file or
// the complete new one, never a partial or missing file; before the commit record
// nothing has changed. Then the next set in the folder (NewSet) makes it whole:
// the previous set entire when killed before the commit point, the new set entire
// after it, and no staging folder left.
func TestInterruptedSetKeepsOutputs(t *testing.T) {
	names := []string{"results.json", "评估报告.pdf", "feedback/a.pdf", "feedback/b.pdf", "internal/findings.json"}
	// the steps of an uninterrupted set
	var steps []string
	{
		o, err := NewSet(t.TempDir(), true)
		if err != nil {
			t.Fatal(err)
		}
		o.interrupt = func(s string) error { steps = append(steps, s); return nil }
		if err := writeSetOf(o, names, "new"); err != nil {
			t.Fatal(err)
		}
	}
	if want := 2*len(names) + 3; len(steps) != want {
		t.Fatalf("steps %q, want %d", steps, want)
	}
	committedFrom := slices.Index(steps, "record") + 1 // the first step after the record is written
	for k, at := range steps {
		t.Run(fmt.Sprint(k, " ", at), func(t *testing.T) {
			dir := t.TempDir()
			writeOld(t, dir, names)
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
			if err := writeSetOf(o, names, "new"); !errors.Is(err, errKilled) {
				t.Fatalf("the set was not stopped at %q: %v", at, err)
			}
			o.Abort() // a deferred Abort: a killed process runs none, and the hook made it a no-op
			renamed := countVersion(t, dir, names, "new")
			if k < committedFrom && renamed > 0 {
				t.Errorf("a kill at %q, before the commit record, replaced %d file(s)", at, renamed)
			}
			// the next set in the folder finishes or discards what the killed one left
			o2, err := NewSet(dir, true)
			if err != nil {
				t.Fatal(err)
			}
			o2.Abort()
			want := "old"
			if k >= committedFrom {
				want = "new"
				if len(o2.Recovered) != len(names)-renamed {
					t.Errorf("Recovered %q after a kill at %q with %d renamed", o2.Recovered, at, renamed)
				}
			} else if len(o2.Recovered) != 0 {
				t.Errorf("Recovered %q from a set killed before its commit point", o2.Recovered)
			}
			if n := countVersion(t, dir, names, want); n != len(names) {
				t.Errorf("after a kill at %q and the next set: %d of %d outputs are the %s set", at, n, len(names), want)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".dteval-staging-*")); len(left) > 0 {
				t.Errorf("staging folders left: %v", left)
			}
		})
	}
}

// TestRecoverInterrupted kills the set after its second rename and then kills
// Recover itself at each of its steps; a second Recover (a reader of the folder,
// or the next set) still ends with the whole new set in place.
func TestRecoverInterrupted(t *testing.T) {
	names := []string{"results.json", "评估报告.pdf", "feedback/a.pdf", "feedback/b.pdf"}
	var steps []string
	for k := 0; ; k++ {
		dir := t.TempDir()
		writeOld(t, dir, names)
		o, err := NewSet(dir, true)
		if err != nil {
			t.Fatal(err)
		}
		renames := 0
		o.interrupt = func(s string) error {
			if strings.HasPrefix(s, "rename ") {
				if renames++; renames == 2 {
					return errKilled
				}
			}
			return nil
		}
		if err := writeSetOf(o, names, "new"); !errors.Is(err, errKilled) {
			t.Fatalf("not killed: %v", err)
		}
		i := 0
		recoverStep = func(s string) error {
			if k == 0 {
				steps = append(steps, s)
			}
			if i++; i == k {
				return errKilled
			}
			return nil
		}
		got, err := Recover(dir)
		recoverStep = nil
		if k == 0 {
			if err != nil || len(got) != len(names)-1 {
				t.Fatalf("Recover: %q, %v", got, err)
			}
		} else if !errors.Is(err, errKilled) {
			t.Fatalf("Recover not killed at step %d: %v", k, err)
		}
		if k > 0 {
			if _, err := Recover(dir); err != nil {
				t.Fatal(err)
			}
		}
		if n := countVersion(t, dir, names, "new"); n != len(names) {
			t.Errorf("recover killed at step %d: %d of %d outputs new", k, n, len(names))
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".dteval-staging-*")); len(left) > 0 {
			t.Errorf("recover killed at step %d: staging left: %v", k, left)
		}
		if k == len(steps) {
			break
		}
	}
	if want := []string{"rename 评估报告.pdf", "rename feedback/a.pdf", "rename feedback/b.pdf", "dirsync"}; !slices.Equal(steps, want) {
		t.Errorf("recover steps %q, want %q", steps, want)
	}
}

// A staging folder without a complete commit record is never rolled forward:
// Recover leaves it (its set may still be writing), NewSet removes it.
func TestRecoverIgnoresUncommitted(t *testing.T) {
	dir := t.TempDir()
	stage := filepath.Join(dir, ".dteval-staging-1")
	os.MkdirAll(stage, 0o755)
	os.WriteFile(filepath.Join(stage, "results.json"), []byte("half"), 0o644)
	// a record cut short (no final newline) is no record
	os.WriteFile(filepath.Join(stage, commitRecord), []byte(recordHeader+"\nresults.json"), 0o644)
	if got, err := Recover(dir); err != nil || len(got) != 0 {
		t.Fatalf("Recover: %q, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "results.json")); err == nil {
		t.Fatal("an uncommitted file was put in place")
	}
	// a record naming a path outside the folder is no record
	os.WriteFile(filepath.Join(stage, commitRecord), []byte(recordHeader+"\n../escape.json\n"), 0o644)
	if got, err := Recover(dir); err != nil || len(got) != 0 {
		t.Fatalf("Recover: %q, %v", got, err)
	}
	o, err := NewSet(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	o.Abort()
	if left, _ := filepath.Glob(filepath.Join(dir, ".dteval-staging-*")); len(left) > 0 {
		t.Errorf("staging folders left: %v", left)
	}
}

func setContent(name, version string) string {
	return strings.Repeat(version+":"+name+"\n", 200)
}

// writeSetOf creates names with the version's content and commits the set.
func writeSetOf(o *Set, names []string, version string) error {
	for _, n := range names {
		if err := o.Create(n, func(w io.Writer) error { _, err := io.WriteString(w, setContent(n, version)); return err }); err != nil {
			return err
		}
	}
	return o.Commit()
}

// writeOld writes the previous set of names into dir.
func writeOld(t *testing.T, dir string, names []string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(dir, n)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(setContent(n, "old")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// countVersion counts the outputs of dir that are the version's complete file;
// any output that is neither the old nor the new file is an error.
func countVersion(t *testing.T, dir string, names []string, version string) int {
	t.Helper()
	n := 0
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case err != nil:
			t.Errorf("%s is missing: %v", name, err)
		case string(b) == setContent(name, version):
			n++
		case string(b) != setContent(name, "old") && string(b) != setContent(name, "new"):
			t.Errorf("%s is neither the previous nor the new file", name)
		}
	}
	return n
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

// FuzzRecover: whatever a commit record holds (it is read back from disk, where
// anything may have been left), Recover never panics, never puts a file outside
// the output folder, and only moves files that were in the staging folder.
func FuzzRecover(f *testing.F) {
	f.Add([]byte(recordHeader + "\nresults.json\nfeedback/a.pdf\n"))
	f.Add([]byte(recordHeader + "\n../x\n"))
	f.Add([]byte(recordHeader + "\n/etc/passwd\n"))
	f.Add([]byte(recordHeader + "\nresults.json"))
	f.Add([]byte("dteval commit v0\nresults.json\n"))
	f.Add([]byte(recordHeader + "\n\n"))
	f.Fuzz(func(t *testing.T, record []byte) {
		root := t.TempDir()
		dir := filepath.Join(root, "out")
		stage := filepath.Join(dir, ".dteval-staging-fuzz")
		os.MkdirAll(filepath.Join(stage, "feedback"), 0o755)
		os.WriteFile(filepath.Join(stage, "results.json"), []byte("r"), 0o644)
		os.WriteFile(filepath.Join(stage, "feedback", "a.pdf"), []byte("a"), 0o644)
		os.WriteFile(filepath.Join(stage, commitRecord), record, 0o644)
		done, err := Recover(dir)
		if _, ok := readRecord(stage); err == nil && ok {
			t.Fatalf("Recover returned no error but left a readable record %q", record)
		}
		for _, rel := range done {
			if !filepath.IsLocal(rel) {
				t.Fatalf("Recover put %q in place", rel)
			}
			if rel != "results.json" && rel != filepath.Join("feedback", "a.pdf") {
				t.Fatalf("Recover reports %q, which was not staged", rel)
			}
		}
		// nothing appears beside the output folder
		entries, _ := os.ReadDir(root)
		if len(entries) != 1 || entries[0].Name() != "out" {
			t.Fatalf("Recover wrote beside the output folder: %v", entries)
		}
	})
}
