package lockbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/icbatch/caselle/internal/durable"
	"github.com/icbatch/caselle/internal/money"
	"github.com/shopspring/decimal"
)

// The limits of one lockbox file, from the widths of its fields (FORMATS
// §8). A build starts a new batch or a new file before one is passed.
const (
	MaxBatches  = 999     // batches in a file: the batch number has 3 digits
	MaxPayments = 99_999  // payments in a file: the lockbox total's item count has 5 digits
	MaxRecords  = 999_999 // records in a file: the trailer's record count has 6 digits
)

const (
	maxQuantity   = 9999             // a distribution's quantity: 4 digits
	maxCents      = 99_999_999_99    // a payment, distribution or batch amount: 10 digits of cents
	maxTotalCents = 9_999_999_999_99 // the lockbox total: 12 digits of cents
	maxHeld       = 10_000           // orders a stream holds in open batches before it writes one early
	maxFiles      = 999              // files a day: the name's NNN
)

var maxAmount = decimal.New(maxCents, -2)

// File is one file BuildFiles wrote.
type File struct {
	Name string // base name, in the folder given
	Built
}

// BuildFiles builds lockbox files from a stream of orders into the folder
// dir, as many as the orders need, named <BILLER>_LBX_<YYYYMMDD>_<NNN>.txt
// (FORMATS §2) after cfg.Created's date, NNN going on from the highest
// such name already in dir. Orders are grouped as by Build — one store
// and one deposit date a batch, at most cfg.MaxPerBatch payments, each
// order one payment — and a batch is written once it is full, so memory
// stays flat however many orders come: when more than 10,000 orders wait
// in open batches (a day of very many stores and dates), every open batch
// is written then, smaller. The batches still open at the end are
// written by deposit date, then store.
//
// Every problem of the stream is reported, as by Build (up to 100), and
// then nothing is left in dir: files are written under hidden partial
// names, synced, and given their names only once all are complete — never
// over a file of that name. A failure to read the orders and a cancelled
// ctx stop it the same way. No orders, no files.
func BuildFiles(ctx context.Context, dir string, orders iter.Seq2[Order, error], cfg Config) ([]File, error) {
	return buildFiles(ctx, dir, orders, cfg, formatLimits)
}

func buildFiles(ctx context.Context, dir string, orders iter.Seq2[Order, error], cfg Config, lim limits) ([]File, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	if cfg.Biller == "" || strings.ContainsAny(cfg.Biller, `/\:`) || strings.HasPrefix(cfg.Biller, ".") {
		return nil, fmt.Errorf("lockbox: biller code %q cannot name a file", cfg.Biller)
	}
	prefix := cfg.Biller + "_LBX_" + cfg.Created.Format("20060102") + "_"
	n, err := lastNumber(dir, prefix)
	if err != nil {
		return nil, err
	}
	var partial []*os.File
	cleanup := func() {
		for _, f := range partial {
			f.Close()
			os.Remove(f.Name())
		}
	}
	e := newBatcher(ctx, cfg, false, func() (io.Writer, string, error) {
		if n++; n > maxFiles {
			return nil, "", fmt.Errorf("lockbox: more than %d files for %s", maxFiles, prefix)
		}
		name := fmt.Sprintf("%s%03d.txt", prefix, n)
		f, err := os.OpenFile(filepath.Join(dir, "."+name+".partial"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, "", fmt.Errorf("lockbox: %w", err)
		}
		partial = append(partial, f)
		return f, name, nil
	})
	e.lim = lim
	pos := 0
	for o, err := range orders {
		if err != nil {
			if !IsProblem(err) {
				e.stop(err) // reading failed
				break
			}
			e.check.fail(err)
			if len(e.check.errs) >= maxBuildProblems {
				break // enough to list; the rest are only counted
			}
			continue
		}
		pos++
		if !e.add(o, pos) {
			break
		}
	}
	files, err := e.finish(false)
	if err == nil {
		for _, f := range partial {
			if err = errors.Join(f.Sync(), f.Close()); err != nil {
				err = fmt.Errorf("lockbox: %w", err)
				break
			}
		}
	}
	if err != nil {
		cleanup()
		return nil, err
	}
	for i, f := range partial {
		if err := publish(f.Name(), filepath.Join(dir, files[i].Name)); err != nil {
			for _, g := range partial[i:] {
				os.Remove(g.Name())
			}
			return files[:i], fmt.Errorf("lockbox: %w (the files before it are in place)", err)
		}
	}
	if err := durable.SyncDir(dir); err != nil {
		return files, fmt.Errorf("lockbox: %w (the files are in place; syncing %s failed)", err, dir)
	}
	return files, nil
}

// publish gives the complete file at partial its name, never over a file
// of that name (another build of the same day may have taken the number):
// a hard link fails if the name exists; where links are not supported, a
// rename after checking.
func publish(partial, name string) error {
	err := os.Link(partial, name)
	if err == nil {
		return os.Remove(partial)
	}
	if errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, serr := os.Lstat(name); serr == nil {
		return &fs.PathError{Op: "publish", Path: name, Err: fs.ErrExist}
	}
	return os.Rename(partial, name)
}

// lastNumber is the highest NNN of the names prefix+NNN.txt in dir, or 0.
func lastNumber(dir, prefix string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("lockbox: %w", err)
	}
	last := 0
	for _, en := range entries {
		rest, ok := strings.CutPrefix(en.Name(), prefix)
		if !ok || len(rest) != len("000.txt") || !strings.HasSuffix(rest, ".txt") {
			continue
		}
		if v, err := strconv.Atoi(rest[:3]); err == nil {
			last = max(last, v)
		}
	}
	return last, nil
}

