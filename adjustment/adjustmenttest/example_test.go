package adjustmenttest_test

import (
	"bytes"
	"fmt"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/adjustment/adjustmenttest"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

// Adjustments of a day's invoices, each new balance following from the
// invoice's amount due.
func ExampleWrite() {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 1, Invoices: 10})
	var file bytes.Buffer
	t, err := adjustmenttest.Write(&file, adjustmenttest.Options{Seed: 1, Adjustments: 3, Invoices: invs})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Adjustments, "adjustments, net", t.Net.StringFixed(2))
	for a, err := range adjustment.NewReader(&file, nil).All() {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(a.InvoiceNumber, a.Code, a.Amount.StringFixed(2), a.NewBalance.StringFixed(2))
	}
	// Output:
	// 3 adjustments, net 3.75
	// 2026110001 PENW -32.91 55.52
	// 2026110004 NSF 1.90 77.59
	// 2026110008 NSF 34.76 105.80
}
