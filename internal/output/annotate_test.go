package output

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/ctxtest"
)

// WriteAnnotated looks at ctx before each copy: cancelled before the k-th, it has
// made exactly the k−1 copies before it, returns an error that is ErrInterrupted
// (in Chinese) and the context's, and once the set is aborted nothing is written.
func TestWriteAnnotatedCancelled(t *testing.T) {
	var copies []AnnotatedCopy
	for _, u := range []string{"binhu", "huishan", "jiangyin", "liangxi"} {
		path := filepath.Join("..", "..", "testdata", "examples", "2025", u+".xlsx")
		copies = append(copies, AnnotatedCopy{Raw: &evaluator.RawSubmission{Kind: "workbook", File: u + ".xlsx", Path: path},
			Name: u + ".annotated.xlsx", UnitNoun: "地区"})
	}
	findings := evaluator.Findings{{Severity: evaluator.SevWarning, Code: evaluator.CodeValueOutlier,
		File: "huishan.xlsx", Sheet: evaluator.SheetData, Cell: "E7", Message: "数值偏离其他地区较多，请核实"}}

	o, err := NewSet(t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteAnnotated(context.Background(), o, copies, findings); err != nil || len(o.Files()) != len(copies) {
		t.Fatalf("live: %d of %d copies, err %v", len(o.Files()), len(copies), err)
	}
	o.Abort()

	for at := 1; at <= len(copies); at++ {
		dir := t.TempDir()
		o, err := NewSet(dir, false)
		if err != nil {
			t.Fatal(err)
		}
		err = WriteAnnotated(ctxtest.NewCountdown(int64(at)), o, copies, findings)
		if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrInterrupted) || err.Error() != ErrInterrupted.Error() {
			t.Fatalf("cancelled before copy %d: err %v, want ErrInterrupted wrapping context.Canceled", at, err)
		}
		if got := len(o.Files()); got != at-1 {
			t.Errorf("cancelled before copy %d: %d copies made, want %d", at, got, at-1)
		}
		o.Abort()
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("cancelled before copy %d: %d entries left in the output folder", at, len(left))
		}
	}
}
