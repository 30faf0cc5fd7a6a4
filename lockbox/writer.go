package lockbox

import (
	"cmp"
	"fmt"
	"io"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/money"
	"github.com/icbatch/caselle/internal/seen"
)

// Writer writes a lockbox file: the 1 header, then each payment with its
// distributions, opening a batch (5) whenever a payment's batch differs
// from the one before and closing it with its 7 total, and on Close the 8
// lockbox total and the 9 trailer. Item and sequence numbers are filled in
// when zero and checked when given. It applies every rule the Reader
// checks; a payment that breaks one is refused whole — none of its records
// is written.
type Writer struct {
	l    *Layout
	w    *layout.Writer
	mask Mask
	seen *seen.Set
	st   writerState
	g    layout.Gate // closed, or broken by a failure to write
}

// writerState is what a refused payment must not change.
type writerState struct {
	batch          Batch
	inBatch        bool
	bItems         int
	bAmount, total money.Total
	batches, items int
	lockbox        int
	usedBatches    map[int]bool
}

// NewWriter writes the header h and returns a writer for the payments.
func NewWriter(w io.Writer, h Header, opts *Options) (*Writer, error) {
	o := cmp.Or(opts, &Options{})
	l := cmp.Or(o.Layout, defaultLayout)
	lw := &Writer{l: l, w: layout.NewWriter(l.l, w, o.Name), mask: o.Mask, seen: seen.New(0),
		st: writerState{usedBatches: map[int]bool{}}}
	b := lw.w.Begin("1")
	l.checkHeader(&h, b.Failer())
	l.h.Write(b, &h)
	if err := lw.w.Commit(); err != nil {
		return nil, err
	}
	return lw, nil
}

// Write checks p and writes it, with the batch records it needs.
func (w *Writer) Write(p Payment) error {
	if err := w.g.Open("lockbox"); err != nil {
		return err
	}
	saved := w.st
	saved.usedBatches = nil // restored below only when the batch changed
	mark := w.w.Mark()
	newBatch, err := w.write(&p)
	if err != nil {
		w.w.Rollback(mark)
		used := w.st.usedBatches
		if newBatch {
			delete(used, p.Batch.Number)
		}
		w.st = saved
		w.st.usedBatches = used
		return w.g.Keep(err)
	}
	w.seen.Add(p.Confirmation, 0)
	if err := w.w.Release(); err != nil {
		w.g.Err = err
		return err
	}
	return nil
}

