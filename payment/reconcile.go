package payment

import (
	"fmt"
	"io"
	"strings"

	"github.com/icbatch/caselle/invoice"
	"github.com/shopspring/decimal"
)

// Bill is a bill Invoice Cloud presented, and where it was read.
type Bill = invoice.Bill

// FindingKind is what a reconciliation finding is about.
type FindingKind string

// The findings of a reconciliation.
const (
	UnknownInvoice    FindingKind = "unknown invoice"                    // no bill of that account and invoice number
	Overpaid          FindingKind = "paid more than due"                 // payments of a bill add up to more than its balance due
	PartialNotAllowed FindingKind = "partial payment not allowed"        // less than due, where the customization allows no partial payments
	PaidAfterExpiry   FindingKind = "paid after the bill expired"        // paid after the bill's expire date
	UnpostedReversal  FindingKind = "reversal of a payment never posted" // REV or RFD of a payment in no file reconciled and not in the ledger
	DepositTotals     FindingKind = "deposits disagree with the trailer" // the deposit summary does not add up to the file's totals
)

// Finding is one thing a reconciliation found, naming the payment's file
// and line and, where there is one, the bill's.
type Finding struct {
	Kind    FindingKind
	File    string
	Line    int
	Payment Payment // zero for DepositTotals
	Bill    *Bill   // nil when no bill is concerned
	Msg     string
}

func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: ", f.File, f.Line)
	if f.Payment.Confirmation != "" {
		fmt.Fprintf(&b, "%s %s (account %s, invoice %s): ", f.Payment.Type, f.Payment.Confirmation, f.Payment.Account, f.Payment.InvoiceNumber)
	}
	fmt.Fprintf(&b, "%s: %s", f.Kind, f.Msg)
	if f.Bill != nil && f.Bill.File != "" {
		fmt.Fprintf(&b, " (bill: %s:%d)", f.Bill.File, f.Bill.Line)
	}
	return b.String()
}

type billKey struct{ account, number string }

// Reconciler checks payment files against the bills they pay. Add every
// payment file of the period with File (or payment by payment with Add and
// Totals), then read Findings.
type Reconciler struct {
	// Posted, when set, says whether a confirmation number was posted
	// before (a ledger's lookup), so that a reversal of an earlier day's
	// payment is not reported.
	Posted func(confirmation string) bool

	bills    map[billKey]*Bill
	paid     map[billKey]decimal.Decimal
	pmts     map[string]bool
	findings []Finding
}

// NewReconciler returns a reconciler of payments against bills.
func NewReconciler(bills []Bill) *Reconciler {
	rc := &Reconciler{bills: make(map[billKey]*Bill, len(bills)), paid: map[billKey]decimal.Decimal{}, pmts: map[string]bool{}}
	for i := range bills {
		rc.bills[billKey{bills[i].Account, bills[i].Number}] = &bills[i]
	}
	return rc
}

// Findings returns what was found, in the order found.
func (rc *Reconciler) Findings() []Finding { return rc.findings }

func (rc *Reconciler) find(kind FindingKind, file string, line int, p Payment, b *Bill, format string, a ...any) {
	rc.findings = append(rc.findings, Finding{Kind: kind, File: file, Line: line, Payment: p, Bill: b, Msg: fmt.Sprintf(format, a...)})
}

// Add checks one payment, read from file at line.
func (rc *Reconciler) Add(file string, line int, p Payment) {
	if p.Type != PMT {
		if !rc.pmts[p.Original] && (rc.Posted == nil || !rc.Posted(p.Original)) {
			rc.find(UnpostedReversal, file, line, p, nil, "%s undoes %s, which is in no payment file reconciled and was never posted", p.Type, p.Original)
		}
	} else {
		rc.pmts[p.Confirmation] = true
	}
	k := billKey{p.Account, p.InvoiceNumber}
	b := rc.bills[k]
	if b == nil {
		if p.Type == PMT {
			rc.find(UnknownInvoice, file, line, p, nil, "no bill of account %s has invoice number %s", p.Account, p.InvoiceNumber)
		}
		return
	}
	paid := rc.paid[k].Add(p.Amount)
	rc.paid[k] = paid
	if p.Type != PMT {
		return
	}
	if !b.ExpireDate.IsZero() && p.Paid.After(b.ExpireDate.AddDate(0, 0, 1)) {
		rc.find(PaidAfterExpiry, file, line, p, b, "paid %s; the bill expired %s", p.Paid.Format("2006-01-02"), b.ExpireDate.Format("2006-01-02"))
	}
	if paid.GreaterThan(b.BalanceDue) {
		rc.find(Overpaid, file, line, p, b, "%s paid in all of %s due", paid.StringFixed(2), b.BalanceDue.StringFixed(2))
	} else if !b.AllowPartial && p.Amount.LessThan(b.BalanceDue) {
		rc.find(PartialNotAllowed, file, line, p, b, "%s of %s due, and the bill allows no partial payment", p.Amount.StringFixed(2), b.BalanceDue.StringFixed(2))
	}
}

// Totals checks a file's deposit summary against its trailer (at line).
func (rc *Reconciler) Totals(file string, line int, s *Summary, t Trailer) {
	total := s.Total()
	switch {
	case total.Payments != t.Payments || !total.Gross.Equal(t.PaymentTotal):
		rc.find(DepositTotals, file, line, Payment{}, nil, "deposits hold %d payments of %s; the trailer says %d of %s",
			total.Payments, total.Gross.StringFixed(2), t.Payments, t.PaymentTotal.StringFixed(2))
	case total.Returns != t.Returns || !total.ReturnTotal.Equal(t.ReturnTotal):
		rc.find(DepositTotals, file, line, Payment{}, nil, "deposits hold %d reversals and refunds of %s; the trailer says %d of %s",
			total.Returns, total.ReturnTotal.StringFixed(2), t.Returns, t.ReturnTotal.StringFixed(2))
	case !total.Fees.Equal(t.FeeTotal):
		rc.find(DepositTotals, file, line, Payment{}, nil, "deposits hold %s of fees; the trailer says %s", total.Fees.StringFixed(2), t.FeeTotal.StringFixed(2))
	}
}

// File reconciles a whole payment file. A file the reader refuses is an
// error, not a finding: it cannot be reconciled.
func (rc *Reconciler) File(r *Reader) error {
	var s Summary
	for {
		p, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		s.Add(p)
		rc.Add(r.f.Name, r.Line(), p)
	}
	t, _ := r.Trailer()
	rc.Totals(r.f.Name, r.Line(), &s, t)
	return nil
}
