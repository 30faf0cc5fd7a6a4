package payment_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/icbatch/caselle/payment"
)

// TestUnknownCodesSayWhatIsWanted: a code of no kind the file knows is
// refused by a message listing every code of that kind.
func TestUnknownCodesSayWhatIsWanted(t *testing.T) {
	h := payment.Header{BillerCode: "SPANFORK", Created: day(2026, 11, 25), Sequence: 1}
	for _, c := range []struct {
		edit func(*payment.Payment)
		want string
	}{
		{func(p *payment.Payment) { p.Type = "XXX" }, "unknown transaction type; want PMT, REV or RFD"},
		{func(p *payment.Payment) { p.Method = "ZZ" }, "unknown payment method; want CC, DC, AC, PP, VN, AP or GP"},
		{func(p *payment.Payment) { p.Method, p.CardBrand = payment.CreditCard, "JCB" }, "a card payment needs a card brand: VISA, MC, AMEX or DISC"},
		{func(p *payment.Payment) { p.Channel = "FAX" }, "unknown channel; want WEB, IVR, OBD, TXT, APY, BPT or SWP"},
	} {
		w, err := payment.NewWriter(&bytes.Buffer{}, h, nil)
		if err != nil {
			t.Fatal(err)
		}
		p := wantValid(t)[0]
		c.edit(&p)
		if err := w.Write(p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", p, err, c.want)
		}
	}
}
