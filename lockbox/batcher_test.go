package lockbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// testOrders makes n orders over stores and days, each of items items
// of amount cents, in a mixed order (stores and days interleaved).
func testOrders(n, stores, days, items int, cents int64) []Order {
	out := make([]Order, n)
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for i := range out {
		o := Order{Confirmation: fmt.Sprintf("C-%07d", i), Payer: "Ana Perez",
			Deposit: day.AddDate(0, 0, (i/stores)%days), Store: fmt.Sprintf("S%d", i%stores)}
		for j := 0; j < items; j++ {
			o.Items = append(o.Items, Item{Code: "DOGLIC", Quantity: 1, Amount: decimal.New(cents, -2), Description: "Dog license"})
		}
		out[i] = o
	}
	return out
}

func seqOf(orders []Order) func(func(Order, error) bool) {
	return func(yield func(Order, error) bool) {
		for _, o := range orders {
			if !yield(o, nil) {
				return
			}
		}
	}
}

func testConfig() Config {
	return Config{Biller: "SPANFORK", Lockbox: 4400123, GL: GLMap{"DOGLIC": "10-41-110"},
		Created: time.Date(2026, 11, 25, 6, 45, 0, 0, time.UTC)}
}

// readBack reads every file of dir back, checks each against the limits
// and the batch rules, and returns the confirmations in file order.
func readBack(t *testing.T, dir string, files []File, lim limits, perBatch int) []string {
	t.Helper()
	var confs []string
	for _, f := range files {
		fh, err := os.Open(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		r := NewReader(fh, &Options{Name: f.Name})
		inBatch := map[int]int{}
		batchOf := map[int]Batch{}
		var cents int64
		for p, err := range r.All() {
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			if b, ok := batchOf[p.Batch.Number]; ok && (b.Store != p.Batch.Store || !b.Deposit.Equal(p.Batch.Deposit)) {
				t.Fatalf("%s: batch %d holds two stores or dates", f.Name, p.Batch.Number)
			}
			batchOf[p.Batch.Number] = p.Batch
			inBatch[p.Batch.Number]++
			confs = append(confs, p.Confirmation)
			cents += p.Amount.Shift(2).IntPart()
		}
		fh.Close()
		tot, ok := r.Totals()
		if !ok || tot.Batches > lim.batches || tot.Payments > lim.payments || tot.Records > lim.records || cents > lim.totalCents {
			t.Fatalf("%s: totals %+v past the limits %+v", f.Name, tot, lim)
		}
		if tot.Payments != f.Payments || tot.Batches != f.Batches || !tot.Amount.Equal(f.Amount) {
			t.Fatalf("%s: file says %+v, BuildFiles said %+v", f.Name, tot, f.Built)
		}
		for n, c := range inBatch {
			if c > perBatch {
				t.Fatalf("%s: batch %d has %d payments", f.Name, n, c)
			}
		}
	}
	return confs
}

// TestBuildFilesSplits: orders that pass one file's limits (batches,
// payments, records, total amount) are built into as many files as they
// need, each within every limit, every order once; a batch whose amount
// would pass its field starts a new batch; open batches never hold more
// than the limit.
func TestBuildFilesSplits(t *testing.T) {
	for _, tt := range []struct {
		name     string
		orders   []Order
		lim      limits
		perBatch int
		files    int
	}{
		{"batches", testOrders(2500, 3, 2, 1, 100), limits{batches: 999, payments: 99999, records: 999999, totalCents: maxTotalCents, batchCents: maxCents, held: maxHeld}, 1, 3},
		{"payments", testOrders(2500, 4, 1, 1, 100), limits{batches: 999, payments: 1000, records: 999999, totalCents: maxTotalCents, batchCents: maxCents, held: maxHeld}, 100, 3},
		{"records", testOrders(300, 2, 1, 9, 100), limits{batches: 999, payments: 99999, records: 1000, totalCents: maxTotalCents, batchCents: maxCents, held: maxHeld}, 50, 6},
		{"total amount", testOrders(100, 2, 1, 1, 1000), limits{batches: 999, payments: 99999, records: 999999, totalCents: 30000, batchCents: 20000, held: maxHeld}, 100, 5},
		{"batch amount", testOrders(40, 1, 1, 1, 1000), limits{batches: 999, payments: 99999, records: 999999, totalCents: maxTotalCents, batchCents: 5000, held: maxHeld}, 100, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := testConfig()
			cfg.MaxPerBatch = tt.perBatch
			files, err := buildFiles(context.Background(), dir, seqOf(tt.orders), cfg, tt.lim)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != tt.files {
				t.Errorf("%d files, want %d", len(files), tt.files)
			}
			for i, f := range files {
				if want := fmt.Sprintf("SPANFORK_LBX_20261125_%03d.txt", i+1); f.Name != want {
					t.Errorf("file %d is %s, want %s", i+1, f.Name, want)
				}
			}
			got := readBack(t, dir, files, tt.lim, tt.perBatch)
			want := make([]string, len(tt.orders))
			for i, o := range tt.orders {
				want[i] = o.Confirmation
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("%d payments read back, want the %d orders once each", len(got), len(want))
			}
			if tt.name == "batch amount" && files[0].Batches != 8 { // 40 orders of 10.00, at most 50.00 a batch
				t.Errorf("%d batches, want 8", files[0].Batches)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != len(files) {
				t.Errorf("%d entries in the folder, want the %d files", len(entries), len(files))
			}
		})
	}
}

// TestBatcherHoldsLittle: with orders of many stores and dates mixed, the
// orders waiting in open batches never pass the limit: a batch is written
// early instead.
func TestBatcherHoldsLittle(t *testing.T) {
	cfg := testConfig()
	cfg.MaxPerBatch = 10
	if err := cfg.defaults(); err != nil {
		t.Fatal(err)
	}
	e := newBatcher(context.Background(), cfg, false, func() (io.Writer, string, error) { return io.Discard, "x.txt", nil })
	e.lim.held = 500
	most := 0
	for i, o := range testOrders(3000, 700, 3, 1, 100) {
		if !e.add(o, i+1) {
			t.Fatal("stopped")
		}
		most = max(most, e.held)
	}
	files, err := e.finish(false)
	payments := 0
	for _, f := range files {
		payments += f.Payments
	}
	if err != nil || payments != 3000 {
		t.Fatalf("%d payments in %d files: %v", payments, len(files), err)
	}
	if most > 500 {
		t.Fatalf("held %d orders at once, the limit is 500", most)
	}
}

// TestBuildFilesLeavesNothingOnAProblem: a bad order, an unmapped code or
// a cancelled context leave no file and no partial file, and every
// problem is named; a second build numbers its files after the first's.
func TestBuildFilesLeavesNothingOnAProblem(t *testing.T) {
	dir := t.TempDir()
	orders := testOrders(3000, 2, 1, 1, 100)
	lim := formatLimits
	lim.batches = 10
	cfg := testConfig()
	cfg.MaxPerBatch = 100
	orders[2900].Items[0].Code = "CATLIC"
	orders[2950].Items[0].Quantity = 0
	_, err := buildFiles(context.Background(), dir, seqOf(orders), cfg, lim)
	if !errors.Is(err, ErrUnmapped) || !strings.Contains(err.Error(), "CATLIC (order C-0002900)") || !strings.Contains(err.Error(), "quantity must be at least 1") {
		t.Fatalf("got %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("%d entries left, want none", len(entries))
	}
	orders[2900].Items[0].Code, orders[2950].Items[0].Quantity = "DOGLIC", 1
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := buildFiles(ctx, dir, seqOf(orders), cfg, lim); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: got %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("cancelled: %d entries left, want none", len(entries))
	}
	first, err := buildFiles(context.Background(), dir, seqOf(orders[:1500]), cfg, lim)
	if err != nil || len(first) != 2 {
		t.Fatalf("first build: %d files, %v", len(first), err)
	}
	second, err := buildFiles(context.Background(), dir, seqOf(orders[1500:]), cfg, lim)
	if err != nil || len(second) != 2 || second[0].Name != "SPANFORK_LBX_20261125_003.txt" {
		t.Fatalf("second build: %+v, %v", second, err)
	}
}

// TestBuildRefusesWhatCanNeverFit: an order or item amount past the
// field, a quantity past its four digits, are refused before anything is
// written; Build names BuildFiles for orders that need two files.
func TestBuildRefusesWhatCanNeverFit(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(*Order)
		want string
	}{
		{"item amount", func(o *Order) { o.Items[0].Amount = decimal.RequireFromString("100000000.00") }, "more than a lockbox amount holds (99999999.99)"},
		{"order amount", func(o *Order) {
			o.Items = append(o.Items, Item{Code: "DOGLIC", Quantity: 1, Amount: decimal.RequireFromString("99999999.99")})
		}, "more than a lockbox payment holds"},
		{"quantity", func(o *Order) { o.Items[0].Quantity = 10000 }, "quantity 10000 is more than a lockbox quantity holds (9999)"},
		{"cents", func(o *Order) { o.Items[0].Amount = decimal.RequireFromString("1.005") }, "more than 2 decimal places"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			orders := testOrders(3, 1, 1, 1, 100)
			tt.edit(&orders[1])
			var buf strings.Builder
			if _, err := Build(context.Background(), &buf, orders, testConfig()); err == nil || !strings.Contains(err.Error(), tt.want) || buf.Len() != 0 {
				t.Fatalf("got %v (%d bytes), want %q", err, buf.Len(), tt.want)
			}
		})
	}
	cfg := testConfig()
	cfg.MaxPerBatch = 1
	var buf strings.Builder
	if _, err := Build(context.Background(), &buf, testOrders(1000, 1, 1, 1, 100), cfg); err == nil || !strings.Contains(err.Error(), "BuildFiles") || buf.Len() != 0 {
		t.Fatalf("1000 batches: got %v", err)
	}
}

