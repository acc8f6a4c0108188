package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wuxi-data/dteval/internal/ctxtest"
)

// validate -annotate, cancelled at each point where it looks at its context
// (each file read, each submission judged, each later stage, each annotated
// copy), stops there: exit 3 (exitInternal; a process ended by SIGINT exits 130),
// a Chinese message saying it was interrupted, and no output folder content.
func TestValidateAnnotateCancelled(t *testing.T) {
	in := filepath.Join("..", "..", "testdata", "examples", "2025")
	fw := filepath.Join("..", "..", "indicators", "wuxi-2025.yaml")
	validate := func(t *testing.T, ctx *ctxtest.Countdown) (int, string, string) {
		dir := filepath.Join(t.TempDir(), "annotated")
		var stdout, stderr bytes.Buffer
		code := run(ctx, []string{"validate", "-q", "-f", fw, "-annotate", dir, in}, strings.NewReader(""), &stdout, &stderr)
		return code, stderr.String(), dir
	}
	live := ctxtest.NewCountdown(0)
	if code, stderr, dir := validate(t, live); code == exitInternal || !hasFiles(dir) {
		t.Fatalf("live: exit %d, %s", code, stderr)
	}
	if live.Calls() < 16 {
		t.Fatalf("ctx.Err() called %d times: want at least one per file and one per submission", live.Calls())
	}
	for at := int64(1); at <= live.Calls(); at++ {
		code, stderr, dir := validate(t, ctxtest.NewCountdown(at))
		if code != exitInternal || !strings.Contains(stderr, "已中断") || hasFiles(dir) {
			t.Fatalf("cancelled at call %d of %d: exit %d, output written %v, stderr %q", at, live.Calls(), code, hasFiles(dir), stderr)
		}
	}
}

// hasFiles reports whether dir exists and holds anything.
func hasFiles(dir string) bool {
	es, _ := os.ReadDir(dir)
	return len(es) > 0
}
