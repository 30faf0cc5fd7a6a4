// Package agent moves files on Stratus's terms — Invoice Cloud's scheduled
// transfer agent — over any transport.FS.
//
// The common task, a scheduled upload that never sends a file twice:
//
//	j, err := agent.OpenJournal("outbox/.icbatch-send.journal")
//	u := &agent.Upload{Local: outbox, Ext: "txt", Remote: stratus, RemoteDir: "ToInvoiceCloud/Invoices/UB", Journal: j, Log: logger}
//	res, err := u.Run(ctx) // res.Sent, res.Errors; sent files renamed to .snt
//
// An Upload picks up the files with its extension from a local folder
// (never a dot-file, such as its own journal), puts each into a remote
// folder, and renames the local file to <name>.snt once it is sent ("snt"
// is never a task extension). A journal records what was sent — name,
// size and SHA-256 — before the rename, so a crash after the remote file is
// committed but before the local rename never sends the file twice: the
// rerun finds the same file in the journal and only renames it, while a
// new file that merely has the name of an old entry is sent. A file read
// whose size differs from its listing (still being written) is left for
// the next run.
//
// A Download saves the remote files of a folder into a local one,
// skipping partial and temporary files and never overwriting. A remote
// file is saved only if the size listed, the bytes read and the size the
// server reports after the copy all agree, so a file still being written
// is left for a later run instead of being saved short; MinAge can ask
// for a quiet time too. A local copy that differs in size from the
// remote file is reported, never skipped silently.
//
// Each task locks its local folder, so a second agent on the same folder
// says so (ErrRunning) and does nothing. Transient errors are retried with
// capped backoff over a live connection (the SFTP transport redials);
// what no retry can fix (transport.Permanent) is reported at once.
// Partial files that cut transfers left are swept after SweepAfter.
//
// One window stays open, as in any transfer without the receiver's help:
// a crash after the remote commit and before the journal entry is synced,
// followed by the other side taking the file away before the rerun, sends
// the file again on the rerun (at least once, never lost).
package agent

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"log/slog"
	"path"
	"strings"
	"time"

	"github.com/icbatch/caselle/transport"
)

// SentExt is the extension a sent local file gets.
const SentExt = "snt"

// LockName is the lock file a task holds in its local folder.
const LockName = ".icbatch-agent.lock"

// ErrRunning reports a task whose local folder another agent is working on.
var ErrRunning = errors.New("agent: another agent is already running on this folder")

// DefaultSweepAfter is how old a partial file must be before a task
// removes it, unless the task says otherwise.
const DefaultSweepAfter = 24 * time.Hour

// Retry says how transient errors are retried.
type Retry struct {
	Attempts int           // tries in all; default 4
	First    time.Duration // first wait; default 1s
	Max      time.Duration // cap on a wait; default 30s
}

func (r Retry) do(ctx context.Context, op func() error) error {
	attempts, wait, maxWait := r.Attempts, r.First, r.Max
	if attempts < 1 {
		attempts = 4
	}
	if wait <= 0 {
		wait = time.Second
	}
	if maxWait <= 0 {
		maxWait = 30 * time.Second
	}
	var err error
	for i := 0; i < attempts; i++ {
		if err = op(); err == nil || transport.Permanent(err) {
			return err
		}
		if i == attempts-1 {
			break
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, maxWait)
	}
	return fmt.Errorf("after %d attempts: %w", attempts, err)
}

