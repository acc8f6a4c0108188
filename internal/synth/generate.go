package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/wuxi-data/dteval/evaluator"
)

// Workbooks makes the filled workbook of every unit with a pool of workers
// (≤ 0: one per CPU); out[u] is unit u's file.
func Workbooks(s Spec, fw *evaluator.Framework, workers int) ([][]byte, error) {
	return forEachUnit(s, fw, workers, true, func(int, []byte) error { return nil })
}

// Generate writes dir/framework.yaml and dir/submissions/<unit-id>.xlsx.
func Generate(dir string, s Spec, workers int) error {
	src := FrameworkYAML(s)
	fw, err := evaluator.LoadBytes("framework.yaml", src)
	if err != nil {
		return fmt.Errorf("synthetic framework: %w", err)
	}
	sub := filepath.Join(dir, "submissions")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "framework.yaml"), src); err != nil {
		return err
	}
	_, err = forEachUnit(s, fw, workers, false, func(u int, data []byte) error {
		return writeFile(filepath.Join(sub, fw.Units[u].ID+".xlsx"), data)
	})
	return err
}

// forEachUnit makes every unit's workbook on workers goroutines and hands it to
// sink (called concurrently); with keep the workbooks are returned too.
func forEachUnit(s Spec, fw *evaluator.Framework, workers int, keep bool, sink func(u int, data []byte) error) ([][]byte, error) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	out := make([][]byte, s.Units)
	errs := make([]error, s.Units)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range jobs {
				data, err := Workbook(s, fw, u)
				if err == nil {
					err = sink(u, data)
				}
				if err != nil {
					errs[u] = fmt.Errorf("unit %s: %w", fw.Units[u].ID, err)
					continue
				}
				if keep {
					out[u] = data
				}
			}
		}()
	}
	for u := range s.Units {
		jobs <- u
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// writeFile writes through a temporary file in the same folder and renames it.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
