package optouttest

import (
	"bytes"
	"testing"

	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/optout"
)

func TestGeneratedLogIsValidAndUsesTheGivenAccounts(t *testing.T) {
	accounts := []invoicetest.Account{{Number: "100-2345-01", InvoiceTypes: []int{1, 42}}, {Number: "100-7781-02", Customer: invoice.Customer{Email: "mary@example.com"}}}
	var buf bytes.Buffer
	if err := Write(&buf, Options{Seed: 3, Changes: 300, Accounts: accounts}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for c, err := range optout.NewReader(bytes.NewReader(buf.Bytes()), &optout.Options{MaxErrors: -1}).All() {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if c.Account != "100-2345-01" && c.Account != "100-7781-02" {
			t.Fatalf("change for an account not given: %+v", c)
		}
		if c.Account == "100-7781-02" && c.InvoiceType != 1 || c.Account == "100-2345-01" && c.InvoiceType != 1 && c.InvoiceType != 42 {
			t.Fatalf("invoice type not given: %+v", c)
		}
	}
	if n != 300 {
		t.Fatalf("%d changes", n)
	}
}
