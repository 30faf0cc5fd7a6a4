// Package transport moves money files between a biller and Invoice Cloud
// safely: a file is delivered whole, exactly once, or not at all.
//
// The common task, the next free name and a file delivered whole:
//
//	f, err := folder.Open("/srv/stratus") // or sftp.Dial, memory.New().FS
//	name, err := transport.NextName(ctx, f, transport.ICName{Kind: transport.Payments, Biller: "SPANFORK", Date: day, Ext: "txt"})
//	err = f.Put(ctx, name.Path(), file) // written under a hidden partial name, renamed when whole
//
// FS is the portable type every caller uses, over a Driver that each
// place files live implements with raw operations only — a local folder
// (transport/folder, the embedded default), memory with fault injection
// (transport/memory), SFTP (transport/sftp, Stratus), or anyone's own, as
// gocloud.dev/blob's Bucket sits over driver.Bucket. What must hold for
// every driver happens once, in FS: remote names are hostile, so CheckName
// refuses absolute paths, "..", backslashes, NUL and control characters
// before a driver sees them; names of partial files are reserved; the
// context is checked before each call and between reads of a Put; List
// hides partial files and sorts by name; errors name the operation and the
// file, and match fs.ErrNotExist and fs.ErrExist with errors.Is. A Put
// makes a file visible only when it succeeds and never overwrites; Rename
// never overwrites either. transport/transporttest is the conformance
// suite every driver runs.
package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Entry describes a file or folder.
type Entry struct {
	Name    string // path relative to the FS root, slash-separated
	Size    int64
	ModTime time.Time
	IsDir   bool
}

// FileEntry is the Entry for name of what fi describes.
func FileEntry(name string, fi fs.FileInfo) Entry {
	return Entry{Name: name, Size: fi.Size(), ModTime: fi.ModTime(), IsDir: fi.IsDir()}
}

// Driver is what a place files live implements. FS checks every name
// before a driver sees it, so a driver gets only clean slash-separated
// names relative to its root (and "." for the root in List). It must keep
// these promises, which transporttest checks:
//   - Put writes all of r as name, creating parent folders; the file is
//     visible only once whole, and on any error nothing is left under name
//     (write to a PartialName and publish it, or use a store's own atomic
//     create). An existing name is never overwritten: fs.ErrExist.
//   - Rename never overwrites: fs.ErrExist.
//   - Open, Stat, Remove and Rename of a missing name: fs.ErrNotExist.
//   - List returns the entries directly inside dir, each Name the base
//     name, in any order, partial files included (FS hides them).
type Driver interface {
	Put(ctx context.Context, name string, r io.Reader) error
	Open(ctx context.Context, name string) (io.ReadCloser, error)
	Stat(ctx context.Context, name string) (Entry, error)
	List(ctx context.Context, dir string) ([]Entry, error)
	Remove(ctx context.Context, name string) error
	Rename(ctx context.Context, oldname, newname string) error
}

// DirMaker is an optional Driver capability: making a folder and its
// parents. Put makes parent folders itself; this is for preparing a tree.
type DirMaker interface {
	MkdirAll(ctx context.Context, dir string) error
}

// Locker is an optional Driver capability: an exclusive lock held by one
// process at a time, released by calling unlock or when the process ends.
// A lock that is held elsewhere is ErrLocked at once, never waited for.
type Locker interface {
	Lock(ctx context.Context, name string) (unlock func() error, err error)
}

// FS is a place files travel to or from: a Driver with the checks every
// place needs. Make one with New, or with a driver package's constructor
// (folder.Open, sftp.Dial, memory.New). It is safe for concurrent use
// when its driver is.
type FS struct {
	d    Driver
	kind string
}

// New returns the FS over d. Errors begin with d's String() when d has
// one ("sftp biller@host:22"), else "transport".
func New(d Driver) *FS {
	kind := "transport"
	if s, ok := d.(fmt.Stringer); ok {
		kind = s.String()
	}
	return &FS{d: d, kind: kind}
}

// Driver returns the driver under f, for a driver's own methods.
func (f *FS) Driver() Driver { return f.d }

func (f *FS) wrap(op, name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %s %s: %w", f.kind, op, name, err)
}

// begin checks a name and the context before an operation.
func (f *FS) begin(ctx context.Context, op, name string) error {
	if err := CheckName(name); err != nil {
		return f.wrap(op, name, err)
	}
	return f.wrap(op, name, ctx.Err())
}