// list lists the folder dir of fs, retrying as r says.
func (r Retry) list(ctx context.Context, fs *transport.FS, dir string) ([]transport.Entry, error) {
	var entries []transport.Entry
	err := r.do(ctx, func() error {
		var err error
		entries, err = fs.List(ctx, dir)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("agent: listing %q: %w", dir, err)
	}
	return entries, nil
}

// Progress receives the bytes sent of a file of total bytes.
type Progress func(name string, sent, total int64)

// Result says what a run did.
type Result struct {
	Sent    []string // files sent or saved (after a crash, perhaps only renamed)
	Skipped []string // files left alone: already there, or refused (why in Errors)
	Later   []string // files still being written, left for the next run
	Swept   []string // partial files of earlier cut transfers, removed
	Errors  []error
}

func (r *Result) fail(name string, err error) {
	r.Skipped = append(r.Skipped, name)
	r.Errors = append(r.Errors, fmt.Errorf("agent: %s: %w", name, err))
}

// settle notes a file that was not moved: for the next run when it
// changed while being read, failed (logged as failed) otherwise. It
// reports whether the run must stop, its context being done.
func (r *Result) settle(ctx context.Context, name string, err error, log *slog.Logger, failed string) bool {
	if changed := (*errChanged)(nil); errors.As(err, &changed) {
		r.Later = append(r.Later, name)
		log.Info("left for the next run", "file", name, "why", err)
		return false
	}
	r.fail(name, err)
	log.Error(failed, "file", name, "err", err)
	return ctx.Err() != nil
}

// errChanged reports a file whose size or time moved while it was read.
type errChanged struct{ what string }

func (e *errChanged) Error() string   { return e.what + "; left for the next run" }
func (e *errChanged) Permanent() bool { return true } // for this run

// exactReader passes on a file that must hold want bytes: more, or fewer
// by EOF, or check failing at EOF, is errChanged instead of EOF, so that
// the Put it feeds fails and publishes nothing.
type exactReader struct {
	r     io.Reader
	name  string
	n     int64
	want  int64
	check func() error
	// progress, when set, hears of every MiB and of the end.
	progress Progress
	next     int64
}

func (x *exactReader) Read(p []byte) (int, error) {
	n, err := x.r.Read(p)
	x.n += int64(n)
	if x.n > x.want {
		return n, &errChanged{fmt.Sprintf("%s grew while it was read: listed %d bytes, read %d so far", x.name, x.want, x.n)}
	}
	if x.progress != nil && (x.n >= x.next || err == io.EOF) {
		x.progress(x.name, x.n, x.want)
		x.next = x.n + 1<<20
	}
	if err != io.EOF {
		return n, err
	}
	if x.n != x.want {
		return n, &errChanged{fmt.Sprintf("%s changed while it was read: listed %d bytes, read %d", x.name, x.want, x.n)}
	}
	if x.check != nil {
		if err := x.check(); err != nil {
			return n, err
		}
	}
	return n, io.EOF
}

// unchanged returns a check that the file e of f still has the size and
// modification time it was listed with, for the end of its copy: a file
// the other side wrote on meanwhile is not copied (errChanged).
func unchanged(ctx context.Context, f *transport.FS, e transport.Entry) func() error {
	return func() error {
		now, err := f.Stat(ctx, e.Name)
		if err != nil {
			return err
		}
		if now.Size != e.Size || !now.ModTime.Equal(e.ModTime) {
			return &errChanged{fmt.Sprintf("%s changed while it was copied: listed %d bytes at %s, now %d at %s",
				e.Name, e.Size, e.ModTime.Format(time.RFC3339Nano), now.Size, now.ModTime.Format(time.RFC3339Nano))}
		}
		return nil
	}
}

// tooRecent reports a file modified less than minAge ago (0: none is),
// noting it in res as left for a later run.
func tooRecent(e transport.Entry, minAge time.Duration, res *Result, log *slog.Logger) bool {
	if minAge <= 0 || time.Since(e.ModTime) >= minAge {
		return false
	}
	res.Later = append(res.Later, e.Name)
	log.Info("left for a later run: modified too recently", "file", e.Name, "modified", e.ModTime, "min age", minAge)
	return true
}

// identify reads a file and returns its Identity.
func identify(ctx context.Context, r Retry, f *transport.FS, name string) (Identity, error) {
	var id Identity
	err := r.do(ctx, func() error {
		rc, err := f.Open(ctx, name)
		if err != nil {
			return err
		}
		defer rc.Close()
		h := sha256.New()
		n, err := io.Copy(h, transport.ContextReader(ctx, rc))
		if err != nil {
			return err
		}
		id = Identity{Size: n, SHA256: sum(h)}
		return nil
	})
	return id, err
}

func sum(h hash.Hash) (s [sha256.Size]byte) {
	h.Sum(s[:0])
	return s
}

// lockFolder takes the task lock of dir in f, when f can lock.
func lockFolder(ctx context.Context, f *transport.FS, dir string) (func() error, error) {
	unlock, err := f.Lock(ctx, path.Join(dir, LockName))
	switch {
	case errors.Is(err, errors.ErrUnsupported):
		return func() error { return nil }, nil
	case errors.Is(err, transport.ErrLocked):
		return nil, fmt.Errorf("%w (%q): %w", ErrRunning, dir, err)
	case err != nil:
		return nil, fmt.Errorf("agent: locking %q: %w", dir, err)
	}
	return unlock, nil
}

// sweep removes the old partial files of dir, as a task's first step.
func sweep(ctx context.Context, f *transport.FS, dir string, after time.Duration, res *Result, log *slog.Logger) {
	if after < 0 {
		return
	}
	if after == 0 {
		after = DefaultSweepAfter
	}
	removed, err := f.Sweep(ctx, dir, after)
	for _, n := range removed {
		log.Info("removed an old partial file", "file", n, "older than", after)
	}
	res.Swept = append(res.Swept, removed...)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		res.Errors = append(res.Errors, fmt.Errorf("agent: sweeping %q: %w", dir, err))
	}
}

