package invoice

import (
	"cmp"
	"fmt"
	"io"
	"iter"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/money"
)

// ConnectOptions configure a ConnectReader or ConnectWriter.
type ConnectOptions struct {
	Name      string         // file name used in errors
	Layout    *ConnectLayout // nil: DefaultConnectLayout
	MaxErrors int            // 0: stop at the first problem; n > 0: after n; < 0: never
	Registry  *Registry      // when set, every invoice type must be in it
}

// ConnectReader reads a Connect invoice file as a stream of invoices. It
// checks record order (H1; per invoice IN, exactly one NA, then LI, MR, at
// most one UH per service, MS; T1 last), the balance-forward identity, that
// charge lines add up to current charges, and the trailer's counts and
// total. Each problem is returned once; reading ends with io.EOF.
type ConnectReader struct {
	l     *ConnectLayout
	f     layout.File[Invoice, Header, Summary]
	order layout.Order
	reg   *Registry

	g          layout.Group[Invoice]
	hasNA      bool
	prev       string      // record type of the last record
	usage      []usageSeen // this invoice's UH services and their lines
	invoices   int
	total      money.Total
	known      cents // the current invoice's amounts in cents
	unreadable bool
}

// NewConnectReader returns a reader of the Connect file r.
func NewConnectReader(r io.Reader, opts *ConnectOptions) *ConnectReader {
	o := cmp.Or(opts, &ConnectOptions{})
	cr := &ConnectReader{l: cmp.Or(o.Layout, defaultConnect), reg: o.Registry,
		order: layout.Order{Header: "H1", Trailer: "T1", Want: "an H1 header, invoices and a T1 trailer"}}
	cr.f.Open(cr.l.l, r, o.Name, o.MaxErrors)
	return cr
}

// Header reads as far as the H1 record, if it has not been read yet, and
// returns it; or the problem met first (which Read then does not return
// again); or an error saying the file has none. Call it before Read, or
// after.
func (r *ConnectReader) Header() (Header, error) { return r.f.Header(r.step, "H1 header") }

// Line returns the line the invoice returned last starts on (its IN
// record), or of the problem returned last.
func (r *ConnectReader) Line() int { return r.f.Out.Line() }

// Summary returns the T1 record, once read.
func (r *ConnectReader) Summary() (Summary, bool) { return r.f.Trailer() }

// Read returns the next invoice, or a problem, or io.EOF.
func (r *ConnectReader) Read() (Invoice, error) { return r.f.Out.Next(r.step) }

// All returns the invoices as an iterator.
func (r *ConnectReader) All() iter.Seq2[Invoice, error] { return layout.All(r.Read) }

func (r *ConnectReader) fail(err error) { r.f.Fail(err) }

func (r *ConnectReader) orderErr(row *layout.Row, msg string) {
	r.fail(&Error{File: r.f.Name, Line: row.Line, Record: row.Rec.Type, Err: ErrOrder, Msg: msg})
}

func (r *ConnectReader) step() {
	row, err := r.f.Rows.Next()
	if err == io.EOF {
		r.end()
		return
	}
	r.f.Records++
	if err != nil {
		r.bad()
		r.fail(err)
		return
	}
	r.f.Line = row.Line
	typ := row.Rec.Type
	defer func() { r.prev = typ }()
	switch typ {
	case "H1":
		r.header(row)
	case "IN":
		r.invoice(row)
	case "NA":
		r.address(row)
	case "LI", "MR", "UH", "MS":
		r.detail(row, typ)
	case "T1":
		r.trailer(row)
	}
}

// end is the end of the file: the last invoice, and what is missing.
func (r *ConnectReader) end() {
	r.finish()
	r.fail(r.order.AtEnd(r.f.Name, r.f.Records, r.f.Rows.Lines()))
	r.f.Out.End()
}

func (r *ConnectReader) header(row *layout.Row) {
	l := r.l
	if err := r.order.AtHeader(row); err != nil {
		r.fail(err)
		return
	}
	var h Header
	l.h.Read(row, &h)
	source := row.Text(l.hSource)
	if row.Err() == nil {
		l.checkHeader(&h, row.Failer())
		if source != "CONNECT" {
			row.Fail(l.hSource, ErrInvalid, "source system must be CONNECT")
		}
	}
	if err := row.Err(); err != nil {
		r.fail(err)
		return
	}
	r.f.SetHeader(h, row.Line)
}

// invoice starts the invoice of an IN record, ending the one before.
func (r *ConnectReader) invoice(row *layout.Row) {
	l := r.l
	r.finish()
	if !r.order.InDetails() { // unlike the details of the other kinds, one IN does not stand for the header
		r.orderErr(row, map[bool]string{false: "an IN record before the H1 header", true: "an IN record after the T1 trailer"}[r.order.Started()])
	}
	inv := new(Invoice)
	l.in.Read(row, inv) // its balances too
	b := &inv.Balances
	k := cents{previous: money.Cents(b.Previous), payments: money.Cents(b.Payments), adjustments: money.Cents(b.Adjustments),
		current: money.Cents(b.Current), due: money.Cents(b.AmountDue)}
	r.known = k
	r.invoices++
	if row.Err() == nil {
		l.checkInvoice(inv, r.reg, &k, row.Failer())
		r.total.Add(k.due)
	} else {
		r.unreadable = true
	}
	r.g.Start(inv, row.Line, !r.order.InDetails())
	r.hasNA, r.usage = false, r.usage[:0]
	if err := row.Err(); err != nil {
		r.g.Bad = true
		r.fail(err)
	}
}

