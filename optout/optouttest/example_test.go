package optouttest_test

import (
	"fmt"

	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/optout/optouttest"
)

// Paperless changes by the customers of a day's invoices.
func ExampleChanges() {
	accts := invoicetest.Accounts(invoicetest.Collect(invoicetest.Options{Seed: 1, Invoices: 10}))
	for c := range optouttest.Changes(optouttest.Options{Seed: 1, Changes: 3, Accounts: accts}) {
		fmt.Println(c.ID, c.Account, c.Paperless, c.Effective.Format("2006-01-02"), c.ChangedBy)
	}
	// Output:
	// 1000001 107-1000-01 true 2026-11-24 Payer
	// 1000002 106-1000-01 false 2026-11-24 Payer
	// 1000003 105-1000-01 true 2026-11-24 Biller
}
