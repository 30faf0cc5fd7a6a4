package invoice_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

const customJSON = `{"billingMode": "balance-forward", "autopayDaysBeforeDue": 3, "notifyDaysBeforeDue": [5, 1],
  "notifyOnBillDate": true, "expireDaysAfterDue": 30, "minimumPayment": "none", "allowPartialPayments": true, "usageHistoryGraphs": true}`

func custom(t *testing.T, js string) invoice.Customization {
	t.Helper()
	c, err := invoice.LoadCustomization(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCustomization(t *testing.T) {
	var inv invoice.Invoice
	for x := range invoicetest.Invoices(invoicetest.Options{Seed: 2, Invoices: 50}) {
		if x.AutoPay {
			inv = x
			break
		}
	}
	row, err := custom(t, customJSON).BIF(inv, "bill-0001.pdf")
	if err != nil {
		t.Fatal(err)
	}
	due := inv.DueDate
	if !row.AutoPayDate.Equal(due.AddDate(0, 0, -3)) || !row.ExpireDate.Equal(due.AddDate(0, 0, 30)) ||
		row.HasMinimum || !row.AllowPartial || len(row.Usage) != 13 || row.BillImage != "bill-0001.pdf" {
		t.Fatalf("%+v", row)
	}
	want := []time.Time{inv.BillDate, due.AddDate(0, 0, -5), due.AddDate(0, 0, -1)}
	if diff := cmp.Diff(want, row.NotifyDates); diff != "" {
		t.Fatalf("notify dates:\n%s", diff)
	}
	// Setting 109 off: no usage; minimum from the source; never expires.
	row, _ = custom(t, strings.NewReplacer(`"usageHistoryGraphs": true`, `"usageHistoryGraphs": false`, `"none"`, `"source"`, `"expireDaysAfterDue": 30`, `"expireDaysAfterDue": 0`).Replace(customJSON)).BIF(inv, "")
	if row.Usage != nil || !row.HasMinimum || !row.ExpireDate.IsZero() {
		t.Fatalf("%+v", row)
	}
}

func TestCustomizationRefuses(t *testing.T) {
	_, err := invoice.LoadCustomization(strings.NewReader(strings.Replace(customJSON, "balance-forward", "open-item", 1)))
	if !errors.Is(err, invoice.ErrOpenItem) || !strings.Contains(err.Error(), "not supported") {
		t.Fatalf("open item: %v", err)
	}
	if _, err := invoice.LoadCustomization(strings.NewReader(strings.Replace(customJSON, `"minimumPayment"`, `"minimumPaymnet"`, 1))); err == nil || !strings.Contains(err.Error(), "unknown field") {
		t.Fatalf("unknown key: %v", err)
	}
	if _, err := (invoice.Customization{BillingMode: "open-item", MinimumPayment: "none"}).BIF(invoice.Invoice{}, ""); !errors.Is(err, invoice.ErrOpenItem) {
		t.Fatalf("BIF with open item: %v", err)
	}
}

func TestBIFRoundTrip(t *testing.T) {
	c := custom(t, customJSON)
	var rows []invoice.BIFRow
	for inv := range invoicetest.Invoices(invoicetest.Options{Seed: 4, Invoices: 120}) {
		row, err := c.BIF(inv, "")
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
	var buf bytes.Buffer
	w, _ := invoice.NewBIFWriter(&buf, nil)
	layouttest.WriteAll(t, w, rows)
	if !strings.HasPrefix(buf.String(), "AccountNumber,InvoiceNumber,InvoiceTypeID,CustomerName,Address1,Address2,City,State,Zip,ServiceAddress,EmailAddress,InvoiceDate,DueDate,BalanceDue,MinimumDue,AllowPartialPayment,ExpireDate,AutoPayDate,NotifyDates,Paperless,AutoPay,PreviousBalance,Payments,Adjustments,CurrentCharges,PenaltyDate,AmountAfterPenalty,UsageHistory,BillImage\r\n") {
		t.Fatalf("header: %q", buf.String()[:100])
	}
	r := invoice.NewBIFReader(bytes.NewReader(buf.Bytes()), &invoice.BIFOptions{Name: "b.bif", MaxErrors: -1, Registry: invoicetest.Registry()})
	got, errs := layouttest.Drain(t, r.Read)
	if len(errs) > 0 {
		t.Fatal(errs[:min(3, len(errs))])
	}
	if diff := cmp.Diff(rows, got); diff != "" {
		t.Fatalf("(-written +read):\n%s", diff)
	}
}

func TestBIFRules(t *testing.T) {
	c := custom(t, customJSON)
	inv := func() invoice.Invoice {
		for x := range invoicetest.Invoices(invoicetest.Options{Seed: 1, Invoices: 1}) {
			return x
		}
		return invoice.Invoice{}
	}()
	row, _ := c.BIF(inv, "")
	var buf bytes.Buffer
	w, _ := invoice.NewBIFWriter(&buf, nil)
	w.Write(row)
	w.Write(row) // the same account and invoice twice
	w.Close()
	base := buf.String()
	read := func(data string) []*invoice.Error {
		_, errs := layouttest.Drain(t, invoice.NewBIFReader(strings.NewReader(data), &invoice.BIFOptions{Name: "b.bif", MaxErrors: -1}).Read)
		return errs
	}
	if errs := read(base); len(errs) != 1 || !errors.Is(errs[0], invoice.ErrDuplicate) || errs[0].Line != 3 {
		t.Fatalf("duplicate: %v", errs)
	}
	lines := strings.Split(base, "\r\n")
	first := lines[0] + "\r\n" + lines[1] + "\r\n"
	balance := row.BalanceDue.StringFixed(2)
	for _, tt := range []struct{ from, to, field, msg string }{
		{"," + balance + ",", ",1.00,", "BalanceDue", "balance forward"},
		{"AccountNumber,", "Account,", "", "header row must be exactly"},
		{row.DueDate.Format("01/02/2006") + ",", "2026-11-20,", "DueDate", "MM/DD/YYYY"},
	} {
		data := strings.Replace(first, tt.from, tt.to, 1)
		if data == first {
			t.Fatalf("edit %q did not apply", tt.from)
		}
		errs := read(data)
		if len(errs) == 0 || errs[0].Field != tt.field || !strings.Contains(errs[0].Error(), tt.msg) {
			t.Errorf("%s: got %v", tt.msg, errs)
		}
	}
}

func TestCustomizationFiles(t *testing.T) {
	for file, want := range map[string]string{
		"customization_valid.json":           "",
		"customization_open_item.json":       "open-item billing is not supported",
		"customization_unknown_key.json":     `unknown field "minimumPaymnet"`,
		"customization_bad_minimum.json":     `minimumPayment "always"`,
		"customization_negative_expiry.json": "expireDaysAfterDue -1",
	} {
		_, err := invoice.LoadCustomization(bytes.NewReader(layouttest.ReadFile(t, file)))
		if (err == nil) != (want == "") || err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", file, err, want)
		}
	}
}
