package paymenttest

import (
	"testing"

	"github.com/icbatch/caselle/internal/cp1252"
	"github.com/icbatch/caselle/payment"
)

func TestReturnsPointAtEarlierPayments(t *testing.T) {
	seen := map[string]payment.Payment{}
	returns, accented := 0, 0
	for p := range Payments(Options{Seed: 3, Payments: 3000}) {
		if p.Type == payment.PMT {
			seen[p.Confirmation] = p
		} else {
			returns++
			orig, ok := seen[p.Original]
			if !ok {
				t.Fatalf("%s %s undoes %s, not an earlier payment of the file", p.Type, p.Confirmation, p.Original)
			}
			if p.Amount.Neg().GreaterThan(orig.Amount) || p.Account != orig.Account || p.Paid.Before(orig.Paid) {
				t.Fatalf("%s does not match its payment: %+v vs %+v", p.Type, p, orig)
			}
		}
		if !cp1252.IsASCII([]byte(p.Payer)) {
			accented++
		}
	}
	if returns < 30 || accented < 300 {
		t.Fatalf("%d returns and %d accented payers in 3000: not a realistic mix", returns, accented)
	}
}

func TestAccountsOption(t *testing.T) {
	for p := range Payments(Options{Seed: 1, Payments: 100, Accounts: []string{"A-1", "A-2"}}) {
		if p.Account != "A-1" && p.Account != "A-2" {
			t.Fatalf("account %q not from the list", p.Account)
		}
	}
}
