// Package folder is the transport to a local folder, the embedded default:
// every operation is confined to the folder (os.Root); a Put writes a
// partial file, syncs it and publishes it with a hard link that fails
// rather than overwrite, and a Rename does the same; a Lock is an
// operating-system lock on a file in the folder (flock, LockFileEx) that
// dies with the process holding it.
package folder

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/icbatch/caselle/internal/durable"
	"github.com/icbatch/caselle/internal/flock"
	"github.com/icbatch/caselle/transport"
)

// Open opens (and creates, if missing) the folder dir as a transport.
func Open(dir string) (*transport.FS, error) {
	d, err := open(dir)
	if err != nil {
		return nil, err
	}
	return transport.New(d), nil
}

// OpenExisting is Open for a folder that must be there already: a
// missing one is an error matching fs.ErrNotExist, not made. Use it for a
// folder files are taken from or delivered to, where a misspelt name made
// anew would hold nothing to send, or files no one reads, without a word.
func OpenExisting(dir string) (*transport.FS, error) {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("folder %s: %w (make it first)", dir, fs.ErrNotExist)
	}
	if err != nil {
		return nil, fmt.Errorf("folder: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("folder %s: not a folder", dir)
	}
	return Open(dir)
}

// driver is a transport.Driver over an os.Root.
type driver struct {
	root *os.Root
	mu   sync.Mutex // serialises publishing, so two Puts of one name cannot both win
}

var (
	_ transport.Driver   = (*driver)(nil)
	_ transport.DirMaker = (*driver)(nil)
	_ transport.Locker   = (*driver)(nil)
)

func open(dir string) (*driver, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("folder: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("folder: %w", err)
	}
	return &driver{root: root}, nil
}

func (d *driver) String() string { return "folder " + d.root.Name() }

// Close releases the folder.
func (d *driver) Close() error { return d.root.Close() }

func (d *driver) Put(ctx context.Context, name string, r io.Reader) (err error) {
	if dir := path.Dir(name); dir != "." {
		if err := d.root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if _, err := d.root.Lstat(name); err == nil {
		return fs.ErrExist
	}
	tmp := transport.PartialName(name)
	w, err := d.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if w != nil {
			w.Close()
		}
		d.root.Remove(tmp) // published by link, or abandoned
	}()
	if _, err := io.Copy(w, r); err != nil {
		return err
	}
	if err := w.Sync(); err != nil {
		return err
	}
	err = w.Close()
	w = nil
	if err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.root.Link(tmp, name); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fs.ErrExist
		}
		return err
	}
	return d.syncDirOf(name)
}

// syncDirOf syncs the folder that holds name, so that the name just made
// outlasts a crash (internal/durable).
func (d *driver) syncDirOf(name string) error {
	f, err := d.root.Open(path.Dir(name))
	if err != nil {
		return err
	}
	return errors.Join(durable.Sync(f), f.Close())
}

func (d *driver) Open(_ context.Context, name string) (io.ReadCloser, error) {
	fl, err := d.root.Open(name)
	if err != nil {
		return nil, err
	}
	if fi, err := fl.Stat(); err == nil && fi.IsDir() {
		fl.Close()
		return nil, fmt.Errorf("is a folder: %w", fs.ErrInvalid)
	}
	return fl, nil
}

func (d *driver) Stat(_ context.Context, name string) (transport.Entry, error) {
	fi, err := d.root.Stat(name)
	if err != nil {
		return transport.Entry{}, err
	}
	return transport.FileEntry(name, fi), nil
}

func (d *driver) List(_ context.Context, dir string) ([]transport.Entry, error) {
	fl, err := d.root.Open(dir)
	if err != nil {
		return nil, err
	}
	defer fl.Close()
	des, err := fl.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	out := make([]transport.Entry, 0, len(des))
	for _, de := range des {
		fi, err := de.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, transport.FileEntry(de.Name(), fi))
	}
	return out, nil
}

func (d *driver) MkdirAll(_ context.Context, dir string) error {
	return d.root.MkdirAll(dir, 0o755)
}

func (d *driver) Remove(_ context.Context, name string) error {
	return d.root.Remove(name)
}

// Rename links the new name (which fails if it exists), then removes the
// old one.
func (d *driver) Rename(_ context.Context, oldname, newname string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.root.Link(oldname, newname); err != nil {
		return err
	}
	if err := d.syncDirOf(newname); err != nil {
		return err
	}
	if err := d.root.Remove(oldname); err != nil {
		return err
	}
	return d.syncDirOf(oldname)
}

// Lock locks the file name (created if missing; never removed, so that a
// lock is always on the same file) and writes into it who holds it.
func (d *driver) Lock(_ context.Context, name string) (func() error, error) {
	if dir := path.Dir(name); dir != "." {
		if err := d.root.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	f, err := d.root.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := flock.Lock(f); err != nil {
		if errors.Is(err, flock.ErrHeld) {
			holder, _ := io.ReadAll(io.LimitReader(f, 200))
			f.Close()
			if h := strings.TrimSpace(string(holder)); h != "" {
				return nil, fmt.Errorf("%w (%s)", transport.ErrLocked, h)
			}
			return nil, transport.ErrLocked
		}
		f.Close()
		return nil, err
	}
	host, _ := os.Hostname()
	f.Truncate(0)
	f.WriteAt([]byte("pid "+strconv.Itoa(os.Getpid())+" on "+host+" since "+time.Now().Format(time.RFC3339)+"\n"), 0)
	return sync.OnceValue(func() error {
		f.Truncate(0)
		return f.Close() // closing releases the lock
	}), nil
}
