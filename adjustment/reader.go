package adjustment

import (
	"cmp"
	"io"
	"iter"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/money"
)

// Options configure a Reader or Writer. The zero value (or nil) reads and
// writes FORMATS §5 and stops at the first problem.
type Options struct {
	Name   string  // file name used in errors
	Layout *Layout // nil: DefaultLayout
	// MaxErrors: 0 stops at the first problem; n > 0 after n; < 0 never.
	MaxErrors int
	// AllowOpenPeriod lets a Writer write a file whose billing period is
	// open. Such a file must not be sent (its balances would arrive as
	// $0.00); the option exists for tests and for files held back on
	// purpose. A Reader reports the open period whatever this says.
	AllowOpenPeriod bool
}

// Reader reads an adjustment file as a stream, checking record order, the
// header's closed period, every adjustment and the trailer's counts and
// total. Each problem is returned once; reading ends with io.EOF.
type Reader struct {
	l          *Layout
	f          layout.File[Adjustment, Header, Trailer]
	order      layout.Order
	count      int
	net        money.Total
	unreadable bool
}

// NewReader returns a reader of the adjustment file r.
func NewReader(r io.Reader, opts *Options) *Reader {
	o := cmp.Or(opts, &Options{})
	rd := &Reader{l: cmp.Or(o.Layout, defaultLayout), order: layout.Order{Header: "H", Trailer: "T", Want: "an H header, A adjustments and a T trailer"}}
	rd.f.Open(rd.l.l, r, o.Name, o.MaxErrors)
	return rd
}

// Header reads as far as the H record, if it has not been read yet, and
// returns it; or the problem met first (which Read then does not return
// again); or an error saying the file has none. Call it before Read, or
// after.
func (r *Reader) Header() (Header, error) { return r.f.Header(r.step, "H header") }

// Trailer returns the T record, once read.
func (r *Reader) Trailer() (Trailer, bool) { return r.f.Trailer() }

// Line returns the line of the record returned last.
func (r *Reader) Line() int { return r.f.Line }

// Read returns the next adjustment, or a problem, or io.EOF at the end.
func (r *Reader) Read() (Adjustment, error) { return r.f.Out.Next(r.step) }

// All returns the adjustments as an iterator.
func (r *Reader) All() iter.Seq2[Adjustment, error] { return layout.All(r.Read) }

func (r *Reader) step() {
	f := &r.f
	row, err := f.Rows.Next()
	if err == io.EOF {
		f.Fail(r.order.AtEnd(f.Name, f.Records, f.Rows.Lines()))
		f.Out.End()
		return
	}
	if layout.IsBlankLine(err) {
		f.Fail(err) // a problem, not a record
		return
	}
	f.Records++
	if err != nil {
		if r.order.InDetails() {
			r.unreadable = true
		}
		f.Fail(err)
		return
	}
	f.Line = row.Line
	switch row.Rec.Type {
	case "H":
		r.header(row)
	case "A":
		r.adjustment(row)
	case "T":
		r.trailer(row)
	}
}

func (r *Reader) header(row *layout.Row) {
	l := r.l
	if err := r.order.AtHeader(row); err != nil {
		r.f.Fail(err)
		return
	}
	var h Header
	l.h.Read(row, &h)
	if row.Err() == nil {
		l.checkHeader(&h, false, row.Failer())
	}
	if err := row.Err(); err != nil {
		r.f.Fail(err)
		return
	}
	r.f.SetHeader(h, row.Line)
}

func (r *Reader) adjustment(row *layout.Row) {
	l := r.l
	orderErr := r.order.AtDetail(row)
	var a Adjustment
	l.a.Read(row, &a)
	if row.Err() != nil {
		r.unreadable = true
	} else {
		l.checkAdjustment(&a, row.Failer())
		c := money.Cents(a.Amount)
		r.net.Add(c)
		r.count++
	}
	if orderErr != nil {
		r.f.Fail(orderErr)
	}
	if err := row.Err(); err != nil {
		r.f.Fail(err)
		return
	}
	if orderErr == nil {
		r.f.Out.Push(a, row.Line)
	}
}

// trailer reads the T record, checking its totals.
func (r *Reader) trailer(row *layout.Row) {
	l := r.l
	if err := r.order.AtTrailer(row); err != nil {
		r.f.Fail(err)
		return
	}
	var t Trailer
	l.t.Read(row, &t)
	f := l.t.Field
	if row.Err() == nil {
		if t.Records != r.f.Records {
			row.Fail(f("record_count"), ErrTotals, "trailer says %d records, the file has %d (H and T included)", t.Records, r.f.Records)
		}
		if !r.unreadable {
			if t.Adjustments != r.count {
				row.Fail(f("adjustment_count"), ErrTotals, "trailer says %d adjustments, the file has %d", t.Adjustments, r.count)
			}
			if got := r.net.Decimal(); !t.Net.Equal(got) {
				row.Fail(f("net_total"), ErrTotals, "trailer says a net total of %s, the adjustments add up to %s", t.Net.StringFixed(2), got.StringFixed(2))
			}
		}
	}
	if err := row.Err(); err != nil {
		r.f.Fail(err)
		return
	}
	r.f.SetTrailer(t, row.Line)
}
