package lockbox

import (
	"cmp"
	"fmt"
	"io"
	"iter"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/money"
	"github.com/icbatch/caselle/internal/seen"
)

// Options configure a Reader, Writer or Build. The zero value (or nil)
// reads and writes FORMATS §8 and stops at the first problem.
type Options struct {
	// Name is the file name used in errors.
	Name string
	// Layout replaces DefaultLayout.
	Layout *Layout
	// MaxErrors chooses the error policy of a Reader: 0 stops at the first
	// problem; n > 0 stops after n problems; a negative value never stops.
	// ReadOrders and ReadGLMap, which return all problems at once, collect
	// up to 100 when it is 0.
	MaxErrors int
	// Mask, when set, is checked against every GL account read or written.
	Mask Mask
}

// reader states: where the next record may come.
const (
	beforeHeader = iota
	betweenBatches
	inBatch   // after a 5, before its first 6
	inPayment // after a 6 or a 4
	afterTotal
	afterTrailer
)

// Reader reads a lockbox file as a stream of payments, each with its
// distributions and batch, checking record order and every total:
// distributions add up to their payment, each 7 to its batch, the 8 to the
// file and the 9 counts every record. Each problem is returned once;
// reading ends with io.EOF in every mode, and the totals are only known to
// be right once it has.
type Reader struct {
	l    *Layout
	f    layout.File[Payment, Header, Totals] // the trailer is the 8 total with the 9's count
	mask Mask

	state    int
	batch    Batch
	batchNos map[int]int // batch number → line of its 5
	lockbox  int
	badBatch int                   // line of the current batch's header when it had problems
	g        layout.Group[Payment] // the payment whose distributions are being read
	distSum  money.Total

	bItems, items, batches int
	bAmount, total         money.Total
	unreadable             bool // totals cannot be checked
	seen                   *seen.Set
}

// NewReader returns a reader of the lockbox file r.
func NewReader(r io.Reader, opts *Options) *Reader {
	o := cmp.Or(opts, &Options{})
	rd := &Reader{l: cmp.Or(o.Layout, defaultLayout), mask: o.Mask, seen: seen.New(0), batchNos: map[int]int{}}
	rd.f.Open(rd.l.l, r, o.Name, o.MaxErrors)
	return rd
}

// Header reads as far as the file header (record 1), if it has not been
// read yet, and returns it; or the problem met first (which Read then does
// not return again); or an error saying the file has none. Call it before
// Read, or after.
func (r *Reader) Header() (Header, error) {
	return r.f.Header(r.step, "1 file header")
}

// Line returns the line the payment returned last starts on (its 6
// record), or of the problem returned last.
func (r *Reader) Line() int { return r.f.Out.Line() }

// Totals returns the lockbox total and trailer, once they have been read.
func (r *Reader) Totals() (Totals, bool) { return r.f.Trailer() }

// All returns the payments as an iterator; a problem comes as a non-nil
// error.
func (r *Reader) All() iter.Seq2[Payment, error] { return layout.All(r.Read) }

// Read returns the next payment, or a problem, or io.EOF at the end.
func (r *Reader) Read() (Payment, error) { return r.f.Out.Next(r.step) }

// fail reports a problem through the error policy.
func (r *Reader) fail(err error) { r.f.Fail(err) }

func (r *Reader) orderErr(line int, rec, msg string) *Error {
	return &Error{File: r.f.Name, Line: line, Record: rec, Err: ErrOrder, Msg: msg}
}