// batcher builds lockbox files from orders given one at a time: it keeps
// one open batch for each store and deposit date, writes a batch once it
// is full (or, in sorted mode, once the orders move on to another store
// or date), and starts a new file before one would pass the format's
// limits. A problem stops the writing but not the checking, so that every
// problem of the input is reported.
type batcher struct {
	ctx    context.Context
	cfg    Config
	sorted bool // orders come by deposit date and store: a batch ends when they move on
	check  *orderCheck
	next   func() (io.Writer, string, error) // where the next file goes, and its name
	open   map[batchKey]*openBatch
	last   *openBatch
	held   int // orders in open batches
	out    *fileOut
	files  []File
	failed error // a write or a limit failed: nothing more is written
	count  int
	lim    limits
}

// limits are the format's limits a batcher keeps to (smaller in tests).
type limits struct {
	batches, payments, records int
	totalCents, batchCents     int64
	held                       int
}

var formatLimits = limits{batches: MaxBatches, payments: MaxPayments, records: MaxRecords,
	totalCents: maxTotalCents, batchCents: maxCents, held: maxHeld}

type batchKey struct {
	deposit int64 // Unix seconds
	store   string
}

// openBatch is the orders of one store and deposit date not yet written.
type openBatch struct {
	deposit time.Time
	store   string
	orders  []Order
	cents   int64
	records int // its 6 and 4 records
}

// fileOut is the file being written and what it holds so far.
type fileOut struct {
	w        *Writer
	name     string
	batches  int
	payments int
	records  int // so far, its 1 record included
	cents    int64
}

func newBatcher(ctx context.Context, cfg Config, sorted bool, next func() (io.Writer, string, error)) *batcher {
	return &batcher{ctx: ctx, cfg: cfg, sorted: sorted, check: newOrderCheck(cfg), next: next, open: map[batchKey]*openBatch{}, lim: formatLimits}
}

// stop ends the build with err.
func (e *batcher) stop(err error) {
	if e.failed == nil {
		e.failed = err
	}
}

// add takes the next order, at position pos of the input; it reports
// false when the build must stop reading (cancelled, or too many problems
// to list).
func (e *batcher) add(o Order, pos int) bool {
	if e.count++; e.count%1024 == 0 {
		if err := e.ctx.Err(); err != nil {
			e.stop(fmt.Errorf("lockbox: stopped, nothing written: %w", err))
			return false
		}
	}
	if !e.check.check(&o, pos) {
		return len(e.check.errs) < maxBuildProblems
	}
	if e.failed != nil || e.check.bad() {
		return true // checking only: nothing more is written
	}
	key := batchKey{o.Deposit.Unix(), o.Store}
	b := e.open[key]
	if b == nil {
		b = &openBatch{deposit: o.Deposit, store: o.Store}
		e.open[key] = b
	}
	if e.sorted && e.last != nil && e.last != b {
		e.flush(e.last)
	}
	e.last = b
	cents := orderCents(&o)
	if b.cents+cents > e.lim.batchCents {
		e.flush(b) // the batch amount would not fit: this order starts the next one
	}
	b.orders = append(b.orders, o)
	b.cents += cents
	b.records += 1 + len(o.Items)
	e.held++
	switch {
	case len(b.orders) == e.cfg.MaxPerBatch:
		e.flush(b)
	case e.held > e.lim.held:
		e.flushOpen() // many stores and dates at once: write them all, smaller
	}
	return true
}

