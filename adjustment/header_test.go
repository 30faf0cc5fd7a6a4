package adjustment_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/adjustment/adjustmenttest"
	"github.com/icbatch/caselle/internal/layouttest"
)

// TestHeaderFirstAndLine: Header called first reads as far as the H
// record; Line names each adjustment's A record; an empty file says so in
// Header.
func TestHeaderFirstAndLine(t *testing.T) {
	var file bytes.Buffer
	if _, err := adjustmenttest.Write(&file, adjustmenttest.Options{Seed: 3, Adjustments: 9}); err != nil {
		t.Fatal(err)
	}
	r := adjustment.NewReader(bytes.NewReader(file.Bytes()), nil)
	h, err := r.Header()
	if err != nil || h.BillerCode != "SPANFORK" {
		t.Fatalf("header %+v, %v", h, err)
	}
	number := func(a adjustment.Adjustment) string { return a.InvoiceNumber }
	if n := layouttest.EachOnItsLine(t, r, file.Bytes(), "\n", "A", number); n != 9 {
		t.Fatalf("%d adjustments, want 9", n)
	}
	if _, err := adjustment.NewReader(strings.NewReader(""), nil).Header(); !errors.Is(err, adjustment.ErrOrder) {
		t.Fatalf("empty file: %v", err)
	}
}
