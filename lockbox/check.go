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
	if h.Destination == "" {
		fail(l.h.Field("destination"), "", ErrInvalid, "destination (the biller code) is required")
	}
	if h.Origin == "" {
		fail(l.h.Field("origin"), "", ErrInvalid, "origin is required (INVCLOUD)")
	}
	if h.Created.IsZero() {
		fail(l.h.Field("creation_date"), "", ErrInvalid, "creation date is required")
	}
}

func (l *Layout) checkBatch(b *Batch, fail failFunc) {
	if b.Number < 1 {
		fail(l.b.Field("batch"), fmt.Sprint(b.Number), ErrInvalid, "batch numbers start at 1")
	}
	if b.Lockbox < 1 {
		fail(l.b.Field("lockbox"), fmt.Sprint(b.Lockbox), ErrInvalid, "lockbox number is required")
	}
	if b.Deposit.IsZero() {
		fail(l.b.Field("deposit_date"), "", ErrInvalid, "deposit date is required")
	}
	if b.Store == "" {
		fail(l.b.Field("store"), "", ErrInvalid, "store code is required")
	}
}

func (l *Layout) checkPayment(p *Payment, fail failFunc) {
	if p.Amount.Sign() <= 0 {
		fail(l.p.Field("amount"), p.Amount.String(), ErrInvalid, "payment amount must be more than zero")
	}
	if p.Confirmation == "" {
		fail(l.p.Field("confirmation"), "", ErrInvalid, "confirmation number is required")
	}
}

func (l *Layout) checkDistribution(d *Distribution, mask Mask, fail failFunc) {
	if d.ItemCode == "" {
		fail(l.d.Field("item_code"), "", ErrInvalid, "item code is required")
	}
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
