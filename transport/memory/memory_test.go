package memory_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/memory"
	"github.com/icbatch/caselle/transport/transporttest"
)

func TestConformance(t *testing.T) {
	transporttest.Run(t, func(t *testing.T) transport.Driver { return memory.New().Driver() })
}

func TestFaults(t *testing.T) {
	ctx := context.Background()
	m := memory.New()
	m.CutNextPut(10)
	err := m.Put(ctx, "a.txt", strings.NewReader(strings.Repeat("x", 100)))
	if !errors.Is(err, memory.ErrInjected) {
		t.Fatalf("cut Put: %v", err)
	}
	if _, err := m.Stat(ctx, "a.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a cut transfer left a file: %v", err)
	}
	m.FailOp(2, nil)
	if err := m.Put(ctx, "b.txt", strings.NewReader("b")); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Stat(ctx, "b.txt"); !errors.Is(err, memory.ErrInjected) {
		t.Fatalf("second operation: %v, want the injected fault", err)
	}
	if _, err := m.Stat(ctx, "b.txt"); err != nil {
		t.Fatalf("third operation: %v", err)
	}
}
