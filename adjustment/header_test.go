package adjustment_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/adjustment/adjustmenttest"
)

// TestHeaderFirstAndLine: Header called first reads as far as the H
// record; Line names each adjustment's A record; an empty file says so in
// Header.
func TestHeaderFirstAndLine(t *testing.T) {
	var file bytes.Buffer
	if _, err := adjustmenttest.Write(&file, adjustmenttest.Options{Seed: 3, Adjustments: 9}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(file.String(), "\n")
	r := adjustment.NewReader(bytes.NewReader(file.Bytes()), nil)
	h, err := r.Header()
	if err != nil || h.BillerCode != "SPANFORK" {
		t.Fatalf("header %+v, %v", h, err)
	}
	n := 0
	for a, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		if at := lines[r.Line()-1]; !strings.HasPrefix(at, "A") || !strings.Contains(at, a.InvoiceNumber) {
			t.Fatalf("adjustment %s: Line %d is %q", a.InvoiceNumber, r.Line(), at)
		}
		n++
	}
	if n != 9 {
		t.Fatalf("%d adjustments, want 9", n)
	}
	if _, err := adjustment.NewReader(strings.NewReader(""), nil).Header(); !errors.Is(err, adjustment.ErrOrder) {
		t.Fatalf("empty file: %v", err)
	}
}
