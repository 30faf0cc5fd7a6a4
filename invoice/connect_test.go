package invoice_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

func readConnect(t testing.TB, name string, data []byte, opts *invoice.ConnectOptions) ([]invoice.Invoice, []*invoice.Error, *invoice.ConnectReader) {
	t.Helper()
	if opts == nil {
		opts = &invoice.ConnectOptions{MaxErrors: -1}
	}
	opts.Name = name
	r := invoice.NewConnectReader(bytes.NewReader(data), opts)
	invs, errs := layouttest.Drain(t, r.Read)
	return invs, errs, r
}

func TestGeneratedConnectRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	o := invoicetest.Options{Seed: 1, Invoices: 300}
	sum, err := invoicetest.WriteConnect(&buf, o)
	if err != nil {
		t.Fatal(err)
	}
	invs, errs, r := readConnect(t, "gen.txt", buf.Bytes(), &invoice.ConnectOptions{MaxErrors: -1, Registry: invoicetest.Registry()})
	if len(errs) > 0 {
		t.Fatalf("problems: %v", errs[:min(5, len(errs))])
	}
	var want []invoice.Invoice
	for inv := range invoicetest.Invoices(o) {
		want = append(want, inv)
	}
	if diff := cmp.Diff(want, invs); diff != "" {
		t.Fatalf("(-generated +read):\n%s", diff)
	}
	got, _ := r.Summary()
	if diff := cmp.Diff(sum, got); diff != "" {
		t.Fatalf("summary (-written +read):\n%s", diff)
	}
	h, _ := r.Header()
	if diff := cmp.Diff(invoicetest.Header(o), h); diff != "" {
		t.Fatalf("header:\n%s", diff)
	}
	// Writing what was read gives the same bytes.
	var again bytes.Buffer
	w, err := invoice.NewConnectWriter(&again, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	layouttest.WriteAll(t, w, invs)
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Fatal("read → write is not byte-identical")
	}
}

func TestRegistryHas42Types(t *testing.T) {
	if n := invoicetest.Registry().Len(); n != 42 {
		t.Fatalf("%d types", n)
	}
	if _, err := invoice.NewRegistry(invoice.Type{ID: 100, Name: "x", Category: "UB"}); err == nil {
		t.Fatal("id 100 accepted")
	}
	if _, err := invoice.NewRegistry(invoice.Type{ID: 1, Name: "x", Category: "UB"}, invoice.Type{ID: 1, Name: "y", Category: "MV"}); err == nil {
		t.Fatal("a duplicate id accepted")
	}
	if _, err := invoice.NewRegistry(invoice.Type{ID: 1, Name: "x", Category: "ZZ"}); err == nil {
		t.Fatal("an unknown category accepted")
	}
}

// A negative meter reading is refused by name, never written as zero.
func TestConnectWriterRefusesNegativeReading(t *testing.T) {
	o := invoicetest.Options{Seed: 1, Invoices: 50}
	var inv invoice.Invoice
	for v := range invoicetest.Invoices(o) {
		if len(v.Meters) > 0 {
			inv = v
			break
		}
	}
	if len(inv.Meters) == 0 {
		t.Fatal("the generator made no invoice with a meter")
	}
	inv.Meters[0].Previous = -5
	var buf bytes.Buffer
	w, err := invoice.NewConnectWriter(&buf, invoicetest.Header(o), &invoice.ConnectOptions{Registry: invoicetest.Registry()})
	if err != nil {
		t.Fatal(err)
	}
	err = w.Write(inv)
	if err == nil || !strings.Contains(err.Error(), "-5 is negative") {
		t.Fatalf("Write = %v, want the negative reading refused", err)
	}
}
