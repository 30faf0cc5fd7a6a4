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

// FS is an in-memory transport, safe for concurrent use: a transport.FS
// with the fault-injection methods of its driver.
type FS struct {
	*transport.FS
	d *driver
}

// New returns an empty FS.
func New() *FS {
	d := &driver{files: map[string]file{}, dirs: map[string]bool{}, faults: map[int]error{}, locks: map[string]bool{}, cut: -1, now: time.Now}
	return &FS{FS: transport.New(d), d: d}
}

type driver struct {
	mu     sync.Mutex
	files  map[string]file
	dirs   map[string]bool
	locks  map[string]bool
	ops    int
	faults map[int]error // operation number (from 1) → error
	cut    int64         // cut the next Put after this many bytes; -1 none
	now    func() time.Time
}

type file struct {
	data    []byte
	modTime time.Time
}

var (
	_ transport.Driver = (*driver)(nil)
	_ transport.Locker = (*driver)(nil)
)

// FailOp makes the n-th operation from now (1 = the next) fail with err
// (ErrInjected when nil) before it does anything.
func (m *FS) FailOp(n int, err error) {
	m.d.mu.Lock()
	defer m.d.mu.Unlock()
	if err == nil {
		err = ErrInjected
	}
	m.d.faults[m.d.ops+n] = err
}

// CutNextPut makes the next Put read n bytes and then fail, as a dropped
// connection would.
func (m *FS) CutNextPut(n int64) {
	m.d.mu.Lock()
	defer m.d.mu.Unlock()
	m.d.cut = n
}

// Ops returns how many operations have been called.
func (m *FS) Ops() int {
	m.d.mu.Lock()
	defer m.d.mu.Unlock()
	return m.d.ops
}

// SetModTime sets the modification time of the file name, as a file
// written long ago would have.
func (m *FS) SetModTime(name string, t time.Time) error {
	m.d.mu.Lock()
	defer m.d.mu.Unlock()
	f, ok := m.d.files[name]
	if !ok {
		return fmt.Errorf("memory: %s: %w", name, fs.ErrNotExist)
	}
	f.modTime = t
	m.d.files[name] = f
	return nil
}

// PutPartial leaves a partial file of a Put of name, as a transfer cut
// short by a crash would, and returns its name.
func (m *FS) PutPartial(name string, data []byte) string {
	tmp := transport.PartialName(name)
	m.d.mu.Lock()
	defer m.d.mu.Unlock()
	m.d.files[tmp] = file{data: data, modTime: m.d.now()}
	return tmp
}

func (d *driver) String() string { return "memory" }

// begin counts an operation and returns its injected fault, if any.
func (d *driver) begin(ctx context.Context) error {
	d.ops++
	if err, ok := d.faults[d.ops]; ok {
		delete(d.faults, d.ops)
		return err
	}
	return ctx.Err()
}

func (d *driver) Put(ctx context.Context, name string, r io.Reader) error {
	d.mu.Lock()
	err := d.begin(ctx)
	cut := d.cut
	d.cut = -1
	_, exists := d.files[name]
	d.mu.Unlock()
	if err != nil {
		return err
	}
	if exists {
		return fs.ErrExist
	}
	var buf bytes.Buffer
	src := r
	if cut >= 0 {
		src = io.LimitReader(r, cut)
	}
	if _, err := io.Copy(&buf, src); err != nil {
		return err
	}
	if cut >= 0 {
		return fmt.Errorf("connection cut after %d bytes: %w", cut, ErrInjected)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.files[name]; ok {
		return fs.ErrExist
	}
	if d.dirs[name] {
		return fmt.Errorf("a folder: %w", fs.ErrExist)
	}
	if err := d.parents(name); err != nil {
		return err
	}
	d.files[name] = file{data: buf.Bytes(), modTime: d.now()}
	return nil
}

// parents makes the folders name is in.
func (d *driver) parents(name string) error {
	for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
		if _, ok := d.files[dir]; ok {
			return fmt.Errorf("%s is a file: %w", dir, fs.ErrInvalid)
		}
	}
	for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
		d.dirs[dir] = true
	}
	return nil
}

// MkdirAll makes folder dir and its parents.
func (d *driver) MkdirAll(ctx context.Context, dir string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.begin(ctx); err != nil {
		return err
	}
	if _, ok := d.files[dir]; ok {
		return fmt.Errorf("%s is a file: %w", dir, fs.ErrExist)
	}
	if err := d.parents(path.Join(dir, "x")); err != nil {
		return err
	}
	return nil
}

func (d *driver) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.begin(ctx); err != nil {
		return nil, err
	}
	f, ok := d.files[name]
	if !ok {
		if d.dirs[name] {
			return nil, fmt.Errorf("is a folder: %w", fs.ErrInvalid)
		}
		return nil, fs.ErrNotExist
	}
	return io.NopCloser(bytes.NewReader(f.data)), nil
}

func (d *driver) Stat(ctx context.Context, name string) (transport.Entry, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.begin(ctx); err != nil {
		return transport.Entry{}, err
	}
	if f, ok := d.files[name]; ok {
		return transport.Entry{Name: name, Size: int64(len(f.data)), ModTime: f.modTime}, nil
	}
	if d.dirs[name] {
		return transport.Entry{Name: name, IsDir: true}, nil
	}
	return transport.Entry{}, fs.ErrNotExist
}

func (d *driver) List(ctx context.Context, dir string) ([]transport.Entry, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.begin(ctx); err != nil {
		return nil, err
	}
	if dir != "." && !d.dirs[dir] {
		return nil, fs.ErrNotExist
	}
	var out []transport.Entry
	for name, f := range d.files {
		if path.Dir(name) == dir {
			out = append(out, transport.Entry{Name: path.Base(name), Size: int64(len(f.data)), ModTime: f.modTime})
		}
	}
	for sub := range d.dirs {
		if path.Dir(sub) == dir {
			out = append(out, transport.Entry{Name: path.Base(sub), IsDir: true})
		}
	}
	return out, nil
}

func (d *driver) Remove(ctx context.Context, name string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.begin(ctx); err != nil {
		return err
	}
	if _, ok := d.files[name]; !ok {
		return fs.ErrNotExist
	}
	delete(d.files, name)
	return nil
}

func (d *driver) Rename(ctx context.Context, oldname, newname string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.begin(ctx); err != nil {
		return err
	}
	f, ok := d.files[oldname]
	if !ok {
		return fs.ErrNotExist
	}
	if _, ok := d.files[newname]; ok || d.dirs[newname] {
		return fs.ErrExist
	}
	if dir := path.Dir(newname); dir != "." && !d.dirs[dir] {
		return fmt.Errorf("no folder %s: %w", dir, fs.ErrNotExist)
	}
	delete(d.files, oldname)
	d.files[newname] = f
	return nil
}

// Lock is a lock inside this process: memory is gone with it anyway.
func (d *driver) Lock(ctx context.Context, name string) (func() error, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.begin(ctx); err != nil {
		return nil, err
	}
	if d.locks[name] {
		return nil, transport.ErrLocked
	}
	d.locks[name] = true
	return sync.OnceValue(func() error {
		d.mu.Lock()
		defer d.mu.Unlock()
		delete(d.locks, name)
		return nil
	}), nil
}
