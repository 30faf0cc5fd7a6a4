package payment_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
	"github.com/shopspring/decimal"
)

func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestReconcileFindsEachKind(t *testing.T) {
	day := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	bills := []payment.Bill{
		{BIFRow: invoice.BIFRow{Account: "100-1", Number: "INV1", BalanceDue: money("100.00"), AllowPartial: true}, File: "day.bif", Line: 2},
		{BIFRow: invoice.BIFRow{Account: "100-2", Number: "INV2", BalanceDue: money("50.00")}, File: "day.bif", Line: 3},
		{BIFRow: invoice.BIFRow{Account: "100-3", Number: "INV3", BalanceDue: money("75.00"), AllowPartial: true, ExpireDate: day.AddDate(0, 0, -10)}, File: "day.bif", Line: 4},
		{BIFRow: invoice.BIFRow{Account: "100-4", Number: "INV4", BalanceDue: money("30.00")}, File: "day.bif", Line: 5},
	}
	pmt := func(conf, acct, inv, amount string) payment.Payment {
		return payment.Payment{Type: payment.PMT, Confirmation: conf, Account: acct, InvoiceNumber: inv, Amount: money(amount), Paid: day}
	}
	rev := func(conf, orig, acct, inv, amount string) payment.Payment {
		p := pmt(conf, acct, inv, amount)
		p.Type, p.Original = payment.REV, orig
		return p
	}
	tests := []struct {
		p    payment.Payment
		want payment.FindingKind // "" for none
	}{
		{pmt("c1", "100-1", "INV1", "60.00"), ""},                        // partial, allowed
		{pmt("c2", "100-1", "INV1", "60.00"), payment.Overpaid},          // 120 of 100
		{pmt("c3", "100-2", "INV2", "20.00"), payment.PartialNotAllowed}, // 20 of 50
		{pmt("c4", "100-3", "INV3", "75.00"), payment.PaidAfterExpiry},
		{pmt("c5", "100-9", "INV9", "10.00"), payment.UnknownInvoice},
		{rev("r1", "never-seen", "100-4", "INV4", "-30.00"), payment.UnpostedReversal},
		{rev("r2", "posted-yesterday", "100-4", "INV4", "-30.00"), ""}, // in the ledger
		{rev("r3", "c1", "100-1", "INV1", "-60.00"), ""},               // of this file's payment
		{pmt("c6", "100-4", "INV4", "30.00"), ""},                      // in full
	}
	rc := payment.NewReconciler(bills)
	rc.Posted = func(c string) bool { return c == "posted-yesterday" }
	var s payment.Summary
	for i, tt := range tests {
		rc.Add("pmt.txt", i+2, tt.p)
		s.Add(tt.p)
	}
	byLine := map[int]payment.Finding{}
	for _, f := range rc.Findings() {
		if _, dup := byLine[f.Line]; dup {
			t.Errorf("two findings on line %d", f.Line)
		}
		byLine[f.Line] = f
	}
	for i, tt := range tests {
		f, ok := byLine[i+2]
		switch {
		case tt.want == "" && ok:
			t.Errorf("line %d (%s): unexpected %s", i+2, tt.p.Confirmation, f)
		case tt.want != "" && (!ok || f.Kind != tt.want):
			t.Errorf("line %d (%s): got %v, want %s", i+2, tt.p.Confirmation, f, tt.want)
		}
	}
	if f := byLine[3]; f.Bill == nil || f.Bill.Line != 2 || !strings.Contains(f.String(), "pmt.txt:3: PMT c2 (account 100-1, invoice INV1): paid more than due: 120.00 paid in all of 100.00 due (bill: day.bif:2)") {
		t.Errorf("a finding names both records: %s", f)
	}
	// The deposit summary against the trailer.
	good := payment.Trailer{Payments: 6, PaymentTotal: money("255.00"), Returns: 3, ReturnTotal: money("-120.00")}
	rc.Totals("pmt.txt", 11, &s, good)
	if n := len(rc.Findings()); n != 5 {
		t.Fatalf("a trailer that agrees: %d findings", n)
	}
	bad := good
	bad.PaymentTotal = money("255.01")
	rc.Totals("pmt.txt", 11, &s, bad)
	if fs := rc.Findings(); len(fs) != 6 || fs[5].Kind != payment.DepositTotals || fs[5].Line != 11 {
		t.Fatalf("a trailer that disagrees: %v", fs[len(fs)-1])
	}
}

// TestReconcileAGeneratedDay: the payments the generator makes for a
// day's bills reconcile without a finding but the reversals it makes.
func TestReconcileAGeneratedDay(t *testing.T) {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 2, Invoices: 300})
	c := paymenttest.DefaultCustomization
	var bills []payment.Bill
	for i, inv := range invs {
		row, err := c.BIF(inv, "")
		if err != nil {
			t.Fatal(err)
		}
		bills = append(bills, payment.Bill{BIFRow: row, File: "day.bif", Line: i + 2})
	}
	var buf bytes.Buffer
	if _, err := paymenttest.Write(&buf, paymenttest.Options{Seed: 2, Date: invs[0].DueDate.AddDate(0, 0, -2), Payments: 150, Invoices: invs}); err != nil {
		t.Fatal(err)
	}
	rc := payment.NewReconciler(bills)
	if err := rc.File(payment.NewReader(&buf, &payment.Options{Name: "pmt.txt"})); err != nil {
		t.Fatal(err)
	}
	for _, f := range rc.Findings() {
		t.Errorf("%s", f)
	}
}