func (r *Reader) step() {
	row, err := r.f.Rows.Next()
	if err == io.EOF {
		r.finishPayment()
		switch {
		case r.f.Records == 0:
			r.fail(&Error{File: r.f.Name, Line: 1, Err: ErrOrder, Msg: "the file is empty; want records 1, 5, 6, 4, 7, 8 and 9"})
		case r.state == inBatch || r.state == inPayment:
			r.fail(r.orderErr(r.f.Rows.Lines(), "", fmt.Sprintf("the file ends inside batch %d, without its 7 total (cut short?)", r.batch.Number)))
		case r.state < afterTotal:
			r.fail(r.orderErr(r.f.Rows.Lines(), "", "the file ends without the 8 lockbox total and 9 trailer (cut short?)"))
		case r.state == afterTotal:
			r.fail(r.orderErr(r.f.Rows.Lines(), "", "the file ends without the 9 trailer (cut short?)"))
		}
		r.f.Out.End()
		return
	}
	if layout.IsBlankLine(err) {
		r.fail(err) // a problem, not a record
		return
	}
	r.f.Records++
	if err != nil {
		r.unreadable = true
		r.g.Spoil()
		r.fail(err)
		return
	}
	r.f.Line = row.Line
	switch row.Rec.Type {
	case "1":
		r.header(row)
	case "5":
		r.batchHeader(row)
	case "6":
		r.payment(row)
	case "4":
		r.distribution(row)
	case "7":
		r.batchTotal(row)
	case "8":
		r.lockboxTotal(row)
	case "9":
		r.trailer(row)
	}
}

// after checks that a record may come in the current state; problems are
// reported and reading goes on as if it were in place.
func (r *Reader) after(row *layout.Row, ok ...int) {
	for _, s := range ok {
		if r.state == s {
			return
		}
	}
	typ := row.Rec.Type
	var msg string
	switch {
	case r.state == afterTrailer:
		msg = "a record after the 9 trailer"
	case r.state == beforeHeader:
		msg = fmt.Sprintf("a %s record before the 1 file header", typ)
	case typ == "1":
		msg = "a second 1 file header"
	case typ == "5" && (r.state == inBatch || r.state == inPayment):
		msg = fmt.Sprintf("batch header before the 7 total of batch %d", r.batch.Number)
	case typ == "6" || typ == "7":
		msg = fmt.Sprintf("a %s record outside a batch (no 5 batch header before it)", typ)
	case typ == "4":
		msg = "a 4 distribution that follows no 6 payment"
	case typ == "8" && (r.state == inBatch || r.state == inPayment):
		msg = fmt.Sprintf("the 8 lockbox total comes before the 7 total of batch %d", r.batch.Number)
	case typ == "8":
		msg = "a second 8 lockbox total"
	case typ == "9":
		msg = "the 9 trailer comes before the 8 lockbox total"
	default:
		msg = "record out of order"
	}
	r.fail(r.orderErr(row.Line, typ, msg))
}

func (r *Reader) header(row *layout.Row) {
	r.after(row, beforeHeader)
	l := r.l
	var h Header
	l.h.Read(row, &h)
	if row.Err() == nil {
		l.checkHeader(&h, row.Failer())
	}
	r.state = betweenBatches
	if err := row.Err(); err != nil {
		r.unreadable = true
		r.fail(err)
		return
	}
	r.f.SetHeader(h, row.Line)
}

func (r *Reader) batchHeader(row *layout.Row) {
	r.finishPayment()
	r.after(row, betweenBatches)
	l := r.l
	var b Batch
	l.b.Read(row, &b)
	if row.Err() == nil {
		l.checkBatch(&b, row.Failer())
		if first, dup := r.batchNos[b.Number]; dup {
			row.Fail(l.b.Field("batch"), ErrDuplicate, "batch number already used %s", seen.Where(first))
		}
		if r.batches > 0 && b.Lockbox != r.lockbox {
			row.Fail(l.b.Field("lockbox"), ErrInvalid, "lockbox number differs from the file's first batch (%d)", r.lockbox)
		}
	}
	r.state = inBatch
	r.batch = b
	r.batches++
	r.bItems, r.bAmount, r.badBatch = 0, money.Total{}, 0
	if err := row.Err(); err != nil {
		r.unreadable = true
		r.badBatch = row.Line
		r.fail(err)
		return
	}
	r.batchNos[b.Number] = row.Line
	if r.batches == 1 {
		r.lockbox = b.Lockbox
	}
}