// Put writes the whole of r as name, creating parent folders. The file
// becomes visible only when Put returns nil; on any error nothing is left
// under name. An existing name is never overwritten (fs.ErrExist). Names
// of partial files (PartialPrefix) are refused.
func (f *FS) Put(ctx context.Context, name string, r io.Reader) error {
	if err := f.begin(ctx, "put", name); err != nil {
		return err
	}
	if IsPartial(name) {
		return f.wrap("put", name, fmt.Errorf("%w %q: names starting %q are reserved for transfers in progress", ErrBadName, name, PartialPrefix))
	}
	return f.wrap("put", name, f.d.Put(ctx, name, ContextReader(ctx, r)))
}

// Open opens name for reading (fs.ErrNotExist when missing).
func (f *FS) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	if err := f.begin(ctx, "open", name); err != nil {
		return nil, err
	}
	rc, err := f.d.Open(ctx, name)
	if err != nil {
		return nil, f.wrap("open", name, err)
	}
	return rc, nil
}

// Stat describes name (fs.ErrNotExist when missing).
func (f *FS) Stat(ctx context.Context, name string) (Entry, error) {
	if err := f.begin(ctx, "stat", name); err != nil {
		return Entry{}, err
	}
	e, err := f.d.Stat(ctx, name)
	if err != nil {
		return Entry{}, f.wrap("stat", name, err)
	}
	e.Name = name
	return e, nil
}

// List returns the entries of folder dir ("" or "." for the root), sorted
// by name, without the partial files of Puts in progress. Each Name is the
// path from the root. An entry whose name is not one clean name (a hostile
// server's "../x" or "a\b") is returned as it came, joined to dir without
// cleaning, so that CheckName refuses it wherever it is used.
func (f *FS) List(ctx context.Context, dir string) ([]Entry, error) {
	es, err := f.list(ctx, dir)
	if err != nil {
		return nil, err
	}
	es = slices.DeleteFunc(es, func(e Entry) bool { return IsPartial(e.Name) })
	slices.SortFunc(es, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	return es, nil
}

// list is List with partial files and in the driver's order.
func (f *FS) list(ctx context.Context, dir string) ([]Entry, error) {
	if dir == "" {
		dir = "."
	}
	if dir != "." {
		if err := f.begin(ctx, "list", dir); err != nil {
			return nil, err
		}
	} else if err := ctx.Err(); err != nil {
		return nil, f.wrap("list", dir, err)
	}
	es, err := f.d.List(ctx, dir)
	if err != nil {
		return nil, f.wrap("list", dir, err)
	}
	for i := range es {
		if dir != "." {
			es[i].Name = dir + "/" + es[i].Name
		}
	}
	return es, nil
}

// Remove removes the file name (fs.ErrNotExist when missing).
func (f *FS) Remove(ctx context.Context, name string) error {
	if err := f.begin(ctx, "remove", name); err != nil {
		return err
	}
	return f.wrap("remove", name, f.d.Remove(ctx, name))
}

// Rename renames oldname to newname, never overwriting (fs.ErrExist).
func (f *FS) Rename(ctx context.Context, oldname, newname string) error {
	if err := f.begin(ctx, "rename", oldname); err != nil {
		return err
	}
	if err := CheckName(newname); err != nil {
		return f.wrap("rename", oldname, err)
	}
	if IsPartial(newname) {
		return f.wrap("rename", oldname, fmt.Errorf("%w %q: names starting %q are reserved for transfers in progress", ErrBadName, newname, PartialPrefix))
	}
	return f.wrap("rename", oldname+" to "+newname, f.d.Rename(ctx, oldname, newname))
}

// MkdirAll makes folder dir and its parents, when the driver can
// (errors.ErrUnsupported when it cannot).
func (f *FS) MkdirAll(ctx context.Context, dir string) error {
	if err := f.begin(ctx, "mkdir", dir); err != nil {
		return err
	}
	dm, ok := f.d.(DirMaker)
	if !ok {
		return f.wrap("mkdir", dir, errors.ErrUnsupported)
	}
	return f.wrap("mkdir", dir, dm.MkdirAll(ctx, dir))
}

// Lock takes the exclusive lock name (a file of that name where the driver
// keeps it) and returns how to release it. A lock held by another process,
// or by another Lock call of this one, is ErrLocked at once; a driver that
// cannot lock gives errors.ErrUnsupported.
func (f *FS) Lock(ctx context.Context, name string) (unlock func() error, err error) {
	if err := f.begin(ctx, "lock", name); err != nil {
		return nil, err
	}
	l, ok := f.d.(Locker)
	if !ok {
		return nil, f.wrap("lock", name, errors.ErrUnsupported)
	}
	unlock, err = l.Lock(ctx, name)
	if err != nil {
		return nil, f.wrap("lock", name, err)
	}
	return unlock, nil
}

// Sweep removes the partial files in dir last written before olderThan
// ago: what Puts cut short by a crash or a dropped connection left behind.
// A partial file younger than that may be a Put still in progress and is
// left alone. It returns the names removed.
func (f *FS) Sweep(ctx context.Context, dir string, olderThan time.Duration) ([]string, error) {
	es, err := f.list(ctx, dir)
	if err != nil {
		return nil, err
	}
	cutoff := time.Now().Add(-olderThan)
	var removed []string
	var errs []error
	for _, e := range es {
		if e.IsDir || !IsPartial(e.Name) || !e.ModTime.Before(cutoff) || CheckName(e.Name) != nil {
			continue
		}
		if err := f.d.Remove(ctx, e.Name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, f.wrap("sweep", e.Name, err))
			continue
		}
		removed = append(removed, e.Name)
	}
	return removed, errors.Join(errs...)
}

