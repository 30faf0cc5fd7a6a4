package adjustmenttest

import (
	"bytes"
	"testing"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/invoice"
	"github.com/shopspring/decimal"
)

func TestGeneratedFileIsValidAndUsesTheGivenInvoices(t *testing.T) {
	invoices := []invoice.Invoice{
		{Account: "100-2345-01", Number: "2026110001", TypeID: 1, Balances: invoice.Balances{AmountDue: decimal.RequireFromString("61.37")}},
		{Account: "100-7781-02", Number: "2026110002", TypeID: 3, Balances: invoice.Balances{AmountDue: decimal.RequireFromString("5.00")}},
	}
	var buf bytes.Buffer
	tr, err := Write(&buf, Options{Seed: 7, Adjustments: 40, Invoices: invoices})
	if err != nil {
		t.Fatal(err)
	}
	r := adjustment.NewReader(bytes.NewReader(buf.Bytes()), &adjustment.Options{MaxErrors: -1})
	n := 0
	balance := map[string]decimal.Decimal{}
	for _, inv := range invoices {
		balance[inv.Number] = inv.Balances.AmountDue
	}
	for a, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		n++
		ok := false
		for _, inv := range invoices {
			if a.Account == inv.Account && a.InvoiceNumber == inv.Number && a.InvoiceType == inv.TypeID {
				ok = true
				// Each adjustment starts from the balance the one before left.
				if !a.NewBalance.Equal(balance[inv.Number].Add(a.Amount)) || a.NewBalance.IsNegative() {
					t.Fatalf("new balance %s for %s%+v on %s", a.NewBalance, a.Code, a.Amount, balance[inv.Number])
				}
				balance[inv.Number] = a.NewBalance
			}
		}
		if !ok {
			t.Fatalf("adjustment for an invoice not given: %+v", a)
		}
	}
	if n != 40 || tr.Adjustments != 40 {
		t.Fatalf("%d adjustments read, trailer %+v", n, tr)
	}
}
