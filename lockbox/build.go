package lockbox

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Order is one CloudStore order: what a payer bought in one payment.
type Order struct {
	Confirmation string
	Payer        string
	Deposit      time.Time // deposit date
	Store        string    // CloudStore code
	Items        []Item
}

// Item is one line of an order.
type Item struct {
	Code        string // store item code, mapped to a GL account by a GLMap
	Quantity    int
	Amount      decimal.Decimal // the line's amount (not a unit price)
	Description string
}

// GLMap maps store item codes to Caselle GL accounts. Adding or changing
// a store item in Caselle needs an entry here (the seed: "all items set up
// with the corresponding GL#").
type GLMap map[string]string

// Config shapes a build.
type Config struct {
	Biller      string    // the 1 header's destination
	Origin      string    // default INVCLOUD
	Lockbox     int       // lockbox number
	Created     time.Time // creation date and time; default now, to the minute
	MaxPerBatch int       // payments per batch; default 100, at most 999
	Mask        Mask      // Caselle account mask every GL account must fit; zero: not checked
	GL          GLMap
	Name        string  // output name in errors
	Layout      *Layout // nil: DefaultLayout
}

// Built says what a build wrote: orders in, payments out.
type Built struct {
	Orders   int
	Payments int
	Batches  int
	Amount   decimal.Decimal
}

// UnmappedError lists every item code without a GL account and the orders
// that hold it. It matches ErrUnmapped.
type UnmappedError struct {
	Codes []Unmapped
}

// Unmapped is one item code without a GL account.
type Unmapped struct {
	Code   string
	Orders []string // confirmation numbers
}

func (e *UnmappedError) Error() string {
	parts := make([]string, len(e.Codes))
	for i, u := range e.Codes {
		word := "order"
		if len(u.Orders) > 1 {
			word = "orders"
		}
		parts[i] = fmt.Sprintf("%s (%s %s)", u.Code, word, strings.Join(u.Orders, ", "))
	}
	return fmt.Sprintf("lockbox: %d item code(s) have no GL account; add them to the GL map (nothing was written): %s",
		len(e.Codes), strings.Join(parts, "; "))
}

// Is makes errors.Is(err, ErrUnmapped) true.
func (e *UnmappedError) Is(target error) bool { return target == ErrUnmapped }

// Build groups orders into batches — one store and one deposit date a
// batch, at most MaxPerBatch payments — maps every item to its GL account,
// computes every total and writes the lockbox file to w. It checks
// everything first: an item code without a GL account (UnmappedError,
// listing every such code and its orders), an account that does not fit
// the mask, or a bad order stops the build and nothing is written. Every
// order becomes exactly one payment, in the order given within its batch.
// A cancelled ctx stops it, and nothing is written.
func Build(ctx context.Context, w io.Writer, orders []Order, cfg Config) (Built, error) {
	if cfg.MaxPerBatch == 0 {
		cfg.MaxPerBatch = 100
	}
	if cfg.MaxPerBatch < 1 || cfg.MaxPerBatch > 999 {
		return Built{}, fmt.Errorf("lockbox: MaxPerBatch must be 1-999, not %d", cfg.MaxPerBatch)
	}
	if cfg.Origin == "" {
		cfg.Origin = "INVCLOUD"
	}
	if cfg.Created.IsZero() {
		cfg.Created = time.Now().UTC().Truncate(time.Minute)
	}
	if err := checkOrders(orders, cfg); err != nil {
		return Built{}, err
	}

	// One store and one deposit date a batch, in date then store order;
	// orders keep their given order within a batch.
	idx := make([]int, len(orders))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		oa, ob := &orders[idx[a]], &orders[idx[b]]
		return cmp.Or(oa.Deposit.Compare(ob.Deposit), cmp.Compare(oa.Store, ob.Store)) < 0
	})
	var buf bytes.Buffer
	opts := &Options{Name: cfg.Name, Layout: cfg.Layout, Mask: cfg.Mask}
	lw, err := NewWriter(&buf, Header{Priority: 1, Destination: cfg.Biller, Origin: cfg.Origin, Created: cfg.Created}, opts)
	if err != nil {
		return Built{}, err
	}
	var batch Batch
	inBatch := 0
	for n, i := range idx {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return Built{}, fmt.Errorf("lockbox: stopped, nothing written: %w", err)
			}
		}
		o := &orders[i]
		if n == 0 || inBatch == cfg.MaxPerBatch || !o.Deposit.Equal(batch.Deposit) || o.Store != batch.Store {
			batch = Batch{Number: batch.Number + 1, Lockbox: cfg.Lockbox, Deposit: o.Deposit, Store: o.Store}
			inBatch = 0
			if batch.Number > 999 {
				return Built{}, fmt.Errorf("lockbox: %d orders need more than 999 batches; raise MaxPerBatch or split the file", len(orders))
			}
		}
		p := Payment{Batch: batch, Confirmation: o.Confirmation, Payer: o.Payer}
		for _, it := range o.Items {
			p.Amount = p.Amount.Add(it.Amount)
			p.Distributions = append(p.Distributions, Distribution{ItemCode: it.Code, GLAccount: cfg.GL[it.Code],
				Quantity: it.Quantity, Amount: it.Amount, Description: it.Description})
		}
		if err := lw.Write(p); err != nil {
			return Built{}, fmt.Errorf("lockbox: order %s: %w", o.Confirmation, err)
		}
		inBatch++
	}
	if err := lw.Close(); err != nil {
		return Built{}, err
	}
	t := lw.Totals()
	built := Built{Orders: len(orders), Payments: t.Payments, Batches: t.Batches, Amount: t.Amount}
	if built.Payments != built.Orders {
		return Built{}, fmt.Errorf("lockbox: %d orders became %d payments (a bug); nothing was written", built.Orders, built.Payments)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return Built{}, fmt.Errorf("lockbox: writing %s: %w", nameOr(cfg.Name), err)
	}
	return built, nil
}

