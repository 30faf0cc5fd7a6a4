package memory_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/icbatch/caselle/transport/memory"
)

// An in-memory tree for tests, with faults injected where a test wants
// them: here the second operation fails.
func ExampleFS_FailOp() {
	ctx := context.Background()
	m := memory.New()
	m.FailOp(2, nil)
	fmt.Println(m.Put(ctx, "out/a.txt", strings.NewReader("first")))
	err := m.Put(ctx, "out/b.txt", strings.NewReader("second"))
	fmt.Println(errors.Is(err, memory.ErrInjected))

	r, _ := m.Open(ctx, "out/a.txt")
	b, _ := io.ReadAll(r)
	r.Close()
	entries, _ := m.List(ctx, "out")
	fmt.Println(string(b), len(entries))
	// Output:
	// <nil>
	// true
	// first 1
}
