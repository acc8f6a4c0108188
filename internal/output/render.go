package output

import (
	"bytes"
	"fmt"
	"io"
)

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
					err = fmt.Errorf("生成 %s 时出错：%w", steps[i].name, err)
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
