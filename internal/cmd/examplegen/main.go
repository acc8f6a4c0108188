// Command examplegen regenerates the example data from the readable values CSVs:
//
//	go run ./internal/cmd/examplegen            (from the module root)
//
// It writes testdata/examples/<year>/*, testdata/broken/*.xlsx and the embedded
// demo copy internal/demo/data/ (see package examplegen). With -prior it first
// rewrites the monitoring fields' rows of values-2024.csv from values-2025.csv
// (examplegen.RewritePrior, seed examplegen.PriorSeed): only when those 2025
// values change.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/internal/examplegen"
)

func main() {
	root := flag.String("root", ".", "the module root")
	prior := flag.Bool("prior", false, "first rewrite the 2024 monitoring fields of values-2024.csv from values-2025.csv")
	flag.Parse()
	if *prior {
		if err := rewritePrior(*root); err != nil {
			fmt.Fprintf(os.Stderr, "examplegen: error: %v\n", err)
			os.Exit(1)
		}
	}
	if err := examplegen.Generate(*root); err != nil {
		fmt.Fprintf(os.Stderr, "examplegen: error: %v\n", err)
		os.Exit(1)
	}
}

func rewritePrior(root string) error {
	cur, early := examplegen.Editions[0], examplegen.Editions[1]
	later, err := evaluator.Load(filepath.Join(root, cur.Framework))
	if err != nil {
		return err
	}
	earlier, err := evaluator.Load(filepath.Join(root, early.Framework))
	if err != nil {
		return err
	}
	vals, err := examplegen.ReadValues(filepath.Join(root, cur.Values))
	if err != nil {
		return err
	}
	return examplegen.RewritePrior(filepath.Join(root, early.Values), earlier, later, vals, examplegen.PriorSeed)
}
