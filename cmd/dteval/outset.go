package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// outputSet writes a set of output files safely (SPEC §10): every file is first
// written in full to a staging folder inside the output folder, and only when all of
// them are written are they renamed into place. An interrupted run (even kill -9)
// leaves the previous outputs as they were; existing outputs are kept unless force.
type outputSet struct {
	dir   string
	force bool
	stage string
	files []string // relative paths, in creation order

	// Staged files are flushed to disk in the background as they are written
	// (fsync waits on the device, not the CPU, so it overlaps the rendering of the
	// next files); commit waits for the last of them.
	syncq   chan string
	syncWG  sync.WaitGroup
	syncMu  sync.Mutex
	syncErr []error

	dirs map[string]bool // folders known to exist (each syscall counts: 1,000 files)
}

// syncWorkers is how many fsyncs run at once (the file system batches concurrent
// ones: 0.5 s instead of 4 s for 1,000 files one at a time).
const syncWorkers = 16

// queueSync flushes the staged file rel to disk in the background. The queue is
// deep enough for every file of a run: the writer must never wait for the disk
// (a queue of 64 open files made the renderers wait for it, 1 s of a 9 s run).
func (o *outputSet) queueSync(rel string) {
	if o.syncq == nil {
		o.syncq = make(chan string, 1<<16)
		for range syncWorkers {
			o.syncWG.Add(1)
			go func() {
				defer o.syncWG.Done()
				for rel := range o.syncq {
					if err := syncFile(filepath.Join(o.stage, rel)); err != nil {
						o.syncMu.Lock()
						o.syncErr = append(o.syncErr, err)
						o.syncMu.Unlock()
					}
				}
			}()
		}
	}
	o.syncq <- rel
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// mkdir makes dir (and its parents) once per output set.
func (o *outputSet) mkdir(dir string) error {
	if o.dirs[dir] {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if o.dirs == nil {
		o.dirs = map[string]bool{}
	}
	o.dirs[dir] = true
	return nil
}

// waitSync waits for the queued flushes and returns their errors.
func (o *outputSet) waitSync() error {
	if o.syncq != nil {
		close(o.syncq)
		o.syncWG.Wait()
		o.syncq = nil
	}
	return errors.Join(o.syncErr...)
}

// errExists is returned by commit when outputs exist and force is off.
var errExists = errors.New("outputs exist")

func newOutputSet(dir string, force bool) (*outputSet, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// Leftovers of a run that was killed are removed first.
	old, _ := filepath.Glob(filepath.Join(dir, ".dteval-staging-*"))
	for _, o := range old {
		os.RemoveAll(o)
	}
	stage, err := os.MkdirTemp(dir, ".dteval-staging-")
	if err != nil {
		return nil, err
	}
	return &outputSet{dir: dir, force: force, stage: stage}, nil
}

// create writes one output, rel being its path inside the output folder.
func (o *outputSet) create(rel string, write func(w io.Writer) error) error {
	p := filepath.Join(o.stage, rel)
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", rel, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	o.files = append(o.files, rel)
	o.queueSync(rel)
	return nil
}

// existing lists the outputs that would be replaced.
func (o *outputSet) existing() []string {
	var out []string
	for _, rel := range o.files {
		if _, err := os.Lstat(filepath.Join(o.dir, rel)); err == nil {
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out
}

// commit moves every staged file into place. Without force it refuses (errExists)
// when any output already exists, and nothing is replaced.
func (o *outputSet) commit() error {
	defer o.abort()
	if !o.force {
		if ex := o.existing(); len(ex) > 0 {
			return fmt.Errorf("%w: %s", errExists, listSome(ex, 5))
		}
	}
	if err := o.waitSync(); err != nil {
		return err
	}
	for _, rel := range o.files {
		dst := filepath.Join(o.dir, rel)
		if err := o.mkdir(filepath.Dir(dst)); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(o.stage, rel), dst); err != nil {
			return err
		}
	}
	if d, err := os.Open(o.dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// abort removes the staging folder (after commit it holds only empty folders).
func (o *outputSet) abort() {
	_ = o.waitSync()
	if o.stage != "" {
		os.RemoveAll(o.stage)
	}
}

// commitOutputs commits o and maps the outcome to an exit code with messages.
func commitOutputs(e *env, o *outputSet) int {
	defer e.trace("committed")
	if err := o.commit(); err != nil {
		if errors.Is(err, errExists) {
			e.errorf("%v", err)
			e.hintf("existing outputs are kept; add -force to replace them, or choose another -o folder")
			return exitUsage
		}
		e.errorf("write outputs in %s: %v", o.dir, err)
		return exitInternal
	}
	return exitOK
}

// listSome joins the first n names and says how many more there are.
func listSome(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

// reportOutputsFree is checked before a report or run does any work: without
// -force, outputs of an earlier run in dir stop it at once (exit 2) rather than
// after minutes of work (commit would refuse them anyway).
func reportOutputsFree(e *env, dir string, force bool) bool {
	if force {
		return true
	}
	var found []string
	for _, name := range []string{fileResults, filePDF, fileXLSX, fileCSV, fileFindings} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			found = append(found, name)
		}
	}
	if fb, _ := filepath.Glob(filepath.Join(dir, dirFeedback, "*.pdf")); len(fb) > 0 {
		found = append(found, fmt.Sprintf("%s/ (%d PDF)", dirFeedback, len(fb)))
	}
	if len(found) == 0 {
		return true
	}
	e.errorf("%v in %s: %s", errExists, dir, listSome(found, 6))
	e.hintf("existing outputs are kept; add -force to replace them, or choose another -o folder")
	return false
}
