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

// The models' tags bind them to the layout (DefaultLayout): each names the
// field that holds a value and its type code (FORMATS §1); they also give
// the JSON keys (WriteJSON).

// Header is the PH record.
type Header struct {
	BillerCode string    `layout:"biller_code,A"`
	Created    time.Time `layout:"file_date+creation_time,D+T,json=created,datealso"` // file date and creation time, UTC
	Sequence   int       `layout:"sequence,N"`                                        // file sequence number
}

// Payment is one PD record.
type Payment struct {
	Type         TxType `layout:"transaction_type,A"`
	Confirmation string `layout:"confirmation,A"` // Invoice Cloud payment GUID, unique
	// Original is the confirmation number of the payment a reversal or
	// refund undoes; empty for a payment.
	Original      string          `layout:"original_confirmation,A,omitempty"`
	Account       string          `layout:"account,A"`
	InvoiceNumber string          `layout:"invoice_number,A"`
	InvoiceType   int             `layout:"invoice_type,N"`                          // 1-99
	Paid          time.Time       `layout:"payment_date+payment_time,D+T,json=paid"` // payment date and time, UTC
	Settlement    time.Time       `layout:"settlement_date,D"`                       // settlement date, UTC midnight
	Amount        decimal.Decimal `layout:"amount,S"`
	Fee           decimal.Decimal `layout:"convenience_fee,S"` // convenience fee, kept apart from Amount
	Method        Method          `layout:"method,A"`
	CardBrand     CardBrand       `layout:"card_brand,A,omitempty"` // empty unless Method.IsCard()
	Channel       Channel         `layout:"channel,A"`
	Payer         string          `layout:"payer,A"`
	Batch         string          `layout:"deposit_batch,A"` // deposit batch id; batches close automatically each day
}

// Trailer is the PT record: counts and totals of the file.
type Trailer struct {
	Records      int             `layout:"record_count,N"`  // PH and PT included
	Payments     int             `layout:"payment_count,N"` // PMT records
	PaymentTotal decimal.Decimal `layout:"payment_total,S"`
	Returns      int             `layout:"return_count,N"` // REV and RFD records
	ReturnTotal  decimal.Decimal `layout:"return_total,S"`
	FeeTotal     decimal.Decimal `layout:"fee_total,S"`
}

// tally adds up a file in cents, exactly (amounts of a file have two
// decimal places; the writer refuses more).
type tally struct {
	records, payments, returns   int
	payTotal, retTotal, feeTotal money.Total
}

func (t *tally) add(p *Payment) {
	a, f := money.Cents(p.Amount), money.Cents(p.Fee)
	t.records++
	if p.Type == PMT {
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
