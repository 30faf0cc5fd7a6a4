// Package agent moves files on Stratus's terms — Invoice Cloud's scheduled
// transfer agent — over any transport.FS.
//
// An Upload picks up the files with its extension from a local folder,
// puts each into a remote folder, and renames the local file to
// <name>.snt once it is sent ("snt" is never a task extension). A journal
// records each send before the rename, so a crash after the remote file is
// committed but before the local rename never sends the file twice: the
// rerun only renames it. A Download saves the remote files of a folder
// into a local one, skipping partial and temporary files and never
// overwriting. Transient errors are retried with capped backoff; a refused
// name, an existing file or a failed authentication is never retried.
package agent

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/icbatch/caselle/transport"
)

// SentExt is the extension a sent local file gets.
const SentExt = "snt"

// Journal remembers which files an upload has committed remotely.
type Journal interface {
	// Sent reports whether name was committed remotely and not yet
	// renamed locally.
	Sent(name string) (bool, error)
	// MarkSent records that name is committed remotely, durably.
	MarkSent(name string) error
	// MarkDone records that name's local rename is done.
	MarkDone(name string) error
}

// FileJournal is a Journal in an append-only text file: one "sent NAME"
// or "done NAME" line an event, synced before it returns.
type FileJournal struct {
	mu   sync.Mutex
	f    *os.File
	sent map[string]bool
}

// OpenJournal opens (or creates) the journal file at path.
func OpenJournal(p string) (*FileJournal, error) {
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("agent: journal: %w", err)
	}
	j := &FileJournal{f: f, sent: map[string]bool{}}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		op, name, ok := strings.Cut(sc.Text(), " ")
		switch {
		case ok && op == "sent":
			j.sent[name] = true
		case ok && op == "done":
			delete(j.sent, name)
		default:
			f.Close()
			return nil, fmt.Errorf("agent: journal %s:%d: want \"sent NAME\" or \"done NAME\", got %q", p, n, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		f.Close()
		return nil, fmt.Errorf("agent: journal %s: %w", p, err)
	}
	return j, nil
}

func (j *FileJournal) Sent(name string) (bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.sent[name], nil
}

