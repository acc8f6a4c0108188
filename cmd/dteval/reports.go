package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
	"time"

	"github.com/wuxi-data/dteval/evaluator"
	"github.com/wuxi-data/dteval/templates"
)

// Output file names (SPEC §9).
const (
	fileResults  = "results.json"
	filePDF      = "评估报告.pdf"
	fileXLSX     = "评估结果.xlsx"
	fileCSV      = "评估结果.csv"
	fileFindings = "internal/findings.json"
	dirFeedback  = "feedback"
)

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkDate validates a -date flag; "" means today.
func checkDate(e *env, date string) (string, bool) {
	if date == "" {
		return time.Now().Format("2006-01-02"), true
	}
	if _, err := time.Parse("2006-01-02", date); err != nil || !dateRe.MatchString(date) {
		e.errorf("-date %q is not a date in the form YYYY-MM-DD", date)
		return "", false
	}
	return date, true
}

// sameFramework reports whether results were computed with fw (SPEC §8: report
// refuses results made from another framework id, version or sha256).
func sameFramework(e *env, fw *evaluator.Framework, res *evaluator.Results) bool {
	r := res.Framework
	if r.ID == fw.ID && r.Version == fw.Version && r.SHA256 == fw.SHA256 {
		return true
	}
	e.errorf("the results were computed with framework %s %s (sha256 %.12s…), not with %s %s (sha256 %.12s…)",
		r.ID, r.Version, r.SHA256, fw.ID, fw.Version, fw.SHA256)
	e.hintf("give the framework file the results were scored with: -f FRAMEWORK.yaml")
	return false
}

// writeReports renders every report into the output set: results.json,
// internal/findings.json, the public PDF, XLSX and CSV, and one feedback
// PDF per scored unit. The files are rendered on all CPUs (with 1,000 units the
// feedback PDFs are most of a run's time) and written in a fixed order, with the
// warnings in that order too.
func writeReports(e *env, o *outputSet, fw *evaluator.Framework, res *evaluator.Results, opt templates.ReportOptions, quiet bool) error {
	// The feedback renderer (statistics over all units, the shared font subsets) is
	// made by the first feedback step, while the other worker renders a large
	// document, rather than before any work starts.
	feedback := sync.OnceValues(func() (*templates.FeedbackRenderer, error) {
		return templates.NewFeedbackRenderer(fw, res, opt)
	})
	// Steps in the order they are written (and their warnings printed): the small
	// files, the feedback PDFs, then the three large documents — which are rendered
	// first (order below): each takes a second or more at 1,000 units, and written
	// last they hold up no other file.
	steps := []reportStep{
		{fileFindings, func(w io.Writer) ([]string, error) { return nil, evaluator.WriteFindingsJSON(w, opt.Findings) }},
		{fileCSV, func(w io.Writer) ([]string, error) { return nil, templates.RenderCSV(w, fw, res, opt) }},
	}
	for _, u := range res.Units {
		id := u.ID
		steps = append(steps, reportStep{filepath.Join(dirFeedback, id+".pdf"), func(w io.Writer) ([]string, error) {
			fb, err := feedback()
			if err != nil {
				return nil, err
			}
			return fb.Render(w, id)
		}})
	}
	large := len(steps)
	steps = append(steps,
		reportStep{filePDF, func(w io.Writer) ([]string, error) { return templates.RenderPDF(w, fw, res, opt) }},
		reportStep{fileXLSX, func(w io.Writer) ([]string, error) { return nil, templates.RenderXLSX(w, fw, res, opt) }},
		reportStep{fileResults, func(w io.Writer) ([]string, error) { return nil, evaluator.WriteResults(w, res) }},
	)
	order := make([]int, 0, len(steps))
	for i := large; i < len(steps); i++ {
		order = append(order, i)
	}
	for i := range large {
		order = append(order, i)
	}
	err := renderOrdered(steps, order, runtime.GOMAXPROCS(0), func(i int, data []byte, warns []string) error {
		if err := e.ctx.Err(); err != nil {
			return fmt.Errorf("interrupted: %w", err) // Ctrl-C or SIGTERM: nothing is committed
		}
		for _, wn := range warns {
			e.warnf("%s: %s", steps[i].name, wn)
		}
		if i < 2 || i >= large {
			e.trace("wrote " + steps[i].name)
		}
		if !quiet {
			e.progress("%d/%d %s", i+1, len(steps), steps[i].name)
		}
		return o.create(steps[i].name, func(w io.Writer) error { _, err := w.Write(data); return err })
	})
	e.progressDone()
	e.trace("rendered all")
	return err
}

// reportStep renders one output file; it returns the warnings to print.
type reportStep struct {
	name   string
	render func(io.Writer) ([]string, error)
}

// renderOrdered renders the steps on workers goroutines into memory, taking them
// in the order given (a permutation of the step indices; nil: step order), and
// hands each result to write in step order, from the calling goroutine. A bounded
// number of results wait in memory. The first error (a step's, in step order, or
// write's) stops the work and is returned.
func renderOrdered(steps []reportStep, order []int, workers int, write func(i int, data []byte, warns []string) error) error {
	type rendered struct {
		data  []byte
		warns []string
		err   error
	}
	if workers < 1 {
		workers = 1
	}
	out := make([]chan rendered, len(steps))
	for i := range out {
		out[i] = make(chan rendered, 1)
	}
	// Steps taken but not yet written (at least 4: writeReports takes three steps
	// first that it writes last). About 100 KB each for the feedback PDFs.
	window := make(chan struct{}, 16*workers+32)
	stop := make(chan struct{})
	defer close(stop)
	// Buffered, so that a worker that finishes takes the next step at once rather
	// than waiting for the feeder to be scheduled (2–15 ms, 220 times a run).
	jobs := make(chan int, 2*workers)
	if order == nil {
		order = make([]int, len(steps))
		for i := range order {
			order[i] = i
		}
	}
	go func() {
		defer close(jobs)
		for _, i := range order {
			select {
			case window <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case jobs <- i:
			case <-stop:
				return
			}
		}
	}()
	for range workers {
		go func() {
			for i := range jobs {
				var buf bytes.Buffer
				warns, err := steps[i].render(&buf)
				if err != nil {
					err = fmt.Errorf("write %s: %w", steps[i].name, err)
				}
				out[i] <- rendered{buf.Bytes(), warns, err}
			}
		}()
	}
	for i := range steps {
		r := <-out[i]
		if r.err != nil {
			return r.err
		}
		if err := write(i, r.data, r.warns); err != nil {
			return err
		}
		<-window
	}
	return nil
}

// readFindingsFile reads internal/findings.json (a JSON array of findings).
func readFindingsFile(path string) (evaluator.Findings, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var fs evaluator.Findings
	dec := json.NewDecoder(io.LimitReader(f, 256<<20))
	if err := dec.Decode(&fs); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return fs, nil
}
