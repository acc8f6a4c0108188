// Command dtgen writes the synthetic scale dataset of SPEC §11 (see
// docs/performance.md):
//
//	go run ./internal/cmd/dtgen -units 1000 -indicators 200 -o DIR
//
// DIR/framework.yaml is a generic framework (no regulation map) with 1,000
// sensitivity runs; DIR/submissions/<unit-id>.xlsx one filled submission workbook
// per unit, made with the real template writer. The output is deterministic.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/wuxi-data/dteval/internal/synth"
)

func main() {
	s := synth.Scale
	flag.IntVar(&s.Units, "units", s.Units, "number of units")
	flag.IntVar(&s.Indicators, "indicators", s.Indicators, "number of leaf indicators (bonus ones included)")
	flag.IntVar(&s.Runs, "runs", s.Runs, "sensitivity runs")
	flag.Uint64Var(&s.Seed, "seed", s.Seed, "values seed")
	flag.IntVar(&s.Year, "year", synth.Year, "data year: a later year is the base year's values moved a little (a city's second year: -year 2026)")
	workers := flag.Int("workers", 0, "parallel workers (0: one per CPU)")
	out := flag.String("o", "", "output `DIR`")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 || s.Units < 1 || s.Indicators < 20 {
		fmt.Fprintln(os.Stderr, "usage: dtgen [-units N] [-indicators N] [-runs N] [-seed N] [-year YYYY] -o DIR")
		os.Exit(2)
	}
	start := time.Now()
	if err := synth.Generate(*out, s, *workers); err != nil {
		fmt.Fprintf(os.Stderr, "dtgen: error: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "dtgen: %d units × %d indicators in %s (%.1f s)\n", s.Units, s.Indicators, *out, time.Since(start).Seconds())
}
