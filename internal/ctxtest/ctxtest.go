// Package ctxtest helps tests cancel work at an exact point, without timing.
package ctxtest

import (
	"context"
	"sync/atomic"
)

// Countdown is a context whose Err returns context.Canceled from its At-th call
// on (counting from 1; At 0: never): code that looks at ctx.Err() before each
// piece of work is cancelled exactly before the piece that makes the At-th call.
// Its Done channel never closes, so it suits only code that polls Err. It is safe
// for concurrent use.
type Countdown struct {
	context.Context
	At    int64
	calls atomic.Int64
}

// NewCountdown returns a Countdown that cancels at the at-th call of Err.
func NewCountdown(at int64) *Countdown {
	return &Countdown{Context: context.Background(), At: at}
}

// Err counts the call and returns context.Canceled from the At-th on.
func (c *Countdown) Err() error {
	if n := c.calls.Add(1); c.At > 0 && n >= c.At {
		return context.Canceled
	}
	return nil
}

// Calls is how many times Err was called.
func (c *Countdown) Calls() int64 { return c.calls.Load() }
