// Package output writes a command's output files safely and renders them in
// parallel: its room is the staged output set (SPEC §10: everything written to a
// staging folder, fsynced in the background, then renamed into place, so an
// interrupted run leaves the previous outputs as they were), the render
// scheduler (steps rendered on all CPUs into memory, written in a fixed order),
// and the report set of SPEC §9 (which files a report writes, in which order).
// The CLI (cmd/dteval) and the web edition share it.
package output

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

// Set writes a set of output files safely (SPEC §10): every file is first
// written in full to a staging folder inside the output folder, and only when all of
// them are written are they renamed into place. An interrupted run (even kill -9)
// leaves the previous outputs as they were; existing outputs are kept unless force.
type Set struct {
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

	// interrupt, in tests, is called at each step of writing and committing
	// ("write REL", "sync", "rename REL", "dirsync"); an error stops the set there,
	// as if the process had been killed at that point.
	interrupt func(step string) error
}

// syncWorkers is how many fsyncs run at once (the file system batches concurrent
// ones: 0.5 s instead of 4 s for 1,000 files one at a time).
const syncWorkers = 16

// queueSync flushes the staged file rel to disk in the background. The queue is
// deep enough for every file of a run: the writer must never wait for the disk
// (a queue of 64 open files made the renderers wait for it, 1 s of a 9 s run).
func (o *Set) queueSync(rel string) {
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
func (o *Set) mkdir(dir string) error {
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
func (o *Set) waitSync() error {
	if o.syncq != nil {
		close(o.syncq)
		o.syncWG.Wait()
		o.syncq = nil
	}
	return errors.Join(o.syncErr...)
}

// ErrExists is returned by Commit when outputs exist and force is off.
var ErrExists = errors.New("outputs exist")

// NewSet prepares an output set for dir (created if needed): leftovers of a run
// that was killed are removed, and a fresh staging folder is made. Existing
// outputs are replaced only with force.
func NewSet(dir string, force bool) (*Set, error) {
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
	return &Set{dir: dir, force: force, stage: stage}, nil
}

// Create writes one output, rel being its path inside the output folder.
func (o *Set) Create(rel string, write func(w io.Writer) error) error {
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
	return o.step("write " + rel)
}

// step runs the test hook at a step, if any.
func (o *Set) step(name string) error {
	if o.interrupt == nil {
		return nil
	}
	return o.interrupt(name)
}

// CreateCopy writes rel as a copy of the output from, created before in this set,
// whose content is data: a hard link to it where the file system allows (a run's
// 网页版/ holds the public files again; at 1,000 units, 60 MB that need not be
// written and flushed twice), else a copy of data. Outputs are never changed in
// place (a later run renames new files over them), so the two names keep the
// same content.
func (o *Set) CreateCopy(rel, from string, data []byte) error {
	p := filepath.Join(o.stage, rel)
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if err := os.Link(filepath.Join(o.stage, from), p); err == nil {
		o.files = append(o.files, rel)
		return nil
	}
	return o.Create(rel, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// existing lists the outputs that would be replaced.
func (o *Set) existing() []string {
	var out []string
	for _, rel := range o.files {
		if _, err := os.Lstat(filepath.Join(o.dir, rel)); err == nil {
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out
}

// Commit moves every staged file into place. Without force it refuses (ErrExists)
// when any output already exists, and nothing is replaced.
func (o *Set) Commit() error {
	defer o.Abort()
	if !o.force {
		if ex := o.existing(); len(ex) > 0 {
			return fmt.Errorf("%w: %s", ErrExists, ListSome(ex, 5))
		}
	}
	if err := o.step("sync"); err != nil {
		return err
	}
	if err := o.waitSync(); err != nil {
		return err
	}
	for _, rel := range o.files {
		dst := filepath.Join(o.dir, rel)
		if err := o.mkdir(filepath.Dir(dst)); err != nil {
			return err
		}
		if err := o.step("rename " + rel); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(o.stage, rel), dst); err != nil {
			return err
		}
	}
	if err := o.step("dirsync"); err != nil {
		return err
	}
	if d, err := os.Open(o.dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Abort removes the staging folder (after Commit it holds only empty folders);
// without Commit nothing in the output folder changes. It may be called twice.
func (o *Set) Abort() {
	_ = o.waitSync()
	if o.stage != "" {
		os.RemoveAll(o.stage)
	}
}

// ListSome joins the first n names and says how many more there are.
func ListSome(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

// Dir is the output folder.
func (o *Set) Dir() string { return o.dir }

// Files are the outputs created so far (paths inside the output folder), in
// creation order.
func (o *Set) Files() []string { return o.files }
