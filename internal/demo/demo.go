// Package demo holds the example submissions that dteval demo scores: the filled
// workbooks of every unit for two years and the statistics table, embedded.
//
// The files under data/ are generated, together with the identical copies in
// testdata/examples, by internal/examplegen from testdata/examples/values-*.csv;
// TestDataMatchesTestdata keeps the two copies equal. Regenerate with
//
//	go generate ./internal/demo
package demo

import (
	"embed"
	"io/fs"
)

//go:generate go run ../cmd/examplegen -root ../..

//go:embed data
var data embed.FS

// FS returns the example files: <year>/<unit-id>.xlsx and <year>/统计局数据.csv.
func FS() fs.FS {
	sub, err := fs.Sub(data, "data")
	if err != nil {
		panic(err) // the embedded tree always has data/
	}
	return sub
}

// Years lists the example years, newest first.
var Years = []int{2025, 2024}
