package invoicetest_test

import (
	"fmt"

	"github.com/icbatch/caselle/invoice/invoicetest"
)

// A day's invoices, the same for the same seed: what the other generators
// take so that a day's files agree.
func ExampleCollect() {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 1, Invoices: 3})
	for _, inv := range invs {
		fmt.Println(inv.Account, inv.Number, inv.DueDate.Format("2006-01-02"), inv.Balances.AmountDue.StringFixed(2))
	}
	fmt.Println(len(invoicetest.Accounts(invs)), "accounts")
	// Output:
	// 100-1000-01 2026110001 2026-11-20 88.43
	// 101-1000-01 2026110002 2026-11-20 87.40
	// 102-1000-01 2026110003 2026-11-20 76.77
	// 3 accounts
}
