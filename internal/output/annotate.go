package output

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/templates"
)

// AnnotatedCopy is one annotated copy of a submission workbook to write.
type AnnotatedCopy struct {
	Raw      *evaluator.RawSubmission
	Name     string // <unit-id>.annotated.xlsx, or <unit-id>-2.annotated.xlsx for a unit's second workbook
	UnitNoun string // what its framework calls the units (unit_noun)
}

// AnnotatedCopies lists the annotated copies of the workbooks among the groups'
// submissions, in name order: one per workbook of a unit its framework knows (no
// copy when the unit cannot be told, SPEC §8).
func AnnotatedCopies(groups []*evaluator.FrameworkGroup) []AnnotatedCopy {
	var out []AnnotatedCopy
	used := map[string]int{}
	for _, g := range groups {
		for _, r := range g.Raws {
			if r.Kind != "workbook" || r.Path == "" {
				continue
			}
			if _, ok := g.Framework.Unit(r.Unit); !ok {
				continue
			}
			used[r.Unit]++
			name := r.Unit + ".annotated.xlsx"
			if n := used[r.Unit]; n > 1 {
				name = fmt.Sprintf("%s-%d.annotated.xlsx", r.Unit, n)
			}
			out = append(out, AnnotatedCopy{r, name, g.Framework.UnitNoun()})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// OverwritesOriginal returns the path of the first copy that, written into dir,
// would be the original workbook itself, or "".
func OverwritesOriginal(dir string, copies []AnnotatedCopy) string {
	for _, c := range copies {
		out, err1 := filepath.Abs(filepath.Join(dir, c.Name))
		orig, err2 := filepath.Abs(c.Raw.Path)
		if err1 == nil && err2 == nil && out == orig {
			return out
		}
	}
	return ""
}

// WriteAnnotated writes each copy into o: the workbook read again from its path,
// with the findings of its file marked (templates.Annotate). The originals are
// never written. ctx is looked at before each copy: when it ends, WriteAnnotated
// stops with an error that says so (ErrInterrupted) and wraps ctx's; the caller
// then aborts o, and nothing is written.
func WriteAnnotated(ctx context.Context, o *Set, copies []AnnotatedCopy, all evaluator.Findings) error {
	byFile := map[string]evaluator.Findings{}
	for _, f := range all {
		byFile[f.File] = append(byFile[f.File], f)
	}
	for _, c := range copies {
		if err := ctx.Err(); err != nil {
			return stoppedBy(err)
		}
		data, err := evaluator.ReadSmallFile(c.Raw.Path, evaluator.MaxTableSize) // the limit of the first reading (readFile)
		if err != nil {
			return evaluator.ReadError("填报表", c.Raw.Path, err)
		}
		err = o.Create(c.Name, func(w io.Writer) error {
			var buf bytes.Buffer
			if err := templates.Annotate(&buf, data, byFile[c.Raw.File], c.UnitNoun); err != nil {
				return err
			}
			_, err := w.Write(buf.Bytes())
			return err
		})
		if err != nil {
			return fmt.Errorf("写出 %s 的批注副本时出错：%w", c.Raw.File, err)
		}
	}
	return nil
}

// interruptError is the error of a step that its context stopped: its message is
// ErrInterrupted's (in Chinese, for the user), and it wraps both ErrInterrupted
// and the context's error (context.Canceled, context.DeadlineExceeded).
type interruptError struct{ ctxErr error }

func (e interruptError) Error() string   { return ErrInterrupted.Error() }
func (e interruptError) Unwrap() []error { return []error{ErrInterrupted, e.ctxErr} }

// stoppedBy returns the error of a step that ctx stopped (ctxErr = ctx.Err()).
func stoppedBy(ctxErr error) error { return interruptError{ctxErr} }
