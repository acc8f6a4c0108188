package main

import (
	"fmt"
	"os"
)

// progress prints a one-line progress note on stderr when stderr is a terminal
// (SPEC: a progress line for long work); it is silent in pipes, files and tests.
func (e *env) progress(format string, args ...any) {
	if !e.isTerminal() {
		return
	}
	fmt.Fprintf(e.stderr, "\r\033[Kdteval: "+format, args...)
	e.progressShown = true
}

// progressDone ends a progress line.
func (e *env) progressDone() {
	if e.progressShown {
		fmt.Fprint(e.stderr, "\r\033[K")
		e.progressShown = false
	}
}

// infof prints a summary line on stderr.
func (e *env) infof(format string, args ...any) {
	fmt.Fprintf(e.stderr, "dteval: "+format+"\n", args...)
}

func (e *env) isTerminal() bool {
	f, ok := e.stderr.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
