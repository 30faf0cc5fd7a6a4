package invoice

import (
	"cmp"
	"fmt"
	"io"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/money"
)

// ConnectWriter writes a Connect invoice file: H1, then each invoice's IN,
// NA, LI, MR, UH and MS records, and on Close the T1 trailer it counted.
// It applies every rule the ConnectReader checks; an invoice that breaks
// one is refused whole.
type ConnectWriter struct {
	l        *ConnectLayout
	reg      *Registry
	w        *layout.Writer
	invoices int
	total    money.Total
	g        layout.Gate // closed, or broken by a failure to write
}

// NewConnectWriter writes the header h and returns a writer for invoices.
func NewConnectWriter(w io.Writer, h Header, opts *ConnectOptions) (*ConnectWriter, error) {
	o := cmp.Or(opts, &ConnectOptions{})
	l := cmp.Or(o.Layout, defaultConnect)
	cw := &ConnectWriter{l: l, reg: o.Registry, w: layout.NewWriter(l.l, w, o.Name)}
	b := cw.w.Begin("H1")
	l.checkHeader(&h, b.Failer())
	l.h.Write(b, &h)
	b.Text(l.hSource, "CONNECT")
	if err := cw.w.Commit(); err != nil {
		return nil, err
	}
	return cw, nil
}

// Write checks inv and writes its records, or none of them.
func (w *ConnectWriter) Write(inv Invoice) error {
	if err := w.g.Open("invoice"); err != nil {
		return err
	}
	mark := w.w.Mark()
	if err := w.write(&inv); err != nil {
		w.w.Rollback(mark)
		return w.g.Keep(err)
	}
	c := money.Cents(inv.Balances.AmountDue)
	w.invoices++
	w.total.Add(c)
	return w.w.Release()
}

func (w *ConnectWriter) write(inv *Invoice) error {
	l := w.l
	b := w.w.Begin("IN")
	l.checkInvoice(inv, w.reg, nil, b.Failer())
	checkCharges(inv, nil, func(r rule, value string, kind error, format string, a ...any) {
		b.Fail(l.inField(r), value, kind, format, a...)
	})
	l.in.Write(b, inv) // its balances too
	if err := w.w.Commit(); err != nil {
		return err
	}
	b = w.w.Begin("NA")
	l.na.Write(b, &inv.Customer)
	if err := w.w.Commit(); err != nil {
		return err
	}
	for i := range inv.Charges {
		b = w.w.Begin("LI")
		l.li.Write(b, &inv.Charges[i])
		if err := w.w.Commit(); err != nil {
			return err
		}
	}
	for i := range inv.Meters {
		m := &inv.Meters[i]
		b = w.w.Begin("MR")
		if m.Previous < 0 || m.Current < 0 || m.Consumption < 0 {
			b.Fail(l.mr.Field("consumption"), fmt.Sprint(m.Previous, m.Current, m.Consumption), ErrInvalid, "meter readings and consumption cannot be negative")
		}
		l.mr.Write(b, m)
		if err := w.w.Commit(); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for _, u := range inv.Usage {
		b = w.w.Begin("UH")
		l.checkUsage(&u, b.Failer())
		if seen[u.Service] {
			b.Fail(l.uhService, u.Service, ErrDuplicate, "a second usage history for service %s in this invoice", u.Service)
		}
		seen[u.Service] = true
		b.Text(l.uhService, u.Service)
		b.Text(l.uhUnit, u.Unit)
		for i, m := range u.Months {
			if i >= 13 {
				break
			}
			b.Int(l.uhPeriod[i], m.Month.number())
			b.Int(l.uhCons[i], m.Consumption)
		}
		if err := w.w.Commit(); err != nil {
			return err
		}
	}
	for _, m := range inv.Messages {
		b = w.w.Begin("MS")
		b.Text(l.msText, m)
		if err := w.w.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Summary returns the trailer Close will write.
func (w *ConnectWriter) Summary() Summary {
	return Summary{Records: w.w.Lines() + 1, Invoices: w.invoices, TotalDue: w.total.Decimal()}
}

// Close writes the T1 trailer and flushes; it does not close the
// underlying writer.
func (w *ConnectWriter) Close() error {
	return w.g.End(w.w, "invoice", func() error {
		s := w.Summary()
		w.l.t.Write(w.w.Begin("T1"), &s)
		return w.w.Commit()
	})
}
