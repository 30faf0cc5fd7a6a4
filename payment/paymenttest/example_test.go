package paymenttest_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
)

// A payment file for the bills of a day: every payment is for one of the
// invoices, as the customization presented them.
func ExampleWrite() {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 1, Invoices: 20})
	o := paymenttest.Options{Seed: 1, Date: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), Payments: 5, Invoices: invs}
	var file bytes.Buffer
	trailer, err := paymenttest.Write(&file, o)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(paymenttest.FileName(o))
	fmt.Println(trailer.Payments, "payments,", trailer.PaymentTotal.StringFixed(2))
	for p, err := range payment.NewReader(&file, nil).All() {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(p.Type, p.Account, p.InvoiceNumber, p.Amount.StringFixed(2), p.Method)
	}
	// Output:
	// SPANFORK_PMT_20261125_001.txt
	// 5 payments, 416.43
	// PMT 100-1002-01 2026110019 74.99 CC
	// PMT 102-1001-01 2026110012 102.51 AC
	// PMT 108-1001-01 2026110018 79.55 AC
	// PMT 108-1000-01 2026110009 82.61 CC
	// PMT 102-1000-01 2026110003 76.77 CC
}