func (w *Writer) write(p *Payment) (newBatch bool, err error) {
	l, st := w.l, &w.st
	if !st.inBatch || !sameBatch(p.Batch, st.batch) {
		if st.inBatch {
			if err := w.batchTotal(); err != nil {
				return false, err
			}
		}
		b := w.w.Begin("5")
		l.checkBatch(&p.Batch, b.Failer())
		if st.usedBatches[p.Batch.Number] {
			b.Fail(l.b.Field("batch"), fmt.Sprint(p.Batch.Number), ErrDuplicate, "batch number %d is already in the file", p.Batch.Number)
		}
		if st.batches > 0 && p.Batch.Lockbox != st.lockbox {
			b.Fail(l.b.Field("lockbox"), fmt.Sprint(p.Batch.Lockbox), ErrInvalid, "lockbox number differs from the file's first batch (%d)", st.lockbox)
		}
		l.b.Write(b, &p.Batch)
		if err := w.w.Commit(); err != nil {
			return false, err
		}
		newBatch = true
		st.usedBatches[p.Batch.Number] = true
		if st.batches == 0 {
			st.lockbox = p.Batch.Lockbox
		}
		st.batch, st.inBatch, st.bItems, st.bAmount = p.Batch, true, 0, money.Total{}
		st.batches++
	}
	item := st.bItems + 1
	b := w.w.Begin("6")
	if p.Item != 0 && p.Item != item {
		b.Fail(l.p.Field("item"), fmt.Sprint(p.Item), ErrInvalid, "item number %d, want %d (items are numbered from 1 in each batch)", p.Item, item)
	}
	l.checkPayment(p, b.Failer())
	if _, dup := w.seen.Lookup(p.Confirmation); dup && p.Confirmation != "" {
		b.Fail(l.p.Field("confirmation"), p.Confirmation, ErrDuplicate, "confirmation number is already in the file")
	}
	var sum money.Total
	for _, d := range p.Distributions {
		c, err := money.Scaled(d.Amount, 2)
		if err != nil {
			b.Fail(l.p.Field("amount"), d.Amount.String(), ErrInvalid, "a distribution amount cannot be written: %v", err)
		}
		sum.Add(c)
	}
	amount, err := money.Scaled(p.Amount, 2)
	switch {
	case len(p.Distributions) == 0:
		b.Fail(nil, "", ErrInvalid, "payment %s has no distributions: every payment names its items and GL accounts", p.Confirmation)
	case err == nil && !sum.EqualCents(amount):
		b.Fail(l.p.Field("amount"), p.Amount.String(), ErrTotals, "distributions add up to %s, the payment is %s",
			sum.Decimal().StringFixed(2), p.Amount.StringFixed(2))
	}
	b.Int(l.pBatch, int64(p.Batch.Number))
	p.Item = item
	l.p.Write(b, p)
	if err := w.w.Commit(); err != nil {
		return newBatch, err
	}
	for i, d := range p.Distributions {
		seq := i + 1
		b := w.w.Begin("4")
		if d.Sequence != 0 && d.Sequence != seq {
			b.Fail(l.d.Field("sequence"), fmt.Sprint(d.Sequence), ErrInvalid, "sequence %d, want %d (distributions are numbered from 1 in each payment)", d.Sequence, seq)
		}
		l.checkDistribution(&d, w.mask, b.Failer())
		b.Int(l.dBatch, int64(p.Batch.Number))
		b.Number(l.dItem, uint64(item))
		d.Sequence = seq
		l.d.Write(b, &d)
		if err := w.w.Commit(); err != nil {
			return newBatch, err
		}
	}
	st.bItems++
	st.items++
	st.bAmount.Add(amount)
	st.total.Add(amount)
	return newBatch, nil
}

func (w *Writer) batchTotal() error {
	l, st := w.l, &w.st
	b := w.w.Begin("7")
	b.Int(l.tBatch, int64(st.batch.Number))
	b.Int(l.tLockbox, int64(st.batch.Lockbox))
	b.Date(l.tDeposit, st.batch.Deposit)
	b.Number(l.tItems, uint64(st.bItems))
	b.Money(l.tAmount, st.bAmount.Decimal())
	if err := w.w.Commit(); err != nil {
		return err
	}
	st.inBatch = false
	return nil
}

// Totals returns the totals as they stand: what Close will write.
func (w *Writer) Totals() Totals {
	st := &w.st
	records := w.w.Lines() + 2 // the 8 and the 9
	if st.inBatch {
		records++ // the last 7
	}
	return Totals{Lockbox: st.lockbox, Batches: st.batches, Payments: st.items, Amount: st.total.Decimal(), Records: records}
}

// Close writes the last batch total, the 8 lockbox total and the 9
// trailer, and flushes. It does not close the underlying writer.
func (w *Writer) Close() error {
	return w.g.End(w.w, "lockbox", func() error {
		t := w.Totals()
		if w.st.inBatch {
			if err := w.batchTotal(); err != nil {
				return err
			}
		}
		w.l.t.Write(w.w.Begin("8"), &t)
		if err := w.w.Commit(); err != nil {
			return err
		}
		w.w.Begin("9").Number(w.l.records, uint64(t.Records))
		return w.w.Commit()
	})
}

func sameBatch(a, b Batch) bool {
	return a.Number == b.Number && a.Lockbox == b.Lockbox && a.Store == b.Store && a.Deposit.Equal(b.Deposit)
}
