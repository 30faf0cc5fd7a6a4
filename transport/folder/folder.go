// Package folder is the transport to a local folder, the embedded default:
// every operation is confined to the folder (os.Root), a Put writes a
// partial file, syncs it and publishes it with a hard link that fails
// rather than overwrite, and a Rename does the same.
package folder

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sync"

	"github.com/icbatch/caselle/transport"
)

// FS is a local folder. Close it when done.
type FS struct {
	root *os.Root
	mu   sync.Mutex // serialises publishing, so two Puts of one name cannot both win
}

var (
	_ transport.FS       = (*FS)(nil)
	_ transport.DirMaker = (*FS)(nil)
)

// Open opens (and creates, if missing) the folder dir.
func Open(dir string) (*FS, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("folder: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("folder: %w", err)
	}
	return &FS{root: root}, nil
}

// Close releases the folder.
func (f *FS) Close() error { return f.root.Close() }

// Root returns the folder's path.
func (f *FS) Root() string { return f.root.Name() }

func partialName(name string) string {
	var b [8]byte
	rand.Read(b[:])
	dir, base := path.Split(name)
	return dir + transport.PartialPrefix + base + "-" + hex.EncodeToString(b[:])
}

// Put implements transport.FS.
func (f *FS) Put(ctx context.Context, name string, r io.Reader) (err error) {
	if err := transport.CheckName(name); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if dir := path.Dir(name); dir != "." {
		if err := f.root.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("folder: put %s: %w", name, err)
		}
	}
	if _, err := f.root.Lstat(name); err == nil {
		return fmt.Errorf("folder: put %s: %w", name, fs.ErrExist)
	}
	tmp := partialName(name)
	w, err := f.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("folder: put %s: %w", name, err)
	}
	defer func() {
		if w != nil {
			w.Close()
		}
		f.root.Remove(tmp) // published by link, or abandoned
	}()
	if _, err := io.Copy(w, transport.ContextReader(ctx, r)); err != nil {
		return fmt.Errorf("folder: put %s: %w", name, err)
	}
	if err := w.Sync(); err != nil {
		return fmt.Errorf("folder: put %s: %w", name, err)
	}
	err = w.Close()
	w = nil
	if err != nil {
		return fmt.Errorf("folder: put %s: %w", name, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.root.Link(tmp, name); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("folder: put %s: %w", name, fs.ErrExist)
		}
		return fmt.Errorf("folder: put %s: %w", name, err)
	}
	return nil
}

// Open implements transport.FS.
func (f *FS) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	if err := check(ctx, name); err != nil {
		return nil, err
	}
	fl, err := f.root.Open(name)
	if err != nil {
		return nil, fmt.Errorf("folder: %w", err)
	}
	if fi, err := fl.Stat(); err == nil && fi.IsDir() {
		fl.Close()
		return nil, fmt.Errorf("folder: open %s: is a folder: %w", name, fs.ErrInvalid)
	}
	return fl, nil
}

func check(ctx context.Context, name string) error {
	if err := transport.CheckName(name); err != nil {
		return err
	}
	return ctx.Err()
}

// Stat implements transport.FS.
func (f *FS) Stat(ctx context.Context, name string) (transport.Entry, error) {
	if err := check(ctx, name); err != nil {
		return transport.Entry{}, err
	}
	fi, err := f.root.Stat(name)
	if err != nil {
		return transport.Entry{}, fmt.Errorf("folder: %w", err)
	}
	return transport.FileEntry(name, fi), nil
}

// List implements transport.FS.
func (f *FS) List(ctx context.Context, dir string) ([]transport.Entry, error) {
	dir, err := transport.ListDir(dir)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d, err := f.root.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("folder: %w", err)
	}
	defer d.Close()
	des, err := d.ReadDir(-1)
	if err != nil {
		return nil, fmt.Errorf("folder: list %s: %w", dir, err)
	}
	var out []transport.Entry
	for _, de := range des {
		if transport.IsPartial(de.Name()) {
			continue
		}
		fi, err := de.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, transport.FileEntry(path.Join(dir, de.Name()), fi))
	}
	transport.SortEntries(out)
	return out, nil
}

// MkdirAll implements transport.DirMaker.
func (f *FS) MkdirAll(ctx context.Context, dir string) error {
	if err := check(ctx, dir); err != nil {
		return err
	}
	if err := f.root.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("folder: %w", err)
	}
	return nil
}

// Remove implements transport.FS.
func (f *FS) Remove(ctx context.Context, name string) error {
	if err := check(ctx, name); err != nil {
		return err
	}
	if err := f.root.Remove(name); err != nil {
		return fmt.Errorf("folder: %w", err)
	}
	return nil
}

// Rename implements transport.FS: link to the new name (which fails if it
// exists), then remove the old one.
func (f *FS) Rename(ctx context.Context, oldname, newname string) error {
	if err := check(ctx, oldname); err != nil {
		return err
	}
	if err := check(ctx, newname); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.root.Link(oldname, newname); err != nil {
		return fmt.Errorf("folder: rename %s to %s: %w", oldname, newname, err)
	}
	if err := f.root.Remove(oldname); err != nil {
		return fmt.Errorf("folder: rename %s to %s: %w", oldname, newname, err)
	}
	return nil
}
