package lockbox

import (
	"fmt"

	"github.com/icbatch/caselle/internal/layout"
)

type failFunc = layout.FailFunc

// The rules of FORMATS §8, written once for the Reader and the Writer.

func (l *Layout) checkHeader(h *Header, fail failFunc) {
	if h.Priority != 1 {
		fail(l.priority, fmt.Sprint(h.Priority), ErrInvalid, "priority must be 01")
	}
	if h.Destination == "" {
		fail(l.destination, "", ErrInvalid, "destination (the biller code) is required")
	}
	if h.Origin == "" {
		fail(l.origin, "", ErrInvalid, "origin is required (INVCLOUD)")
	}
	if h.Created.IsZero() {
		fail(l.createdDate, "", ErrInvalid, "creation date is required")
	}
}

func (l *Layout) checkBatch(b *Batch, fail failFunc) {
	if b.Number < 1 {
		fail(l.bBatch, fmt.Sprint(b.Number), ErrInvalid, "batch numbers start at 1")
	}
	if b.Lockbox < 1 {
		fail(l.bLockbox, fmt.Sprint(b.Lockbox), ErrInvalid, "lockbox number is required")
	}
	if b.Deposit.IsZero() {
		fail(l.bDeposit, "", ErrInvalid, "deposit date is required")
	}
	if b.Store == "" {
		fail(l.bStore, "", ErrInvalid, "store code is required")
	}
}

func (l *Layout) checkPayment(p *Payment, fail failFunc) {
	if p.Amount.Sign() <= 0 {
		fail(l.pAmount, p.Amount.String(), ErrInvalid, "payment amount must be more than zero")
	}
	if p.Confirmation == "" {
		fail(l.pConf, "", ErrInvalid, "confirmation number is required")
	}
}

func (l *Layout) checkDistribution(d *Distribution, mask Mask, fail failFunc) {
	if d.ItemCode == "" {
		fail(l.dCode, "", ErrInvalid, "item code is required")
	}
	if d.GLAccount == "" {
		fail(l.dGL, "", ErrUnmapped, "GL account is required: every store item posts to one")
	} else if err := mask.Check(d.GLAccount); err != nil {
		fail(l.dGL, d.GLAccount, ErrMask, "%v", err)
	}
	if d.Quantity < 1 {
		fail(l.dQty, fmt.Sprint(d.Quantity), ErrInvalid, "quantity must be at least 1")
	}
	if d.Amount.Sign() < 0 {
		fail(l.dAmount, d.Amount.String(), ErrInvalid, "amount must not be negative")
	}
}
