package payment

import (
	"cmp"
	"io"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/seen"
)

// Writer writes a payment file: the PH header first, then each payment,
// then, on Close, the PT trailer with the counts and totals it kept. It
// applies every rule the Reader checks, so it never writes a file the
// Reader would refuse; a payment that breaks one is returned as an error
// and not written.
type Writer struct {
	l    *Layout
	w    *layout.Writer
	sum  tally
	seen *seen.Set
	g    layout.Gate // closed, or broken by a failure to write
}

// NewWriter writes the header h to w and returns a writer for the
// payments. Options.Name names the output in errors; MaxErrors is unused.
func NewWriter(w io.Writer, h Header, opts *Options) (*Writer, error) {
	o := cmp.Or(opts, &Options{})
	l := cmp.Or(o.Layout, defaultLayout)
	pw := &Writer{l: l, w: layout.NewWriter(l.l, w, o.Name), seen: seen.New(0)}
	b := pw.w.Begin("PH")
	l.checkHeader(&h, builderFail(b))
	l.ph.Write(b, &h)
	if err := pw.w.Commit(); err != nil {
		return nil, err
	}
	pw.sum.records++
	return pw, nil
}

func builderFail(b *layout.Builder) failFunc {
	return func(f *layout.Field, value string, kind error, format string, a ...any) {
		e := b.Fail(f, value, kind, format, a...)
		if kind == ErrCardNumber {
			e.Value = mask(e.Value)
		}
	}
}

// Write checks p and writes it.
func (w *Writer) Write(p Payment) error {
	if err := w.g.Open("payment"); err != nil {
		return err
	}
	l := w.l
	b := w.w.Begin("PD")
	l.checkPayment(&p, builderFail(b))
	if p.Confirmation != "" {
		if first, dup := w.seen.Lookup(p.Confirmation); dup {
			b.Fail(l.pd.Field("confirmation"), p.Confirmation, ErrDuplicate, "Duplicate Confirmation Number: already written %s", seen.Where(first))
		}
	}
	l.pd.Write(b, &p)
	if err := w.w.Commit(); err != nil {
		return w.g.Keep(err)
	}
	w.seen.Add(p.Confirmation, w.w.Lines())
	w.sum.add(&p)
	return nil
}

// Trailer returns the trailer as it stands: what Close will write.
func (w *Writer) Trailer() Trailer {
	t := w.sum.trailer()
	t.Records++ // the PT itself
	return t
}

// Close writes the PT trailer and flushes. It does not close the
// underlying writer.
func (w *Writer) Close() error {
	return w.g.End(w.w, "payment", func() error {
		t := w.Trailer()
		w.l.pt.Write(w.w.Begin("PT"), &t)
		return w.w.Commit()
	})
}
