// Package adjustmenttest generates adjustment (BAF) files for tests and
// examples, seeded and deterministic. It works from the invoices it is
// given — the accounts and invoices of a generated invoice file — so that
// a biller's day is consistent across files; without them it makes its own.
package adjustmenttest

import (
	"cmp"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/internal/gen"
	"github.com/icbatch/caselle/invoice"
	"github.com/shopspring/decimal"
)

// Options shape a generated file. The zero value makes 25 adjustments for
// biller SPANFORK, billing period 2026-11, period closed.
type Options struct {
	Seed        uint64
	Biller      string            // default SPANFORK
	Date        time.Time         // creation date; default 2026-11-25
	Adjustments int               // default 25; -1 for none
	Invoices    []invoice.Invoice // to adjust (invoicetest.Collect makes a day's); default: generated
}

var codes = []struct {
	code, desc string
	credit     bool
}{
	{"LEAK", "Leak credit", true},
	{"PENW", "Penalty waiver", true},
	{"CORR", "Meter misread correction", true},
	{"NSF", "Returned payment fee", false},
	{"DEPO", "Deposit applied", true},
	{"RECN", "Reconnection fee", false},
}

// Header returns the H record of the file o describes.
func Header(o Options) adjustment.Header {
	o = o.withDefaults()
	return adjustment.Header{BillerCode: o.Biller, Created: o.Date.Add(6*time.Hour + 30*time.Minute),
		Period: adjustment.Period{Year: o.Date.Year(), Month: o.Date.Month()}, PeriodClosed: true}
}

func (o Options) withDefaults() Options {
	o.Biller = cmp.Or(o.Biller, gen.Biller)
	o.Date = gen.Date(o.Date, gen.Day)
	o.Adjustments = gen.Count(o.Adjustments, 25) // none: a file with only H and T
	return o
}

// Adjustments returns the A records of the file o describes.
func Adjustments(o Options) []adjustment.Adjustment {
	o = o.withDefaults()
	r := rand.New(rand.NewPCG(o.Seed, 0xad1))
	invoices := o.Invoices
	if len(invoices) == 0 {
		for i := 0; i < 200; i++ {
			invoices = append(invoices, invoice.Invoice{Account: fmt.Sprintf("%03d-%04d-%02d", 100+i%9, 1000+i, 1),
				Number: fmt.Sprintf("%s%05d", o.Date.Format("200601"), i), TypeID: 1,
				Balances: invoice.Balances{AmountDue: decimal.New(int64(2000+r.IntN(30000)), -2)}})
		}
	}
	out := make([]adjustment.Adjustment, 0, o.Adjustments)
	// Adjustments of one invoice apply in turn: each starts from the
	// balance the one before left.
	balance := map[string]decimal.Decimal{}
	for i := 0; i < o.Adjustments; i++ {
		inv := invoices[r.IntN(len(invoices))]
		key := inv.Account + "\x00" + inv.Number
		due, ok := balance[key]
		if !ok {
			due = inv.Balances.AmountDue
		}
		c := codes[r.IntN(len(codes))]
		if c.credit && !due.IsPositive() {
			c = codes[3] // nothing left to credit: a fee instead
		}
		amount := decimal.New(int64(100+r.IntN(5000)), -2)
		if c.credit {
			amount = amount.Neg()
			if limit := due; limit.IsPositive() && amount.Neg().GreaterThan(limit) {
				amount = limit.Neg() // a credit no larger than what is due
			}
			if amount.IsZero() {
				amount = decimal.New(-1, -2)
			}
		}
		out = append(out, adjustment.Adjustment{Account: inv.Account, InvoiceNumber: inv.Number, InvoiceType: inv.TypeID,
			Date: o.Date.AddDate(0, 0, -1), Code: c.code, Description: c.desc, Amount: amount,
			NewBalance: due.Add(amount)})
		balance[key] = due.Add(amount)
	}
	return out
}

// Write writes the whole file o describes to w.
func Write(w io.Writer, o Options) (adjustment.Trailer, error) {
	aw, err := adjustment.NewWriter(w, Header(o), nil)
	if err != nil {
		return adjustment.Trailer{}, err
	}
	for _, a := range Adjustments(o) {
		if err := aw.Write(a); err != nil {
			return adjustment.Trailer{}, fmt.Errorf("adjustmenttest: generated an invalid adjustment (a bug): %w", err)
		}
	}
	t := aw.Trailer()
	return t, aw.Close()
}
