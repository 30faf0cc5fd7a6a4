package lockbox

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/icbatch/caselle/internal/seen"
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
// everything: an item code without a GL account (UnmappedError, listing
// every such code and its orders), an account that does not fit the mask,
// or a bad order stops the build and nothing is written. Every order
// becomes exactly one payment, in the order given within its batch;
// batches go by deposit date, then store. A cancelled ctx stops it, and
// nothing is written.
//
// Build holds the file in memory and writes one file: orders that need
// more than one (more than MaxBatches batches, MaxPayments payments or
// MaxRecords records) are refused, naming BuildFiles, which streams any
// number of orders into as many files as they need.
func Build(ctx context.Context, w io.Writer, orders []Order, cfg Config) (Built, error) {
	if err := cfg.defaults(); err != nil {
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
	opened := false
	e := newBatcher(ctx, cfg, true, func() (io.Writer, string, error) {
		if opened {
			return nil, "", fmt.Errorf("lockbox: %d orders need more than one lockbox file (one holds %d batches, %d payments, %d records); build them with BuildFiles (icbatch lockbox build --dir)",
				len(orders), MaxBatches, MaxPayments, MaxRecords)
		}
		opened = true
		return &buf, cfg.Name, nil
	})
	for _, i := range idx {
		if !e.add(orders[i], i+1) {
			break
		}
	}
	files, err := e.finish(true)
	if err != nil {
		return Built{}, err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return Built{}, fmt.Errorf("lockbox: writing %s: %w", cmp.Or(cfg.Name, "output"), err)
	}
	return files[0].Built, nil
}

// defaults fills in cfg's defaults and refuses what no build can use.
func (cfg *Config) defaults() error {
	if cfg.MaxPerBatch == 0 {
		cfg.MaxPerBatch = 100
	}
	if cfg.MaxPerBatch < 1 || cfg.MaxPerBatch > 999 {
		return fmt.Errorf("lockbox: MaxPerBatch must be 1-999, not %d", cfg.MaxPerBatch)
	}
	if cfg.Origin == "" {
		cfg.Origin = "INVCLOUD"
	}
	if cfg.Created.IsZero() {
		cfg.Created = time.Now().UTC().Truncate(time.Minute)
	}
	return nil
}

// orderCheck finds the problems of orders, one at a time, so that a build
// reports every problem of its input (up to maxBuildProblems), not only
// the first: item codes without a GL account are gathered into one
// UnmappedError, accounts off the mask into one problem a code.
type orderCheck struct {
	cfg         Config
	n           int
	errs        []error
	more        int // problems past maxBuildProblems, counted only
	seenConf    *seen.Set
	unmapped    map[string][]string
	badAccounts map[string]error
}

// maxBuildProblems caps the problems a build lists.
const maxBuildProblems = 100

func newOrderCheck(cfg Config) *orderCheck {
	return &orderCheck{cfg: cfg, seenConf: seen.New(0), unmapped: map[string][]string{}, badAccounts: map[string]error{}}
}

// fail notes a problem that is not an order's (a row of the orders file
// that could not be read).
func (c *orderCheck) fail(err error) {
	if len(c.errs) < maxBuildProblems {
		c.errs = append(c.errs, err)
	} else {
		c.more++
	}
}

// check notes the problems of the order at position pos of the input
// (from 1, to name an order without a confirmation number), and reports
// whether it has none.
func (c *orderCheck) check(o *Order, pos int) bool {
	c.n++
	before := len(c.errs) + c.more
	bad := func(format string, a ...any) {
		id := o.Confirmation
		if id == "" {
			id = fmt.Sprintf("#%d", pos)
		}
		c.fail(fmt.Errorf("order %s: "+format, append([]any{id}, a...)...))
	}
	if o.Confirmation == "" {
		bad("confirmation number is required")
	} else if _, dup := c.seenConf.Add(o.Confirmation, 0); dup {
		bad("confirmation number appears in two orders")
	}
	if o.Deposit.IsZero() {
		bad("deposit date is required")
	}
	if o.Store == "" {
		bad("store code is required")
	}
	if len(o.Items) == 0 {
		bad("has no items")
	}
	if len(o.Items) > 99 {
		bad("has %d items; a payment holds at most 99 distributions", len(o.Items))
	}
	mapped := true
	var total decimal.Decimal
	for j, it := range o.Items {
		if it.Code == "" {
			bad("item %d has no item code", j+1)
			continue
		}
		switch {
		case it.Quantity < 1:
			bad("item %d (%s): quantity must be at least 1, not %d", j+1, it.Code, it.Quantity)
		case it.Quantity > maxQuantity:
			bad("item %d (%s): quantity %d is more than a lockbox quantity holds (%d)", j+1, it.Code, it.Quantity, maxQuantity)
		}
		switch {
		case it.Amount.Sign() < 0:
			bad("item %d (%s): amount must not be negative, not %s", j+1, it.Code, it.Amount)
		case !it.Amount.Equal(it.Amount.Round(2)):
			bad("item %d (%s): amount %s has more than 2 decimal places", j+1, it.Code, it.Amount)
		case it.Amount.GreaterThan(maxAmount):
			bad("item %d (%s): amount %s is more than a lockbox amount holds (%s)", j+1, it.Code, it.Amount.StringFixed(2), maxAmount.StringFixed(2))
		}
		total = total.Add(it.Amount)
		acct, ok := c.cfg.GL[it.Code]
		if !ok || acct == "" {
			if confs := c.unmapped[it.Code]; len(confs) == 0 || confs[len(confs)-1] != o.Confirmation {
				c.unmapped[it.Code] = append(confs, o.Confirmation)
			}
			mapped = false
			continue
		}
		if err := c.cfg.Mask.Check(acct); err != nil {
			c.badAccounts[it.Code] = err
			mapped = false
		}
	}
	switch {
	case len(o.Items) > 0 && total.Sign() <= 0:
		bad("adds up to %s; a payment must be more than zero", total.StringFixed(2))
	case total.GreaterThan(maxAmount):
		bad("adds up to %s, more than a lockbox payment holds (%s)", total.StringFixed(2), maxAmount.StringFixed(2))
	}
	return mapped && len(c.errs)+c.more == before
}

// bad reports whether any problem has been noted.
func (c *orderCheck) bad() bool {
	return len(c.errs) > 0 || c.more > 0 || len(c.unmapped) > 0 || len(c.badAccounts) > 0
}

// err is every problem noted, or nil.
func (c *orderCheck) err() error {
	errs := c.errs
	if len(c.unmapped) > 0 {
		ue := &UnmappedError{}
		for code, confs := range c.unmapped {
			ue.Codes = append(ue.Codes, Unmapped{Code: code, Orders: confs})
		}
		slices.SortFunc(ue.Codes, func(a, b Unmapped) int { return cmp.Compare(a.Code, b.Code) })
		errs = append([]error{ue}, errs...)
	}
	for _, code := range slices.Sorted(maps.Keys(c.badAccounts)) {
		errs = append(errs, fmt.Errorf("item code %s: %w: %v", code, ErrMask, c.badAccounts[code]))
	}
	if c.more > 0 {
		errs = append(errs, fmt.Errorf("and %d more problems", c.more))
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