func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}

// hook, when set by a test, is called at each step of a transfer.
var hook func(step string)

func step(s string) {
	if hook != nil {
		hook(s)
	}
}

// Upload is a Stratus upload task.
type Upload struct {
	Local     *transport.FS
	LocalDir  string // "" for the root
	Ext       string // extension to pick up, without the dot ("txt"); never "snt"
	Remote    *transport.FS
	RemoteDir string
	Journal   Journal
	Retry     Retry
	// Progress, when set, is told how far each file has gone: at its
	// start, after every MiB and at its end.
	Progress Progress
	// Vet, when set, reads each file before it is sent and refuses one
	// that must not go (one that does not validate): it stays, is not
	// sent, and is reported in the Result's Errors on every run until a
	// person moves it or mends it. The agent reads no file kinds itself
	// (transport sits below them); the icbatch command's agent vets
	// Invoice Cloud files with the kinds' readers.
	Vet func(ctx context.Context, name string, r io.Reader) error
	// MinAge leaves a local file modified less than this long ago for a
	// later run, as one the ERP may still be writing; 0: none. Either way
	// a file that changes while it is sent is not sent (it waits for a
	// run that finds it still).
	MinAge time.Duration
	// SweepAfter is how old a partial file in RemoteDir must be for a run
	// to remove it: DefaultSweepAfter when 0; negative: never.
	SweepAfter time.Duration
	Log        *slog.Logger // nil: no log
}

// Check says what is wrong with the task, or nil.
func (u *Upload) Check() error {
	ext := strings.TrimPrefix(strings.ToLower(u.Ext), ".")
	switch {
	case ext == "":
		return errors.New("agent: an upload task needs an extension")
	case ext == SentExt:
		return fmt.Errorf("agent: %q cannot be an upload extension: sent files are renamed to .%s", u.Ext, SentExt)
	case u.Local == nil || u.Remote == nil || u.Journal == nil:
		return errors.New("agent: an upload task needs Local, Remote and Journal")
	}
	if err := transport.CheckDir(u.LocalDir); err != nil {
		return err
	}
	return transport.CheckDir(u.RemoteDir)
}

// Run sends every waiting file once. A file's problem is reported in the
// Result and the others go on; the error is for the task as a whole.
func (u *Upload) Run(ctx context.Context) (Result, error) {
	var res Result
	if err := u.Check(); err != nil {
		return res, err
	}
	log := logger(u.Log)
	unlock, err := lockFolder(ctx, u.Local, u.LocalDir)
	if err != nil {
		return res, err
	}
	defer unlock()
	if j, ok := u.Journal.(*FileJournal); ok && j.Recovered != "" {
		log.Warn(j.Recovered)
	}
	sweep(ctx, u.Remote, u.RemoteDir, u.SweepAfter, &res, log)
	suffix := "." + strings.ToLower(strings.TrimPrefix(u.Ext, "."))
	entries, err := u.Retry.list(ctx, u.Local, u.LocalDir)
	if err != nil {
		return res, err
	}
	for _, e := range entries {
		base := path.Base(e.Name)
		if e.IsDir || strings.HasPrefix(base, ".") || !strings.HasSuffix(strings.ToLower(base), suffix) {
			continue
		}
		if stopping(ctx) {
			log.Info("stopping: the rest waits for the next run")
			break
		}
		if tooRecent(e, u.MinAge, &res, log) {
			continue
		}
		if err := u.send(ctx, e, log); err == nil {
			res.Sent = append(res.Sent, e.Name)
			log.Info("sent", "file", e.Name, "to", u.RemoteDir, "bytes", e.Size)
		} else if res.settle(ctx, e.Name, err, log, "not sent") {
			return res, ctx.Err()
		}
	}
	return res, nil
}

