package payment_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
)

// BenchmarkRead reads a generated day of 20,000 payments. The comparison
// with other libraries is in internal/bench.
func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	paymenttest.Write(&buf, paymenttest.Options{Seed: 42, Payments: 20000})
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := payment.NewReader(bytes.NewReader(data), nil)
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkWrite writes the same day.
func BenchmarkWrite(b *testing.B) {
	o := paymenttest.Options{Seed: 42, Payments: 20000}
	var ps []payment.Payment
	for p := range paymenttest.Payments(o) {
		ps = append(ps, p)
	}
	var out bytes.Buffer
	paymenttest.Write(&out, o)
	b.SetBytes(int64(out.Len()))
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		w, _ := payment.NewWriter(&out, paymenttest.Header(o), nil)
		for _, p := range ps {
			if err := w.Write(p); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadAllocations guards the reader's allocations per record: the two
// that shopspring/decimal makes for an amount not seen lately (dates and
// repeated amounts come from a cache), and a share of one 4 KiB block for
// the text of about fifty records.
func TestReadAllocations(t *testing.T) {
	var buf bytes.Buffer
	const n = 2000
	paymenttest.Write(&buf, paymenttest.Options{Seed: 42, Payments: n})
	data := buf.Bytes()
	open := func() func() (payment.Payment, error) { return payment.NewReader(bytes.NewReader(data), nil).Read }
	if perRecord := layouttest.AllocsPerRecord(t, n, open); perRecord > 2.2 {
		t.Fatalf("%.2f allocations per record, want at most 2.2", perRecord)
	}
}
