package payment_test

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
)

// FuzzReadWriteRead checks read → write → read: whatever the reader
// accepts, the writer writes, and reading that back gives the same header
// and payments with no problem. It must never panic.
func FuzzReadWriteRead(f *testing.F) {
	layouttest.AddSeeds(f, "*.txt")
	var gen bytes.Buffer
	paymenttest.Write(&gen, paymenttest.Options{Seed: 7, Payments: 20})
	f.Add(gen.Bytes())

	f.Fuzz(func(t *testing.T, data []byte) {
		r := payment.NewReader(bytes.NewReader(data), &payment.Options{Name: "fuzz", MaxErrors: -1})
		var ps []payment.Payment
		for {
			p, err := r.Read()
			if err == io.EOF {
				break
			}
			if err == nil {
				ps = append(ps, p)
			}
		}
		h, err := r.Header()
		if err != nil {
			h = payment.Header{BillerCode: "FUZZ", Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Sequence: 1}
		}
		var out bytes.Buffer
		w, err := payment.NewWriter(&out, h, nil)
		if err != nil {
			t.Fatalf("writer refused the header the reader accepted %+v: %v", h, err)
		}
		layouttest.WriteAll(t, w, ps)
		r2 := payment.NewReader(bytes.NewReader(out.Bytes()), &payment.Options{Name: "again"})
		var ps2 []payment.Payment
		for p, err := range r2.All() {
			if err != nil {
				t.Fatalf("reading what the writer wrote: %v\n%q", err, out.Bytes())
			}
			ps2 = append(ps2, p)
		}
		h2, _ := r2.Header()
		if diff := cmp.Diff(h, h2); diff != "" {
			t.Fatalf("header changed (-first +second):\n%s", diff)
		}
		if diff := cmp.Diff(ps, ps2); diff != "" {
			t.Fatalf("payments changed (-first +second):\n%s", diff)
		}
	})
}