func (r *Reader) payment(row *layout.Row) {
	r.finishPayment()
	inside := r.state == inBatch || r.state == inPayment
	r.after(row, inBatch, inPayment)
	l := r.l
	p := new(Payment)
	l.p.Read(row, p)
	p.Batch = r.batch
	batchNo := int(row.Number(l.pBatch))
	r.state = inPayment
	r.bItems++
	r.items++
	if row.Err() == nil {
		if batchNo != r.batch.Number {
			row.Fail(l.pBatch, ErrInvalid, "payment says batch %d, inside batch %d", batchNo, r.batch.Number)
		}
		if p.Item != r.bItems {
			row.Fail(l.p.Field("item"), ErrInvalid, "item number %d, want %d (items are numbered from 1 in each batch)", p.Item, r.bItems)
		}
		l.checkPayment(p, row.Failer())
		if p.Confirmation != "" {
			if first, dup := r.seen.Add(p.Confirmation, row.Line); dup {
				row.Fail(l.p.Field("confirmation"), ErrDuplicate, "confirmation number already used %s", seen.Where(first))
			}
		}
		c := money.Cents(p.Amount)
		r.bAmount.Add(c)
		r.total.Add(c)
	}
	r.g.Start(p, row.Line, !inside) // outside a batch: reported, not returned
	r.distSum = money.Total{}
	if err := row.Err(); err != nil {
		r.unreadable = true
		r.g.Bad = true
		r.fail(err)
	}
}

func (r *Reader) distribution(row *layout.Row) {
	r.after(row, inPayment)
	l := r.l
	var d Distribution
	l.d.Read(row, &d)
	batchNo, item := int(row.Number(l.dBatch)), int(row.Number(l.dItem))
	if r.g.Cur == nil {
		if err := row.Err(); err != nil {
			r.fail(err)
		}
		return
	}
	if row.Err() == nil {
		if batchNo != r.g.Cur.Batch.Number || item != r.g.Cur.Item {
			row.Fail(l.dItem, ErrInvalid, "distribution of batch %d item %d follows the payment of batch %d item %d", batchNo, item, r.g.Cur.Batch.Number, r.g.Cur.Item)
		}
		if want := len(r.g.Cur.Distributions) + 1; d.Sequence != want {
			row.Fail(l.d.Field("sequence"), ErrInvalid, "sequence %d, want %d (distributions are numbered from 1 in each payment)", d.Sequence, want)
		}
		l.checkDistribution(&d, r.mask, row.Failer())
		c := money.Cents(d.Amount)
		r.distSum.Add(c)
	}
	r.g.Cur.Distributions = append(r.g.Cur.Distributions, d)
	if err := row.Err(); err != nil {
		r.g.Bad = true
		r.fail(err)
	}
}

// finishPayment checks the payment being read against its distributions
// and hands it out.
func (r *Reader) finishPayment() {
	p, line, ok := r.g.End()
	if !ok {
		return
	}
	var err error
	if r.badBatch > 0 {
		r.fail(&Error{File: r.f.Name, Line: line, Record: "6", Err: ErrInvalid,
			Msg: fmt.Sprintf("payment not returned: its batch header on line %d has problems", r.badBatch)})
		return
	}
	switch amount := money.Cents(p.Amount); {
	case len(p.Distributions) == 0:
		err = &Error{File: r.f.Name, Line: line, Record: "6", Err: ErrInvalid,
			Msg: "payment has no 4 distributions: every payment names its items and GL accounts"}
	case !r.distSum.EqualCents(amount):
		err = &Error{File: r.f.Name, Line: line, Record: "6", Field: "amount", Value: p.Amount.StringFixed(2), Err: ErrTotals,
			Msg: fmt.Sprintf("distributions add up to %s, the payment is %s", r.distSum.Decimal().StringFixed(2), p.Amount.StringFixed(2))}
	}
	if err != nil {
		r.fail(err)
		return
	}
	r.f.Out.Push(*p, line)
}

