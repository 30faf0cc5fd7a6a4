package billimage

import (
	"bytes"
	"strings"
	"testing"

	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

func TestPageTextOfGeneratedBills(t *testing.T) {
	var buf bytes.Buffer
	bills, err := billimagetest.Write(&buf, billimagetest.Options{Seed: 1, Invoices: invoicetest.Collect(invoicetest.Options{Seed: 1, Invoices: 6}), Duplex: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err := OpenPDF(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "print.pdf")
	if err != nil {
		t.Fatal(err)
	}
	p, err := d.Page(1)
	if err != nil {
		t.Fatal(err)
	}
	text := p.Text()
	t.Log(text)
	if !strings.Contains(text, "Account Number: "+bills[0].Account) {
		t.Fatalf("page 1:\n%s", text)
	}
}
