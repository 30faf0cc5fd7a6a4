package transport_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/folder"
	"github.com/icbatch/caselle/transport/memory"
	"github.com/icbatch/caselle/transport/transporttest"
)

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"a.txt", "ToInvoiceCloud/Invoices/UB/SPANFORK_INV_UB_20261125_001.txt", "a b.txt", "Peña.txt", ".hidden"} {
		if err := transport.CheckName(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range transporttest.HostileNames {
		if err := transport.CheckName(bad); !errors.Is(err, transport.ErrBadName) || !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if !transport.IsPartial("dir/.partial-x.txt-1234") || transport.IsPartial("dir/x.txt") {
		t.Error("IsPartial")
	}
}

func TestContextReaderStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := transport.ContextReader(ctx, strings.NewReader("abcdef"))
	buf := make([]byte, 3)
	if n, err := r.Read(buf); n != 3 || err != nil {
		t.Fatalf("first read = %d, %v; want 3, nil", n, err)
	}
	cancel()
	if n, err := r.Read(buf); n != 0 || !errors.Is(err, context.Canceled) {
		t.Fatalf("read after cancel = %d, %v; want 0, context.Canceled", n, err)
	}
}

// TestCopy: Copy has Put's semantics across two trees: the file whole or
// not at all, never over one already there, and a failed copy can be
// tried again.
func TestCopy(t *testing.T) {
	ctx := context.Background()
	src := memory.New()
	dst, err := folder.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	const name, data = "ToInvoiceCloud/Payments/SPANFORK_PMT_20261125_001.txt", "PH one\r\nPT two\r\n"
	transporttest.Put(t, src, name, data)
	if err := dst.MkdirAll(ctx, "in"); err != nil {
		t.Fatal(err)
	}
	nothing := func(when string) {
		t.Helper()
		if es, err := dst.List(ctx, "in"); err != nil || len(es) != 0 {
			t.Fatalf("%s: in/ holds %v (%v); want nothing", when, es, err)
		}
	}

	if err := transport.Copy(ctx, dst, "in/p.txt", src.FS, "missing.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing source: %v, want fs.ErrNotExist", err)
	}
	nothing("after a missing source")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := transport.Copy(cancelled, dst, "in/p.txt", src.FS, name); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v, want context.Canceled", err)
	}
	nothing("after a cancelled copy")

	// A transfer cut short leaves nothing on the side written to.
	cut := memory.New()
	cut.CutNextPut(5)
	if err := transport.Copy(ctx, cut.FS, "p.txt", src.FS, name); err == nil {
		t.Fatal("a cut copy succeeded")
	}
	if _, err := cut.Stat(ctx, "p.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("after a cut copy, p.txt: %v; want fs.ErrNotExist", err)
	}
	if err := transport.Copy(ctx, cut.FS, "p.txt", src.FS, name); err != nil {
		t.Fatalf("copy again after the cut: %v", err)
	}

	if err := transport.Copy(ctx, dst, "in/p.txt", src.FS, name); err != nil {
		t.Fatal(err)
	}
	transporttest.Put(t, src, "other.txt", "another file")
	if err := transport.Copy(ctx, dst, "in/p.txt", src.FS, "other.txt"); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("copy over a file: %v, want fs.ErrExist", err)
	}
	for _, got := range []struct {
		fs   *transport.FS
		name string
	}{{dst, "in/p.txt"}, {src.FS, name}, {cut.FS, "p.txt"}} {
		if b := transporttest.Get(t, got.fs, got.name); b != data {
			t.Errorf("%s: %q, want %q", got.name, b, data)
		}
	}
}
