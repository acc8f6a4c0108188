package evaluator

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelFor calls f(i) for every i in [0, n) on up to GOMAXPROCS goroutines and
// returns when all are done. f must write only to what belongs to its i; callers
// gather the results in index order, so the outcome does not depend on scheduling.
func parallelFor(n int, f func(i int)) {
	_ = parallelForCtx(context.Background(), n, f)
}

// parallelForCtx is parallelFor that looks at ctx before each f(i): once ctx has
// ended no f(i) starts, and when those running have returned it returns ctx's
// error (some i were then left out).
func parallelForCtx(ctx context.Context, n int, f func(i int)) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			if err := ctx.Err(); err != nil {
				return err
			}
			f(i)
		}
		return nil
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
	if int(next.Load()) < n {
		return ctx.Err()
	}
	return nil
}
