package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"time"
)

// startProfile writes a CPU profile of the whole command to the file named by
// DTEVAL_CPUPROFILE (a developer aid, see docs/performance.md); the returned
// function stops it.
func startProfile() func() {
	path := os.Getenv("DTEVAL_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// traceStart is when the process started; trace prints the time since then.
var traceStart = time.Now()

// trace prints "dteval: trace: 1.234s stage" on stderr when DTEVAL_TRACE is set: the
// wall time at which each stage of a run ends (docs/performance.md).
func (e *env) trace(stage string) {
	if os.Getenv("DTEVAL_TRACE") != "" {
		fmt.Fprintf(e.stderr, "dteval: trace: %6.3fs %s\n", time.Since(traceStart).Seconds(), stage)
	}
}
