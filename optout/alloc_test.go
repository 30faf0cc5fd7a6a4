package optout_test

import (
	"bytes"
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/optout"
	"github.com/icbatch/caselle/optout/optouttest"
)

// TestReadAllocations guards the reader's allocations: a change's strings
// are cut from 32 KiB copies of the input, so reading costs an allocation
// every few hundred changes, not one a change.
func TestReadAllocations(t *testing.T) {
	var buf bytes.Buffer
	const n = 5000
	if err := optouttest.Write(&buf, optouttest.Options{Seed: 7, Changes: n}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	open := func() func() (optout.Change, error) { return optout.NewReader(bytes.NewReader(data), nil).Read }
	if perChange := layouttest.AllocsPerRecord(t, n, open); perChange > 0.01 {
		t.Fatalf("%.3f allocations per change, want at most 0.01", perChange)
	}
}
