package paymenttest

import (
	"bytes"
	"testing"
	"time"

	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/payment"
)

// TestPaymentsForInvoices: every payment pays an invoice of the day, no
// more than is due, in part only where allowed, AutoPay on its date.
func TestPaymentsForInvoices(t *testing.T) {
	var invs []invoice.Invoice
	for inv := range invoicetest.Invoices(invoicetest.Options{Seed: 4, Invoices: 400}) {
		invs = append(invs, inv)
	}
	byNumber := map[string]invoice.Invoice{}
	for _, inv := range invs {
		byNumber[inv.Number] = inv
	}
	due := invs[0].DueDate
	autoPayDay := due.AddDate(0, 0, -3)
	for _, tt := range []struct {
		name    string
		date    time.Time // file date: payments are made the day before
		partial bool
	}{
		{"AutoPay day, partial allowed", autoPayDay.AddDate(0, 0, 1), true},
		{"another day, no partial payments", autoPayDay.AddDate(0, 0, 3), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultCustomization
			c.AllowPartialPayments = tt.partial
			o := Options{Seed: 9, Date: tt.date, Payments: 120, Invoices: invs, Customization: &c}
			var buf bytes.Buffer
			if _, err := Write(&buf, o); err != nil {
				t.Fatal(err)
			}
			paid := map[string]int{}
			partial, autopay := 0, 0
			for p, err := range payment.NewReader(&buf, nil).All() {
				if err != nil {
					t.Fatal(err)
				}
				if p.Type != payment.PMT {
					continue
				}
				inv, ok := byNumber[p.InvoiceNumber]
				switch {
				case !ok || inv.Account != p.Account || inv.TypeID != p.InvoiceType:
					t.Fatalf("a payment for no invoice of the day: %+v", p)
				case p.Amount.GreaterThan(inv.Balances.AmountDue):
					t.Fatalf("paid %s of %s due", p.Amount, inv.Balances.AmountDue)
				case p.Amount.LessThan(inv.Balances.AmountDue):
					partial++
				}
				if p.Channel == payment.AutoPay {
					autopay++
					if !inv.AutoPay || !tt.date.AddDate(0, 0, -1).Equal(autoPayDay) {
						t.Fatalf("AutoPay of %s on the wrong day or bill", p.InvoiceNumber)
					}
				}
				if paid[p.InvoiceNumber]++; paid[p.InvoiceNumber] > 1 {
					t.Fatalf("%s paid twice", p.InvoiceNumber)
				}
			}
			if tt.partial != (partial > 0) {
				t.Errorf("%d partial payments with partial payments allowed: %v", partial, tt.partial)
			}
			if (autopay > 0) != tt.date.AddDate(0, 0, -1).Equal(autoPayDay) {
				t.Errorf("%d AutoPay payments", autopay)
			}
			if len(paid) < 120 {
				t.Errorf("%d invoices paid, want at least the 120 payers", len(paid))
			}
		})
	}
}
