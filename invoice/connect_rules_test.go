package invoice_test

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

func TestConnectValidFiles(t *testing.T) {
	for _, name := range []string{"connect_valid.txt", "connect_valid_lf.txt"} {
		invs, errs, r := readConnect(t, name, layouttest.ReadFile(t, name), &invoice.ConnectOptions{MaxErrors: -1, Registry: invoicetest.Registry()})
		if len(errs) > 0 || len(invs) != 2 {
			t.Fatalf("%s: %d invoices, %v", name, len(invs), errs)
		}
		a := invs[0]
		if a.Customer.Name != "José Peña" || len(a.Charges) != 2 || len(a.Meters) != 1 || a.Meters[0].Consumption != 6500 ||
			len(a.Usage) != 1 || len(a.Usage[0].Months) != 2 || a.Usage[0].Months[1].Month != (invoice.Period{Year: 2026, Month: 9}) ||
			!a.Balances.AmountDue.Equal(a.Balances.Current) || a.Messages[0] != "Water conservation week is Dec 1-7." || !a.Paperless {
			t.Fatalf("%s: %+v", name, a)
		}
		if s, ok := r.Summary(); !ok || s.Invoices != 2 || s.Records != 12 {
			t.Fatalf("%s: summary %+v", name, s)
		}
	}
}

func TestConnectRules(t *testing.T) {
	tests := layouttest.Rules(t, "connect_rules.json", nil) // the bad files' cases, beside them
	layouttest.CheckRules(t, tests, func(t *testing.T, name string, data []byte) []*layout.Error {
		_, errs, _ := readConnect(t, name, data, nil)
		return errs
	})
}

func TestConnectRegistry(t *testing.T) {
	reg, _ := invoice.NewRegistry(invoice.Type{ID: 2, Name: "Other", Category: invoice.MotorVehicle})
	if ts := reg.Types(); len(ts) != 1 || ts[0].ID != 2 {
		t.Fatalf("types %v", ts)
	}
	if ts := invoicetest.Registry().Types(); len(ts) < 2 || !slices.IsSortedFunc(ts, func(a, b invoice.Type) int { return a.ID - b.ID }) {
		t.Fatalf("the generators' types, not in order of id: %v", ts)
	}
	_, errs, _ := readConnect(t, "r.txt", layouttest.ReadFile(t, "connect_valid.txt"), &invoice.ConnectOptions{MaxErrors: -1, Registry: reg})
	if len(errs) == 0 || errs[0].Field != "invoice_type" || !strings.Contains(errs[0].Error(), "not one of the biller's 1 invoice types") {
		t.Fatalf("got %v", errs)
	}
}

// FuzzConnectReadWriteRead: whatever the reader accepts, the writer
// writes, and reading that back gives the same invoices.
func FuzzConnectReadWriteRead(f *testing.F) {
	layouttest.AddSeeds(f, "connect_*.txt")
	var gen bytes.Buffer
	invoicetest.WriteConnect(&gen, invoicetest.Options{Seed: 3, Invoices: 5})
	f.Add(gen.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		invs, _, r := readConnect(t, "fuzz", data, nil)
		h, herr := r.Header()
		if herr != nil {
			h = invoicetest.Header(invoicetest.Options{})
		}
		writesBack(t, h, invs, func(w io.Writer, h invoice.Header) (invoiceWriter, error) { return invoice.NewConnectWriter(w, h, nil) },
			func(data []byte) ([]invoice.Invoice, []*invoice.Error) {
				invs, errs, _ := readConnect(t, "again", data, nil)
				return invs, errs
			})
	})
}

// invoiceWriter is what the Connect and Clarity writers share.
type invoiceWriter interface {
	Write(invoice.Invoice) error
	Close() error
}

// writesBack writes what a reader accepted (h, invs) with the writer open
// makes, and reads it back with read: the writer refuses none of it, and
// the invoices read back are the same.
func writesBack(t *testing.T, h invoice.Header, invs []invoice.Invoice, open func(io.Writer, invoice.Header) (invoiceWriter, error),
	read func([]byte) ([]invoice.Invoice, []*invoice.Error)) {
	t.Helper()
	var out bytes.Buffer
	w, err := open(&out, h)
	if err != nil {
		t.Fatalf("writer refused the header the reader accepted %+v: %v", h, err)
	}
	layouttest.WriteAll(t, w, invs)
	again, errs := read(out.Bytes())
	if len(errs) > 0 {
		t.Fatalf("reading what the writer wrote: %v\n%s", errs, out.Bytes())
	}
	if diff := cmp.Diff(invs, again); diff != "" {
		t.Fatalf("invoices changed (-first +second):\n%s", diff)
	}
}
