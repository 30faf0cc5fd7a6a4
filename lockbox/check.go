package lockbox

import (
	"fmt"

	"github.com/icbatch/caselle/internal/layout"
)

type failFunc = layout.FailFunc

// The rules of FORMATS §8, written once for the Reader and the Writer.

func (l *Layout) checkHeader(h *Header, to failFunc) {
	fail := layout.Named(to, l.h)
	if h.Priority != 1 {
		fail("priority", fmt.Sprint(h.Priority), ErrInvalid, "priority must be 01")
	}
	fail.Required("destination", h.Destination == "", "destination (the biller code)")
	if h.Origin == "" {
		fail("origin", "", ErrInvalid, "origin is required (INVCLOUD)")
	}
	fail.Required("creation_date", h.Created.IsZero(), "creation date")
}

func (l *Layout) checkBatch(b *Batch, to failFunc) {
	fail := layout.Named(to, l.b)
	if b.Number < 1 {
		fail("batch", fmt.Sprint(b.Number), ErrInvalid, "batch numbers start at 1")
	}
	if b.Lockbox < 1 {
		fail("lockbox", fmt.Sprint(b.Lockbox), ErrInvalid, "lockbox number is required")
	}
	fail.Required("deposit_date", b.Deposit.IsZero(), "deposit date")
	fail.Required("store", b.Store == "", "store code")
}

func (l *Layout) checkPayment(p *Payment, to failFunc) {
	fail := layout.Named(to, l.p)
	if p.Amount.Sign() <= 0 {
		fail("amount", p.Amount.String(), ErrInvalid, "payment amount must be more than zero")
	}
	fail.Required("confirmation", p.Confirmation == "", "confirmation number")
}

func (l *Layout) checkDistribution(d *Distribution, mask Mask, to failFunc) {
	fail := layout.Named(to, l.d)
	fail.Required("item_code", d.ItemCode == "", "item code")
	if d.GLAccount == "" {
		fail("gl_account", "", ErrUnmapped, "GL account is required: every store item posts to one")
	} else if err := mask.Check(d.GLAccount); err != nil {
		fail("gl_account", d.GLAccount, ErrMask, "%v", err)
	}
	if d.Quantity < 1 {
		fail("quantity", fmt.Sprint(d.Quantity), ErrInvalid, "quantity must be at least 1")
	}
	if d.Amount.Sign() < 0 {
		fail("amount", d.Amount.String(), ErrInvalid, "amount must not be negative")
	}
}
