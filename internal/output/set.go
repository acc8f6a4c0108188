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
	"sync/atomic"
)

// Set writes a set of output files safely (SPEC §10): every file is first
// written in full to a staging folder inside the output folder, and only when all of
// them are written are they renamed into place. An interrupted run (even kill -9)
// leaves the previous outputs as they were; existing outputs are kept unless force.
type Set struct {
	// Recovered are the files NewSet put in place for an earlier set in the same
	// folder that was killed after its commit point (Recover).
	Recovered []string

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

	// mu is held while the staged files are renamed into place: AbortAll waits
	// for a commit that has begun its renames (milliseconds) rather than leave
	// some outputs replaced and others not.
	mu sync.Mutex

	// committed is true from the commit record's writing until every file is in
	// place: the staging folder is then kept for Recover, whatever happens.
	committed bool

	// interrupt, in tests, is called at each step of writing and committing
	// ("write REL", "sync", "record", "rename REL", "dirsync"); an error stops the
	// set there as if the process had been killed at that point: killed is set,
	// and nothing is cleaned up.
	interrupt func(step string) error
	killed    bool
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
var ErrExists = errors.New("输出文件夹中已有同名的输出文件")

// ErrInterrupted is returned by Create and Commit once Interrupt was called.
var ErrInterrupted = errors.New("已中断：未写出任何输出，原有输出保持不变")

// The sets not yet committed or aborted, for AbortAll; and whether the process
// was interrupted (Interrupt).
var (
	liveMu      sync.Mutex
	live        = map[*Set]bool{}
	interrupted atomic.Bool
)

// Interrupt makes every later Create and Commit of any set fail with
// ErrInterrupted (SIGINT, SIGTERM): the command ends with its outputs as they
// were, and its deferred Abort removes the staging folder.
func Interrupt() { interrupted.Store(true) }

// AbortAll removes the staging folder of every set not yet committed or aborted,
// for a process that must end now (its commands did not return after
// Interrupt). A commit already renaming files is let finish.
func AbortAll() {
	Interrupt()
	liveMu.Lock()
	sets := make([]*Set, 0, len(live))
	for o := range live {
		sets = append(sets, o)
	}
	liveMu.Unlock()
	for _, o := range sets {
		o.mu.Lock()
		if !o.committed {
			os.RemoveAll(o.stage)
		}
		o.mu.Unlock()
	}
}

// NewSet prepares an output set for dir (created if needed): leftovers of a run
// that was killed are removed, and a fresh staging folder is made. Existing
// outputs are replaced only with force.
func NewSet(dir string, force bool) (*Set, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// A set that was killed after its commit point is finished first; what is
	// left of sets killed before it is removed.
	recovered, err := Recover(dir)
	if err != nil {
		return nil, err
	}
	old, _ := filepath.Glob(filepath.Join(dir, ".dteval-staging-*"))
	for _, o := range old {
		os.RemoveAll(o)
	}
	if interrupted.Load() {
		return nil, ErrInterrupted
	}
	stage, err := os.MkdirTemp(dir, ".dteval-staging-")
	if err != nil {
		return nil, err
	}
	o := &Set{dir: dir, force: force, stage: stage, Recovered: recovered}
	liveMu.Lock()
	live[o] = true
	liveMu.Unlock()
	return o, nil
}

// Create writes one output, rel being its path inside the output folder.
func (o *Set) Create(rel string, write func(w io.Writer) error) error {
	if interrupted.Load() {
		return ErrInterrupted
	}
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
	err := o.interrupt(name)
	if err != nil {
		o.killed = true
	}
	return err
}

// CreateCopy writes rel as a copy of the output from, created before in this set,
// whose content is data: a hard link to it where the file system allows (a run's
// 网页版/ holds the public files again; at 1,000 units, 60 MB that need not be
// written and flushed twice), else a copy of data. Outputs are never changed in
// place (a later run renames new files over them), so the two names keep the
// same content.
func (o *Set) CreateCopy(rel, from string, data []byte) error {
	if interrupted.Load() {
		return ErrInterrupted
	}
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

// LinkError refuses an output folder holding a symbolic link (or a file) where an
// output's folder goes: renaming into it would write outside the output folder.
type LinkError struct {
	Dir string // the output folder
	Rel string // the folder inside it that is a link or a file
}

func (e *LinkError) Error() string {
	return fmt.Sprintf("输出文件夹 %s 中的 %s 不是普通文件夹（是符号链接或文件）：为免写到输出文件夹以外，未写出任何文件。请删除或改名 %s 后重试，或用 -o 另选一个输出文件夹",
		e.Dir, filepath.ToSlash(e.Rel), filepath.Join(e.Dir, e.Rel))
}

// CheckFolders returns a *LinkError when one of folders (paths inside dir), or a
// folder on the way to it, exists and is not a plain folder: a symbolic link (to
// anywhere) or a file. dir itself may be a link: it is the folder the user named.
// An output file that is a link is not refused: the rename replaces the link, never
// follows it.
func CheckFolders(dir string, folders []string) error {
	seen := map[string]bool{}
	for _, f := range folders {
		for d := filepath.Clean(f); d != "." && d != string(filepath.Separator) && !seen[d]; d = filepath.Dir(d) {
			seen[d] = true
			fi, err := os.Lstat(filepath.Join(dir, d))
			if err != nil {
				continue // not there yet: made as a folder by the commit
			}
			if !fi.IsDir() { // IsDir is false for a link, even to a folder
				return &LinkError{Dir: dir, Rel: d}
			}
		}
	}
	return nil
}

// Commit moves every staged file into place. Without force it refuses (ErrExists)
// when any output already exists, and nothing is replaced. It refuses (*LinkError)
// an output folder where a folder of the outputs is a symbolic link or a file.
//
// The set changes all at once or not at all, even if the process is killed
// (kill -9) between two renames: once every staged file is on disk, the list of
// files is written to a commit record in the staging folder (the commit point),
// then the files are renamed into place and the staging folder is removed. A
// staging folder that still holds its commit record was committed and not
// finished; the next set in the same folder, or Recover, finishes its renames
// (roll forward), so the folder then holds the whole new set. Without the
// record, a staging folder is an unfinished set and is simply removed.
func (o *Set) Commit() error {
	defer o.Abort()
	folders := make([]string, len(o.files))
	for i, rel := range o.files {
		folders[i] = filepath.Dir(rel)
	}
	if err := CheckFolders(o.dir, folders); err != nil {
		return err
	}
	if !o.force {
		if ex := o.existing(); len(ex) > 0 {
			return fmt.Errorf("%w：%s", ErrExists, ListSome(ex, 5))
		}
	}
	if err := o.step("sync"); err != nil {
		return err
	}
	if err := o.waitSync(); err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if interrupted.Load() {
		return ErrInterrupted
	}
	if err := o.step("record"); err != nil {
		return err
	}
	if err := writeRecord(o.stage, o.files); err != nil {
		return err
	}
	// From here the set is committed: the staging folder is kept until every
	// file is in place, so that an error or a kill is finished by Recover.
	o.committed = true
	if err := finish(o.dir, o.stage, o.files, o.step); err != nil {
		return fmt.Errorf("%w（下次写出到同一文件夹时会自动补完）", err)
	}
	o.committed = false
	return nil
}

// commitRecord is the file, inside a staging folder, that lists the set's files
// once all of them are on disk: its presence marks the set as committed.
const commitRecord = ".dteval-commit"

// recordHeader is the first line of a commit record.
const recordHeader = "dteval commit v1"

// writeRecord writes the commit record of files into stage and flushes it and
// the staging folder to disk.
func writeRecord(stage string, files []string) error {
	var b strings.Builder
	b.WriteString(recordHeader + "\n")
	for _, rel := range files {
		b.WriteString(filepath.ToSlash(rel) + "\n")
	}
	p := filepath.Join(stage, commitRecord)
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = io.WriteString(f, b.String())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(p)
		return err
	}
	syncDir(stage)
	return nil
}

// readRecord reads the commit record of stage: the files of the committed set,
// or ok false when there is no (complete) record.
func readRecord(stage string) (files []string, ok bool) {
	b, err := os.ReadFile(filepath.Join(stage, commitRecord))
	if err != nil {
		return nil, false
	}
	text, complete := strings.CutSuffix(string(b), "\n")
	lines := strings.Split(text, "\n")
	if !complete || lines[0] != recordHeader {
		return nil, false
	}
	for _, l := range lines[1:] {
		rel := filepath.FromSlash(l)
		if l == "" || !filepath.IsLocal(rel) {
			return nil, false
		}
		files = append(files, rel)
	}
	return files, true
}

// finish renames the committed files of stage into dir, in order, skipping
// those already renamed (a finish that was itself interrupted), then flushes
// dir and removes stage. step is the test hook (nil outside tests).
func finish(dir, stage string, files []string, step func(string) error) error {
	made := map[string]bool{}
	for _, rel := range files {
		src := filepath.Join(stage, rel)
		if !staged(src) {
			continue // renamed already (a finish that was cut short), or not a staged file
		}
		dst := filepath.Join(dir, rel)
		if d := filepath.Dir(dst); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if step != nil {
			if err := step("rename " + rel); err != nil {
				return err
			}
		}
		if err := os.Rename(src, dst); err != nil {
			return err
		}
	}
	if step != nil {
		if err := step("dirsync"); err != nil {
			return err
		}
	}
	syncDir(dir)
	// The record goes first: a staging folder without it is only removed.
	if err := os.Remove(filepath.Join(stage, commitRecord)); err != nil {
		return err
	}
	syncDir(stage)
	return os.RemoveAll(stage)
}

// syncDir flushes a folder's entries to disk (best effort).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Recover finishes, in dir, every set that was committed but not finished (its
// process was killed while renaming the files into place): the rest of its files
// are renamed into place. It returns the files it put in place. Staging folders
// without a commit record are left alone (they may belong to a set still being
// written); NewSet removes them.
func Recover(dir string) ([]string, error) {
	stages, _ := filepath.Glob(filepath.Join(dir, ".dteval-staging-*"))
	var done []string
	for _, stage := range stages {
		files, ok := readRecord(stage)
		if !ok {
			continue
		}
		folders := make([]string, len(files))
		for i, rel := range files {
			folders[i] = filepath.Dir(rel)
		}
		if err := CheckFolders(dir, folders); err != nil {
			return done, err
		}
		var left []string
		for _, rel := range files {
			if staged(filepath.Join(stage, rel)) {
				left = append(left, rel)
			}
		}
		if err := finish(dir, stage, files, recoverStep); err != nil {
			return done, fmt.Errorf("无法补完 %s 中上次中断的输出：%w", dir, err)
		}
		done = append(done, left...)
	}
	return done, nil
}

// staged reports whether path is a file of a staging folder: a regular file (a
// record naming a folder or a link was not written by Commit, and is not followed).
func staged(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode().IsRegular()
}

// recoverStep is Recover's test hook (nil outside tests).
var recoverStep func(string) error

// Abort removes the staging folder (after Commit it holds only empty folders);
// without Commit nothing in the output folder changes. It may be called twice.
// A set past its commit point keeps its staging folder for Recover.
func (o *Set) Abort() {
	_ = o.waitSync()
	if o.stage != "" && !o.committed && !o.killed {
		os.RemoveAll(o.stage)
	}
	liveMu.Lock()
	delete(live, o)
	liveMu.Unlock()
}

// ListSome joins the first n names and says how many more there are.
func ListSome(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, "、")
	}
	return fmt.Sprintf("%s 等 %d 个", strings.Join(names[:n], "、"), len(names))
}

// Dir is the output folder.
func (o *Set) Dir() string { return o.dir }

// Files are the outputs created so far (paths inside the output folder), in
// creation order.
func (o *Set) Files() []string { return o.files }
