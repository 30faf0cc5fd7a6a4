package adjustment

import (
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

func (o *Options) layout() *Layout {
	if o == nil || o.Layout == nil {
		return defaultLayout
	}
	return o.Layout
}

// Reader reads an adjustment file as a stream, checking record order, the
// header's closed period, every adjustment and the trailer's counts and
// total. Each problem is returned once; reading ends with io.EOF.
type Reader struct {
	l    *Layout
	rd   *layout.Reader
	name string
	out  layout.Stream[Adjustment]

	state            int // 0 before H, 1 in adjustments, 2 after T
	hdr              Header
	hdrOK            bool
	hdrLine, endLine int // the lines of the header and the trailer, for WriteJSON
	trl              Trailer
	trlOK            bool
	records          int
	count            int
	net              money.Total
	unreadable       bool
	line             int
}

// NewReader returns a reader of the adjustment file r.
func NewReader(r io.Reader, opts *Options) *Reader {
	rd := &Reader{l: opts.layout()}
	if opts != nil {
		rd.name = opts.Name
		rd.out.Policy = layout.Policy{Max: opts.MaxErrors, File: opts.Name}
	}
	rd.rd = layout.NewReader(rd.l.l, r, rd.name)
	return rd
}

// Header reads as far as the H record, if it has not been read yet, and
// returns it; or the problem met first (which Read then does not return
// again); or an error saying the file has none. Call it before Read, or
// after.
func (r *Reader) Header() (Header, error) {
	return layout.Header(&r.out, r.step, &r.hdr, &r.hdrOK, &Error{File: r.name, Line: 1, Err: ErrOrder, Msg: "the file has no H header"})
}

// Trailer returns the T record, once read.
func (r *Reader) Trailer() (Trailer, bool) { return r.trl, r.trlOK }

// Line returns the line of the record returned last.
func (r *Reader) Line() int { return r.line }

// Read returns the next adjustment, or a problem, or io.EOF at the end.
func (r *Reader) Read() (Adjustment, error) { return r.out.Next(r.step) }

// All returns the adjustments as an iterator.
func (r *Reader) All() iter.Seq2[Adjustment, error] { return layout.All(r.Read) }

func (r *Reader) fail(err error) { r.out.Fail(err, r.line) }

func rowErr(row *layout.Row, kind error, msg string) *Error {
	return &Error{File: row.File, Line: row.Line, Record: row.Rec.Type, Err: kind, Msg: msg}
}

func (r *Reader) step() {
	row, err := r.rd.Next()
	if err == io.EOF {
		switch {
		case r.records == 0:
			r.fail(&Error{File: r.name, Line: 1, Err: ErrOrder, Msg: "the file is empty; want an H header, A adjustments and a T trailer"})
		case r.state < 2:
			r.fail(&Error{File: r.name, Line: r.rd.Lines(), Err: ErrOrder, Msg: "the file ends without a T trailer (cut short?)"})
		}
		r.out.End()
		return
	}
	if layout.IsBlankLine(err) {
		r.fail(err) // a problem, not a record
		return
	}
	r.records++
	if err != nil {
		if r.state == 1 {
			r.unreadable = true
		}
		r.fail(err)
		return
	}
	r.line = row.Line
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
	if r.state != 0 {
		r.fail(rowErr(row, ErrOrder, "a second H header; a file has exactly one"))
		return
	}
	r.state = 1
	var h Header
	l.h.Read(row, &h)
	if row.Err() == nil {
		l.checkHeader(&h, false, row.Failer())
	}
	if err := row.Err(); err != nil {
		r.fail(err)
		return
	}
	r.hdr, r.hdrOK, r.hdrLine = h, true, row.Line
}

func (r *Reader) adjustment(row *layout.Row) {
	l := r.l
	var orderErr error
	switch r.state {
	case 0:
		orderErr = rowErr(row, ErrOrder, "an A record before the H header")
		r.state = 1
	case 2:
		orderErr = rowErr(row, ErrOrder, "an A record after the T trailer")
	}
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
		r.fail(orderErr)
	}
	if err := row.Err(); err != nil {
		r.fail(err)
		return
	}
	if orderErr == nil {
		r.out.Push(a, row.Line)
	}
}

// trailer reads the T record, checking its totals.
func (r *Reader) trailer(row *layout.Row) {
	l := r.l
	switch r.state {
	case 0:
		r.fail(rowErr(row, ErrOrder, "a T trailer before the H header"))
		return
	case 2:
		r.fail(rowErr(row, ErrOrder, "a second T trailer; a file has exactly one"))
		return
	}
	r.state = 2
	var t Trailer
	l.t.Read(row, &t)
	f := l.t.Field
	if row.Err() == nil {
		if t.Records != r.records {
			row.Fail(f("record_count"), ErrTotals, "trailer says %d records, the file has %d (H and T included)", t.Records, r.records)
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
		r.fail(err)
		return
	}
	r.trl, r.trlOK, r.endLine = t, true, row.Line
}
