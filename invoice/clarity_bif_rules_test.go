package invoice_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/invoice"
)

// TestClarityRuleFiles: each file breaks one rule, reported at the line
// of the value at fault (the second line of a tag written over two, the
// line of a text element), not the line of its Invoice.
func TestClarityRuleFiles(t *testing.T) {
	invs, errs, _ := readClarity(t, "clarity_valid.xml", layouttest.ReadFile(t, "clarity_valid.xml"))
	if len(errs) > 0 || len(invs) != 1 || invs[0].Customer.Name != "José Peña" || len(invs[0].Usage[0].Months) != 2 {
		t.Fatalf("valid: %+v %v", invs, errs)
	}
	tests := []layouttest.Rule{
		{File: "clarity_balance_forward.xml", Line: 15, Record: "Invoice", Field: "Balances@amountDue", Kind: invoice.ErrTotals, Msg: "balance forward"},
		{File: "clarity_charges_do_not_add_up.xml", Line: 14, Record: "Invoice", Field: "Balances@current", Kind: invoice.ErrTotals, Msg: "charge lines add up to 61.12"},
		{File: "clarity_unknown_element.xml", Line: 12, Record: "Invoice", Field: "Customer/Phone", Kind: invoice.ErrInvalid, Msg: "unknown element"},
		{File: "clarity_unknown_attribute.xml", Line: 16, Record: "Invoice", Field: "Flags@budget", Kind: invoice.ErrInvalid, Msg: "unknown attribute"},
		{File: "clarity_currency_symbol.xml", Line: 14, Record: "Invoice", Field: "Balances@previous", Kind: invoice.ErrSyntax, Msg: "currency symbols"},
		{File: "clarity_date_not_iso.xml", Line: 6, Record: "Invoice", Field: "BillDate", Kind: invoice.ErrSyntax, Msg: "YYYY-MM-DD"},
		{File: "clarity_summary_count.xml", Line: 26, Record: "Summary", Field: "invoiceCount", Kind: invoice.ErrTotals, Msg: "2 invoices, the file has 1"},
		{File: "clarity_summary_total.xml", Line: 26, Record: "Summary", Field: "totalAmountDue", Kind: invoice.ErrTotals, Msg: "61.38, the invoices add up to 61.37"},
		{File: "clarity_cut_short.xml", Line: 26, Kind: invoice.ErrSyntax, Msg: "not well-formed XML"},
		{File: "clarity_type_id_one_digit.xml", Line: 3, Record: "Invoice", Field: "typeId", Kind: invoice.ErrSyntax, Msg: "two-digit"},
		{File: "clarity_usage_not_newest_first.xml", Line: 23, Record: "Invoice", Field: "UsageHistory/month 2", Kind: invoice.ErrOrder, Msg: "newest first"},
		{File: "clarity_second_usage_same_service.xml", Line: 24, Record: "Invoice", Field: "UsageHistory@service", Kind: invoice.ErrDuplicate, Msg: "second UsageHistory"},
		{File: "clarity_due_before_bill.xml", Line: 6, Record: "Invoice", Field: "DueDate", Kind: invoice.ErrInvalid, Msg: "before the bill date"},
		{File: "clarity_bad_period.xml", Line: 2, Record: "PSNInvoiceFile", Field: "period", Kind: invoice.ErrInvalid, Msg: "YYYY-MM"},
		{File: "clarity_control_character.xml", Line: 19, Record: "Invoice", Field: "Charge@description", Kind: invoice.ErrEncoding, Msg: "U+0009 cannot be written in windows-1252"},
		{File: "clarity_second_due_date.xml", Line: 6, Record: "Invoice", Field: "Invoice/DueDate", Kind: invoice.ErrDuplicate, Msg: "a second DueDate element"},
		{File: "clarity_meter_consumption.xml", Line: 22, Record: "Invoice", Field: "Meter@consumption", Kind: invoice.ErrSyntax, Msg: "not a whole number"},
		{File: "clarity_element_in_text.xml", Line: 9, Record: "Invoice", Field: "Customer/Name/Title", Kind: invoice.ErrInvalid, Msg: "inside a text element"},
	}
	layouttest.CheckRules(t, tests, func(t *testing.T, name string, data []byte) []*layout.Error {
		_, errs, _ := readClarity(t, name, data)
		return errs
	})
}

