package adjustmenttest

import (
	"bytes"
	"testing"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

// TestFromGeneratedInvoices makes adjustments for the invoices
// invoicetest makes, so the day's files agree.
func TestFromGeneratedInvoices(t *testing.T) {
	invoices := invoicetest.Collect(invoicetest.Options{Seed: 5, Invoices: 40})
	numbers := map[string]bool{}
	for _, inv := range invoices {
		numbers[inv.Account+"/"+inv.Number] = true
	}
	var buf bytes.Buffer
	if _, err := Write(&buf, Options{Seed: 5, Adjustments: 30, Invoices: invoices}); err != nil {
		t.Fatal(err)
	}
	for a, err := range adjustment.NewReader(bytes.NewReader(buf.Bytes()), nil).All() {
		if err != nil {
			t.Fatal(err)
		}
		if !numbers[a.Account+"/"+a.InvoiceNumber] {
			t.Fatalf("adjustment for an invoice invoicetest did not make: %+v", a)
		}
	}
}
