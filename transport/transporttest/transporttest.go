// Package transporttest is the conformance suite every transport.Driver
// runs, through the transport.FS over it: whole-or-nothing puts that never
// overwrite, renames that never overwrite, fs.ErrNotExist and fs.ErrExist,
// hostile and reserved names refused, nothing visible after a failed or
// cancelled transfer, one winner among concurrent puts, partial files
// swept by age, and locks when the driver has them.
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
	"time"

	"github.com/icbatch/caselle/transport"
)

// HostileNames are names every FS must refuse.
var HostileNames = []string{
	"", "/etc/passwd", "../x", "a/../../x", "a/./b", ".", "..", `a\b`, `..\x`, "a\x00b", "a\nb", "C:x", "dir/", "a//b",
}

// Run runs the suite; newDriver returns an empty driver for each test.
func Run(t *testing.T, newDriver func(t *testing.T) transport.Driver) {
	tests := []struct {
		name string
		run  func(*testing.T, *transport.FS)
	}{
		{"PutOpenStat", putOpenStat},
		{"PutCreatesFoldersAndListSorts", putCreatesFoldersAndListSorts},
		{"PutNeverOverwrites", putNeverOverwrites},
		{"FailedPutLeavesNothing", failedPutLeavesNothing},
		{"CancelledPutLeavesNothing", cancelledPutLeavesNothing},
		{"MissingIsNotExist", missingIsNotExist},
		{"RenameNeverOverwrites", renameNeverOverwrites},
		{"HostileNamesRefused", hostileNamesRefused},
		{"PartialNamesReserved", partialNamesReserved},
		{"ConcurrentPutsOneWins", concurrentPutsOneWins},
		{"SweepRemovesOldPartials", sweepRemovesOldPartials},
		{"Lock", lock},
		{"LongNamesFit", longNamesFit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, transport.New(newDriver(t))) })
	}
}

var ctx = context.Background()

// Files is what Put and Get use: a *transport.FS, or a type of a
// driver's own (memory's, with its faults) with the same methods.
type Files interface {
	Put(ctx context.Context, name string, r io.Reader) error
	Open(ctx context.Context, name string) (io.ReadCloser, error)
}

// Put puts data at name, failing t if it cannot.
func Put(t testing.TB, f Files, name, data string) {
	t.Helper()
	if err := f.Put(ctx, name, strings.NewReader(data)); err != nil {
		t.Fatalf("Put %s: %v", name, err)
	}
}

// Get returns what name holds, failing t if it cannot be read whole.
func Get(t testing.TB, f Files, name string) string {
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

func names(t *testing.T, f *transport.FS, dir string) string {
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

func putOpenStat(t *testing.T, f *transport.FS) {
	data := strings.Repeat("PDPMT Peña \r\n", 10000)
	Put(t, f, "a.txt", data)
	if got := Get(t, f, "a.txt"); got != data {
		t.Fatalf("read back %d bytes, wrote %d", len(got), len(data))
	}
	e, err := f.Stat(ctx, "a.txt")
	if err != nil || e.Size != int64(len(data)) || e.IsDir || e.Name != "a.txt" {
		t.Fatalf("Stat: %+v, %v", e, err)
	}
}

func putCreatesFoldersAndListSorts(t *testing.T, f *transport.FS) {
	Put(t, f, "ToInvoiceCloud/Invoices/UB/b.txt", "b")
	Put(t, f, "ToInvoiceCloud/Invoices/UB/a.txt", "a")
	Put(t, f, "top.txt", "t")
	if got, want := names(t, f, "ToInvoiceCloud/Invoices/UB"), "ToInvoiceCloud/Invoices/UB/a.txt ToInvoiceCloud/Invoices/UB/b.txt"; got != want {
		t.Fatalf("List = %q, want %q", got, want)
	}
	if got, want := names(t, f, ""), "ToInvoiceCloud/ top.txt"; got != want {
		t.Fatalf("List root = %q, want %q", got, want)
	}
	if _, err := f.List(ctx, "nope"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("List of a missing folder: %v, want fs.ErrNotExist", err)
	}
}

func putNeverOverwrites(t *testing.T, f *transport.FS) {
	Put(t, f, "a.txt", "first")
	if err := f.Put(ctx, "a.txt", strings.NewReader("second")); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second Put: %v, want fs.ErrExist", err)
	}
	if got := Get(t, f, "a.txt"); got != "first" {
		t.Fatalf("content %q after a refused Put", got)
	}
}

func failedPutLeavesNothing(t *testing.T, f *transport.FS) {
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
	Put(t, f, "dir/cut.txt", "retried") // and the retry goes through
}

func cancelledPutLeavesNothing(t *testing.T, f *transport.FS) {
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := f.Put(cctx, "c.txt", strings.NewReader("x")); !errors.Is(err, context.Canceled) {
		t.Fatalf("a Put with a cancelled context: %v, want context.Canceled", err)
	}
	if _, err := f.Stat(ctx, "c.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Stat after a cancelled Put: %v", err)
	}
	// Cancelled in the middle of the copy.
	cctx, cancel = context.WithCancel(ctx)
	err := f.Put(cctx, "c.txt", io.MultiReader(strings.NewReader(strings.Repeat("y", 70000)), cancelling(cancel), strings.NewReader("rest")))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a Put cancelled while copying: %v, want context.Canceled", err)
	}
	if _, err := f.Stat(ctx, "c.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Stat after a Put cancelled while copying: %v", err)
	}
}

