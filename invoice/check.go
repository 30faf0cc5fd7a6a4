package invoice

import (
	"fmt"
	"strings"

	"github.com/icbatch/caselle/internal/money"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/shopspring/decimal"
)

// The rules of FORMATS §2 (and so §3, the same data), written once.

func (l *ConnectLayout) checkHeader(h *Header, to layout.FailFunc) {
	fail := layout.Named(to, l.h)
	fail.Required("biller_code", h.BillerCode == "", "biller code")
	fail.Required("creation_date", h.Created.IsZero(), "creation date")
	if h.Cycle < 0 || h.Cycle > 99 {
		fail("billing_cycle", fmt.Sprint(h.Cycle), ErrInvalid, "billing cycle must be 00-99")
	}
	if !h.Period.valid() {
		fail("billing_period", h.Period.String(), ErrInvalid, "billing period must be YYYYMM with a month 01-12")
	}
}

// Rule names the invoice fields the rules speak of, whatever the format.
type rule string

const (
	ruleAccount   rule = "account"
	ruleNumber    rule = "invoice_number"
	ruleType      rule = "invoice_type"
	ruleBillDate  rule = "bill_date"
	ruleDueDate   rule = "due_date"
	ruleAmountDue rule = "amount_due"
	ruleCurrent   rule = "current_charges"
)

// ruleFail reports a broken rule about one invoice field.
type ruleFail = layout.Fail[rule]

// cents is what a reader knows of an invoice's amounts in cents, worked
// out once as each record is read (money.Cents, exact for amounts read
// from a two-place field), so that the rules add integers: the
// balance-forward amounts and the sum of the charge lines. A nil *cents
// means working them out, and checking they fit (a writer's amounts).
type cents struct {
	previous, payments, adjustments, current, due int64
	charges                                       money.Total
}

// checkInvoiceRules applies the invoice rules of FORMATS §2-§3: required
// fields, type ids (and the registry), dates, the balance-forward identity
// and charge lines adding up to current charges.
func checkInvoiceRules(inv *Invoice, reg *Registry, known *cents, fail ruleFail) {
	fail.Required(ruleAccount, inv.Account == "", "account number")
	fail.Required(ruleNumber, inv.Number == "", "invoice number")
	if inv.TypeID < 1 || inv.TypeID > 99 {
		fail(ruleType, fmt.Sprint(inv.TypeID), ErrInvalid, "invoice type id must be 01-99")
	} else if _, ok := reg.Lookup(inv.TypeID); reg != nil && !ok {
		fail(ruleType, fmt.Sprint(inv.TypeID), ErrInvalid, "invoice type %02d is not one of the biller's %d invoice types", inv.TypeID, reg.Len())
	}
	fail.Required(ruleBillDate, inv.BillDate.IsZero(), "bill date")
	if inv.DueDate.IsZero() {
		fail(ruleDueDate, "", ErrInvalid, "due date is required")
	} else if inv.DueDate.Before(inv.BillDate) {
		fail(ruleDueDate, inv.DueDate.Format("2006-01-02"), ErrInvalid, "due date is before the bill date %s", inv.BillDate.Format("2006-01-02"))
	}
	b := inv.Balances
	if !balanced(b, known) {
		sum := b.Previous.Add(b.Payments).Add(b.Adjustments).Add(b.Current)
		fail(ruleAmountDue, b.AmountDue.String(), ErrTotals,
			"balance forward: previous %s + payments %s + adjustments %s + current %s = %s, not the amount due %s",
			b.Previous.StringFixed(2), b.Payments.StringFixed(2), b.Adjustments.StringFixed(2), b.Current.StringFixed(2),
			sum.StringFixed(2), b.AmountDue.StringFixed(2))
	}
}

