package main

import (
	"os"
	"runtime/pprof"
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
