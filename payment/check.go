package payment

import (
	"fmt"

	"github.com/icbatch/caselle/internal/layout"
)

type failFunc = layout.FailFunc

// checkHeader applies the rules of the PH record.
func (l *Layout) checkHeader(h *Header, to failFunc) {
	fail := layout.Named(to, l.ph)
	fail.Required("biller_code", h.BillerCode == "", "biller code")
	fail.Required("file_date", h.Created.IsZero(), "file date")
	if h.Sequence < 1 {
		fail("sequence", fmt.Sprint(h.Sequence), ErrInvalid, "file sequence number must be 1 or more")
	}
}

// checkPayment applies the rules of FORMATS §6 to one PD record.
func (l *Layout) checkPayment(p *Payment, to failFunc) {
	fail := layout.Named(to, l.pd)
	if !p.Type.valid() {
		fail("transaction_type", string(p.Type), ErrInvalid, "unknown transaction type; want PMT, REV or RFD")
	}
	fail.Required("confirmation", p.Confirmation == "", "confirmation number")
	switch p.Type {
	case PMT:
		if p.Original != "" {
			fail("original_confirmation", p.Original, ErrInvalid, "a PMT payment has no original confirmation number")
		}
		if p.Amount.Sign() <= 0 {
			fail("amount", p.Amount.String(), ErrInvalid, "a PMT amount must be more than zero")
		}
	case REV, RFD:
		if p.Original == "" {
			fail("original_confirmation", "", ErrInvalid, "a %s must name the original confirmation number it undoes", p.Type)
		} else if p.Original == p.Confirmation {
			fail("original_confirmation", p.Original, ErrInvalid, "a %s cannot undo itself: original and confirmation numbers are the same", p.Type)
		}
		if p.Amount.Sign() >= 0 {
			fail("amount", p.Amount.String(), ErrInvalid, "a %s amount must be less than zero", p.Type)
		}
	}
	if p.Fee.Sign() < 0 {
		fail("convenience_fee", p.Fee.String(), ErrInvalid, "convenience fee must not be negative")
	}
	fail.Required("account", p.Account == "", "account number")
	fail.InvoiceType("invoice_type", p.InvoiceType)
	fail.Required("payment_date", p.Paid.IsZero(), "payment date")
	fail.Required("settlement_date", p.Settlement.IsZero(), "settlement date")
	if !p.Method.valid() {
		fail("method", string(p.Method), ErrInvalid, "unknown payment method; want CC, DC, AC, PP, VN, AP or GP")
	} else if p.Method.IsCard() {
		if !p.CardBrand.valid() {
			fail("card_brand", string(p.CardBrand), ErrInvalid, "a card payment needs a card brand: VISA, MC, AMEX or DISC")
		}
	} else if p.CardBrand != "" {
		fail("card_brand", string(p.CardBrand), ErrInvalid, "card brand must be blank unless the method is CC or DC")
	}
	if !p.Channel.valid() {
		fail("channel", string(p.Channel), ErrInvalid, "unknown channel; want WEB, IVR, OBD, TXT, APY, BPT or SWP")
	}
	fail.Required("deposit_batch", p.Batch == "", "deposit batch id")
	// Account and invoice numbers may legitimately be long digit runs; a
	// payer name never is.
	if looksLikePAN(p.Payer) {
		fail("payer", "", ErrCardNumber, "payer name holds what looks like a card number; card and bank account numbers must never appear in a payment file")
	}
}

// looksLikePAN reports a run of 13 to 19 digits (spaces and dashes
// allowed between them) that passes the Luhn check.
func looksLikePAN(s string) bool {
	if len(s) < 13 {
		return false
	}
	nd := 0
	for i := 0; i < len(s); i++ {
		if s[i]-'0' < 10 {
			nd++
		}
	}
	if nd < 13 {
		return false
	}
	var digits [19]byte
	n := 0 // digits in the current run; more than 19 = too long to be one
	for i := 0; i <= len(s); i++ {
		c := byte(0)
		if i < len(s) {
			c = s[i]
		}
		switch {
		case c >= '0' && c <= '9':
			if n < len(digits) {
				digits[n] = c
			}
			n++
		case (c == ' ' || c == '-') && n > 0:
		default:
			if n >= 13 && n <= 19 && luhn(digits[:n]) {
				return true
			}
			n = 0
		}
	}
	return false
}

func luhn(d []byte) bool {
	sum := 0
	for i := range d {
		v := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}
