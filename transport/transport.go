// Package transport moves money files between a biller and Invoice Cloud
// safely: a file is delivered whole, exactly once, or not at all.
//
// FS is the small interface every place files live implements — a local
// folder (transport/folder, the embedded default), memory with fault
// injection (transport/memory), and, as they land, SFTP (Stratus) and
// e-mail. Every call takes a context.Context. Put makes a file visible only
// when it succeeds and never overwrites; Rename never overwrites either;
// errors match fs.ErrNotExist and fs.ErrExist with errors.Is. Remote names
// are hostile: CheckName refuses absolute paths, "..", backslashes, NUL and
// control characters before any implementation sees them. Optional
// capabilities are separate interfaces found by type assertion, as io/fs
// does. transport/transporttest is the conformance suite every
// implementation runs.
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

// FS is a place files travel to or from.
type FS interface {
	// Put writes the whole of r as name, creating parent folders. The file
	// becomes visible only when Put returns nil; on any error nothing is
	// left under name. An existing name is never overwritten (fs.ErrExist).
	Put(ctx context.Context, name string, r io.Reader) error
	// Open opens name for reading (fs.ErrNotExist when missing).
	Open(ctx context.Context, name string) (io.ReadCloser, error)
	// Stat describes name (fs.ErrNotExist when missing).
	Stat(ctx context.Context, name string) (Entry, error)
	// List returns the entries of folder dir ("" or "." for the root),
	// sorted by name, without the partial files of Puts in progress.
	List(ctx context.Context, dir string) ([]Entry, error)
	// Remove removes the file name (fs.ErrNotExist when missing).
	Remove(ctx context.Context, name string) error
	// Rename renames oldname to newname, never overwriting (fs.ErrExist).
	Rename(ctx context.Context, oldname, newname string) error
}

// DirMaker is an optional capability: making a folder and its parents.
// Put makes parent folders itself; this is for preparing a tree.
type DirMaker interface {
	MkdirAll(ctx context.Context, dir string) error
}

// ErrBadName reports a name CheckName refuses; it matches fs.ErrInvalid.
var ErrBadName = fmt.Errorf("transport: bad file name: %w", fs.ErrInvalid)

// PartialPrefix starts the names of files being written: lists leave them
// out and downloads skip them.
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

// CheckDir is CheckName for List, which also takes the root ("" or ".").
func CheckDir(dir string) error {
	if dir == "" || dir == "." {
		return nil
	}
	return CheckName(dir)
}

// ListDir checks a List argument and spells the root ".", as every FS's
// List begins.
func ListDir(dir string) (string, error) {
	if dir == "" {
		return ".", nil
	}
	return dir, CheckDir(dir)
}

// ContextReader returns a reader that stops with ctx.Err() once ctx ends,
// so a long copy inside Put is cancellable between reads.
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

// SortEntries puts a List result in name order, as every FS returns it.
func SortEntries(es []Entry) {
	slices.SortFunc(es, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
}

// IsPartial reports whether a name is a partial file of a Put in progress.
func IsPartial(name string) bool {
	i := strings.LastIndexByte(name, '/')
	return strings.HasPrefix(name[i+1:], PartialPrefix)
}

// Copy copies srcName from src to dstName in dst with Put's semantics:
// whole or nothing, never overwriting.
func Copy(ctx context.Context, dst FS, dstName string, src FS, srcName string) error {
	rc, err := src.Open(ctx, srcName)
	if err != nil {
		return err
	}
	defer rc.Close()
	return dst.Put(ctx, dstName, rc)
}

// Errors for implementations to wrap.
var (
	ErrClosed = errors.New("transport: closed")
)
