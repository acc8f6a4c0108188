package synth

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/wuxi-data/dteval/evaluator"
)

// EnvDir names a folder written by dtgen that the benchmarks read instead of
// generating the 1,000 workbooks again (about 45 s of CPU):
//
//	go run ./internal/cmd/dtgen -o /tmp/scale
//	DTEVAL_SCALE_DIR=/tmp/scale go test -run '^$' -bench . -benchtime 1x ./evaluator/ ./templates/
const EnvDir = "DTEVAL_SCALE_DIR"

var (
	booksOnce sync.Once
	booksFW   *evaluator.Framework
	books     [][]byte
	booksErr  error
)

// ScaleWorkbooks returns the Scale framework and its 1,000 filled workbooks,
// made once per process (or read from $DTEVAL_SCALE_DIR).
func ScaleWorkbooks() (*evaluator.Framework, [][]byte, error) {
	booksOnce.Do(func() {
		if dir := os.Getenv(EnvDir); dir != "" {
			booksFW, books, booksErr = readDir(dir)
			return
		}
		booksFW, booksErr = Framework(Scale)
		if booksErr == nil {
			books, booksErr = Workbooks(Scale, booksFW, 0)
		}
	})
	return booksFW, books, booksErr
}

func readDir(dir string) (*evaluator.Framework, [][]byte, error) {
	fw, err := evaluator.Load(filepath.Join(dir, "framework.yaml"))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", EnvDir, err)
	}
	out := make([][]byte, len(fw.Units))
	for i, u := range fw.Units {
		if out[i], err = os.ReadFile(filepath.Join(dir, "submissions", u.ID+".xlsx")); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", EnvDir, err)
		}
	}
	return fw, out, nil
}

// WriteWorkbooks writes workbooks as dir/<unit-id>.xlsx.
func WriteWorkbooks(dir string, fw *evaluator.Framework, books [][]byte) error {
	for i, data := range books {
		if err := os.WriteFile(filepath.Join(dir, fw.Units[i].ID+".xlsx"), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

var (
	rawOnce sync.Once
	rawFW   *evaluator.Framework
	raws    []*evaluator.RawSubmission
	rawErr  error
)

// ScaleRaw returns the Scale framework and the raw submissions of its units
// (RawSubmissions: no workbooks), made once per process. Callers must not change them.
func ScaleRaw() (*evaluator.Framework, []*evaluator.RawSubmission, error) {
	rawOnce.Do(func() {
		rawFW, rawErr = Framework(Scale)
		if rawErr == nil {
			raws, rawErr = RawSubmissions(Scale, rawFW)
		}
	})
	return rawFW, raws, rawErr
}

var (
	resOnce sync.Once
	resFW   *evaluator.Framework
	res     *evaluator.Results
	resErr  error
)

// ScaleResults returns the Scale framework and its scored results (with the
// 1,000 sensitivity runs), made once per process. Callers must not change them.
func ScaleResults() (*evaluator.Framework, *evaluator.Results, error) {
	resOnce.Do(func() {
		var rs []*evaluator.RawSubmission
		resFW, rs, resErr = ScaleRaw()
		if resErr != nil {
			return
		}
		ds, fs, err := evaluator.ValidateAll(context.Background(), resFW, rs, evaluator.ValidateOptions{})
		if err != nil {
			resErr = err
			return
		}
		if n := fs.Errors(); n > 0 {
			resErr = fmt.Errorf("synthetic data: %d validation errors, first: %v", n, fs[0])
			return
		}
		res, resErr = evaluator.Score(resFW, ds, evaluator.ScoreOptions{Date: "2026-03-01", Findings: fs})
	})
	return resFW, res, resErr
}