func readBIF(t testing.TB, name string, data []byte) ([]invoice.BIFRow, []*invoice.Error) {
	t.Helper()
	return layouttest.Drain(t, invoice.NewBIFReader(bytes.NewReader(data), &invoice.BIFOptions{Name: name, MaxErrors: -1}).Read)
}

func TestBIFRuleFiles(t *testing.T) {
	rows, errs := readBIF(t, "bif_valid.bif", layouttest.ReadFile(t, "bif_valid.bif"))
	if len(errs) > 0 || len(rows) != 1 || rows[0].HasMinimum || len(rows[0].NotifyDates) != 2 || rows[0].Customer.Name != "José Peña" {
		t.Fatalf("valid: %+v %v", rows, errs)
	}
	tests := []layouttest.Rule{
		{File: "bif_header_misspelled.bif", Line: 1, Kind: invoice.ErrInvalid, Msg: "header row must be exactly"},
		{File: "bif_balance_forward.bif", Line: 2, Field: "BalanceDue", Kind: invoice.ErrTotals, Msg: "balance forward"},
		{File: "bif_notify_dates_order.bif", Line: 2, Field: "NotifyDates", Kind: invoice.ErrOrder, Msg: "ascending"},
		{File: "bif_notify_dates_format.bif", Line: 2, Field: "NotifyDates", Kind: invoice.ErrSyntax, Msg: "MM/DD/YYYY"},
		{File: "bif_usage_format.bif", Line: 2, Field: "UsageHistory", Kind: invoice.ErrSyntax, Msg: "YYYYMM:consumption"},
		{File: "bif_expires_before_due.bif", Line: 2, Field: "ExpireDate", Kind: invoice.ErrInvalid, Msg: "expire before it is due"},
		{File: "bif_autopay_date_without_autopay.bif", Line: 2, Field: "AutoPayDate", Kind: invoice.ErrInvalid, Msg: "AutoPay=Y"},
		{File: "bif_invoice_type_one_digit.bif", Line: 2, Field: "InvoiceTypeID", Kind: invoice.ErrSyntax, Msg: "exactly 2 digits"},
		{File: "bif_duplicate_invoice.bif", Line: 3, Field: "InvoiceNumber", Kind: invoice.ErrDuplicate, Msg: "already on line 2"},
	}
	layouttest.CheckRules(t, tests, func(t *testing.T, name string, data []byte) []*layout.Error {
		_, errs := readBIF(t, name, data)
		return errs
	})
}

func FuzzClarityReadWriteRead(f *testing.F) {
	layouttest.AddSeeds(f, "clarity_*.xml")
	f.Fuzz(func(t *testing.T, data []byte) {
		invs, _, r := readClarity(t, "fuzz", data)
		h, herr := r.Header()
		if herr != nil {
			return // without a header there is nothing to write back
		}
		writesBack(t, h, invs, func(w io.Writer, h invoice.Header) (invoiceWriter, error) { return invoice.NewClarityWriter(w, h, nil) },
			func(data []byte) ([]invoice.Invoice, []*invoice.Error) {
				invs, errs, _ := readClarity(t, "again", data)
				return invs, errs
			})
	})
}

func FuzzBIFReadWriteRead(f *testing.F) {
	layouttest.AddSeeds(f, "bif_*.bif")
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, _ := readBIF(t, "fuzz", data)
		var out bytes.Buffer
		w, _ := invoice.NewBIFWriter(&out, nil)
		layouttest.WriteAll(t, w, rows)
		rows2, errs := readBIF(t, "again", out.Bytes())
		if len(errs) > 0 {
			t.Fatalf("reading what the writer wrote: %v", errs)
		}
		if diff := cmp.Diff(rows, rows2); diff != "" {
			t.Fatalf("rows changed:\n%s", diff)
		}
	})
}
