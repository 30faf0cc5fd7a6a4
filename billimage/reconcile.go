package billimage

import (
	"fmt"
	"slices"

	"github.com/icbatch/caselle/invoice"
)

// FindingKind is what reconciling bill images with invoices found.
type FindingKind string

// The findings of tying bills to their invoices.
const (
	NoInvoice      FindingKind = "bill without an invoice"  // no invoice of that account and number
	NoBill         FindingKind = "invoice without a bill"   // an invoice no bill image shows
	Duplicate      FindingKind = "two bills of one invoice" // a second bill image of an invoice
	AmountDiffers  FindingKind = "amount due disagrees"     // the bill prints another amount due than the invoice
	DueDateDiffers FindingKind = "due date disagrees"       // the bill prints another due date
	TypeDiffers    FindingKind = "invoice type disagrees"   // the template's type is not the invoice's
)

// Finding is one thing found, naming the bill's file and page and the
// invoice's file and line.
type Finding struct {
	Kind    FindingKind
	Bill    *Bill         // nil for NoBill
	Invoice *invoice.Bill // nil for NoInvoice
	Msg     string
}

func (f Finding) String() string {
	s := ""
	if f.Bill != nil {
		s = fmt.Sprintf("%s: page %d: %s %s: ", f.Bill.File, f.Bill.First, f.Bill.Account, f.Bill.Number)
	} else if f.Invoice != nil {
		s = fmt.Sprintf("%s:%d: %s %s: ", f.Invoice.File, f.Invoice.Line, f.Invoice.Account, f.Invoice.Number)
	}
	s += string(f.Kind) + ": " + f.Msg
	if f.Bill != nil && f.Invoice != nil && f.Invoice.File != "" {
		s += fmt.Sprintf(" (invoice: %s:%d)", f.Invoice.File, f.Invoice.Line)
	}
	return s
}

// Reconciler ties bills to the invoices of an invoice file (its BIF rows,
// or invoices through a customization): Add each bill as it is read, then
// Finish.
type where struct {
	file string
	page int
}

type Reconciler struct {
	invoices map[[2]string]*invoice.Bill
	order    [][2]string
	seen     map[[2]string]where // the first bill of each invoice

	findings []Finding
}

// NewReconciler returns a reconciler of bills against invoices.
func NewReconciler(invoices []invoice.Bill) *Reconciler {
	rc := &Reconciler{invoices: map[[2]string]*invoice.Bill{}, seen: map[[2]string]where{}}
	for i := range invoices {
		k := [2]string{invoices[i].Account, invoices[i].Number}
		rc.invoices[k] = &invoices[i]
		rc.order = append(rc.order, k)
	}
	return rc
}

// Add checks one bill.
func (rc *Reconciler) Add(b Bill) {
	k := [2]string{b.Account, b.Number}
	find := func(kind FindingKind, inv *invoice.Bill, format string, a ...any) {
		bb := b
		rc.findings = append(rc.findings, Finding{Kind: kind, Bill: &bb, Invoice: inv, Msg: fmt.Sprintf(format, a...)})
	}
	inv := rc.invoices[k]
	switch {
	case inv == nil:
		find(NoInvoice, nil, "no invoice of account %s has number %s", b.Account, b.Number)
		return
	}
	if first, dup := rc.seen[k]; dup {
		find(Duplicate, inv, "its invoice is also billed at %s: page %d", first.file, first.page)
		return
	}
	rc.seen[k] = where{b.File, b.First}
	if b.HasAmount && !b.AmountDue.Equal(inv.BalanceDue) {
		find(AmountDiffers, inv, "the bill says %s, the invoice %s", b.AmountDue.StringFixed(2), inv.BalanceDue.StringFixed(2))
	}
	if !b.DueDate.IsZero() && !b.DueDate.Equal(inv.DueDate) {
		find(DueDateDiffers, inv, "the bill says %s, the invoice %s", b.DueDate.Format("01/02/2006"), inv.DueDate.Format("01/02/2006"))
	}
	if b.TypeFromField && b.TypeID != inv.TypeID {
		find(TypeDiffers, inv, "the template says %02d, the invoice %02d", b.TypeID, inv.TypeID)
	}
}

// Finish reports the invoices no bill showed and returns every finding.
func (rc *Reconciler) Finish() []Finding {
	for _, k := range rc.order {
		if _, billed := rc.seen[k]; !billed {
			inv := rc.invoices[k]
			rc.findings = append(rc.findings, Finding{Kind: NoBill, Invoice: inv, Msg: "no bill image shows this invoice"})
		}
	}
	out := rc.findings
	rc.findings = slices.Clip(rc.findings)
	return out
}

// SetBillImages fills the BillImage column of BIF rows with the per-bill
// file names of the bills that show them; rows with no bill keep theirs.
func SetBillImages(rows []invoice.BIFRow, bills []Bill) error {
	at := map[[2]string]int{}
	for i, r := range rows {
		at[[2]string{r.Account, r.Number}] = i
	}
	for _, b := range bills {
		i, ok := at[[2]string{b.Account, b.Number}]
		if !ok {
			continue
		}
		name, err := FileName(b)
		if err != nil {
			return err
		}
		rows[i].BillImage = name
	}
	return nil
}