// orderCents is o's amount in cents; the check has made sure every item
// and the sum fit in a lockbox amount.
func orderCents(o *Order) int64 {
	var sum int64
	for _, it := range o.Items {
		c, _ := money.Scaled(it.Amount, 2)
		sum += c
	}
	return sum
}

// flushOpen writes every open batch, by deposit date then store.
func (e *batcher) flushOpen() {
	open := slices.SortedFunc(maps.Values(e.open), func(a, b *openBatch) int {
		return cmp.Or(a.deposit.Compare(b.deposit), cmp.Compare(a.store, b.store))
	})
	for _, b := range open {
		e.flush(b)
	}
}

// flush writes b as one batch, into a new file when it would not fit in
// the one being written.
func (e *batcher) flush(b *openBatch) {
	n := len(b.orders)
	if n == 0 || e.failed != nil {
		return
	}
	e.held -= n
	defer func() { b.orders, b.cents, b.records = b.orders[:0], 0, 0 }()
	records := 2 + b.records // its 5 and 7 too
	if f := e.out; f == nil || f.batches+1 > e.lim.batches || f.payments+n > e.lim.payments ||
		f.records+records+2 > e.lim.records || f.cents+b.cents > e.lim.totalCents {
		if !e.newFile() {
			return
		}
	}
	f := e.out
	batch := Batch{Number: f.batches + 1, Lockbox: e.cfg.Lockbox, Deposit: b.deposit, Store: b.store}
	for i := range b.orders {
		o := &b.orders[i]
		p := Payment{Batch: batch, Confirmation: o.Confirmation, Payer: o.Payer}
		for _, it := range o.Items {
			p.Amount = p.Amount.Add(it.Amount)
			p.Distributions = append(p.Distributions, Distribution{ItemCode: it.Code, GLAccount: e.cfg.GL[it.Code],
				Quantity: it.Quantity, Amount: it.Amount, Description: it.Description})
		}
		if err := f.w.Write(p); err != nil {
			e.stop(fmt.Errorf("lockbox: order %s: %w", o.Confirmation, err))
			return
		}
	}
	f.batches++
	f.payments += n
	f.records += records
	f.cents += b.cents
}

// newFile closes the file being written and starts the next.
func (e *batcher) newFile() bool {
	if !e.closeFile() {
		return false
	}
	w, name, err := e.next()
	if err != nil {
		e.stop(err)
		return false
	}
	opts := &Options{Name: name, Layout: e.cfg.Layout, Mask: e.cfg.Mask}
	lw, err := NewWriter(w, Header{Priority: 1, Destination: e.cfg.Biller, Origin: e.cfg.Origin, Created: e.cfg.Created}, opts)
	if err != nil {
		e.stop(err)
		return false
	}
	e.out = &fileOut{w: lw, name: name, records: 1}
	return true
}

// closeFile writes the totals of the file being written, if any.
func (e *batcher) closeFile() bool {
	f := e.out
	if f == nil {
		return true
	}
	e.out = nil
	t := f.w.Totals() // what the 8 and 9 records will say
	if err := f.w.Close(); err != nil {
		e.stop(err)
		return false
	}
	if t.Payments != f.payments || t.Records != f.records+2 {
		e.stop(fmt.Errorf("lockbox: %s holds %d payments in %d records, the build counted %d in %d (a bug); nothing was written",
			f.name, t.Payments, t.Records, f.payments, f.records+2))
		return false
	}
	e.files = append(e.files, File{Name: f.name, Built: Built{Payments: t.Payments, Batches: t.Batches, Amount: t.Amount}})
	return true
}

// finish writes the batches still open, by deposit date then store, and
// closes the last file; it returns the files written, or every problem.
// With always, a file is written even for no orders.
func (e *batcher) finish(always bool) ([]File, error) {
	if err := e.ctx.Err(); err != nil {
		e.stop(fmt.Errorf("lockbox: stopped, nothing written: %w", err))
	}
	if err := e.check.err(); err != nil {
		return nil, errors.Join(err, e.failed) // a failure to read ends the list
	}
	e.flushOpen()
	if always && e.out == nil && e.files == nil {
		e.newFile()
	}
	e.closeFile()
	if e.failed != nil {
		return nil, e.failed
	}
	orders := 0
	for i := range e.files {
		e.files[i].Orders = e.files[i].Payments
		orders += e.files[i].Payments
	}
	if orders != e.check.n {
		return nil, fmt.Errorf("lockbox: %d orders became %d payments (a bug); nothing was written", e.check.n, orders)
	}
	return e.files, nil
}
