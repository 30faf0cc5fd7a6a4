package payment

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"
)

// Deposit is one line of a deposit summary: the payments of one deposit
// batch, settlement date and method. Invoice Cloud closes batches
// automatically each day, so a biller reconciles bank deposits by them.
type Deposit struct {
	Batch      string
	Settlement time.Time
	Method     Method

	Payments    int             // PMT records
	Returns     int             // REV and RFD records
	Gross       decimal.Decimal // sum of PMT amounts
	ReturnTotal decimal.Decimal // sum of REV and RFD amounts (negative)
	Net         decimal.Decimal // Gross + ReturnTotal: what the deposit should show
	Fees        decimal.Decimal // convenience fees, kept apart
}

type depositKey struct {
	batch  string
	settle time.Time
	method Method
}

// Summary adds payments up by deposit batch, settlement date and method.
// The zero value is ready to use.
type Summary struct {
	m map[depositKey]*Deposit
}

// Add counts one payment.
func (s *Summary) Add(p Payment) {
	if s.m == nil {
		s.m = make(map[depositKey]*Deposit)
	}
	k := depositKey{p.Batch, p.Settlement, p.Method}
	d := s.m[k]
	if d == nil {
		d = &Deposit{Batch: p.Batch, Settlement: p.Settlement, Method: p.Method}
		s.m[k] = d
	}
	if p.Type == PMT {
		d.Payments++
		d.Gross = d.Gross.Add(p.Amount)
	} else {
		d.Returns++
		d.ReturnTotal = d.ReturnTotal.Add(p.Amount)
	}
	d.Net = d.Gross.Add(d.ReturnTotal)
	d.Fees = d.Fees.Add(p.Fee)
}

// Deposits returns the summary lines ordered by settlement date, batch and
// method.
func (s *Summary) Deposits() []Deposit {
	out := make([]Deposit, 0, len(s.m))
	for _, d := range s.m {
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b Deposit) int {
		return cmp.Or(a.Settlement.Compare(b.Settlement), cmp.Compare(a.Batch, b.Batch), cmp.Compare(a.Method, b.Method))
	})
	return out
}

// Total returns the sum of every line (Batch, Settlement and Method empty).
func (s *Summary) Total() Deposit {
	var t Deposit
	for _, d := range s.m {
		t.Payments += d.Payments
		t.Returns += d.Returns
		t.Gross = t.Gross.Add(d.Gross)
		t.ReturnTotal = t.ReturnTotal.Add(d.ReturnTotal)
		t.Fees = t.Fees.Add(d.Fees)
	}
	t.Net = t.Gross.Add(t.ReturnTotal)
	return t
}

// WriteTo prints the summary as an aligned table with a total line.
func (s *Summary) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	tw := tabwriter.NewWriter(cw, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "settlement\tbatch\tmethod\tpayments\tgross\treturns\treturned\tnet\tfees\t")
	row := func(settle, batch, method string, d Deposit) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%d\t%s\t%s\t%s\t\n", settle, batch, method,
			d.Payments, d.Gross.StringFixed(2), d.Returns, d.ReturnTotal.StringFixed(2), d.Net.StringFixed(2), d.Fees.StringFixed(2))
	}
	for _, d := range s.Deposits() {
		row(d.Settlement.Format("2006-01-02"), d.Batch, string(d.Method), d)
	}
	row("total", "", "", s.Total())
	err := tw.Flush()
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
