package payment

import (
	"time"

	"github.com/icbatch/caselle/internal/money"
	"github.com/shopspring/decimal"
)

// TxType is a payment record's transaction type.
type TxType string

const (
	PMT TxType = "PMT" // payment: money received
	REV TxType = "REV" // reversal: returned eCheck, chargeback or void of an earlier payment
	RFD TxType = "RFD" // refund: money given back for an earlier payment
)

// Method is how the payer paid.
type Method string

const (
	CreditCard Method = "CC"
	DebitCard  Method = "DC"
	ACH        Method = "AC" // ACH / eCheck
	PayPal     Method = "PP"
	Venmo      Method = "VN"
	ApplePay   Method = "AP"
	GooglePay  Method = "GP"
)

// IsCard reports whether the method carries a card brand.
func (m Method) IsCard() bool { return m == CreditCard || m == DebitCard }

// CardBrand is the brand of a card payment.
type CardBrand string

const (
	Visa       CardBrand = "VISA"
	MasterCard CardBrand = "MC"
	Amex       CardBrand = "AMEX"
	Discover   CardBrand = "DISC"
)

// Channel is where the payment was made.
type Channel string

const (
	Web         Channel = "WEB" // payer portal
	IVR         Channel = "IVR" // phone (default search method UtilitySearch2)
	OutboundIVR Channel = "OBD"
	Text        Channel = "TXT" // pay by text
	AutoPay     Channel = "APY"
	BillerKeyed Channel = "BPT" // biller portal, keyed
	BillerSwipe Channel = "SWP" // biller portal swipe (IDTech SRED)
)

func (t TxType) valid() bool {
	switch t {
	case PMT, REV, RFD:
		return true
	}
	return false
}

func (m Method) valid() bool {
	switch m {
	case CreditCard, DebitCard, ACH, PayPal, Venmo, ApplePay, GooglePay:
		return true
	}
	return false
}

func (b CardBrand) valid() bool {
	switch b {
	case Visa, MasterCard, Amex, Discover:
		return true
	}
	return false
}

func (c Channel) valid() bool {
	switch c {
	case Web, IVR, OutboundIVR, Text, AutoPay, BillerKeyed, BillerSwipe:
		return true
	}
	return false
}

// Header is the PH record.
type Header struct {
	BillerCode string
	Created    time.Time // file date and creation time, UTC
	Sequence   int       // file sequence number
}

// Payment is one PD record.
type Payment struct {
	Type         TxType
	Confirmation string // Invoice Cloud payment GUID, unique
	// Original is the confirmation number of the payment a reversal or
	// refund undoes; empty for a payment.
	Original      string
	Account       string
	InvoiceNumber string
	InvoiceType   int       // 1-99
	Paid          time.Time // payment date and time, UTC
	Settlement    time.Time // settlement date, UTC midnight
	Amount        decimal.Decimal
	Fee           decimal.Decimal // convenience fee, kept apart from Amount
	Method        Method
	CardBrand     CardBrand // empty unless Method.IsCard()
	Channel       Channel
	Payer         string
	Batch         string // deposit batch id; batches close automatically each day
}

// Trailer is the PT record: counts and totals of the file.
type Trailer struct {
	Records      int // PH and PT included
	Payments     int // PMT records
	PaymentTotal decimal.Decimal
	Returns      int // REV and RFD records
	ReturnTotal  decimal.Decimal
	FeeTotal     decimal.Decimal
}

// tally adds up a file in cents, exactly (amounts of a file have two
// decimal places; the writer refuses more).
type tally struct {
	records, payments, returns   int
	payTotal, retTotal, feeTotal money.Total
}

func (t *tally) add(p *Payment) {
	t.addCents(p.Type, money.Cents(p.Amount), money.Cents(p.Fee))
}

// addCents adds a record whose amount and fee are known in cents.
func (t *tally) addCents(typ TxType, a, f int64) {
	t.records++
	if typ == PMT {
		t.payments++
		t.payTotal.Add(a)
	} else {
		t.returns++
		t.retTotal.Add(a)
	}
	t.feeTotal.Add(f)
}

func (t *tally) trailer() Trailer {
	return Trailer{
		Records:      t.records,
		Payments:     t.payments,
		PaymentTotal: t.payTotal.Decimal(),
		Returns:      t.returns,
		ReturnTotal:  t.retTotal.Decimal(),
		FeeTotal:     t.feeTotal.Decimal(),
	}
}
