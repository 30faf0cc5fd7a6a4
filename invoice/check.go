package invoice

import (
	"fmt"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/shopspring/decimal"
)

// The rules of FORMATS §2 (and so §3, the same data), written once.

func (l *ConnectLayout) checkHeader(h *Header, fail layout.FailFunc) {
	if h.BillerCode == "" {
		fail(l.hBiller, "", ErrInvalid, "biller code is required")
	}
	if h.Created.IsZero() {
		fail(l.hDate, "", ErrInvalid, "creation date is required")
	}
	if h.Cycle < 0 || h.Cycle > 99 {
		fail(l.hCycle, fmt.Sprint(h.Cycle), ErrInvalid, "billing cycle must be 00-99")
	}
	if !h.Period.valid() {
		fail(l.hPeriod, h.Period.String(), ErrInvalid, "billing period must be YYYYMM with a month 01-12")
	}
}

// checkInvoice checks an invoice's own fields (IN).
func (l *ConnectLayout) checkInvoice(inv *Invoice, reg *Registry, fail layout.FailFunc) {
	if inv.Account == "" {
		fail(l.inAccount, "", ErrInvalid, "account number is required")
	}
	if inv.Number == "" {
		fail(l.inNumber, "", ErrInvalid, "invoice number is required")
	}
	if inv.TypeID < 1 || inv.TypeID > 99 {
		fail(l.inType, fmt.Sprint(inv.TypeID), ErrInvalid, "invoice type id must be 01-99")
	} else if _, ok := reg.Lookup(inv.TypeID); reg != nil && !ok {
		fail(l.inType, fmt.Sprint(inv.TypeID), ErrInvalid, "invoice type %02d is not one of the biller's %d invoice types", inv.TypeID, reg.Len())
	}
	if inv.BillDate.IsZero() {
		fail(l.inBill, "", ErrInvalid, "bill date is required")
	}
	if inv.DueDate.IsZero() {
		fail(l.inDue, "", ErrInvalid, "due date is required")
	} else if inv.DueDate.Before(inv.BillDate) {
		fail(l.inDue, inv.DueDate.Format("2006-01-02"), ErrInvalid, "due date is before the bill date %s", inv.BillDate.Format("2006-01-02"))
	}
	b := inv.Balances
	if sum := b.Previous.Add(b.Payments).Add(b.Adjustments).Add(b.Current); !sum.Equal(b.AmountDue) {
		fail(l.inAmountDue, b.AmountDue.String(), ErrTotals,
			"balance forward: previous %s + payments %s + adjustments %s + current %s = %s, not the amount due %s",
			b.Previous.StringFixed(2), b.Payments.StringFixed(2), b.Adjustments.StringFixed(2), b.Current.StringFixed(2),
			sum.StringFixed(2), b.AmountDue.StringFixed(2))
	}
}

// chargesTotal adds an invoice's charge lines.
func chargesTotal(inv *Invoice) decimal.Decimal {
	var sum decimal.Decimal
	for _, c := range inv.Charges {
		sum = sum.Add(c.Amount)
	}
	return sum
}

func (l *ConnectLayout) checkUsage(u *Usage, fail layout.FailFunc) {
	if u.Service == "" {
		fail(l.uhService, "", ErrInvalid, "service code is required")
	}
	if len(u.Months) > 13 {
		fail(l.uhPeriod[0], fmt.Sprint(len(u.Months)), ErrTooLong, "%d months of usage; the record holds 13", len(u.Months))
	}
	for i, m := range u.Months {
		if !m.Month.valid() {
			fail(l.uhPeriod[min(i, 12)], m.Month.String(), ErrInvalid, "usage month must be YYYYMM with a month 01-12")
		} else if i > 0 && !before(m.Month, u.Months[i-1].Month) {
			fail(l.uhPeriod[min(i, 12)], m.Month.String(), ErrOrder, "usage months go newest first; %s follows %s", m.Month, u.Months[i-1].Month)
		}
	}
}

func before(a, b Period) bool { return a.Year < b.Year || a.Year == b.Year && a.Month < b.Month }
