package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

// signals is how a program ends on SIGINT or SIGTERM.
type signals struct {
	// stop is called at the first signal, after the command's context is
	// cancelled: nothing more may be written or committed (output.Interrupt).
	stop func()
	// abort is called when the command has not ended by itself within grace (or
	// at a second signal), just before the process exits: unfinished outputs are
	// removed (output.AbortAll).
	abort func()
	grace atomic.Int64 // a time.Duration
}

// OnSignal sets what the program does at SIGINT or SIGTERM (see Main): stop at
// the first signal, abort before the process ends without its command, grace
// the time a command has to end by itself.
func (p *Program) OnSignal(stop, abort func(), grace time.Duration) {
	p.signals.stop, p.signals.abort = stop, abort
	p.SetGrace(grace)
}

// SetGrace changes the time a command has to end by itself after a signal (serve
// lets its running requests finish).
func (p *Program) SetGrace(d time.Duration) { p.signals.grace.Store(int64(d)) }

// Main runs the program on the process's arguments and returns its exit code,
// for os.Exit. At the first SIGINT or SIGTERM the command's context is
// cancelled and stop is called; a command that has not ended after the grace
// time, or at a second signal, is ended anyway (abort, then exit). A process
// ended by a signal exits with 128 + the signal's number, as a shell reports a
// process killed by it (130 for SIGINT, 143 for SIGTERM).
func (p *Program) Main() int {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var caught atomic.Value // the signal that ended the command, if any
	go func() {
		sig := <-sigs
		caught.Store(sig)
		p.onSignal(sig, sigs, cancel, os.Stderr)
	}()
	code := p.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if sig, ok := caught.Load().(os.Signal); ok {
		code = signalExit(sig)
	}
	return code
}

func (p *Program) onSignal(sig os.Signal, sigs <-chan os.Signal, cancel func(), stderr io.Writer) {
	cancel()
	if p.signals.stop != nil {
		p.signals.stop()
	}
	select {
	case <-sigs:
	case <-time.After(time.Duration(p.signals.grace.Load())):
	}
	if p.signals.abort != nil {
		p.signals.abort()
	}
	fmt.Fprintf(stderr, "%s: 错误：已中断（%v）：未完成的输出已删除，原有输出保持不变\n", p.Name, sig)
	os.Exit(signalExit(sig))
}

// signalExit is the exit code of a process ended by sig: 128 + its number.
func signalExit(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 128 + 2
}
