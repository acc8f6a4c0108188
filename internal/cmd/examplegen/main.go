// Command examplegen regenerates the example data from the readable values CSVs:
//
//	go run ./internal/cmd/examplegen            (from the module root)
//
// It writes testdata/examples/<year>/*, testdata/broken/*.xlsx and the embedded
// demo copy internal/demo/data/ (see package examplegen).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/wuxi-data/dteval/internal/examplegen"
)

func main() {
	root := flag.String("root", ".", "the module root")
	flag.Parse()
	if err := examplegen.Generate(*root); err != nil {
		fmt.Fprintf(os.Stderr, "examplegen: error: %v\n", err)
		os.Exit(1)
	}
}
