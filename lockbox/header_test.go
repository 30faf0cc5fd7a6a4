package lockbox_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
)

// TestHeaderFirstAndLine: Header called first reads as far as the file
// header; Line names each payment's 6 record; a file without a header
// says so in Header, once.
func TestHeaderFirstAndLine(t *testing.T) {
	cfg := lockboxtest.Config()
	var file bytes.Buffer
	if _, err := lockbox.Build(context.Background(), &file, lockboxtest.Orders(lockboxtest.Options{Seed: 5, Orders: 12}), cfg); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(file.String(), "\r\n")
	r := lockbox.NewReader(bytes.NewReader(file.Bytes()), &lockbox.Options{Name: "lbx.txt"})
	h, err := r.Header()
	if err != nil || !h.Created.Equal(cfg.Created) {
		t.Fatalf("header %+v, %v", h, err)
	}
	confirmation := func(p lockbox.Payment) string { return p.Confirmation }
	if n := layouttest.EachOnItsLine(t, r, file.Bytes(), "\r\n", "6", confirmation); n == 0 {
		t.Fatal("no payments")
	}
	r = lockbox.NewReader(strings.NewReader(strings.Join(lines[1:], "\r\n")), &lockbox.Options{Name: "cut.txt", MaxErrors: -1})
	_, err = r.Header()
	var e *lockbox.Error
	if !errors.As(err, &e) || e.Line != 1 || !errors.Is(err, lockbox.ErrOrder) {
		t.Fatalf("no header: %v", err)
	}
	for _, err := range r.All() {
		if errors.As(err, &e) && e.Line == 1 {
			t.Fatalf("line 1's problem reported again by Read: %v", err)
		}
	}
}

// TestBuildStopsWithContext: a cancelled context stops a build and nothing
// is written.
func TestBuildStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var file bytes.Buffer
	_, err := lockbox.Build(ctx, &file, lockboxtest.Orders(lockboxtest.Options{Seed: 5, Orders: 12}), lockboxtest.Config())
	if !errors.Is(err, context.Canceled) || file.Len() != 0 {
		t.Fatalf("%v, %d bytes written", err, file.Len())
	}
}