func (j *FileJournal) record(op, name string) error {
	if strings.ContainsAny(name, "\n\r") {
		return fmt.Errorf("agent: journal: name %q", name)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := fmt.Fprintf(j.f, "%s %s\n", op, name); err != nil {
		return fmt.Errorf("agent: journal: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("agent: journal: %w", err)
	}
	if op == "sent" {
		j.sent[name] = true
	} else {
		delete(j.sent, name)
	}
	return nil
}

func (j *FileJournal) MarkSent(name string) error { return j.record("sent", name) }
func (j *FileJournal) MarkDone(name string) error { return j.record("done", name) }

// Close closes the journal file.
func (j *FileJournal) Close() error { return j.f.Close() }

// Retry says how transient errors are retried.
type Retry struct {
	Attempts int           // tries in all; default 4
	First    time.Duration // first wait; default 1s
	Max      time.Duration // cap on a wait; default 30s
}

// Permanent reports errors no retry can fix: a refused name, an existing
// or missing file, a cancelled context, and any error that says so with a
// Permanent() bool method (an SFTP authentication or host-key failure).
func Permanent(err error) bool {
	var p interface{ Permanent() bool }
	return errors.Is(err, fs.ErrInvalid) || errors.Is(err, fs.ErrExist) || errors.Is(err, fs.ErrNotExist) ||
		errors.Is(err, fs.ErrPermission) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &p) && p.Permanent())
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
		if err = op(); err == nil || Permanent(err) {
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

// Upload is a Stratus upload task.
type Upload struct {
	Local     transport.FS
	LocalDir  string // "" for the root
	Ext       string // extension to pick up, without the dot ("txt"); never "snt"
	Remote    transport.FS
	RemoteDir string
	Journal   Journal
	Retry     Retry
	// Progress, when set, is told how far each file has gone: at its
	// start, after every MiB and at its end.
	Progress Progress
}

// Progress receives the bytes sent of a file of total bytes.
type Progress func(name string, sent, total int64)

// progressReader reports reads to a Progress.
type progressReader struct {
	r           io.Reader
	name        string
	sent, total int64
	next        int64
	p           Progress
}

func (pr *progressReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	pr.sent += int64(n)
	if pr.sent >= pr.next || err == io.EOF {
		pr.p(pr.name, pr.sent, pr.total)
		pr.next = pr.sent + 1<<20
	}
	return n, err
}

// copyFile copies src:srcName to dst:dstName (whole or nothing), telling p.
func copyFile(ctx context.Context, dst transport.FS, dstName string, src transport.FS, srcName string, size int64, p Progress) error {
	if p == nil {
		return transport.Copy(ctx, dst, dstName, src, srcName)
	}
	rc, err := src.Open(ctx, srcName)
	if err != nil {
		return err
	}
	defer rc.Close()
	p(srcName, 0, size)
	return dst.Put(ctx, dstName, &progressReader{r: rc, name: srcName, total: size, next: 1 << 20, p: p})
}

// Result says what a run did.
type Result struct {
	Sent    []string // files sent (or, after a crash, only renamed)
	Skipped []string // files left alone, with why in Errors
	Errors  []error
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
	suffix := "." + strings.ToLower(strings.TrimPrefix(u.Ext, "."))
	var entries []transport.Entry
	err := u.Retry.do(ctx, func() error {
		var err error
		entries, err = u.Local.List(ctx, u.LocalDir)
		return err
	})
	if err != nil {
		return res, fmt.Errorf("agent: listing %q: %w", u.LocalDir, err)
	}
	for _, e := range entries {
		base := path.Base(e.Name)
		if e.IsDir || transport.IsPartial(e.Name) || !strings.HasSuffix(strings.ToLower(base), suffix) {
			continue
		}
		if err := u.send(ctx, e); err != nil {
			res.Skipped = append(res.Skipped, e.Name)
			res.Errors = append(res.Errors, fmt.Errorf("agent: %s: %w", e.Name, err))
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			continue
		}
		res.Sent = append(res.Sent, e.Name)
	}
	return res, nil
}

func (u *Upload) send(ctx context.Context, e transport.Entry) error {
	remote := path.Join(u.RemoteDir, path.Base(e.Name))
	sent, err := u.Journal.Sent(e.Name)
	if err != nil {
		return err
	}
	if !sent {
		err := u.Retry.do(ctx, func() error { return copyFile(ctx, u.Remote, remote, u.Local, e.Name, e.Size, u.Progress) })
		if errors.Is(err, fs.ErrExist) {
			// Committed by a run that stopped before its journal entry, or
			// another file of that name: only the first counts as sent.
			same, cerr := sameContent(ctx, u.Local, e.Name, u.Remote, remote)
			switch {
			case cerr != nil:
				return errors.Join(err, cerr)
			case !same:
				return fmt.Errorf("a different file %s is already there; it is never overwritten: %w", remote, err)
			}
			err = nil
		}
		if err != nil {
			return err
		}
		if err := u.Journal.MarkSent(e.Name); err != nil {
			return fmt.Errorf("sent, but the journal could not record it; rename it to .%s by hand: %w", SentExt, err)
		}
	}
	if err := u.Retry.do(ctx, func() error { return u.Local.Rename(ctx, e.Name, e.Name+"."+SentExt) }); err != nil {
		return fmt.Errorf("sent, but not renamed to .%s (the next run only renames it): %w", SentExt, err)
	}
	return u.Journal.MarkDone(e.Name)
}

// sameContent reports whether two files hold the same bytes.
func sameContent(ctx context.Context, a transport.FS, an string, b transport.FS, bn string) (bool, error) {
	ra, err := a.Open(ctx, an)
	if err != nil {
		return false, err
	}
	defer ra.Close()
	rb, err := b.Open(ctx, bn)
	if err != nil {
		return false, err
	}
	defer rb.Close()
	ba, bb := make([]byte, 32<<10), make([]byte, 32<<10)
	for {
		na, ea := io.ReadFull(ra, ba)
		nb, eb := io.ReadFull(rb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false, nil
		}
		if ea == io.EOF || ea == io.ErrUnexpectedEOF {
			return eb == io.EOF || eb == io.ErrUnexpectedEOF, nil
		}
		if ea != nil {
			return false, ea
		}
		if eb != nil {
			return false, eb
		}
	}
}

// Download is a Stratus download task.
type Download struct {
	Remote    transport.FS
	RemoteDir string
	Local     transport.FS
	LocalDir  string
	Retry     Retry
	Progress  Progress
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
	var entries []transport.Entry
	err := d.Retry.do(ctx, func() error {
		var err error
		entries, err = d.Remote.List(ctx, d.RemoteDir)
		return err
	})
	if err != nil {
		return res, fmt.Errorf("agent: listing %q: %w", d.RemoteDir, err)
	}
	for _, e := range entries {
		base := path.Base(e.Name)
		if e.IsDir || temporary(e.Name) {
			continue
		}
		// A remote name must be a clean name directly inside the folder
		// listed: "../x", "a\\b" or a path elsewhere never becomes a file.
		if err := transport.CheckName(e.Name); err != nil || path.Dir(e.Name) != path.Clean("./"+d.RemoteDir) {
			res.Skipped = append(res.Skipped, e.Name)
			res.Errors = append(res.Errors, fmt.Errorf("agent: remote name %q refused: %w", e.Name, transport.ErrBadName))
			continue
		}
		local := path.Join(d.LocalDir, base)
		if _, err := d.Local.Stat(ctx, local); err == nil {
			res.Skipped = append(res.Skipped, e.Name) // already here: never overwritten
			continue
		}
		err := d.Retry.do(ctx, func() error { return copyFile(ctx, d.Local, local, d.Remote, e.Name, e.Size, d.Progress) })
		if err != nil {
			res.Skipped = append(res.Skipped, e.Name)
			res.Errors = append(res.Errors, fmt.Errorf("agent: %s: %w", e.Name, err))
			continue
		}
		res.Sent = append(res.Sent, e.Name)
	}
	return res, nil
}
