package adjustment

import (
	"fmt"
	"io"

	"github.com/icbatch/caselle/invoice"
	"github.com/shopspring/decimal"
)

// FindingKind is what a reconciliation finding is about.
type FindingKind string

// The findings of reconciling adjustments with the bills they adjust.
const (
	UnknownInvoice  FindingKind = "unknown invoice"         // no bill of that account and invoice number
	WrongType       FindingKind = "wrong invoice type"      // the bill has another invoice type
	BalanceMismatch FindingKind = "new balance disagrees"   // the bill's balance due plus the adjustments so far is not the new balance
	BelowZero       FindingKind = "credit larger than owed" // a credit takes the balance below zero
)

// Finding is one thing found, naming the adjustment's file and line and
// the bill's.
type Finding struct {
	Kind       FindingKind
	File       string
	Line       int
	Adjustment Adjustment
	Bill       *invoice.Bill // nil when no bill is concerned
	Msg        string
}

func (f Finding) String() string {
	s := fmt.Sprintf("%s:%d: A %s (account %s, invoice %s): %s: %s", f.File, f.Line, f.Adjustment.Code, f.Adjustment.Account, f.Adjustment.InvoiceNumber, f.Kind, f.Msg)
	if f.Bill != nil && f.Bill.File != "" {
		s += fmt.Sprintf(" (bill: %s:%d)", f.Bill.File, f.Bill.Line)
	}
	return s
}

type billKey struct{ account, number string }

// Reconciler checks adjustment files against the bills they adjust.
type Reconciler struct {
	bills    map[billKey]*invoice.Bill
	order    []billKey
	balance  map[billKey]decimal.Decimal
	findings []Finding
}

// NewReconciler returns a reconciler of adjustments against bills.
func NewReconciler(bills []invoice.Bill) *Reconciler {
	rc := &Reconciler{bills: map[billKey]*invoice.Bill{}, balance: map[billKey]decimal.Decimal{}}
	for i := range bills {
		k := billKey{bills[i].Account, bills[i].Number}
		rc.bills[k], rc.balance[k] = &bills[i], bills[i].BalanceDue
		rc.order = append(rc.order, k)
	}
	return rc
}

// Adjusted returns the bills with the adjustments added so far applied to
// their balance due: what payments are then made against. The order is
// that of NewReconciler's bills.
func (rc *Reconciler) Adjusted() []invoice.Bill {
	out := make([]invoice.Bill, len(rc.order))
	for i, k := range rc.order {
		out[i] = *rc.bills[k]
		out[i].BalanceDue = rc.balance[k]
	}
	return out
}

// Findings returns what was found, in the order found.
func (rc *Reconciler) Findings() []Finding { return rc.findings }

// Add checks one adjustment, read from file at line. Adjustments of a
// bill apply in order: each new balance is the last one plus its amount.
func (rc *Reconciler) Add(file string, line int, a Adjustment) {
	find := func(kind FindingKind, b *invoice.Bill, format string, args ...any) {
		rc.findings = append(rc.findings, Finding{Kind: kind, File: file, Line: line, Adjustment: a, Bill: b, Msg: fmt.Sprintf(format, args...)})
	}
	k := billKey{a.Account, a.InvoiceNumber}
	b := rc.bills[k]
	switch {
	case b == nil:
		find(UnknownInvoice, nil, "no bill of account %s has invoice number %s", a.Account, a.InvoiceNumber)
		return
	case b.TypeID != a.InvoiceType:
		find(WrongType, b, "invoice type %d; the bill's is %d", a.InvoiceType, b.TypeID)
	}
	want := rc.balance[k].Add(a.Amount)
	rc.balance[k] = want
	switch {
	case !a.NewBalance.Equal(want):
		find(BalanceMismatch, b, "new balance %s; %s due before and %s adjusted make %s", a.NewBalance.StringFixed(2),
			want.Sub(a.Amount).StringFixed(2), a.Amount.StringFixed(2), want.StringFixed(2))
	case want.IsNegative():
		find(BelowZero, b, "%s credited leaves %s", a.Amount.StringFixed(2), want.StringFixed(2))
	}
}

// File reconciles a whole adjustment file. A file the reader refuses is
// an error, not a finding.
func (rc *Reconciler) File(r *Reader) error {
	for {
		a, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		rc.Add(r.f.Name, r.Line(), a)
	}
}
