//go:build unix

package evaluator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within runs f and fails the test if it has not returned after d: reading a
// FIFO used to block forever.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s still blocked after %v", what, d)
	}
}

// Only regular files are read: a FIFO or a device named like a submission is
// file-unreadable at once, alone or in a folder, and the other files of the
// folder are still read.
func TestOnlyRegularFilesRead(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"fifo.xlsx", "fifo.csv"} {
		if err := syscall.Mkfifo(filepath.Join(dir, n), 0o644); err != nil {
			t.Skipf("no FIFO on this system: %v", err)
		}
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.xlsx")); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.csv")
	if err := os.WriteFile(good, []byte("unit,population\na,100\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wantUnreadable := func(fs Findings, kind string) {
		t.Helper()
		if len(fs) != 1 || fs[0].Code != CodeFileUnreadable || !strings.Contains(fs[0].Message, kind) || !strings.Contains(fs[0].Message, "请提交") {
			t.Errorf("want one file-unreadable naming %s, got %v", kind, fs)
		}
	}
	within(t, 5*time.Second, "ReadWorkbook of a FIFO", func() {
		_, fs := ReadWorkbook(filepath.Join(dir, "fifo.xlsx"))
		wantUnreadable(fs, "命名管道")
	})
	within(t, 5*time.Second, "ReadTable of a FIFO", func() {
		_, fs := ReadTable(filepath.Join(dir, "fifo.csv"), nil)
		wantUnreadable(fs, "命名管道")
	})
	within(t, 5*time.Second, "ReadWorkbook of /dev/zero", func() {
		_, fs := ReadWorkbook(filepath.Join(dir, "zero.xlsx"))
		wantUnreadable(fs, "设备文件")
	})
	within(t, 5*time.Second, "the folder", func() {
		subs, fs := ReadFiles(context.Background(), []string{dir}, 2)
		if len(subs) != 1 || subs[0].Unit != "a" {
			t.Errorf("the regular file was not read: %v", subs)
		}
		if n := len(fs); n != 3 {
			t.Errorf("want one finding for each of the three special files, got %v", fs)
		}
	})
	within(t, 5*time.Second, "a framework that is a FIFO", func() {
		if _, err := Load(filepath.Join(dir, "fifo.csv")); err == nil || !strings.Contains(err.Error(), "不是普通文件") {
			t.Errorf("Load of a FIFO: %v", err)
		}
	})
	within(t, 5*time.Second, "-previous that is a FIFO", func() {
		if _, err := ReadSmallFile(filepath.Join(dir, "fifo.csv"), 1<<20); err == nil {
			t.Error("ReadSmallFile read a FIFO")
		}
	})
}
