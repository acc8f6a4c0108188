package evaluator

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"github.com/wuxi-data/dteval/internal/ctxtest"
)

// cancelRaws are n submissions, the framework's units in turn (the later rounds
// are unit-duplicate: findings too, which is all the better).
func cancelRaws(fw *Framework, n int) []*RawSubmission {
	raws := make([]*RawSubmission, n)
	for i := range raws {
		raws[i] = rawBook(fw, fw.Units[i%len(fw.Units)].ID, nil)
		raws[i].File = fmt.Sprintf("%d.xlsx", i)
	}
	return raws
}

// ValidateAll looks at ctx once per submission and once per later stage (not
// per cell), and a cancellation at any of those points ends it there: it returns
// the context's error and nothing else, and no further submission is judged
// (each worker looks at most once more).
func TestValidateAllCancelled(t *testing.T) {
	fw := valFramework(t)
	raws := cancelRaws(fw, 40)
	wantDS, wantFS, err := ValidateAll(context.Background(), fw, raws, ValidateOptions{Scope: ScopeSet})
	if err != nil {
		t.Fatal(err)
	}
	live := ctxtest.NewCountdown(0)
	ds, fs, err := ValidateAll(live, fw, raws, ValidateOptions{Scope: ScopeSet})
	if err != nil || !reflect.DeepEqual(ds, wantDS) || !reflect.DeepEqual(fs, wantFS) {
		t.Fatalf("live context: err %v, or results differ from context.Background()'s", err)
	}
	workers := int64(min(runtime.GOMAXPROCS(0), len(raws)))
	calls := live.Calls()
	if calls < int64(len(raws)) || calls > int64(len(raws))+workers+3 {
		t.Fatalf("ctx.Err() called %d times for %d submissions: want one per submission, one per stage", calls, len(raws))
	}
	for at := int64(1); at <= calls; at++ {
		ctx := ctxtest.NewCountdown(at)
		ds, fs, err := ValidateAll(ctx, fw, raws, ValidateOptions{Scope: ScopeSet})
		if !errors.Is(err, context.Canceled) || ds != nil || fs != nil {
			t.Fatalf("cancelled at call %d: got %v, %d finding(s), err %v; want only context.Canceled", at, ds != nil, len(fs), err)
		}
		if n := ctx.Calls(); n > at+workers {
			t.Fatalf("cancelled at call %d: ctx.Err() called %d times; want at most %d (one more per worker)", at, n, at+workers)
		}
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := ValidateAll(cancelled, fw, raws, ValidateOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: err %v", err)
	}
}

// RunPipeline stops with the context's error, not with findings or results.
func TestRunPipelineCancelled(t *testing.T) {
	fw := valFramework(t)
	in := PipelineInput{Framework: fw, Raws: cancelRaws(fw, len(fw.Units)), Date: "2026-03-01"}
	if _, err := RunPipeline(context.Background(), in); err != nil {
		t.Fatalf("live: %v", err)
	}
	live := ctxtest.NewCountdown(0)
	if _, err := RunPipeline(live, in); err != nil {
		t.Fatalf("live countdown: %v", err)
	}
	for at := int64(1); at <= live.Calls(); at++ {
		res, err := RunPipeline(ctxtest.NewCountdown(at), in)
		if !errors.Is(err, context.Canceled) || res != nil {
			t.Fatalf("cancelled at call %d of %d: results %v, err %v", at, live.Calls(), res != nil, err)
		}
	}
}