func missingIsNotExist(t *testing.T, f *transport.FS) {
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
}

func renameNeverOverwrites(t *testing.T, f *transport.FS) {
	Put(t, f, "a.txt", "a")
	Put(t, f, "b.txt", "b")
	if err := f.Rename(ctx, "a.txt", "b.txt"); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Rename onto an existing file: %v, want fs.ErrExist", err)
	}
	if Get(t, f, "a.txt") != "a" || Get(t, f, "b.txt") != "b" {
		t.Fatal("a refused Rename changed a file")
	}
	if err := f.Rename(ctx, "a.txt", "a.txt.snt"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Stat(ctx, "a.txt"); !errors.Is(err, fs.ErrNotExist) || Get(t, f, "a.txt.snt") != "a" {
		t.Fatalf("after Rename: old %v", err)
	}
	if err := f.Remove(ctx, "a.txt.snt"); err != nil {
		t.Fatal(err)
	}
}

func hostileNamesRefused(t *testing.T, f *transport.FS) {
	Put(t, f, "ok.txt", "ok")
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
	if Get(t, f, "ok.txt") != "ok" {
		t.Fatal("a refused name changed another file")
	}
}

func partialNamesReserved(t *testing.T, f *transport.FS) {
	Put(t, f, "ok.txt", "ok")
	name := "dir/" + transport.PartialPrefix + "x.txt"
	if err := f.Put(ctx, name, strings.NewReader("x")); !errors.Is(err, transport.ErrBadName) {
		t.Errorf("Put of a partial name: %v, want transport.ErrBadName", err)
	}
	if err := f.Rename(ctx, "ok.txt", name); !errors.Is(err, transport.ErrBadName) {
		t.Errorf("Rename to a partial name: %v, want transport.ErrBadName", err)
	}
}

func concurrentPutsOneWins(t *testing.T, f *transport.FS) {
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
	if got := Get(t, f, "race.txt"); !strings.HasPrefix(got, "writer ") {
		t.Fatalf("content %q", got)
	}
}

// longNamesFit: a name as long as file systems allow (255 bytes) is
// uploaded and renamed, though its partial name would not fit uncut.
func longNamesFit(t *testing.T, f *transport.FS) {
	long := strings.Repeat("é", 100) + strings.Repeat("n", 51) + ".txt" // 255 bytes
	Put(t, f, "dir/"+long, "PH")
	if got := Get(t, f, "dir/"+long); got != "PH" {
		t.Fatalf("read back %q", got)
	}
	renamed := strings.Repeat("r", 251) + ".snt"
	if err := f.Rename(ctx, "dir/"+long, "dir/"+renamed); err != nil {
		t.Fatalf("Rename to a 255-byte name: %v", err)
	}
	if got := names(t, f, "dir"); got != "dir/"+renamed {
		t.Fatalf("List shows %q", got)
	}
}

func sweepRemovesOldPartials(t *testing.T, f *transport.FS) {
	Put(t, f, "dir/kept.txt", "kept")
	tmp := transport.PartialName("dir/cut.txt")
	if err := f.Driver().Put(ctx, tmp, strings.NewReader("half a file")); err != nil {
		t.Fatal(err)
	}
	if got := names(t, f, "dir"); got != "dir/kept.txt" {
		t.Fatalf("List shows %q, want the partial file hidden", got)
	}
	removed, err := f.Sweep(ctx, "dir", time.Hour)
	if err != nil || len(removed) != 0 {
		t.Fatalf("Sweep of partials younger than an hour removed %v (%v)", removed, err)
	}
	time.Sleep(20 * time.Millisecond)
	removed, err = f.Sweep(ctx, "dir", 0)
	if err != nil || len(removed) != 1 || removed[0] != tmp {
		t.Fatalf("Sweep removed %v (%v), want %s", removed, err, tmp)
	}
	if _, err := f.Driver().Stat(ctx, tmp); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the swept partial file: %v", err)
	}
	if Get(t, f, "dir/kept.txt") != "kept" {
		t.Fatal("Sweep touched a whole file")
	}
}

func lock(t *testing.T, f *transport.FS) {
	unlock, err := f.Lock(ctx, "dir/.lock")
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skip("the driver has no locks")
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Lock(ctx, "dir/.lock"); !errors.Is(err, transport.ErrLocked) {
		t.Fatalf("a second Lock: %v, want transport.ErrLocked", err)
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	again, err := f.Lock(ctx, "dir/.lock")
	if err != nil {
		t.Fatalf("Lock after unlock: %v", err)
	}
	again()
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("source failed") }

// cancelling cancels its context when read, and gives nothing.
type cancelling context.CancelFunc

func (c cancelling) Read([]byte) (int, error) {
	c()
	return 0, io.EOF
}
