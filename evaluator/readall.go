package evaluator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/wuxi-data/dteval/evaluator/internal/xlsxread"
)

// ReadFilesFor reads submissions from paths (workbooks, tables, or folders, whose
// *.xlsx and *.csv files are read in name order; Excel's "~$" lock files and hidden
// files are skipped) with a pool of workers (≤ 0: 2); fw, when not nil, is the
// framework the tables are read with (see ReadTable). The kind of each file is told
// as SPEC §7 says: an .xlsx with a _meta sheet is a submission workbook; a .csv, or
// an .xlsx whose first sheet has unit in A1, is a consolidated table; anything else
// is template-mismatch.
//
// Submissions and findings come back in input order whatever the scheduling. When
// ctx is cancelled the files not yet started are left out; the caller checks
// ctx.Err().
func ReadFilesFor(ctx context.Context, fw *Framework, paths []string, workers int) ([]*RawSubmission, Findings) {
	files, fs := ExpandInputs(paths)
	if workers <= 0 {
		workers = 2
	}
	type result struct {
		subs []*RawSubmission
		fs   Findings
	}
	results := make([]result, len(files))
	rd := xlsxread.NewReader()           // the batch's workbooks share their styles' and layout's parsing
	if os.Getenv("DTEVAL_TRACE") != "" { // a developer's aid (docs/performance.md)
		rd.Trace = func(event string) { fmt.Fprintf(os.Stderr, "dteval: trace: %s\n", event) }
		defer func() {
			st := rd.Stats()
			fmt.Fprintf(os.Stderr, "dteval: trace: xlsxread: %d sheet(s) by the fast scan, %d by excelize (%d after a recovered panic)\n", st.Fast, st.Excelize, st.Panics)
		}()
	}
	jobs := make(chan int, 2*workers) // buffered: a worker never waits for the feeder to be scheduled
	var wg sync.WaitGroup
	for w := 0; w < workers && w < len(files); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				subs, f := readFile(rd, files[i], fw)
				results[i] = result{subs, f}
			}
		}()
	}
feed:
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		select {
		case <-ctx.Done():
			break feed
		case jobs <- i:
		}
	}
	close(jobs)
	wg.Wait()
	var subs []*RawSubmission
	for _, r := range results {
		subs = append(subs, r.subs...)
		fs = append(fs, r.fs...)
	}
	return subs, fs
}

// ExpandInputs replaces each folder among paths by its *.xlsx and *.csv files in
// name order. A path that does not exist is kept (reading it gives the finding).
func ExpandInputs(paths []string) ([]string, Findings) {
	var out []string
	var fs Findings
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil || !fi.IsDir() {
			out = append(out, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			fs = append(fs, unreadableFinding(filepath.Base(p), "无法读取文件夹："+FileErrorText(err)))
			continue
		}
		var names []string
		for _, e := range entries {
			n := e.Name()
			ext := strings.ToLower(filepath.Ext(n))
			if e.IsDir() || strings.HasPrefix(n, "~$") || strings.HasPrefix(n, ".") || (ext != ".xlsx" && ext != ".csv") {
				continue
			}
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			out = append(out, filepath.Join(p, n))
		}
	}
	return out, fs
}

// readFile reads one input file of either kind (see ReadFilesFor) with the batch's
// workbook reader. It never panics.
func readFile(rd *xlsxread.Reader, path string, fw *Framework) (subs []*RawSubmission, fs Findings) {
	name := filepath.Base(path)
	defer func() {
		if r := recover(); r != nil {
			subs, fs = nil, Findings{unreadableFinding(name, xlsxread.PanicReason(r))}
		}
	}()
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return ReadTable(path, fw)
	case ".xlsx", ".xlsm":
	default:
		if _, err := os.Stat(path); err != nil {
			_, fs := readFileLimited(path, MaxTableSize) // says why
			return nil, fs
		}
		return nil, Findings{readFinding(SevError, CodeTemplateMismatch, "", name, "", "", "",
			"不是 .xlsx 填报表或 .csv 汇总表：请提交 dteval template 生成的 .xlsx 填报表，或 UTF-8 编码的 .csv 汇总表")}
	}
	data, fs := readFileLimited(path, MaxTableSize)
	if fs != nil {
		return nil, fs
	}
	f, err := rd.Open(data)
	if err != nil {
		return nil, Findings{unreadableFinding(name, err.Error())}
	}
	defer f.Close()
	switch {
	case sheetIndex(f, SheetMeta) >= 0:
		if len(data) > MaxWorkbookSize {
			return nil, Findings{unreadableFinding(name, tooBig(len(data), MaxWorkbookSize))}
		}
		sub, fs := readWorkbookFile(name, data, f)
		if sub == nil {
			return nil, fs
		}
		sub.Path = path
		return []*RawSubmission{sub}, fs
	case isTableXLSX(f):
		subs, fs := readXLSXTable(name, data, f, fw)
		for _, s := range subs {
			s.Path = path
		}
		return subs, fs
	}
	return nil, Findings{notSubmission(name, f)}
}