// TestPublishNeverOverwrites: a complete file takes its name only if no
// file has it (another build of the same day may have taken the number).
func TestPublishNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	partial, name := filepath.Join(dir, ".x.partial"), filepath.Join(dir, "x.txt")
	os.WriteFile(partial, []byte("new"), 0o644)
	os.WriteFile(name, []byte("old"), 0o644)
	if err := publish(partial, name); !errors.Is(err, os.ErrExist) {
		t.Fatalf("got %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(name); string(b) != "old" {
		t.Fatalf("the file was overwritten: %q", b)
	}
	os.Remove(name)
	if err := publish(partial, name); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(name); string(b) != "new" {
		t.Fatalf("got %q", b)
	}
	if _, err := os.Stat(partial); !os.IsNotExist(err) {
		t.Fatalf("the partial file is still there: %v", err)
	}
}

// TestBuildNamesAnOrderByItsPlace: an order without a confirmation number
// is named by its place in the orders given, though Build sorts them.
func TestBuildNamesAnOrderByItsPlace(t *testing.T) {
	orders := testOrders(5, 1, 1, 1, 100)
	orders[3].Confirmation = ""
	orders[3].Deposit = orders[3].Deposit.AddDate(0, 0, -1) // sorts first
	var buf strings.Builder
	_, err := Build(context.Background(), &buf, orders, testConfig())
	if err == nil || !strings.Contains(err.Error(), "order #4: confirmation number is required") {
		t.Fatalf("got %v", err)
	}
}

// TestBuildFilesRefusesUpFront: what can never work is refused before any
// order is read: a biller code that cannot name a file, a folder that is
// not there, a batch size past three digits.
func TestBuildFilesRefusesUpFront(t *testing.T) {
	read := 0
	orders := func(yield func(Order, error) bool) { read++ }
	for name, tt := range map[string]struct {
		dir  string
		cfg  func(*Config)
		want string
	}{
		"biller with a slash": {t.TempDir(), func(c *Config) { c.Biller = "SPAN/FORK" }, "cannot name a file"},
		"hidden biller":       {t.TempDir(), func(c *Config) { c.Biller = ".SPAN" }, "cannot name a file"},
		"no folder":           {filepath.Join(t.TempDir(), "missing"), func(c *Config) {}, "no such file or directory"},
		"batch size":          {t.TempDir(), func(c *Config) { c.MaxPerBatch = 1000 }, "MaxPerBatch must be 1-999"},
	} {
		cfg := testConfig()
		tt.cfg(&cfg)
		if _, err := BuildFiles(context.Background(), tt.dir, orders, cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", name, err, tt.want)
		}
	}
	if read != 0 {
		t.Fatalf("the orders were read %d times", read)
	}
}
