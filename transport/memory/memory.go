// Package memory is a transport held in memory, for tests: the same
// semantics as a folder, plus fault injection — fail the Nth operation,
// or cut a transfer short after a number of bytes — to show that a failed
// transfer leaves nothing behind and that callers retry correctly.
package memory

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sync"
	"time"

	"github.com/icbatch/caselle/transport"
)

// ErrInjected is the error a fault injects unless another is given.
var ErrInjected = errors.New("memory: injected fault")

// FS is an in-memory transport, safe for concurrent use.
type FS struct {
	mu     sync.Mutex
	files  map[string]file
	dirs   map[string]bool
	ops    int
	faults map[int]error // operation number (from 1) → error
	cut    int64         // cut the next Put after this many bytes; -1 none
	now    func() time.Time
}

type file struct {
	data    []byte
	modTime time.Time
}

var _ transport.FS = (*FS)(nil)

// New returns an empty FS.
func New() *FS {
	return &FS{files: map[string]file{}, dirs: map[string]bool{}, faults: map[int]error{}, cut: -1, now: time.Now}
}

// FailOp makes the n-th operation from now (1 = the next) fail with err
// (ErrInjected when nil) before it does anything.
func (m *FS) FailOp(n int, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err == nil {
		err = ErrInjected
	}
	m.faults[m.ops+n] = err
}

// CutNextPut makes the next Put read n bytes and then fail, as a dropped
// connection would.
func (m *FS) CutNextPut(n int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cut = n
}

// Ops returns how many operations have been called.
func (m *FS) Ops() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.ops
}

// begin counts an operation and returns its injected fault, if any.
func (m *FS) begin(ctx context.Context) error {
	m.ops++
	if err, ok := m.faults[m.ops]; ok {
		delete(m.faults, m.ops)
		return err
	}
	return ctx.Err()
}

// Put implements transport.FS.
func (m *FS) Put(ctx context.Context, name string, r io.Reader) error {
	if err := transport.CheckName(name); err != nil {
		return err
	}
	m.mu.Lock()
	err := m.begin(ctx)
	cut := m.cut
	m.cut = -1
	_, exists := m.files[name]
	m.mu.Unlock()
	if err != nil {
		return fmt.Errorf("memory: put %s: %w", name, err)
	}
	if exists {
		return fmt.Errorf("memory: put %s: %w", name, fs.ErrExist)
	}
	var buf bytes.Buffer
	src := r
	if cut >= 0 {
		src = io.LimitReader(r, cut)
	}
	if _, err := io.Copy(&buf, src); err != nil {
		return fmt.Errorf("memory: put %s: %w", name, err)
	}
	if cut >= 0 {
		return fmt.Errorf("memory: put %s: connection cut after %d bytes: %w", name, cut, ErrInjected)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.files[name]; ok {
		return fmt.Errorf("memory: put %s: %w", name, fs.ErrExist)
	}
	if m.dirs[name] {
		return fmt.Errorf("memory: put %s: a folder: %w", name, fs.ErrExist)
	}
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if _, ok := m.files[d]; ok {
			return fmt.Errorf("memory: put %s: %s is a file: %w", name, d, fs.ErrInvalid)
		}
		m.dirs[d] = true
	}
	m.files[name] = file{data: buf.Bytes(), modTime: m.now()}
	return nil
}

// Open implements transport.FS.
func (m *FS) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	if err := transport.CheckName(name); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx); err != nil {
		return nil, fmt.Errorf("memory: open %s: %w", name, err)
	}
	f, ok := m.files[name]
	if !ok {
		if m.dirs[name] {
			return nil, fmt.Errorf("memory: open %s: is a folder: %w", name, fs.ErrInvalid)
		}
		return nil, fmt.Errorf("memory: open %s: %w", name, fs.ErrNotExist)
	}
	return io.NopCloser(bytes.NewReader(f.data)), nil
}

// Stat implements transport.FS.
func (m *FS) Stat(ctx context.Context, name string) (transport.Entry, error) {
	if err := transport.CheckName(name); err != nil {
		return transport.Entry{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx); err != nil {
		return transport.Entry{}, fmt.Errorf("memory: stat %s: %w", name, err)
	}
	if f, ok := m.files[name]; ok {
		return transport.Entry{Name: name, Size: int64(len(f.data)), ModTime: f.modTime}, nil
	}
	if m.dirs[name] {
		return transport.Entry{Name: name, IsDir: true}, nil
	}
	return transport.Entry{}, fmt.Errorf("memory: stat %s: %w", name, fs.ErrNotExist)
}

// List implements transport.FS.
func (m *FS) List(ctx context.Context, dir string) ([]transport.Entry, error) {
	dir, err := transport.ListDir(dir)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx); err != nil {
		return nil, fmt.Errorf("memory: list %s: %w", dir, err)
	}
	if dir != "." && !m.dirs[dir] {
		return nil, fmt.Errorf("memory: list %s: %w", dir, fs.ErrNotExist)
	}
	var out []transport.Entry
	for name, f := range m.files {
		if path.Dir(name) == dir {
			out = append(out, transport.Entry{Name: name, Size: int64(len(f.data)), ModTime: f.modTime})
		}
	}
	for d := range m.dirs {
		if path.Dir(d) == dir {
			out = append(out, transport.Entry{Name: d, IsDir: true})
		}
	}
	transport.SortEntries(out)
	return out, nil
}

// Remove implements transport.FS.
func (m *FS) Remove(ctx context.Context, name string) error {
	if err := transport.CheckName(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx); err != nil {
		return fmt.Errorf("memory: remove %s: %w", name, err)
	}
	if _, ok := m.files[name]; !ok {
		return fmt.Errorf("memory: remove %s: %w", name, fs.ErrNotExist)
	}
	delete(m.files, name)
	return nil
}

// Rename implements transport.FS.
func (m *FS) Rename(ctx context.Context, oldname, newname string) error {
	if err := transport.CheckName(oldname); err != nil {
		return err
	}
	if err := transport.CheckName(newname); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx); err != nil {
		return fmt.Errorf("memory: rename %s: %w", oldname, err)
	}
	f, ok := m.files[oldname]
	if !ok {
		return fmt.Errorf("memory: rename %s: %w", oldname, fs.ErrNotExist)
	}
	if _, ok := m.files[newname]; ok || m.dirs[newname] {
		return fmt.Errorf("memory: rename %s to %s: %w", oldname, newname, fs.ErrExist)
	}
	if d := path.Dir(newname); d != "." && !m.dirs[d] {
		return fmt.Errorf("memory: rename %s to %s: no folder %s: %w", oldname, newname, d, fs.ErrNotExist)
	}
	delete(m.files, oldname)
	m.files[newname] = f
	return nil
}
