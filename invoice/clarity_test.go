package invoice_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

func readClarity(t testing.TB, name string, data []byte) ([]invoice.Invoice, []*invoice.Error, *invoice.ClarityReader) {
	t.Helper()
	r := invoice.NewClarityReader(bytes.NewReader(data), &invoice.ClarityOptions{Name: name, MaxErrors: -1})
	invs, errs := layouttest.Drain(t, r.Read)
	return invs, errs, r
}

// TestConnectClarityConnect: Connect → model → Clarity → model → Connect
// is byte-identical, and the models agree (go-cmp).
func TestConnectClarityConnect(t *testing.T) {
	var connect bytes.Buffer
	if _, err := invoicetest.WriteConnect(&connect, invoicetest.Options{Seed: 9, Invoices: 200}); err != nil {
		t.Fatal(err)
	}
	invs, errs, cr := readConnect(t, "in.txt", connect.Bytes(), nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	h, _ := cr.Header()
	var clarity bytes.Buffer
	xw, err := invoice.NewClarityWriter(&clarity, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	layouttest.WriteAll(t, xw, invs)
	if !bytes.HasPrefix(clarity.Bytes(), []byte(`<?xml version="1.0" encoding="windows-1252"?>`)) || !bytes.Contains(clarity.Bytes(), []byte("Pe\xf1a")) {
		t.Fatal("not windows-1252 XML")
	}
	back, errs, xr := readClarity(t, "mid.xml", clarity.Bytes())
	if len(errs) > 0 {
		t.Fatal(errs[:min(5, len(errs))])
	}
	if diff := cmp.Diff(invs, back); diff != "" {
		t.Fatalf("model changed through Clarity (-connect +clarity):\n%s", diff)
	}
	h2, _ := xr.Header()
	if diff := cmp.Diff(h, h2); diff != "" {
		t.Fatalf("header changed:\n%s", diff)
	}
	var again bytes.Buffer
	cw, _ := invoice.NewConnectWriter(&again, h2, nil)
	layouttest.WriteAll(t, cw, back)
	if !bytes.Equal(again.Bytes(), connect.Bytes()) {
		t.Fatal("Connect → Clarity → Connect is not byte-identical")
	}
}
