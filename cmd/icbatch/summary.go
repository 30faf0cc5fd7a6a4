package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/optout"
	"github.com/icbatch/caselle/payment"
	"github.com/shopspring/decimal"
)

// tally counts and adds amounts by key, keeping keys in the order first
// seen until printed sorted.
type tally struct {
	title string
	keys  []string
	by    map[string]*entry
}

type entry struct {
	n   int
	sum decimal.Decimal
}

func newTally(title string) *tally { return &tally{title: title, by: map[string]*entry{}} }

func (t *tally) add(key string, amount decimal.Decimal) {
	e := t.by[key]
	if e == nil {
		e = &entry{}
		t.by[key] = e
		t.keys = append(t.keys, key)
	}
	e.n++
	e.sum = e.sum.Add(amount)
}

func (t *tally) print(w io.Writer) {
	if len(t.keys) == 0 {
		return
	}
	fmt.Fprintf(w, "  %s:\n", t.title)
	slices.Sort(t.keys)
	for _, k := range t.keys {
		e := t.by[k]
		fmt.Fprintf(w, "    %-40s %8d %16s\n", k, e.n, e.sum.StringFixed(2))
	}
}

// summaryCmd prints what a person checks before sending a file or after
// receiving one: counts and totals, and the breakdown that matters for
// its kind. A file with a problem is named with its first problem, exit 1.
func summaryCmd(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlags("summary")
	kindName := fs.String("kind", "", "file kind (default: told from the file)")
	if err := parse(fs, args); err != nil {
		return exitUsage, err
	}
	files := fs.Args()
	if len(files) == 0 {
		return exitUsage, usagef("no files given")
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	code := exitOK
	for _, name := range files {
		if err := summarizeFile(name, *kindName, out); err != nil {
			out.Flush()
			if isIOError(err) {
				fmt.Fprintf(stderr, "icbatch summary: %s\n", ioMessage(name, err))
				code = max(code, exitUsage)
				continue
			}
			fmt.Fprintf(out, "%s: not summed up: %v\n", name, err)
			code = max(code, exitInvalid)
		}
	}
	return code, nil
}

func summarizeFile(name, kindName string, out io.Writer) error {
	f, err := openIn(name)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	k, err := kindFor(kindName, name, br)
	if err != nil {
		return err
	}
	switch k.name {
	case "payment":
		return summarizePayments(br, name, out)
	case "connect", "clarity":
		r, err := invoiceFile(br, name, k, "--kind")
		if err != nil {
			return err
		}
		return summarizeInvoices(r, name, k.name, out)
	case "bif":
		t := newTally("amount due by invoice type")
		for row, err := range invoice.NewBIFReader(br, &invoice.BIFOptions{Name: name}).All() {
			if err != nil {
				return err
			}
			t.add(fmt.Sprintf("type %02d", row.TypeID), row.BalanceDue)
		}
		all := total(t)
		fmt.Fprintf(out, "%s: BIF, %d invoices\n", name, all.n)
		fmt.Fprintf(out, "  %-40s %8d %16s\n", "balance due", all.n, all.sum.StringFixed(2))
		t.print(out)
	case "lockbox":
		r := lockbox.NewReader(br, &lockbox.Options{Name: name})
		gl := newTally("distributions by GL account")
		batches := newTally("payments by batch (number, deposit date, store)")
		for p, err := range r.All() {
			if err != nil {
				return err
			}
			batches.add(fmt.Sprintf("%03d %s %s", p.Batch.Number, p.Batch.Deposit.Format("2006-01-02"), p.Batch.Store), p.Amount)
			for _, d := range p.Distributions {
				gl.add(d.GLAccount, d.Amount)
			}
		}
		t, _ := r.Totals()
		fmt.Fprintf(out, "%s: lockbox %d, %d batches, %d payments, %s\n", name, t.Lockbox, t.Batches, t.Payments, t.Amount.StringFixed(2))
		batches.print(out)
		gl.print(out)
	case "adjustment":
		r := adjustment.NewReader(br, &adjustment.Options{Name: name, AllowOpenPeriod: true})
		codes := newTally("adjustments by code")
		for a, err := range r.All() {
			if err != nil {
				return err
			}
			codes.add(a.Code, a.Amount)
		}
		h, _ := r.Header()
		t, _ := r.Trailer()
		fmt.Fprintf(out, "%s: adjustments, biller %s, period %s, %d adjustments, net %s\n", name, h.BillerCode, h.Period, t.Adjustments, t.Net.StringFixed(2))
		codes.print(out)
	case "optout":
		on, off := 0, 0
		for c, err := range optout.NewReader(br, &optout.Options{Name: name}).All() {
			if err != nil {
				return err
			}
			if c.Paperless {
				on++
			} else {
				off++
			}
		}
		fmt.Fprintf(out, "%s: paperless changes, %d: %d to paperless, %d back to paper\n", name, on+off, on, off)
	default:
		return usagef("%s: no summary for %s files", name, k.name)
	}
	return nil
}

// total is the sum of a tally's entries.
func total(t *tally) entry {
	var all entry
	for _, e := range t.by {
		all.n += e.n
		all.sum = all.sum.Add(e.sum)
	}
	return all
}

func summarizePayments(in io.Reader, name string, out io.Writer) error {
	r := payment.NewReader(in, &payment.Options{Name: name})
	h, err := r.Header()
	if err != nil {
		return err
	}
	var deposits payment.Summary
	for p, err := range r.All() {
		if err != nil {
			return err
		}
		deposits.Add(p)
	}
	t, _ := r.Trailer()
	fmt.Fprintf(out, "%s: payments, biller %s, created %s, sequence %s\n", name, h.BillerCode, h.Created.Format("2006-01-02 15:04"), strconv.Itoa(h.Sequence))
	fmt.Fprintf(out, "  %-40s %8d %16s\n", "payments", t.Payments, t.PaymentTotal.StringFixed(2))
	fmt.Fprintf(out, "  %-40s %8d %16s\n", "returns and refunds", t.Returns, t.ReturnTotal.StringFixed(2))
	fmt.Fprintf(out, "  %-40s %8s %16s\n", "convenience fees", "", t.FeeTotal.StringFixed(2))
	fmt.Fprintf(out, "  deposits by settlement date, batch and method:\n")
	_, err = deposits.WriteTo(out)
	return err
}

func summarizeInvoices(r invoice.Reader, name, kindName string, out io.Writer) error {
	h, err := r.Header()
	if err != nil {
		return err
	}
	types := newTally("amount due by invoice type")
	for inv, err := range r.All() {
		if err != nil {
			return err
		}
		types.add(fmt.Sprintf("type %02d", inv.TypeID), inv.Balances.AmountDue)
	}
	s, _ := r.Summary()
	fmt.Fprintf(out, "%s: %s invoices, biller %s, period %s\n", name, kindName, h.BillerCode, h.Period)
	fmt.Fprintf(out, "  %-40s %8d %16s\n", "amount due", s.Invoices, s.TotalDue.StringFixed(2))
	types.print(out)
	return nil
}
