package evaluator

import (
	"context"
	"path/filepath"
	"sort"
)

// Test-only entry points (the external tests in evaluator_test use them; the
// program reads through ReadFilesFor and ReadWorkbookBytes).

// ReadFiles is ReadFilesFor without a framework for the tables.
func ReadFiles(ctx context.Context, paths []string, workers int) ([]*RawSubmission, Findings) {
	return ReadFilesFor(ctx, nil, paths, workers)
}

// ReadWorkbook reads a submission workbook (SPEC §7) from a file. The findings are
// structural only (file-unreadable, template-mismatch, field-duplicate); values are
// judged by Validate. A nil submission comes with at least one error finding.
func ReadWorkbook(path string) (*RawSubmission, Findings) {
	data, fs := readFileLimited(path, MaxWorkbookSize)
	if fs != nil {
		return nil, fs
	}
	sub, fs := ReadWorkbookBytes(filepath.Base(path), data)
	if sub != nil {
		sub.Path = path
	}
	return sub, fs
}

// FrameworkKeys lists every key the framework loader accepts, anywhere in the
// file (sorted, each once): docs/framework.md must document them all.
func FrameworkKeys() []string {
	seen := map[string]bool{}
	for _, ks := range [][]string{topKeys, unitKeys, fieldKeys, checkKeys, methodKeys, winsorKeys, gradeBandKeys, sensKeys, groupKeys, leafKeys, planKeys} {
		for _, k := range ks {
			seen[k] = true
		}
	}
	for _, ks := range normKeys {
		for _, k := range ks {
			seen[k] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// SetMaxResultsSize lowers the size cap of ReadResults until restore is called.
func SetMaxResultsSize(n int64) (restore func()) {
	old := maxResultsSize
	maxResultsSize = n
	return func() { maxResultsSize = old }
}
