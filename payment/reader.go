package payment

import (
	"cmp"
	"errors"
	"io"
	"iter"
	"log/slog"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/seen"
)

// Options configure a Reader or Writer. The zero value (or nil) reads and
// writes FORMATS §6 and stops at the first problem.
type Options struct {
	// Name is the file name used in errors.
	Name string
	// Layout replaces DefaultLayout, for a biller whose file moved a field.
	Layout *Layout
	// MaxErrors chooses the error policy of a Reader: 0 stops at the first
	// problem; n > 0 keeps reading, skipping bad records, and stops after
	// n problems; a negative value never stops.
	MaxErrors int
	// Size is the input's size in bytes when known, used to size the
	// reader's duplicate check once. Left 0, the reader asks the input
	// (an *os.File, a *bytes.Reader) and otherwise grows as it goes.
	Size int64
	// Log, when set, is told what Import does with the file read: each
	// payment posted, skipped as posted before or left in doubt, and the
	// outcome. nil: no log.
	Log *slog.Logger
}

// Reader reads a payment file as a stream. Its memory does not grow with
// the file except for the in-file duplicate check, which keeps an 8-byte
// fingerprint of each confirmation number (about 46 MiB for a 1 GiB file;
// see Options.Size). Each problem is returned once, as an *Error (or
// Errors for several in one record); reading ends with io.EOF in every
// mode. A file's trailer and duplicates are only known to be right once
// Read has returned io.EOF without a problem: post nothing before then
// (Import does this).
type Reader struct {
	l     *Layout
	f     layout.File[Payment, Header, Trailer]
	order layout.Order
	sum   tally
	// unreadable counts the PD records whose fields did not parse.
	unreadable int
	seen       *seen.Set
	log        *slog.Logger
}

// NewReader returns a reader of the payment file r.
func NewReader(r io.Reader, opts *Options) *Reader {
	size := int(min(layout.SizeHint(r), 1<<40))
	if opts != nil && opts.Size > 0 {
		size = int(min(opts.Size, 1<<40))
	}
	o := cmp.Or(opts, &Options{})
	rd := &Reader{l: cmp.Or(o.Layout, defaultLayout), seen: seen.New(size / (defaultLayout.pd.Record().Length + 2)), log: o.Log,
		order: layout.Order{Header: "PH", Trailer: "PT", Want: "a PH header, PD records and a PT trailer"}}
	rd.f.Open(rd.l.l, r, o.Name, o.MaxErrors)
	return rd
}

// Line returns the line of the payment or problem returned last.
func (r *Reader) Line() int { return r.f.Out.Line() }

// Header reads the PH record if it has not been read yet and returns it;
// or the problem met first (which Read then does not return again); or an
// error saying the file has no PH header. Call it before Read, or after.
func (r *Reader) Header() (Header, error) { return r.f.Header(r.step, "PH header") }

// Trailer returns the PT record, once the reader has reached it.
func (r *Reader) Trailer() (Trailer, bool) { return r.f.Trailer() }

// All returns the payments as an iterator; a problem comes as a non-nil
// error, and in the default policy ends the iteration.
func (r *Reader) All() iter.Seq2[Payment, error] { return layout.All(r.Read) }

// Read returns the next payment, or a problem, or io.EOF at the end.
func (r *Reader) Read() (Payment, error) { return r.f.Out.Next(r.step) }

// step reads one record into the stream: a payment, a problem, or the
// end of the file.
func (r *Reader) step() {
	f := &r.f
	row, err := f.Rows.Next()
	if err == io.EOF {
		f.Out.Fail(r.order.AtEnd(f.Name, f.Records, f.Rows.Lines()), 0)
		f.Out.End()
		return
	}
	if err != nil {
		if !layout.IsBlankLine(err) {
			f.Records++
			if r.order.InDetails() {
				r.unreadable++
			}
		}
		f.Fail(err)
		return
	}
	f.Records++
	f.Line = row.Line
	switch row.Rec.Type {
	case "PH":
		if err := r.order.AtHeader(row); err != nil {
			f.Fail(err)
			return
		}
		f.Fail(r.header(row))
	case "PD":
		orderErr := r.order.AtDetail(row)
		p := f.Out.Slot() // built in place: a payment is not copied on its way out
		if err := errors.Join(orderErr, r.payment(row, p)); err != nil {
			f.Fail(err)
			return
		}
		f.Out.PushSlot(row.Line)
	case "PT":
		f.Fail(r.trailer(row))
	}
}

