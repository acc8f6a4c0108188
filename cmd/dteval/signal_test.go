//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// dtevalProcess starts the real main (with its signal handling) as a child
// process in dir.
func dtevalProcess(t *testing.T, dir string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DTEVAL_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	return cmd, &stderr
}

// waitExit waits at most d for cmd and returns its exit code.
func waitExit(t *testing.T, cmd *exec.Cmd, d time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the process had not ended %v after the signal", d)
		return -1
	}
}

// SIGINT and SIGTERM end the process even while it is blocked in a system call
// (here a write to a full pipe nobody reads: validate printing 1 MB of JSON),
// with 128 + the signal's number (130, 143) and a message.
func TestSignalEndsBlockedProcess(t *testing.T) {
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("unit,population\n")
	for i := range 5000 {
		fmt.Fprintf(&csv, "nowhere%d,1\n", i) // one unit-unknown finding each
	}
	if err := os.WriteFile(filepath.Join(dir, "t.csv"), []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			cmd, stderr := dtevalProcess(t, dir, "validate", "-format", "json", "t.csv")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The first byte says the findings are being written; the pipe is never
			// read again, so the write blocks once its buffer (64 KB) is full.
			if _, err := io.ReadFull(stdout, make([]byte, 1)); err != nil {
				t.Fatalf("no output: %v (%s)", err, stderr)
			}
			time.Sleep(200 * time.Millisecond)
			cmd.Process.Signal(c.sig)
			if code := waitExit(t, cmd, 20*time.Second); code != c.code {
				t.Errorf("exit %d, want %d; stderr %s", code, c.code, stderr)
			}
			if !strings.Contains(stderr.String(), "已中断") {
				t.Errorf("no message: %q", stderr)
			}
		})
	}
}

// SIGTERM while run writes its outputs: the process ends with 143, the staging
// folder is removed and no output is committed (no half-written file).
func TestSignalDuringRunLeavesNoOutputs(t *testing.T) {
	dir := t.TempDir()
	if code, stderr := dteval(t, "demo", "-o", filepath.Join(dir, "demo"), "-date", "2026-03-01", "-q"); code != 0 {
		t.Fatalf("demo: %d %s", code, stderr)
	}
	out := filepath.Join(dir, "out")
	cmd, stderr := dtevalProcess(t, dir, "run", "-o", "out", "-date", "2026-03-01", "-q",
		"-f", "demo/internal/inputs/wuxi-2025.yaml", "-previous", "demo/internal/inputs/2024/results.json", "demo/internal/inputs/2025")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if m, _ := filepath.Glob(filepath.Join(out, ".dteval-staging-*", "*")); len(m) > 0 {
			break // outputs are being written
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no staged output after 60 s: %s", stderr)
		}
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if code := waitExit(t, cmd, 20*time.Second); code != 143 {
		t.Errorf("exit %d, want 143; stderr %s", code, stderr)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		t.Errorf("left in the output folder: %s", e.Name())
	}
}

// A run killed after its commit point (the commit record written, some files not
// yet renamed) is finished by the next command that reads its results.json: report
// puts the rest of the set in place before reading, and says so.
func TestReportFinishesInterruptedSet(t *testing.T) {
	dir, _ := demoResults(t)
	results, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	stage := filepath.Join(dir, ".dteval-staging-killed")
	os.MkdirAll(filepath.Join(stage, "feedback"), 0o755)
	os.WriteFile(filepath.Join(stage, "results.json"), results, 0o644)
	os.WriteFile(filepath.Join(stage, "评估结果.csv"), []byte("new csv"), 0o644)
	// results.json and feedback/ were renamed before the kill; the csv was not
	os.WriteFile(filepath.Join(stage, ".dteval-commit"), []byte("dteval commit v1\nfeedback/x.pdf\nresults.json\n评估结果.csv\n"), 0o644)
	out := t.TempDir()
	code, stderr := dteval(t, "report", "-o", out, "-date", "2026-03-01", "-q", filepath.Join(dir, "results.json"))
	if code != 0 {
		t.Fatalf("report exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "上次写出时被中断的一组输出已补写完整（results.json、评估结果.csv）") {
		t.Errorf("no word of the finished set: %s", stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "评估结果.csv")); string(b) != "new csv" {
		t.Errorf("the committed csv is not in place: %.40q", b)
	}
	if _, err := os.Stat(stage); err == nil {
		t.Error("the finished staging folder is still there")
	}
}
