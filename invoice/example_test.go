package invoice_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
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

// The same invoices from a Connect and a Clarity file come out as the
// same JSON objects, but for each object's record and line.
func ExampleWriteJSON() {
	for _, name := range []string{"testdata/connect_valid.txt", "testdata/clarity_valid.xml"} {
		f, err := os.Open(name)
		if err != nil {
			panic(err)
		}
		var out strings.Builder
		err = invoice.WriteJSON(&out, invoice.NewReader(f, name))
		f.Close()
		if err != nil {
			fmt.Println(err)
			return
		}
		first := strings.SplitN(out.String(), "\n", 3)[1] // the first invoice
		fmt.Println(first[:strings.Index(first, `,"customer"`)])
	}
	// Output:
	// {"record":"IN","line":2,"account":"100-2345-01","invoice_number":"2026110001","invoice_type":1,"bill_date":"2026-11-01","due_date":"2026-11-20","penalty_date":"2026-11-21","service_from":"2026-10-01","service_to":"2026-10-31"
	// {"record":"Invoice","line":3,"account":"100-2345-01","invoice_number":"2026110001","invoice_type":1,"bill_date":"2026-11-01","due_date":"2026-11-20","penalty_date":"2026-11-21","service_from":"2026-10-01","service_to":"2026-10-31"
}
