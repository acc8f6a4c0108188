package main

import "flag"

// specCommands are the commands of SPEC §3. A command whose file is not written yet
// says so and exits 2: it must not pretend to work.
var specCommands = map[string]string{
	"demo":     "the embedded default: bundled framework and example submissions → the full output set",
	"init":     "a new yearly workspace: framework copy, empty submissions/, a short README",
	"check":    "lint a framework and print its indicator table",
	"template": "one pre-filled submission workbook per unit",
	"validate": "findings for each submission (workbook or table)",
	"score":    "validated submissions → results.json",
	"report":   "results.json → public PDF, XLSX, CSV, feedback PDFs",
	"run":      "validate + score + report in one",
	"serve":    "a local web page where a unit uploads its workbook and sees the findings",
}

func registerMissing() {
	for name, summary := range specCommands {
		if _, ok := commands[name]; ok {
			continue
		}
		register(&command{
			name:    name,
			summary: summary + " (not built yet)",
			setup: func(fs *flag.FlagSet) func(*env, []string) int {
				return func(e *env, _ []string) int {
					e.errorf("%s is not built yet", name)
					return exitUsage
				}
			},
		})
	}
}
