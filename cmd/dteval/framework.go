package main

import (
	"errors"
	"fmt"

	"github.com/wuxi-data/dteval/evaluator"
)

// loadFramework loads the framework at path, or the embedded default when path is "".
// Problems are printed as file:line:col: message lines; ok is false then (exit 2).
func loadFramework(e *env, path string) (*evaluator.Framework, bool) {
	var fw *evaluator.Framework
	var err error
	if path == "" {
		fw, err = evaluator.LoadDefault()
	} else {
		fw, err = evaluator.Load(path)
	}
	if err != nil {
		printLoadError(e, err, "指标体系文件")
		return nil, false
	}
	return fw, true
}

// printLoadError prints a positioned error list (of the framework, the
// adjustments: what), one file:line:col: message line each, then a summary.
func printLoadError(e *env, err error, what string) {
	var le *evaluator.LoadError
	if errors.As(err, &le) {
		for _, pe := range le.Errs {
			fmt.Fprintln(e.Stderr, pe.Error())
		}
		e.Errorf("%s有 %d 处问题，见上方逐条说明", what, len(le.Errs))
		return
	}
	e.Errorf("%v", err)
}