// balanced checks the balance-forward identity in cents when every amount
// fits (no allocation), exactly with decimals otherwise. Four amounts of at
// most money.MaxDigits digits add up without overflow.
func balanced(b Balances, known *cents) bool {
	if known != nil {
		return known.previous+known.payments+known.adjustments+known.current == known.due
	}
	p, e1 := money.Scaled(b.Previous, 2)
	y, e2 := money.Scaled(b.Payments, 2)
	a, e3 := money.Scaled(b.Adjustments, 2)
	c, e4 := money.Scaled(b.Current, 2)
	d, e5 := money.Scaled(b.AmountDue, 2)
	if e1 == nil && e2 == nil && e3 == nil && e4 == nil && e5 == nil {
		return p+y+a+c == d
	}
	return b.Previous.Add(b.Payments).Add(b.Adjustments).Add(b.Current).Equal(b.AmountDue)
}

// checkCharges applies the rule that charge lines add up to current
// charges; it can only run once all of an invoice's lines are read.
func checkCharges(inv *Invoice, known *cents, fail ruleFail) {
	if known != nil && known.charges.EqualCents(known.current) {
		return
	}
	var sum money.Total
	exact := true
	for _, ch := range inv.Charges {
		c, err := money.Scaled(ch.Amount, 2)
		if err != nil {
			exact = false
			break
		}
		sum.Add(c)
	}
	if cur, err := money.Scaled(inv.Balances.Current, 2); exact && err == nil && sum.EqualCents(cur) {
		return
	}
	if got := chargesTotal(inv); !got.Equal(inv.Balances.Current) {
		fail(ruleCurrent, inv.Balances.Current.StringFixed(2), ErrTotals, "the charge lines add up to %s, not the current charges %s",
			got.StringFixed(2), inv.Balances.Current.StringFixed(2))
	}
}

// inField maps a rule to the Connect IN field it speaks of: a rule is
// named after it.
func (l *ConnectLayout) inField(r rule) *layout.Field { return l.in.Field(string(r)) }

// checkInvoice applies the invoice rules to an IN record.
func (l *ConnectLayout) checkInvoice(inv *Invoice, reg *Registry, known *cents, fail layout.FailFunc) {
	checkInvoiceRules(inv, reg, known, func(r rule, value string, kind error, format string, a ...any) {
		fail(l.inField(r), value, kind, format, a...)
	})
}

// chargesTotal adds an invoice's charge lines.
func chargesTotal(inv *Invoice) decimal.Decimal {
	var sum decimal.Decimal
	for _, c := range inv.Charges {
		sum = sum.Add(c.Amount)
	}
	return sum
}

// checkUsageRules applies the usage history rules; field is "service",
// "months" or "month N" (1-based).
func checkUsageRules(u *Usage, fail layout.Fail[string]) {
	fail.Required("service", u.Service == "", "service code")
	if len(u.Months) > 13 {
		fail("months", fmt.Sprint(len(u.Months)), ErrTooLong, "%d months of usage; the record holds 13", len(u.Months))
	}
	for i, m := range u.Months {
		if !m.Month.valid() {
			fail(fmt.Sprintf("month %d", i+1), m.Month.String(), ErrInvalid, "usage month must be YYYY-MM with a month 01-12")
		} else if i > 0 && !before(m.Month, u.Months[i-1].Month) {
			fail(fmt.Sprintf("month %d", i+1), m.Month.String(), ErrOrder, "usage months go newest first; %s follows %s", m.Month, u.Months[i-1].Month)
		}
		if m.Consumption < 0 {
			fail(fmt.Sprintf("month %d", i+1), fmt.Sprint(m.Consumption), ErrInvalid, "consumption cannot be negative")
		}
	}
}

func (l *ConnectLayout) checkUsage(u *Usage, fail layout.FailFunc) {
	checkUsageRules(u, func(field, value string, kind error, format string, a ...any) {
		f := l.uhService
		var n int
		switch {
		case field == "months":
			f = l.uhPeriod[0]
		case strings.HasPrefix(field, "month "):
			fmt.Sscan(strings.TrimPrefix(field, "month "), &n)
			f = l.uhPeriod[min(max(n-1, 0), 12)]
		}
		fail(f, value, kind, format, a...)
	})
}

func before(a, b Period) bool { return a.Year < b.Year || a.Year == b.Year && a.Month < b.Month }
