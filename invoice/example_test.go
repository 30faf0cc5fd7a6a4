package invoice_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

// The common task: a Caselle invoice file (Connect or Clarity, told apart
// by its content) becomes the BIF Invoice Cloud loads.
func ExampleToBIF() {
	var connect bytes.Buffer
	invoicetest.WriteConnect(&connect, invoicetest.Options{Seed: 1, Invoices: 3})

	var bif bytes.Buffer
	n, err := invoice.ToBIF(context.Background(), &bif, &connect, "SPANFORK_INV_20261101_001.txt", invoice.Customization{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n, "rows")
	fmt.Println(strings.SplitN(bif.String(), ",", 4)[:3])
	// Output:
	// 3 rows
	// [AccountNumber InvoiceNumber InvoiceTypeID]
}

// Read an invoice file one invoice at a time; the header first.
func ExampleNewReader() {
	var connect bytes.Buffer
	invoicetest.WriteConnect(&connect, invoicetest.Options{Seed: 1, Invoices: 2})

	r := invoice.NewReader(&connect, "inv.txt")
	h, err := r.Header()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h.BillerCode, h.Period)
	for inv, err := range r.All() {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("line", r.Line(), inv.Account, inv.Balances.AmountDue.StringFixed(2))
	}
	// Output:
	// SPANFORK 2026-11
	// line 2 100-1000-01 88.43
	// line 10 101-1000-01 87.40
}
