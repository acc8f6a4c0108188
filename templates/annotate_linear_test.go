package templates

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wuxi-data/dteval/evaluator"
)

// TestAnnotateLinear: writing the annotated copy costs in proportion to the
// findings. It used to read every comment of the sheet again for each marked cell
// (8,000 bad rows took a minute). Bytes allocated at n and 10·n findings must grow
// about 10×, not 100×.
func TestAnnotateLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation test: skipped in -short")
	}
	orig, err := os.ReadFile(filepath.Join("..", "testdata", "examples", "2025", "jiangyin.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	findings := func(n int) evaluator.Findings {
		fs := make(evaluator.Findings, n)
		for i := range fs {
			sev := evaluator.SevError
			if i%3 == 0 {
				sev = evaluator.SevWarning
			}
			fs[i] = evaluator.Finding{File: "jiangyin.xlsx", Sheet: evaluator.SheetData, Cell: fmt.Sprintf("G%d", i+1),
				Code: evaluator.CodeValueNotNumber, Severity: sev, Message: fmt.Sprintf("第 %d 个问题：请填写数字。", i+1)}
		}
		return fs
	}
	measure := func(fs evaluator.Findings) uint64 {
		var a, b runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&a)
		if err := Annotate(io.Discard, orig, fs, evaluator.DefaultUnitNoun); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&b)
		return b.TotalAlloc - a.TotalAlloc
	}
	const n = 400
	base := measure(nil)
	b1, b10 := measure(findings(n))-base, measure(findings(10*n))-base
	ratio := float64(b10) / float64(max(b1, 1))
	t.Logf("annotating %d findings: %d bytes; %d findings: %d bytes (%.1f×; the workbook alone %d)", n, b1, 10*n, b10, ratio, base)
	if ratio > 20 {
		t.Errorf("bytes allocated grew %.1f× for 10× the findings: not linear", ratio)
	}
	// Every finding got its comment.
	var out bytes.Buffer
	if err := Annotate(&out, orig, findings(10*n), evaluator.DefaultUnitNoun); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cs, err := f.GetComments(evaluator.SheetData)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 10*n {
		t.Errorf("%d comments, want at least %d", len(cs), 10*n)
	}
}
