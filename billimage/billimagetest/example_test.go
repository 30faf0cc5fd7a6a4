package billimagetest_test

import (
	"bytes"
	"fmt"

	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

// A print file of a day's bills, and where each bill landed.
func ExampleWrite() {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 1, Invoices: 3})
	var pdf bytes.Buffer
	bills, err := billimagetest.Write(&pdf, billimagetest.Options{Seed: 1, Invoices: invs, TwoPages: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")))
	for _, b := range bills {
		fmt.Println(b.Account, b.AmountDue.StringFixed(2), "pages", b.First, "to", b.Last)
	}
	// Output:
	// true
	// 100-1000-01 88.43 pages 1 to 1
	// 101-1000-01 87.40 pages 2 to 3
	// 102-1000-01 76.77 pages 4 to 4
}
