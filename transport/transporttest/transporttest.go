// Package transporttest is the conformance suite every transport.FS runs:
// whole-or-nothing puts that never overwrite, renames that never
// overwrite, fs.ErrNotExist and fs.ErrExist, hostile names refused, and
// nothing visible after a failed or cancelled transfer.
package transporttest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/icbatch/caselle/transport"
)

// HostileNames are names every FS must refuse.
var HostileNames = []string{
	"", "/etc/passwd", "../x", "a/../../x", "a/./b", ".", "..", `a\b`, `..\x`, "a\x00b", "a\nb", "C:x", "dir/", "a//b",
}

// Run runs the suite; newFS returns an empty FS for each test.
func Run(t *testing.T, newFS func(t *testing.T) transport.FS) {
	ctx := context.Background()
	put := func(t *testing.T, f transport.FS, name, data string) {
		t.Helper()
		if err := f.Put(ctx, name, strings.NewReader(data)); err != nil {
			t.Fatalf("Put %s: %v", name, err)
		}
	}
	get := func(t *testing.T, f transport.FS, name string) string {
		t.Helper()
		rc, err := f.Open(ctx, name)
		if err != nil {
			t.Fatalf("Open %s: %v", name, err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("reading %s: %v", name, err)
		}
		return string(b)
	}
	names := func(t *testing.T, f transport.FS, dir string) string {
		t.Helper()
		es, err := f.List(ctx, dir)
		if err != nil {
			t.Fatalf("List %q: %v", dir, err)
		}
		var s []string
		for _, e := range es {
			n := e.Name
			if e.IsDir {
				n += "/"
			}
			s = append(s, n)
		}
		return strings.Join(s, " ")
	}

	t.Run("PutOpenStat", func(t *testing.T) {
		f := newFS(t)
		data := strings.Repeat("PDPMT Peña \r\n", 10000)
		put(t, f, "a.txt", data)
		if got := get(t, f, "a.txt"); got != data {
			t.Fatalf("read back %d bytes, wrote %d", len(got), len(data))
		}
		e, err := f.Stat(ctx, "a.txt")
		if err != nil || e.Size != int64(len(data)) || e.IsDir || e.Name != "a.txt" {
			t.Fatalf("Stat: %+v, %v", e, err)
		}
	})
	t.Run("PutCreatesFoldersAndListSorts", func(t *testing.T) {
		f := newFS(t)
		put(t, f, "ToInvoiceCloud/Invoices/UB/b.txt", "b")
		put(t, f, "ToInvoiceCloud/Invoices/UB/a.txt", "a")
		put(t, f, "top.txt", "t")
		if got, want := names(t, f, "ToInvoiceCloud/Invoices/UB"), "ToInvoiceCloud/Invoices/UB/a.txt ToInvoiceCloud/Invoices/UB/b.txt"; got != want {
			t.Fatalf("List = %q, want %q", got, want)
		}
		if got, want := names(t, f, ""), "ToInvoiceCloud/ top.txt"; got != want {
			t.Fatalf("List root = %q, want %q", got, want)
		}
		if _, err := f.List(ctx, "nope"); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("List of a missing folder: %v, want fs.ErrNotExist", err)
		}
	})
	t.Run("PutNeverOverwrites", func(t *testing.T) {
		f := newFS(t)
		put(t, f, "a.txt", "first")
		if err := f.Put(ctx, "a.txt", strings.NewReader("second")); !errors.Is(err, fs.ErrExist) {
			t.Fatalf("second Put: %v, want fs.ErrExist", err)
		}
		if got := get(t, f, "a.txt"); got != "first" {
			t.Fatalf("content %q after a refused Put", got)
		}
	})
	t.Run("FailedPutLeavesNothing", func(t *testing.T) {
		f := newFS(t)
		err := f.Put(ctx, "dir/cut.txt", io.MultiReader(strings.NewReader(strings.Repeat("x", 100000)), failing{}))
		if err == nil {
			t.Fatal("a Put whose source failed succeeded")
		}
		if _, err := f.Stat(ctx, "dir/cut.txt"); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("after a failed Put, Stat: %v, want fs.ErrNotExist", err)
		}
		if es, err := f.List(ctx, "dir"); err == nil && len(es) > 0 {
			t.Fatalf("after a failed Put, the folder holds %v", es)
		}
		put(t, f, "dir/cut.txt", "retried") // and the retry goes through
	})
	t.Run("CancelledPutLeavesNothing", func(t *testing.T) {
		f := newFS(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := f.Put(cctx, "c.txt", strings.NewReader("x")); err == nil {
			t.Fatal("a Put with a cancelled context succeeded")
		}
		if _, err := f.Stat(ctx, "c.txt"); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("Stat after a cancelled Put: %v", err)
		}
	})
	t.Run("MissingIsNotExist", func(t *testing.T) {
		f := newFS(t)
		if _, err := f.Open(ctx, "none.txt"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open: %v", err)
		}
		if _, err := f.Stat(ctx, "none.txt"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Stat: %v", err)
		}
		if err := f.Remove(ctx, "none.txt"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Remove: %v", err)
		}
		if err := f.Rename(ctx, "none.txt", "other.txt"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Rename: %v", err)
		}
	})
	t.Run("RenameNeverOverwrites", func(t *testing.T) {
		f := newFS(t)
		put(t, f, "a.txt", "a")
		put(t, f, "b.txt", "b")
		if err := f.Rename(ctx, "a.txt", "b.txt"); !errors.Is(err, fs.ErrExist) {
			t.Fatalf("Rename onto an existing file: %v, want fs.ErrExist", err)
		}
		if get(t, f, "a.txt") != "a" || get(t, f, "b.txt") != "b" {
			t.Fatal("a refused Rename changed a file")
		}
		if err := f.Rename(ctx, "a.txt", "a.txt.snt"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Stat(ctx, "a.txt"); !errors.Is(err, fs.ErrNotExist) || get(t, f, "a.txt.snt") != "a" {
			t.Fatalf("after Rename: old %v", err)
		}
		if err := f.Remove(ctx, "a.txt.snt"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("HostileNamesRefused", func(t *testing.T) {
		f := newFS(t)
		put(t, f, "ok.txt", "ok")
		for _, name := range HostileNames {
			checks := map[string]error{
				"Put":    f.Put(ctx, name, strings.NewReader("x")),
				"Remove": f.Remove(ctx, name),
				"Rename": f.Rename(ctx, "ok.txt", name),
			}
			_, checks["Open"] = f.Open(ctx, name)
			_, checks["Stat"] = f.Stat(ctx, name)
			if name != "" && name != "." { // List takes both as the root
				_, checks["List"] = f.List(ctx, name)
			}
			for op, err := range checks {
				if !errors.Is(err, transport.ErrBadName) || !errors.Is(err, fs.ErrInvalid) {
					t.Errorf("%s(%q): %v, want transport.ErrBadName", op, name, err)
				}
			}
		}
		if get(t, f, "ok.txt") != "ok" {
			t.Fatal("a refused name changed another file")
		}
	})
	t.Run("ConcurrentPutsOneWins", func(t *testing.T) {
		f := newFS(t)
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				err := f.Put(ctx, "race.txt", bytes.NewReader([]byte(fmt.Sprint("writer ", i))))
				if err == nil {
					mu.Lock()
					won++
					mu.Unlock()
				} else if !errors.Is(err, fs.ErrExist) {
					t.Errorf("Put: %v", err)
				}
			}(i)
		}
		wg.Wait()
		if won != 1 {
			t.Fatalf("%d concurrent Puts of one name succeeded, want 1", won)
		}
		if got := get(t, f, "race.txt"); !strings.HasPrefix(got, "writer ") {
			t.Fatalf("content %q", got)
		}
	})
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("source failed") }
