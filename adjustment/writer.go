package adjustment

import (
	"cmp"
	"io"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/money"
)

// Writer writes an adjustment file: the H header, each adjustment, and on
// Close the T trailer with the counts and total it kept. It refuses a
// header whose billing period is open (ErrPeriodOpen) unless
// Options.AllowOpenPeriod says so, and applies every rule the Reader
// checks; an adjustment that breaks one is not written.
type Writer struct {
	l     *Layout
	w     *layout.Writer
	count int
	net   money.Total
	g     layout.Gate // closed, or broken by a failure to write
}

// NewWriter writes the header h to w and returns a writer for the
// adjustments.
func NewWriter(w io.Writer, h Header, opts *Options) (*Writer, error) {
	o := cmp.Or(opts, &Options{})
	l := cmp.Or(o.Layout, defaultLayout)
	aw := &Writer{l: l, w: layout.NewWriter(l.l, w, o.Name)}
	b := aw.w.Begin("H")
	l.checkHeader(&h, o.AllowOpenPeriod, b.Failer())
	l.h.Write(b, &h)
	if err := aw.w.Commit(); err != nil {
		return nil, err
	}
	return aw, nil
}

// Write checks a and writes it.
func (w *Writer) Write(a Adjustment) error {
	if err := w.g.Open("adjustment"); err != nil {
		return err
	}
	l := w.l
	b := w.w.Begin("A")
	l.checkAdjustment(&a, b.Failer())
	l.a.Write(b, &a)
	if err := w.w.Commit(); err != nil {
		return w.g.Keep(err)
	}
	c := money.Cents(a.Amount)
	w.count++
	w.net.Add(c)
	return nil
}

// Trailer returns the trailer Close will write.
func (w *Writer) Trailer() Trailer {
	return Trailer{Records: w.w.Lines() + 1, Adjustments: w.count, Net: w.net.Decimal()}
}

// Close writes the T trailer and flushes; it does not close the
// underlying writer.
func (w *Writer) Close() error {
	return w.g.End(w.w, "adjustment", func() error {
		t := w.Trailer()
		w.l.t.Write(w.w.Begin("T"), &t)
		return w.w.Commit()
	})
}
