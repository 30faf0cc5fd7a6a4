package billimage_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/icbatch/caselle/billimage"
	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

// Finding the bills of a print file with the reference template and
// writing the bill image index.
func Example() {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 1, Invoices: 3})
	var print bytes.Buffer
	billimagetest.Write(&print, billimagetest.Options{Seed: 1, Invoices: invs, Duplex: true})

	doc, err := billimage.OpenPDF(bytes.NewReader(print.Bytes()), int64(print.Len()), "SPANFORK_print.pdf")
	if err != nil {
		fmt.Println(err) // not a PDF, cut short, needs a password: one line
		return
	}
	var out bytes.Buffer
	index := billimage.NewIndexWriter(&out)
	for bill, err := range billimage.Reference().Bills(doc, nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, p := range bill.Problems {
			fmt.Println(p) // FILE: page N: FIELD: message
		}
		name, _ := billimage.FileName(bill)
		index.Write(bill, name)
	}
	index.Close()
	fmt.Print(strings.ReplaceAll(out.String(), "\r\n", "\n")) // the index ends its lines with CRLF
	// Output:
	// AccountNumber,InvoiceNumber,InvoiceTypeID,BillDate,DueDate,AmountDue,SourceFile,FirstPage,LastPage,BillFile
	// 100-1000-01,2026110001,01,11/01/2026,11/20/2026,88.43,SPANFORK_print.pdf,1,2,100-1000-01_2026110001.pdf
	// 101-1000-01,2026110002,01,11/01/2026,11/20/2026,87.40,SPANFORK_print.pdf,3,4,101-1000-01_2026110002.pdf
	// 102-1000-01,2026110003,01,11/01/2026,11/20/2026,76.77,SPANFORK_print.pdf,5,6,102-1000-01_2026110003.pdf
}
