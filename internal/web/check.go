package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/templates"
)

// Why a check did not run to the end.
var (
	errBusy    = errors.New("all validation slots busy")
	errTimeout = errors.New("validation took too long")
)

// checked is the outcome of validating the uploads of one request.
type checked struct {
	findings evaluator.Findings // sorted, as dteval validate prints them
	files    []checkedFile
}

// checkedFile is one upload after the check.
type checkedFile struct {
	name      string // display label
	unit      string // unit id read from the workbook ("" when unknown)
	annotated []byte // the annotated copy (workbooks that could be read, when asked)
	annotErr  error
}

// runCheck validates the uploads under the concurrency cap and the time limit. A
// request waits up to QueueWait for a slot (errBusy after that). A check that runs
// past CheckTimeout, or whose request is gone (ctx), is answered at once and
// cancelled: it stops at its next step and gives its slot back then, not later, so
// at most MaxConcurrent validations ever use the CPU and none outlives its request
// by more than one step.
func (s *Server) runCheck(ctx context.Context, files []upload, annotate bool) (*checked, error) {
	wait := time.NewTimer(s.opt.QueueWait)
	defer wait.Stop()
	select {
	case s.sem <- struct{}{}:
	case <-wait.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	type result struct {
		c   *checked
		err error
	}
	work, cancel := context.WithCancel(ctx)
	defer cancel() // the work stops when the answer is given, whatever it is
	done := make(chan result, 1)
	go func() {
		// The slot is given back before the result is handed over, so that a
		// finished request is never still counted as running.
		var r result
		func() {
			n := s.inFlight.Add(1)
			for {
				p := s.peak.Load()
				if n <= p || s.peak.CompareAndSwap(p, n) {
					break
				}
			}
			defer func() {
				s.inFlight.Add(-1)
				<-s.sem
				if v := recover(); v != nil {
					r = result{err: fmt.Errorf("panic: %v", v)}
				}
			}()
			if s.beforeCheck != nil {
				s.beforeCheck()
			}
			c, err := s.check(work, files, annotate)
			r = result{c: c, err: err}
		}()
		done <- r
	}()
	limit := time.NewTimer(s.opt.CheckTimeout)
	defer limit.Stop()
	select {
	case r := <-done:
		return r.c, r.err
	case <-limit.C:
		return nil, errTimeout
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// step is a point where a check stops when its request is gone (ctx).
func (s *Server) step(ctx context.Context, name string, i int) error {
	if s.atStep != nil {
		s.atStep(fmt.Sprintf("%s %d", name, i))
	}
	return ctx.Err()
}

// check reads and validates the uploads against the served framework, as
// "dteval validate -f F FILE…" does: a .csv is a consolidated table, anything else
// is read as a workbook (a file that is not one becomes a finding). With several
// files the batch checks run too. It stops with ctx's error at the next step
// (each file read, the validation, each annotated copy) once ctx is done.
func (s *Server) check(ctx context.Context, files []upload, annotate bool) (*checked, error) {
	var raws []*evaluator.RawSubmission
	var all evaluator.Findings
	out := &checked{files: make([]checkedFile, len(files))}
	data := make([][]byte, len(files))
	for i, f := range files {
		if err := s.step(ctx, "read", i); err != nil {
			return nil, err
		}
		out.files[i].name = f.name
		if strings.EqualFold(path.Ext(f.name), ".csv") {
			subs, fs := evaluator.ReadTableBytes(f.name, f.data, s.fw)
			raws = append(raws, subs...)
			all = append(all, fs...)
			continue
		}
		raw, fs := evaluator.ReadWorkbookBytes(f.name, f.data)
		all = append(all, fs...)
		if raw != nil {
			raws = append(raws, raw)
			out.files[i].unit = raw.Unit
			data[i] = f.data
		}
	}
	if err := s.step(ctx, "validate", 0); err != nil {
		return nil, err
	}
	_, fs, err := evaluator.ValidateAll(ctx, s.fw, raws, evaluator.ValidateOptions{Scope: evaluator.ScopeOf(len(files), false)})
	if err != nil {
		return nil, err
	}
	all = append(all, fs...)
	evaluator.StampFramework(all, s.fw) // the findings from reading too
	evaluator.SortFindings(all)
	out.findings = all
	if annotate {
		for i := range out.files {
			if data[i] == nil {
				continue
			}
			if err := s.step(ctx, "annotate", i); err != nil {
				return nil, err
			}
			var mine evaluator.Findings
			for _, f := range all {
				if f.File == out.files[i].name {
					mine = append(mine, f)
				}
			}
			var buf bytes.Buffer
			if err := templates.Annotate(&buf, data[i], mine, s.fw.UnitNoun()); err != nil {
				out.files[i].annotErr = err
				continue
			}
			out.files[i].annotated = buf.Bytes()
		}
	}
	return out, nil
}