func (u *Upload) send(ctx context.Context, e transport.Entry, log *slog.Logger) error {
	remote := path.Join(u.RemoteDir, path.Base(e.Name))
	id, pending, err := u.Journal.Sent(e.Name)
	if err != nil {
		return err
	}
	if pending {
		local, err := identify(ctx, u.Retry, u.Local, e.Name)
		if err != nil {
			return err
		}
		if local != id {
			log.Warn("the journal's entry is of another file of this name; sending this one", "file", e.Name, "journal", id, "file now", local)
			pending = false
		}
	}
	if !pending {
		if err := u.vet(ctx, e); err != nil {
			return err
		}
		if id, err = u.upload(ctx, e, remote); err != nil {
			return err
		}
		step("put")
		if err := u.Journal.MarkSent(e.Name, id); err != nil {
			return fmt.Errorf("sent, but the journal could not record it (the next run finds it sent and only renames it): %w", err)
		}
		step("journaled")
	}
	// What is renamed .snt must be what was sent: a file rewritten since it
	// was read (a second export of the same name) keeps its name, and the
	// next run finds it is not what the journal says was sent.
	if err := unchanged(ctx, u.Local, e)(); err != nil {
		return fmt.Errorf("sent, but not renamed: %w", err)
	}
	if err := u.rename(ctx, e.Name, id); err != nil {
		return err
	}
	step("renamed")
	return u.Journal.MarkDone(e.Name)
}

// vet reads the local file e through Vet, when there is one.
func (u *Upload) vet(ctx context.Context, e transport.Entry) error {
	if u.Vet == nil {
		return nil
	}
	rc, err := u.Local.Open(ctx, e.Name)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := u.Vet(ctx, e.Name, transport.ContextReader(ctx, rc)); err != nil {
		return &refusedError{err}
	}
	return nil
}

// refusedError is a file Vet refused: not sent.
type refusedError struct{ err error }

func (e *refusedError) Error() string { return "refused, not sent: " + e.err.Error() }
func (e *refusedError) Unwrap() error { return e.err }

// upload puts the local file e at remote and returns what it sent.
func (u *Upload) upload(ctx context.Context, e transport.Entry, remote string) (Identity, error) {
	var id Identity
	err := u.Retry.do(ctx, func() error {
		rc, err := u.Local.Open(ctx, e.Name)
		if err != nil {
			return err
		}
		defer rc.Close()
		h := sha256.New()
		if u.Progress != nil {
			u.Progress(e.Name, 0, e.Size)
		}
		x := &exactReader{r: io.TeeReader(rc, h), name: e.Name, want: e.Size, check: unchanged(ctx, u.Local, e), progress: u.Progress, next: 1 << 20}
		if err := u.Remote.Put(ctx, remote, x); err != nil {
			return err
		}
		id = Identity{Size: e.Size, SHA256: sum(h)}
		return nil
	})
	if !errors.Is(err, fs.ErrExist) {
		return id, err
	}
	// Committed by a run that stopped before its journal entry, or another
	// file of that name: only the same content counts as sent.
	local, lerr := identify(ctx, u.Retry, u.Local, e.Name)
	there, rerr := identify(ctx, u.Retry, u.Remote, remote)
	switch {
	case lerr != nil || rerr != nil:
		return id, errors.Join(err, lerr, rerr)
	case local != there:
		return id, fmt.Errorf("a different file %s is already there (%s; this one: %s); it is never overwritten: %w", remote, there, local, err)
	}
	return local, nil
}

// rename gives the sent local file its .snt name. A rename cut short by a
// crash can leave both names holding the file: then the old one goes.
func (u *Upload) rename(ctx context.Context, name string, id Identity) error {
	snt := name + "." + SentExt
	err := u.Retry.do(ctx, func() error { return u.Local.Rename(ctx, name, snt) })
	if errors.Is(err, fs.ErrExist) {
		there, ierr := identify(ctx, u.Retry, u.Local, snt)
		if ierr == nil && there == id {
			err = u.Retry.do(ctx, func() error { return u.Local.Remove(ctx, name) })
		} else {
			err = fmt.Errorf("sent, but %s already exists and holds another file: rename one of them by hand: %w", snt, err)
		}
	}
	if err != nil {
		return fmt.Errorf("sent, but not renamed to .%s (the next run only renames it): %w", SentExt, err)
	}
	return nil
}

// same compares the local file with the remote file e, written there
// again since the local copy was saved: the same bytes are the copy
// (Invoice Cloud touched it); others are a reissued file.
func (d *Download) same(ctx context.Context, local string, e transport.Entry) error {
	here, err := identify(ctx, d.Retry, d.Local, local)
	if err != nil {
		return err
	}
	there, err := identify(ctx, d.Retry, d.Remote, e.Name)
	switch {
	case err != nil:
		return err
	case here != there:
		return fmt.Errorf("the remote file was written again (%s) after %s was saved here, and now holds other bytes of the same size: not overwritten; compare them (a corrected file reissued under the same name?) and move the local copy aside to take the new one",
			e.ModTime.Format(time.RFC3339), local)
	}
	return nil
}

