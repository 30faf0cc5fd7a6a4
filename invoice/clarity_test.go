package invoice_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/shopspring/decimal"
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

// TestClarityWriterRefusesInvoices: an invoice that breaks a rule, or
// holds what the file cannot (a rounded amount, a character outside
// windows-1252), is refused by field and not written; the invoices
// around it are, and the file reads back with them alone.
func TestClarityWriterRefusesInvoices(t *testing.T) {
	o := invoicetest.Options{Seed: 4, Invoices: 60}
	var good invoice.Invoice
	for v := range invoicetest.Invoices(o) {
		if len(v.Meters) > 0 && len(v.Usage) > 0 && len(v.Charges) > 0 {
			good = v
			break
		}
	}
	if len(good.Meters) == 0 {
		t.Fatal("the generator made no invoice with meters, usage and charges")
	}
	var out bytes.Buffer
	w, err := invoice.NewClarityWriter(&out, invoicetest.Header(o), &invoice.ClarityOptions{Registry: invoicetest.Registry()})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(good); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		field string
		kind  error
		edit  func(*invoice.Invoice)
	}{
		{"AccountNumber", invoice.ErrInvalid, func(v *invoice.Invoice) { v.Account = "" }},
		{"Balances@amountDue", invoice.ErrInvalid, func(v *invoice.Invoice) { v.Balances.AmountDue = decimal.RequireFromString("12.345") }},
		{"Charge@quantity", invoice.ErrInvalid, func(v *invoice.Invoice) { v.Charges[0].Quantity = decimal.RequireFromString("1.0005") }},
		{"Meter", invoice.ErrInvalid, func(v *invoice.Invoice) { v.Meters[0].Previous = -1 }},
		{"UsageHistory@service", invoice.ErrDuplicate, func(v *invoice.Invoice) { v.Usage = append(v.Usage, v.Usage[0]) }},
		{"", invoice.ErrEncoding, func(v *invoice.Invoice) { v.Customer.Name = "Ωmega Utilities" }},
	} {
		v := good
		v.Charges, v.Meters, v.Usage = slices.Clone(good.Charges), slices.Clone(good.Meters), slices.Clone(good.Usage)
		v.Number += "X"
		c.edit(&v)
		err := w.Write(v)
		found := false
		for _, e := range invoice.Flatten(err) {
			found = found || errors.Is(e, c.kind) && strings.HasSuffix(e.Field, c.field)
		}
		if !found {
			t.Errorf("%s: %v, want %v at %q", c.field, err, c.kind, c.field)
		}
	}
	good.Number += "Z"
	if err := w.Write(good); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	invs, errs, _ := readClarity(t, "refused.xml", out.Bytes())
	if len(errs) != 0 || len(invs) != 2 || invs[1].Number != good.Number {
		t.Fatalf("read back %d invoices, problems %v; want the two good ones", len(invs), errs)
	}
}

// TestClarityWriterRefusesHeaders: a header the reader would refuse is not
// written — no creation time, one before 1900, a period without a month
// or none.
func TestClarityWriterRefusesHeaders(t *testing.T) {
	good := invoice.Header{BillerCode: "SPANFORK", Created: time.Date(2026, 11, 25, 6, 30, 0, 0, time.UTC), Period: invoice.Period{Year: 2026, Month: 11}}
	if good.Period.IsZero() || !(invoice.Period{}).IsZero() {
		t.Fatal("Period.IsZero")
	}
	for _, c := range []struct {
		name string
		edit func(*invoice.Header)
		msg  string
	}{
		{"no creation time", func(h *invoice.Header) { h.Created = time.Time{} }, "creation time is required"},
		{"created in 1850", func(h *invoice.Header) { h.Created = time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC) }, "a year 1900-9999"},
		{"no month", func(h *invoice.Header) { h.Period.Month = 0 }, "month 01-12"},
		{"no period", func(h *invoice.Header) { h.Period = invoice.Period{} }, "month 01-12"},
	} {
		h := good
		c.edit(&h)
		var out bytes.Buffer
		if _, err := invoice.NewClarityWriter(&out, h, nil); err == nil || !strings.Contains(err.Error(), c.msg) || !errors.Is(err, invoice.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid saying %q", c.name, err, c.msg)
		}
		if out.Len() != 0 {
			t.Errorf("%s: wrote %q", c.name, out.String())
		}
	}
	if _, err := invoice.NewClarityWriter(&bytes.Buffer{}, good, nil); err != nil {
		t.Fatalf("good header: %v", err)
	}
}
