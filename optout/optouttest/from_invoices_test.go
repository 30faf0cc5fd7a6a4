package optouttest

import (
	"bytes"
	"testing"

	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/optout"
)

// TestFromGeneratedAccounts makes paperless changes for the accounts and
// invoice types invoicetest makes.
func TestFromGeneratedAccounts(t *testing.T) {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 5, Invoices: 40})
	accounts := invoicetest.Accounts(invs)
	known := map[string]int{}
	for _, inv := range invs {
		known[inv.Account] = inv.TypeID
	}
	var buf bytes.Buffer
	if err := Write(&buf, Options{Seed: 5, Changes: 60, Accounts: accounts}); err != nil {
		t.Fatal(err)
	}
	for c, err := range optout.NewReader(bytes.NewReader(buf.Bytes()), nil).All() {
		if err != nil {
			t.Fatal(err)
		}
		if typ, ok := known[c.Account]; !ok || typ != c.InvoiceType {
			t.Fatalf("change for an account or type invoicetest did not make: %+v", c)
		}
	}
}