// Download is a Stratus download task.
type Download struct {
	Remote    *transport.FS
	RemoteDir string
	Local     *transport.FS
	LocalDir  string
	Retry     Retry
	Progress  Progress
	// MinAge leaves a remote file modified less than this long ago for a
	// later run, as one the other side may still be writing; 0: none.
	MinAge time.Duration
	// SweepAfter is how old a partial file in LocalDir must be for a run
	// to remove it: DefaultSweepAfter when 0; negative: never.
	SweepAfter time.Duration
	Log        *slog.Logger // nil: no log
}

// temporary reports names a download must skip: partial files and the
// usual temporary extensions of uploads in progress.
func temporary(name string) bool {
	lower := strings.ToLower(name)
	return transport.IsPartial(name) || strings.HasPrefix(path.Base(name), ".") ||
		strings.HasSuffix(lower, ".tmp") || strings.HasSuffix(lower, ".part") || strings.HasSuffix(lower, ".filepart")
}

// Run saves every remote file not yet in the local folder. Remote names
// are checked before use: one that could land outside the local folder is
// skipped and reported.
func (d *Download) Run(ctx context.Context) (Result, error) {
	var res Result
	if d.Remote == nil || d.Local == nil {
		return res, errors.New("agent: a download task needs Remote and Local")
	}
	if err := transport.CheckDir(d.LocalDir); err != nil {
		return res, err
	}
	if err := transport.CheckDir(d.RemoteDir); err != nil {
		return res, err
	}
	log := logger(d.Log)
	unlock, err := lockFolder(ctx, d.Local, d.LocalDir)
	if err != nil {
		return res, err
	}
	defer unlock()
	sweep(ctx, d.Local, d.LocalDir, d.SweepAfter, &res, log)
	entries, err := d.Retry.list(ctx, d.Remote, d.RemoteDir)
	if err != nil {
		return res, err
	}
	for _, e := range entries {
		if e.IsDir || temporary(e.Name) {
			continue
		}
		if stopping(ctx) {
			log.Info("stopping: the rest waits for the next run")
			break
		}
		// A remote name must be a clean name directly inside the folder
		// listed: "../x", "a\\b" or a path elsewhere never becomes a file.
		if err := transport.CheckName(e.Name); err != nil || path.Dir(e.Name) != path.Clean("./"+d.RemoteDir) {
			res.fail(e.Name, fmt.Errorf("remote name refused: %w", transport.ErrBadName))
			continue
		}
		if tooRecent(e, d.MinAge, &res, log) {
			continue
		}
		saved, err := d.save(ctx, e)
		switch {
		case err == nil && saved:
			res.Sent = append(res.Sent, e.Name)
			log.Info("saved", "file", e.Name, "bytes", e.Size)
		case err == nil:
			res.Skipped = append(res.Skipped, e.Name) // already here: never overwritten
		case res.settle(ctx, e.Name, err, log, "not saved"):
			return res, ctx.Err()
		}
	}
	return res, nil
}

// save copies the remote file e into the local folder, unless the copy
// is there already. A local file of that name that is not the remote
// one is an error, never overwritten: of another size; or of the same
// size (as fixed-width files of as many records are) when the remote
// file was written again after the copy was saved, and reads otherwise.
func (d *Download) save(ctx context.Context, e transport.Entry) (bool, error) {
	local := path.Join(d.LocalDir, path.Base(e.Name))
	le, err := d.Local.Stat(ctx, local)
	switch {
	case err == nil && le.Size == e.Size && !e.ModTime.After(le.ModTime):
		return false, nil // saved here after it was last written there
	case err == nil && le.Size == e.Size:
		return false, d.same(ctx, local, e)
	case err == nil:
		return false, fmt.Errorf("the local copy %s holds %d bytes and the remote file %d: not overwritten; compare them and remove the wrong one", local, le.Size, e.Size)
	case !errors.Is(err, fs.ErrNotExist):
		return false, err
	}
	recheck := unchanged(ctx, d.Remote, e)
	err = d.Retry.do(ctx, func() error {
		rc, err := d.Remote.Open(ctx, e.Name)
		if err != nil {
			return err
		}
		defer rc.Close()
		if d.Progress != nil {
			d.Progress(e.Name, 0, e.Size)
		}
		return d.Local.Put(ctx, local, &exactReader{r: rc, name: e.Name, want: e.Size, check: recheck, progress: d.Progress, next: 1 << 20})
	})
	if err != nil {
		return false, err
	}
	step("saved")
	return true, nil
}
