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

// The models' tags bind them to the Connect layout (DefaultConnectLayout):
// each names the field of a Connect record that holds a value and its type
// code (FORMATS §1), and the JSON key (WriteJSON, for Clarity files too).
// Clarity's elements and BIF's columns are bound by their own readers.

// Header is the file header (Connect H1; the Clarity root's attributes).
// The format's own marks (Connect's source system CONNECT, Clarity's
// version) are checked by its reader and written by its writer.
type Header struct {
	BillerCode string    `layout:"biller_code,A"`
	Created    time.Time `layout:"creation_date+creation_time,D+T,json=created"` // UTC
	Period     Period    `layout:"billing_period,N,yyyymm"`
	Cycle      int       `layout:"billing_cycle,N"`
}

// Customer is the name and address of an invoice (Connect NA).
type Customer struct {
	Name           string `layout:"name,A" bif:"CustomerName,A,json=name"`
	Address1       string `layout:"address1,A" bif:"Address1,A,json=address1"`
	Address2       string `layout:"address2,A" bif:"Address2,A,json=address2"`
	City           string `layout:"city,A" bif:"City,A,json=city"`
	State          string `layout:"state,A" bif:"State,A,json=state"`
	Zip            string `layout:"zip,A" bif:"Zip,A,json=zip"` // 84660 or 84660-1234
	ServiceAddress string `layout:"service_address,A" bif:"ServiceAddress,A,json=service_address"`
	Email          string `layout:"email,A" bif:"EmailAddress,A,json=email"`
}

// Balances are an invoice's amounts. Balance forward: AmountDue =
// Previous + Payments + Adjustments + Current.
type Balances struct {
	Previous     decimal.Decimal `layout:"previous_balance,S"`
	Payments     decimal.Decimal `layout:"payments,S"` // negative when money was received
	Adjustments  decimal.Decimal `layout:"adjustments,S"`
	Current      decimal.Decimal `layout:"current_charges,S"`
	AmountDue    decimal.Decimal `layout:"amount_due,S"`
	MinimumDue   decimal.Decimal `layout:"minimum_due,S"`
	AfterPenalty decimal.Decimal `layout:"amount_after_penalty,S"` // due after the penalty date
}

// Charge is a charge line (Connect LI).
type Charge struct {
	Service     string          `layout:"service,A"`
	Description string          `layout:"description,A"`
	Quantity    decimal.Decimal `layout:"quantity,Q"` // three decimals
	Amount      decimal.Decimal `layout:"amount,S"`
}

// Meter is a meter reading (Connect MR).
type Meter struct {
	Number       string    `layout:"meter,A"`
	Service      string    `layout:"service,A"`
	PreviousRead time.Time `layout:"previous_read_date,D"`
	CurrentRead  time.Time `layout:"current_read_date,D"`
	Previous     int64     `layout:"previous_reading,N"`
	Current      int64     `layout:"current_reading,N"`
	Consumption  int64     `layout:"consumption,N"` // may differ from Current-Previous (rollover, multiplier)
	Unit         string    `layout:"unit,A"`
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
	Account     string    `layout:"account,A"`
	Number      string    `layout:"invoice_number,A"`
	TypeID      int       `layout:"invoice_type,N"` // 1-99
	BillDate    time.Time `layout:"bill_date,D"`
	DueDate     time.Time `layout:"due_date,D"`
	PenaltyDate time.Time `layout:"penalty_date,D"` // zero: none
	ServiceFrom time.Time `layout:"service_from,D"`
	ServiceTo   time.Time `layout:"service_to,D"`
	Customer    Customer  `layout:"@NA,json=customer"`
	Balances    Balances  `layout:"@IN,json=balances"`
	Paperless   bool      `layout:"paperless,F"`
	AutoPay     bool      `layout:"autopay,F"`
	Charges     []Charge  `layout:"@LI,json=charges"`
	Meters      []Meter   `layout:"@MR,json=meters"`
	Usage       []Usage   // Connect UH, bound by hand: 13 slots of a period and its consumption
	Messages    []string  // Connect MS
}

// Summary is the file trailer (Connect T1, Clarity Summary).
type Summary struct {
	Records  int             `layout:"record_count,N,omitempty"` // Connect: every record, H1 and T1 included
	Invoices int             `layout:"invoice_count,N"`
	TotalDue decimal.Decimal `layout:"total_amount_due,S"`
}