// Close releases the driver, when it holds anything to release.
func (f *FS) Close() error {
	if c, ok := f.d.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// ErrBadName reports a name CheckName refuses; it matches fs.ErrInvalid.
var ErrBadName = fmt.Errorf("transport: bad file name: %w", fs.ErrInvalid)

// ErrLocked reports a lock another process (or another caller) holds.
var ErrLocked = errors.New("transport: locked by another process")

// PartialPrefix starts the names of files being written: lists leave them
// out, downloads skip them, and FS refuses them as names of its own.
const PartialPrefix = ".partial-"

// CheckName refuses names that could escape a folder or mean something
// else on another system: empty, absolute, with "." or ".." elements,
// backslashes, NUL or other control characters, or a trailing slash.
func CheckName(name string) error {
	bad := func(why string) error { return fmt.Errorf("%w %q: %s", ErrBadName, name, why) }
	switch {
	case name == "":
		return bad("empty")
	case strings.HasPrefix(name, "/"):
		return bad("absolute paths are refused")
	case strings.HasSuffix(name, "/"):
		return bad("ends with a slash")
	case strings.Contains(name, `\`):
		return bad("backslashes are refused")
	case len(name) > 1 && name[1] == ':':
		return bad("drive letters are refused")
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return bad("control characters and NUL are refused")
		}
	}
	for _, el := range strings.Split(name, "/") {
		switch el {
		case "":
			return bad("empty path element")
		case ".", "..":
			return bad(`"." and ".." are refused`)
		}
	}
	return nil
}

// CheckDir is CheckName for a folder, which may also be the root ("" or
// ".").
func CheckDir(dir string) error {
	if dir == "" || dir == "." {
		return nil
	}
	return CheckName(dir)
}

// ContextReader returns a reader that stops with ctx.Err() once ctx ends,
// so a long copy is cancellable between reads.
func ContextReader(ctx context.Context, r io.Reader) io.Reader {
	return ctxReader{ctx, r}
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// IsPartial reports whether a name is a partial file of a Put in progress.
func IsPartial(name string) bool {
	i := strings.LastIndexByte(name, '/')
	return strings.HasPrefix(name[i+1:], PartialPrefix)
}

// PartialName returns a new name for the partial file of a Put of name,
// beside it: dir/.partial-<base>-<random>.
func PartialName(name string) string {
	return HiddenName(name, "-"+randomHex(8))
}

// maxBase is the longest file name most file systems take (NAME_MAX).
const maxBase = 255

// HiddenName returns dir/.partial-<base><suffix> for name dir/base, a name
// listings hide and Sweep removes when old. base is cut short (at a
// character boundary) when the whole would pass the 255 bytes most file
// systems allow, so that a name that fits has a partial name that fits.
func HiddenName(name, suffix string) string {
	i := strings.LastIndexByte(name, '/')
	base := name[i+1:]
	if room := maxBase - len(PartialPrefix) - len(suffix); len(base) > room {
		cut := max(room, 0)
		for cut > 0 && !utf8.RuneStart(base[cut]) {
			cut--
		}
		base = base[:cut]
	}
	return name[:i+1] + PartialPrefix + base + suffix
}

// Copy copies srcName from src to dstName in dst with Put's semantics:
// whole or nothing, never overwriting.
func Copy(ctx context.Context, dst *FS, dstName string, src *FS, srcName string) error {
	rc, err := src.Open(ctx, srcName)
	if err != nil {
		return err
	}
	defer rc.Close()
	return dst.Put(ctx, dstName, rc)
}
