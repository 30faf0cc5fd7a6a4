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

// The models' tags bind them to the layout (DefaultLayout): each names the
// field that holds a value and its type code (FORMATS §1); they also give
// the JSON keys (WriteJSON).

// Header is the H record.
type Header struct {
	BillerCode   string    `layout:"biller_code,A"`
	Created      time.Time `layout:"creation_date+creation_time,D+T,json=created"` // creation date and time, UTC
	Period       Period    `layout:"billing_period,N,yyyymm"`                      // the billing period the adjustments belong to
	PeriodClosed bool      `layout:"period_closed,F"`                              // the biller closed the period in Caselle
}

// Adjustment is one A record.
type Adjustment struct {
	Account       string          `layout:"account,A"`
	InvoiceNumber string          `layout:"invoice_number,A"`
	InvoiceType   int             `layout:"invoice_type,N"` // 1-99
	Date          time.Time       `layout:"adjustment_date,MDY"`
	Code          string          `layout:"code,A"` // up to 4 letters or digits: LEAK, PENW, CORR, NSF…
	Description   string          `layout:"description,A"`
	Amount        decimal.Decimal `layout:"amount,M"`          // negative for a credit; never zero
	NewBalance    decimal.Decimal `layout:"new_balance_due,M"` // balance due after the adjustment
}

// Trailer is the T record.
type Trailer struct {
	Records     int             `layout:"record_count,N"` // H and T included
	Adjustments int             `layout:"adjustment_count,N"`
	Net         decimal.Decimal `layout:"net_total,M"` // sum of the amounts
}

//go:embed layout.json
var defaultJSON []byte

// Layout is an adjustment file layout bound to the fields this package
// reads and writes. DefaultLayout is FORMATS §5.
type Layout struct {
	l *layout.Layout            `layout:"layout"`
	h *layout.Codec[Header]     `layout:"H"`
	a *layout.Codec[Adjustment] `layout:"A"`
	t *layout.Codec[Trailer]    `layout:"T"`
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

func (l *Layout) checkHeader(h *Header, force bool, to layout.FailFunc) {
	fail := layout.Named(to, l.h)
	fail.Required("biller_code", h.BillerCode == "", "biller code")
	fail.Required("creation_date", h.Created.IsZero(), "creation date")
	if h.Period.Year < 1900 || h.Period.Year > 9999 || h.Period.Month < 1 || h.Period.Month > 12 {
		fail("billing_period", h.Period.String(), ErrInvalid, "billing period must be YYYYMM with a month 01-12")
	}
	if !h.PeriodClosed && !force {
		fail("period_closed", "N", ErrPeriodOpen, "%s", periodOpenMsg(h.Period))
	}
}

func (l *Layout) checkAdjustment(a *Adjustment, to layout.FailFunc) {
	fail := layout.Named(to, l.a)
	fail.Required("account", a.Account == "", "account number")
	fail.Required("invoice_number", a.InvoiceNumber == "", "invoice number")
	fail.InvoiceType("invoice_type", a.InvoiceType)
	fail.Required("adjustment_date", a.Date.IsZero(), "adjustment date")
	if !validCode(a.Code) {
		fail("code", a.Code, ErrInvalid, "adjustment code must be 1 to 4 capital letters or digits (LEAK, PENW, CORR, NSF)")
	}
	if a.Amount.IsZero() {
		fail("amount", a.Amount.String(), ErrInvalid, "an adjustment of zero adjusts nothing")
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