func nameOr(s string) string {
	if s == "" {
		return "output"
	}
	return s
}

// checkOrders finds every problem of the orders before anything is built.
func checkOrders(orders []Order, cfg Config) error {
	var errs []error
	bad := func(o *Order, i int, format string, a ...any) {
		id := o.Confirmation
		if id == "" {
			id = fmt.Sprintf("#%d", i+1)
		}
		errs = append(errs, fmt.Errorf("order %s: "+format, append([]any{id}, a...)...))
	}
	seenConf := map[string]bool{}
	unmapped := map[string][]string{}
	badAccounts := map[string]error{}
	for i := range orders {
		o := &orders[i]
		switch {
		case o.Confirmation == "":
			bad(o, i, "confirmation number is required")
		case seenConf[o.Confirmation]:
			bad(o, i, "confirmation number appears in two orders")
		}
		seenConf[o.Confirmation] = true
		if o.Deposit.IsZero() {
			bad(o, i, "deposit date is required")
		}
		if o.Store == "" {
			bad(o, i, "store code is required")
		}
		if len(o.Items) == 0 {
			bad(o, i, "has no items")
		}
		if len(o.Items) > 99 {
			bad(o, i, "has %d items; a payment holds at most 99 distributions", len(o.Items))
		}
		var total decimal.Decimal
		for j, it := range o.Items {
			if it.Code == "" {
				bad(o, i, "item %d has no item code", j+1)
				continue
			}
			if it.Quantity < 1 {
				bad(o, i, "item %d (%s): quantity must be at least 1, not %d", j+1, it.Code, it.Quantity)
			}
			if it.Amount.Sign() < 0 {
				bad(o, i, "item %d (%s): amount must not be negative, not %s", j+1, it.Code, it.Amount)
			}
			total = total.Add(it.Amount)
			acct, ok := cfg.GL[it.Code]
			if !ok || acct == "" {
				if !slices.Contains(unmapped[it.Code], o.Confirmation) {
					unmapped[it.Code] = append(unmapped[it.Code], o.Confirmation)
				}
				continue
			}
			if err := cfg.Mask.Check(acct); err != nil {
				badAccounts[it.Code] = err
			}
		}
		if len(o.Items) > 0 && total.Sign() <= 0 {
			bad(o, i, "adds up to %s; a payment must be more than zero", total.StringFixed(2))
		}
	}
	if len(unmapped) > 0 {
		ue := &UnmappedError{}
		for code, confs := range unmapped {
			ue.Codes = append(ue.Codes, Unmapped{Code: code, Orders: confs})
		}
		slices.SortFunc(ue.Codes, func(a, b Unmapped) int { return cmp.Compare(a.Code, b.Code) })
		errs = append([]error{ue}, errs...)
	}
	codes := make([]string, 0, len(badAccounts))
	for c := range badAccounts {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		errs = append(errs, fmt.Errorf("item code %s: %w: %v", c, ErrMask, badAccounts[c]))
	}
	return errors.Join(errs...)
}

func sortedKeys(m GLMap) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
