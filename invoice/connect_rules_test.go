package invoice_test

import (
	"bytes"
	"io"
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
	tests := []layouttest.Rule{
		{File: "connect_balance_forward.txt", Line: 2, Record: "IN", Field: "amount_due", Kind: invoice.ErrTotals, Msg: "balance forward: previous 45.00 + payments -45.00 + adjustments 0.00 + current 61.37 = 61.37, not the amount due 60.00"},
		{File: "connect_charges_do_not_add_up.txt", Line: 2, Record: "IN", Field: "current_charges", Kind: invoice.ErrTotals, Msg: "charge lines add up to 61.12, not the current charges 61.37"},
		{File: "connect_trailer_record_count.txt", Line: 12, Record: "T1", Field: "record_count", Kind: invoice.ErrTotals, Msg: "13 records, the file has 12"},
		{File: "connect_trailer_invoice_count.txt", Line: 12, Record: "T1", Field: "invoice_count", Kind: invoice.ErrTotals, Msg: "3 invoices, the file has 2"},
		{File: "connect_trailer_total.txt", Line: 12, Record: "T1", Field: "total_amount_due", Kind: invoice.ErrTotals, Msg: "84.63, the invoices add up to 84.62"},
		{File: "connect_in_without_na.txt", Line: 3, Record: "LI", Kind: invoice.ErrOrder, Msg: "outside an invoice"},
		{File: "connect_second_na.txt", Line: 4, Record: "NA", Kind: invoice.ErrOrder, Msg: "right after its IN record, once"},
		{File: "connect_second_uh_same_service.txt", Line: 8, Record: "UH", Field: "service", Kind: invoice.ErrDuplicate, Msg: "second UH record for service WATER"},
		{File: "connect_detail_before_invoice.txt", Line: 2, Record: "LI", Kind: invoice.ErrOrder, Msg: "outside an invoice"},
		{File: "connect_missing_trailer.txt", Line: 11, Kind: invoice.ErrOrder, Msg: "without a T1 trailer"},
		{File: "connect_missing_header.txt", Line: 1, Record: "IN", Kind: invoice.ErrOrder, Msg: "before the H1 header"},
		{File: "connect_due_before_bill.txt", Line: 2, Record: "IN", Field: "due_date", Kind: invoice.ErrInvalid, Msg: "before the bill date"},
		{File: "connect_invoice_type_zero.txt", Line: 2, Record: "IN", Field: "invoice_type", Kind: invoice.ErrInvalid, Msg: "01-99"},
		{File: "connect_no_such_date.txt", Line: 2, Record: "IN", Field: "bill_date", Kind: invoice.ErrSyntax, Msg: "no such date"},
		{File: "connect_bad_period.txt", Line: 1, Record: "H1", Field: "billing_period", Kind: invoice.ErrInvalid, Msg: "month 01-12"},
		{File: "connect_usage_not_newest_first.txt", Line: 7, Record: "UH", Field: "period_2", Kind: invoice.ErrOrder, Msg: "newest first"},
		{File: "connect_usage_gap.txt", Line: 7, Record: "UH", Field: "period_3", Kind: invoice.ErrOrder, Msg: "after an unused one"},
	}
	layouttest.CheckRules(t, tests, func(t *testing.T, name string, data []byte) []*layout.Error {
		_, errs, _ := readConnect(t, name, data, nil)
		return errs
	})
}

func TestConnectRegistry(t *testing.T) {
	reg, _ := invoice.NewRegistry(invoice.Type{ID: 2, Name: "Other", Category: invoice.MotorVehicle})
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
