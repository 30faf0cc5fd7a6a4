package invoice

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Period is a billing period or a usage month.
type Period struct {
	Year  int
	Month time.Month
}

func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.Year, int(p.Month)) }

// IsZero reports an unset period.
func (p Period) IsZero() bool { return p.Year == 0 && p.Month == 0 }

func periodOf(v uint64) Period { return Period{Year: int(v / 100), Month: time.Month(v % 100)} }

func (p Period) number() int64 { return int64(p.Year*100 + int(p.Month)) }

func (p Period) valid() bool {
	return p.Year >= 1900 && p.Year <= 9999 && p.Month >= 1 && p.Month <= 12
}

// Header is the file header (Connect H1; the Clarity root's attributes).
// The format's own marks (Connect's source system CONNECT, Clarity's
// version) are checked by its reader and written by its writer.
type Header struct {
	BillerCode string
	Created    time.Time // UTC
	Period     Period
	Cycle      int
}

// Customer is the name and address of an invoice (Connect NA).
type Customer struct {
	Name           string
	Address1       string
	Address2       string
	City           string
	State          string
	Zip            string // 84660 or 84660-1234
	ServiceAddress string
	Email          string
}

// Balances are an invoice's amounts. Balance forward: AmountDue =
// Previous + Payments + Adjustments + Current.
type Balances struct {
	Previous     decimal.Decimal
	Payments     decimal.Decimal // negative when money was received
	Adjustments  decimal.Decimal
	Current      decimal.Decimal
	AmountDue    decimal.Decimal
	MinimumDue   decimal.Decimal
	AfterPenalty decimal.Decimal // due after the penalty date
}

// Charge is a charge line (Connect LI).
type Charge struct {
	Service     string
	Description string
	Quantity    decimal.Decimal // three decimals
	Amount      decimal.Decimal
}

// Meter is a meter reading (Connect MR).
type Meter struct {
	Number       string
	Service      string
	PreviousRead time.Time
	CurrentRead  time.Time
	Previous     int64
	Current      int64
	Consumption  int64 // may differ from Current-Previous (rollover, multiplier)
	Unit         string
}

// Usage is an invoice's usage history for one service (Connect UH), for
// Invoice Cloud's history usage graphs.
type Usage struct {
	Service string
	Unit    string
	Months  []MonthUsage // newest first, at most 13
}

// MonthUsage is one month of usage.
type MonthUsage struct {
	Month       Period
	Consumption int64
}

// Invoice is one invoice with everything that travels with it.
type Invoice struct {
	Account     string
	Number      string
	TypeID      int // 1-99
	BillDate    time.Time
	DueDate     time.Time
	PenaltyDate time.Time // zero: none
	ServiceFrom time.Time
	ServiceTo   time.Time
	Customer    Customer
	Balances    Balances
	Paperless   bool
	AutoPay     bool
	Charges     []Charge
	Meters      []Meter
	Usage       []Usage
	Messages    []string
}

// Summary is the file trailer (Connect T1, Clarity Summary).
type Summary struct {
	Records  int // Connect: every record, H1 and T1 included
	Invoices int
	TotalDue decimal.Decimal
}
