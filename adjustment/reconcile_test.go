package adjustment_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/adjustment/adjustmenttest"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/shopspring/decimal"
)

func TestReconcileFindsEachKind(t *testing.T) {
	m := decimal.RequireFromString
	bills := []invoice.Bill{
		{BIFRow: invoice.BIFRow{Account: "100-1", Number: "INV1", TypeID: 1, BalanceDue: m("80.00")}, File: "day.bif", Line: 2},
		{BIFRow: invoice.BIFRow{Account: "100-2", Number: "INV2", TypeID: 3, BalanceDue: m("10.00")}, File: "day.bif", Line: 3},
	}
	adj := func(acct, inv string, typ int, amount, newBal string) adjustment.Adjustment {
		return adjustment.Adjustment{Account: acct, InvoiceNumber: inv, InvoiceType: typ, Code: "LEAK", Amount: m(amount), NewBalance: m(newBal)}
	}
	tests := []struct {
		a    adjustment.Adjustment
		want adjustment.FindingKind
	}{
		{adj("100-1", "INV1", 1, "-20.00", "60.00"), ""},
		{adj("100-1", "INV1", 1, "-5.00", "55.00"), ""}, // after the one before
		{adj("100-1", "INV1", 1, "-5.00", "75.00"), adjustment.BalanceMismatch},
		{adj("100-2", "INV2", 1, "5.00", "15.00"), adjustment.WrongType},
		{adj("100-2", "INV2", 3, "-20.00", "-5.00"), adjustment.BelowZero},
		{adj("100-9", "INV9", 1, "-1.00", "0.00"), adjustment.UnknownInvoice},
	}
	rc := adjustment.NewReconciler(bills)
	for i, tt := range tests {
		rc.Add("baf.txt", i+2, tt.a)
	}
	got := map[int]adjustment.Finding{}
	for _, f := range rc.Findings() {
		got[f.Line] = f
	}
	for i, tt := range tests {
		f, ok := got[i+2]
		if ok != (tt.want != "") || ok && f.Kind != tt.want {
			t.Errorf("line %d: got %v, want %q", i+2, f, tt.want)
		}
	}
	if adj := rc.Adjusted(); len(adj) != 2 || !adj[0].BalanceDue.Equal(m("50.00")) || !adj[1].BalanceDue.Equal(m("-5.00")) || adj[0].Line != 2 {
		t.Errorf("adjusted bills: %+v", adj)
	}
	if s := got[4].String(); !strings.Contains(s, "baf.txt:4: A LEAK (account 100-1, invoice INV1): new balance disagrees: new balance 75.00; 55.00 due before and -5.00 adjusted make 50.00 (bill: day.bif:2)") {
		t.Errorf("finding: %s", s)
	}
}

func TestReconcileAGeneratedDay(t *testing.T) {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 8, Invoices: 200})
	var bills []invoice.Bill
	for _, inv := range invs {
		bills = append(bills, invoice.Bill{BIFRow: invoice.BIFRow{Account: inv.Account, Number: inv.Number, TypeID: inv.TypeID, BalanceDue: inv.Balances.AmountDue}})
	}
	var buf bytes.Buffer
	if _, err := adjustmenttest.Write(&buf, adjustmenttest.Options{Seed: 8, Adjustments: 60, Invoices: invs}); err != nil {
		t.Fatal(err)
	}
	rc := adjustment.NewReconciler(bills)
	if err := rc.File(adjustment.NewReader(&buf, &adjustment.Options{Name: "baf.txt"})); err != nil {
		t.Fatal(err)
	}
	for _, f := range rc.Findings() {
		t.Error(f)
	}
}