// address reads the NA record of the invoice just started.
func (r *ConnectReader) address(row *layout.Row) {
	l := r.l
	if r.prev != "IN" || r.g.Cur == nil {
		r.orderErr(row, "an NA record must come right after its IN record, once")
		r.bad()
		return
	}
	l.na.Read(row, &r.g.Cur.Customer)
	r.hasNA = true
	r.rowDone(row)
}

// detail adds an LI, MR, UH or MS record to the invoice being read.
func (r *ConnectReader) detail(row *layout.Row, typ string) {
	l := r.l
	if r.g.Cur == nil || !r.hasNA || !r.order.InDetails() {
		r.orderErr(row, fmt.Sprintf("a %s record outside an invoice (after its IN and NA)", typ))
		r.bad()
		return
	}
	switch typ {
	case "LI":
		if r.g.Cur.Charges == nil {
			r.g.Cur.Charges = make([]Charge, 0, 8) // one allocation for a bill's usual lines
		}
		r.g.Cur.Charges = append(r.g.Cur.Charges, Charge{})
		ch := &r.g.Cur.Charges[len(r.g.Cur.Charges)-1]
		l.li.Read(row, ch)
		r.known.charges.Add(money.Cents(ch.Amount))
	case "MR":
		r.g.Cur.Meters = append(r.g.Cur.Meters, Meter{})
		l.mr.Read(row, &r.g.Cur.Meters[len(r.g.Cur.Meters)-1])
	case "UH":
		u := r.readUsage(row)
		for _, s := range r.usage {
			if s.service == u.Service && row.Err() == nil {
				row.Fail(l.uhService, ErrDuplicate, "a second UH record for service %s in this invoice (the first is on line %d)", u.Service, s.line)
			}
		}
		r.usage = append(r.usage, usageSeen{u.Service, row.Line})
		r.g.Cur.Usage = append(r.g.Cur.Usage, u)
	case "MS":
		r.g.Cur.Messages = append(r.g.Cur.Messages, row.Text(l.msText))
	}
	r.rowDone(row)
}

// trailer reads the T1 record, checking its totals.
func (r *ConnectReader) trailer(row *layout.Row) {
	l := r.l
	r.finish()
	if err := r.order.AtTrailer(row); err != nil {
		r.fail(err)
		return
	}
	var s Summary
	l.t.Read(row, &s)
	f := l.t.Field
	if row.Err() == nil {
		if s.Records != r.f.Records {
			row.Fail(f("record_count"), ErrTotals, "trailer says %d records, the file has %d (H1 and T1 included)", s.Records, r.f.Records)
		}
		if s.Invoices != r.invoices {
			row.Fail(f("invoice_count"), ErrTotals, "trailer says %d invoices, the file has %d", s.Invoices, r.invoices)
		}
		if got := r.total.Decimal(); !r.unreadable && !s.TotalDue.Equal(got) {
			row.Fail(f("total_amount_due"), ErrTotals, "trailer says a total due of %s, the invoices add up to %s", s.TotalDue.StringFixed(2), got.StringFixed(2))
		}
	}
	if err := row.Err(); err != nil {
		r.fail(err)
		return
	}
	r.f.SetTrailer(s, row.Line)
}

type usageSeen struct {
	service string
	line    int
}

func (r *ConnectReader) readUsage(row *layout.Row) Usage {
	l := r.l
	u := Usage{Service: row.Text(l.uhService), Unit: row.Text(l.uhUnit), Months: make([]MonthUsage, 0, 13)}
	unused := false
	for i := range 13 {
		noPeriod, noUse := row.Blank(l.uhPeriod[i]), row.Blank(l.uhCons[i])
		if noPeriod && noUse {
			unused = true
			continue
		}
		if unused {
			row.Fail(l.uhPeriod[i], ErrOrder, "a used slot after an unused one: slots fill from the first, newest first")
			break
		}
		p, c := row.Number(l.uhPeriod[i]), row.Number(l.uhCons[i])
		if noPeriod || noUse {
			row.Fail(l.uhPeriod[i], ErrInvalid, "a slot needs both its period and its consumption, or neither")
			continue
		}
		u.Months = append(u.Months, MonthUsage{Month: periodOf(p), Consumption: int64(c)})
	}
	if row.Err() == nil {
		l.checkUsage(&u, row.Failer())
	}
	return u
}

func (r *ConnectReader) bad() {
	r.unreadable = true
	r.g.Spoil()
}

// rowDone reports a detail row's problems against its invoice.
func (r *ConnectReader) rowDone(row *layout.Row) {
	if err := row.Err(); err != nil {
		r.bad()
		r.fail(err)
	}
}

// finish checks the invoice being read and hands it out.
func (r *ConnectReader) finish() {
	inv, line, ok := r.g.End()
	if !ok {
		return
	}
	if !r.hasNA {
		r.fail(&Error{File: r.f.Name, Line: line, Record: "IN", Err: ErrOrder, Msg: "an IN record without its NA name-and-address record"})
		return
	}
	var err error
	checkCharges(inv, &r.known, func(_ rule, value string, kind error, format string, a ...any) {
		err = &Error{File: r.f.Name, Line: line, Record: "IN", Field: "current_charges", Value: value, Err: kind, Msg: fmt.Sprintf(format, a...)}
	})
	if err != nil {
		r.fail(err)
		return
	}
	r.f.Out.Push(*inv, line)
}