func (r *Reader) header(row *layout.Row) error {
	l := r.l
	var h Header
	l.ph.Read(row, &h)
	if err := row.Err(); err != nil {
		return err
	}
	l.checkHeader(&h, r.failer(row))
	if err := row.Err(); err != nil {
		return err
	}
	r.f.SetHeader(h, row.Line)
	return nil
}

// failer adapts a row to the checks' failFunc, masking what looks like a
// card number so that an error log never holds one.
func (r *Reader) failer(row *layout.Row) failFunc {
	return func(f *layout.Field, _ string, kind error, format string, a ...any) {
		e := row.Fail(f, kind, format, a...)
		if kind == ErrCardNumber {
			e.Value = mask(e.Value)
		}
	}
}

// mask keeps the last four digits of a value and hides the other digits.
func mask(s string) string {
	b := []byte(s)
	keep := 4
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] >= '0' && b[i] <= '9' {
			if keep > 0 {
				keep--
			} else {
				b[i] = '*'
			}
		}
	}
	return string(b)
}

func (r *Reader) payment(row *layout.Row, p *Payment) error {
	l := r.l
	l.pd.Read(row, p)
	if err := row.Err(); err != nil {
		r.unreadable++
		return err
	}
	l.checkPayment(p, r.failer(row))
	if p.Confirmation != "" {
		if first, dup := r.seen.Add(p.Confirmation, row.Line); dup {
			row.Fail(l.pd.Field("confirmation"), ErrDuplicate, "Duplicate Confirmation Number: already used %s", seen.Where(first))
		}
	}
	r.sum.add(p) // totals count every readable record, valid or not
	return row.Err()
}

func (r *Reader) trailer(row *layout.Row) error {
	l := r.l
	if err := r.order.AtTrailer(row); err != nil {
		return err
	}
	pt := l.pt.Field
	var t Trailer
	l.pt.Read(row, &t)
	if err := row.Err(); err != nil {
		return err
	}
	r.f.SetTrailer(t, row.Line)
	got := r.sum.trailer()
	got.Records = r.f.Records
	if t.Records != got.Records {
		row.Fail(pt("record_count"), ErrTotals, "trailer says %d records, the file has %d (PH and PT included)", t.Records, got.Records)
	}
	if r.unreadable > 0 {
		// Counts and totals by type cannot be checked when records could
		// not be read; those records are reported already.
		return row.Err()
	}
	if t.Payments != got.Payments {
		row.Fail(pt("payment_count"), ErrTotals, "trailer says %d PMT records, the file has %d", t.Payments, got.Payments)
	}
	if !t.PaymentTotal.Equal(got.PaymentTotal) {
		row.Fail(pt("payment_total"), ErrTotals, "trailer says PMT total %s, the file adds up to %s", t.PaymentTotal.StringFixed(2), got.PaymentTotal.StringFixed(2))
	}
	if t.Returns != got.Returns {
		row.Fail(pt("return_count"), ErrTotals, "trailer says %d REV and RFD records, the file has %d", t.Returns, got.Returns)
	}
	if !t.ReturnTotal.Equal(got.ReturnTotal) {
		row.Fail(pt("return_total"), ErrTotals, "trailer says REV and RFD total %s, the file adds up to %s", t.ReturnTotal.StringFixed(2), got.ReturnTotal.StringFixed(2))
	}
	if !t.FeeTotal.Equal(got.FeeTotal) {
		row.Fail(pt("fee_total"), ErrTotals, "trailer says convenience fee total %s, the file adds up to %s", t.FeeTotal.StringFixed(2), got.FeeTotal.StringFixed(2))
	}
	return row.Err()
}
