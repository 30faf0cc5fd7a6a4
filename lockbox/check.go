package lockbox

import (
	"fmt"

	"github.com/icbatch/caselle/internal/layout"
)

type failFunc = layout.FailFunc

// The rules of FORMATS §8, written once for the Reader and the Writer.

func (l *Layout) checkHeader(h *Header, fail failFunc) {
	if h.Priority != 1 {
		fail(l.h.Field("priority"), fmt.Sprint(h.Priority), ErrInvalid, "priority must be 01")
	}
	fail.Required(l.h.Field("destination"), h.Destination == "", "destination (the biller code)")
	if h.Origin == "" {
		fail(l.h.Field("origin"), "", ErrInvalid, "origin is required (INVCLOUD)")
	}
	fail.Required(l.h.Field("creation_date"), h.Created.IsZero(), "creation date")
}

func (l *Layout) checkBatch(b *Batch, fail failFunc) {
	if b.Number < 1 {
		fail(l.b.Field("batch"), fmt.Sprint(b.Number), ErrInvalid, "batch numbers start at 1")
	}
	if b.Lockbox < 1 {
		fail(l.b.Field("lockbox"), fmt.Sprint(b.Lockbox), ErrInvalid, "lockbox number is required")
	}
	fail.Required(l.b.Field("deposit_date"), b.Deposit.IsZero(), "deposit date")
	fail.Required(l.b.Field("store"), b.Store == "", "store code")
}

func (l *Layout) checkPayment(p *Payment, fail failFunc) {
	if p.Amount.Sign() <= 0 {
		fail(l.p.Field("amount"), p.Amount.String(), ErrInvalid, "payment amount must be more than zero")
	}
	fail.Required(l.p.Field("confirmation"), p.Confirmation == "", "confirmation number")
}

func (l *Layout) checkDistribution(d *Distribution, mask Mask, fail failFunc) {
	fail.Required(l.d.Field("item_code"), d.ItemCode == "", "item code")
	if d.GLAccount == "" {
		fail(l.d.Field("gl_account"), "", ErrUnmapped, "GL account is required: every store item posts to one")
	} else if err := mask.Check(d.GLAccount); err != nil {
		fail(l.d.Field("gl_account"), d.GLAccount, ErrMask, "%v", err)
	}
	if d.Quantity < 1 {
		fail(l.d.Field("quantity"), fmt.Sprint(d.Quantity), ErrInvalid, "quantity must be at least 1")
	}
	if d.Amount.Sign() < 0 {
		fail(l.d.Field("amount"), d.Amount.String(), ErrInvalid, "amount must not be negative")
	}
}
