package adjustment

import (
	_ "embed"
	"fmt"
	"io"
	"time"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/shopspring/decimal"
)

// Period is a billing period: a month.
type Period struct {
	Year  int
	Month time.Month
}

// String formats the period as YYYY-MM.
func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.Year, int(p.Month)) }

// Header is the H record.
type Header struct {
	BillerCode   string
	Created      time.Time // creation date and time, UTC
	Period       Period    // the billing period the adjustments belong to
	PeriodClosed bool      // the biller closed the period in Caselle
}

// Adjustment is one A record.
type Adjustment struct {
	Account       string
	InvoiceNumber string
	InvoiceType   int // 1-99
	Date          time.Time
	Code          string // up to 4 letters or digits: LEAK, PENW, CORR, NSF…
	Description   string
	Amount        decimal.Decimal // negative for a credit; never zero
	NewBalance    decimal.Decimal // balance due after the adjustment
}

// Trailer is the T record.
type Trailer struct {
	Records     int // H and T included
	Adjustments int
	Net         decimal.Decimal // sum of the amounts
}

//go:embed layout.json
var defaultJSON []byte

// Layout is an adjustment file layout bound to the fields this package
// reads and writes. DefaultLayout is FORMATS §5.
type Layout struct {
	l *layout.Layout `layout:"layout"`

	biller  *layout.Field `layout:"H,biller_code,A"`
	date    *layout.Field `layout:"H,creation_date,D"`
	clock   *layout.Field `layout:"H,creation_time,T"`
	period  *layout.Field `layout:"H,billing_period,N"`
	closed  *layout.Field `layout:"H,period_closed,F"`
	account *layout.Field `layout:"A,account,A"`
	invoice *layout.Field `layout:"A,invoice_number,A"`
	invType *layout.Field `layout:"A,invoice_type,N"`
	adjDate *layout.Field `layout:"A,adjustment_date,MDY"`
	code    *layout.Field `layout:"A,code,A"`
	desc    *layout.Field `layout:"A,description,A"`
	amount  *layout.Field `layout:"A,amount,M"`
	newBal  *layout.Field `layout:"A,new_balance_due,M"`
	records *layout.Field `layout:"T,record_count,N"`
	count   *layout.Field `layout:"T,adjustment_count,N"`
	net     *layout.Field `layout:"T,net_total,M"`
}

var defaultLayout = layout.MustBind(defaultJSON, bind) // loaded again by TestDefaultLayoutLoadsFromItsJSON

// DefaultLayout returns the reference layout of FORMATS §5.
func DefaultLayout() *Layout { return defaultLayout }

// LoadLayout reads a JSON layout definition (start from
// DefaultLayout().JSON()); columns may move, fields may not go.
func LoadLayout(r io.Reader) (*Layout, error) {
	return layout.LoadBound(r, bind)
}

// JSON returns the layout's definition, ready to edit and load.
func (l *Layout) JSON() []byte { return l.l.JSON() }

// Markdown documents the layout as tables, one per record type.
func (l *Layout) Markdown() string { return l.l.Markdown() }

var bind = layout.BindNew[Layout]

// periodOpenMsg says what to do about an open period.
func periodOpenMsg(p Period) string {
	return fmt.Sprintf("billing period %s is open: close the billing period in Caselle first, "+
		"or the invoices close in Invoice Cloud and these adjustment balances arrive as $0.00", p)
}

// The rules of FORMATS §5, written once for the Reader and the Writer.

func (l *Layout) checkHeader(h *Header, force bool, fail layout.FailFunc) {
	if h.BillerCode == "" {
		fail(l.biller, "", ErrInvalid, "biller code is required")
	}
	if h.Created.IsZero() {
		fail(l.date, "", ErrInvalid, "creation date is required")
	}
	if h.Period.Year < 1900 || h.Period.Year > 9999 || h.Period.Month < 1 || h.Period.Month > 12 {
		fail(l.period, h.Period.String(), ErrInvalid, "billing period must be YYYYMM with a month 01-12")
	}
	if !h.PeriodClosed && !force {
		fail(l.closed, "N", ErrPeriodOpen, "%s", periodOpenMsg(h.Period))
	}
}

func (l *Layout) checkAdjustment(a *Adjustment, fail layout.FailFunc) {
	if a.Account == "" {
		fail(l.account, "", ErrInvalid, "account number is required")
	}
	if a.InvoiceNumber == "" {
		fail(l.invoice, "", ErrInvalid, "invoice number is required")
	}
	if a.InvoiceType < 1 || a.InvoiceType > 99 {
		fail(l.invType, fmt.Sprint(a.InvoiceType), ErrInvalid, "invoice type id must be 01-99")
	}
	if a.Date.IsZero() {
		fail(l.adjDate, "", ErrInvalid, "adjustment date is required")
	}
	if !validCode(a.Code) {
		fail(l.code, a.Code, ErrInvalid, "adjustment code must be 1 to 4 capital letters or digits (LEAK, PENW, CORR, NSF)")
	}
	if a.Amount.IsZero() {
		fail(l.amount, a.Amount.String(), ErrInvalid, "an adjustment of zero adjusts nothing")
	}
}

func validCode(c string) bool {
	if len(c) < 1 || len(c) > 4 {
		return false
	}
	for i := 0; i < len(c); i++ {
		if !(c[i] >= 'A' && c[i] <= 'Z' || c[i] >= '0' && c[i] <= '9') {
			return false
		}
	}
	return true
}
