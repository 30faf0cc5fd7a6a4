// Package optouttest generates paperless change logs (OptOut files) for
// tests, benchmarks and examples, seeded and deterministic. It works from
// the accounts it is given — those of a generated invoice file — so that a
// biller's day is consistent across files; without them it makes its own.
package optouttest

import (
	"cmp"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/icbatch/caselle/internal/gen"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/optout"
)

// Options shape a generated log. The zero value makes 200 changes on
// 2026-11-24 (file date 2026-11-25).
type Options struct {
	Seed    uint64
	Changes int       // default 200; -1 for none
	Date    time.Time // file date, as the other generators take it: changes are made the day before; default 2026-11-25
	FirstID int64     // default 1000001
	// Accounts are the biller's accounts (invoicetest.Accounts of a day's
	// invoices); a change's e-mail is its customer's, or made from the
	// number. Default: generated.
	Accounts []invoicetest.Account
}

func (o Options) withDefaults() Options {
	o.Changes = gen.Count(o.Changes, 200)
	o.Date = gen.Date(o.Date, gen.Day)
	o.FirstID = cmp.Or(o.FirstID, 1000001)
	return o
}

// Changes returns the changes of the log o describes, in ChangeID order.
func Changes(o Options) iter.Seq[optout.Change] {
	o = o.withDefaults()
	return func(yield func(optout.Change) bool) {
		r := rand.New(rand.NewPCG(o.Seed, 0x0b7))
		accounts := o.Accounts
		for i := 0; i < o.Changes; i++ {
			var a invoicetest.Account
			if len(accounts) > 0 {
				a = accounts[r.IntN(len(accounts))]
			} else {
				n := r.IntN(5000)
				a = invoicetest.Account{Number: fmt.Sprintf("%03d-%04d-%02d", 100+n%9, 1000+n, 1)}
			}
			types := a.InvoiceTypes
			if len(types) == 0 {
				types = []int{1}
			}
			email := a.Customer.Email
			if email == "" {
				email = "acct" + strings.ReplaceAll(a.Number, "-", "") + "@example.com"
			}
			c := optout.Change{
				ID: o.FirstID + int64(i), Account: a.Number, InvoiceType: types[r.IntN(len(types))],
				Paperless: r.IntN(10) < 7,
				Effective: o.Date.AddDate(0, 0, -1).Add(time.Duration(r.IntN(86400)) * time.Second),
				ChangedBy: optout.Payer,
			}
			if r.IntN(5) == 0 {
				c.ChangedBy = optout.Biller
			}
			if c.Paperless || r.IntN(2) == 0 {
				c.Email = email
			}
			if !yield(c) {
				return
			}
		}
	}
}

// Write writes the whole log o describes to w.
func Write(w io.Writer, o Options) error {
	ow, _ := optout.NewWriter(w, nil)
	for c := range Changes(o) {
		if err := ow.Write(c); err != nil {
			return fmt.Errorf("optouttest: generated an invalid change (a bug): %w", err)
		}
	}
	return ow.Close()
}