func (r *Reader) batchTotal(row *layout.Row) {
	r.finishPayment()
	wasIn := r.state == inBatch || r.state == inPayment
	r.after(row, inBatch, inPayment)
	l := r.l
	batchNo, lockbox := int(row.Number(l.tBatch)), int(row.Number(l.tLockbox))
	deposit := row.Date(l.tDeposit)
	items, amount := int(row.Number(l.tItems)), row.Money(l.tAmount)
	r.state = betweenBatches
	if row.Err() == nil && wasIn {
		b := r.batch
		if batchNo != b.Number {
			row.Fail(l.tBatch, ErrInvalid, "7 total of batch %d closes batch %d", batchNo, b.Number)
		}
		if lockbox != b.Lockbox {
			row.Fail(l.tLockbox, ErrInvalid, "lockbox %d, its batch header says %d", lockbox, b.Lockbox)
		}
		if !deposit.Equal(b.Deposit) {
			row.Fail(l.tDeposit, ErrInvalid, "deposit date %s, its batch header says %s", deposit.Format("2006-01-02"), b.Deposit.Format("2006-01-02"))
		}
		if items != r.bItems {
			row.Fail(l.tItems, ErrTotals, "batch total says %d payments, the batch has %d", items, r.bItems)
		}
		if !r.unreadable {
			if got := r.bAmount.Decimal(); !amount.Equal(got) {
				row.Fail(l.tAmount, ErrTotals, "batch total says %s, the batch adds up to %s", amount.StringFixed(2), got.StringFixed(2))
			}
		}
		if r.bItems == 0 {
			row.Fail(nil, ErrInvalid, "batch %d has no payments", b.Number)
		}
	}
	if err := row.Err(); err != nil {
		r.fail(err)
	}
}

func (r *Reader) lockboxTotal(row *layout.Row) {
	r.finishPayment()
	r.after(row, betweenBatches)
	l := r.l
	var t Totals
	l.t.Read(row, &t)
	r.state = afterTotal
	if row.Err() == nil {
		if r.batches > 0 && t.Lockbox != r.lockbox {
			row.Fail(l.t.Field("lockbox"), ErrInvalid, "lockbox %d, the batches say %d", t.Lockbox, r.lockbox)
		}
		if t.Batches != r.batches {
			row.Fail(l.t.Field("batch_count"), ErrTotals, "lockbox total says %d batches, the file has %d", t.Batches, r.batches)
		}
		if t.Payments != r.items {
			row.Fail(l.t.Field("item_count"), ErrTotals, "lockbox total says %d payments, the file has %d", t.Payments, r.items)
		}
		if !r.unreadable {
			if got := r.total.Decimal(); !t.Amount.Equal(got) {
				row.Fail(l.t.Field("total_amount"), ErrTotals, "lockbox total says %s, the file adds up to %s", t.Amount.StringFixed(2), got.StringFixed(2))
			}
		}
	}
	if err := row.Err(); err != nil {
		r.fail(err)
		return
	}
	r.f.End, r.f.EndLine = t, row.Line // read, once the 9 has come, as the trailer
}

func (r *Reader) trailer(row *layout.Row) {
	r.finishPayment()
	r.after(row, afterTotal)
	n := int(row.Number(r.l.records))
	r.state = afterTrailer
	if row.Err() == nil && n != r.f.Records {
		row.Fail(r.l.records, ErrTotals, "trailer says %d records, the file has %d (1 and 9 included)", n, r.f.Records)
	}
	if err := row.Err(); err != nil {
		r.fail(err)
		return
	}
	r.f.End.Records = n
	r.f.EndOK = true
}
