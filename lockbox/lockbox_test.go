package lockbox_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
	"github.com/shopspring/decimal"
)

func readAll(t testing.TB, name string, data []byte, opts *lockbox.Options) ([]lockbox.Payment, []*lockbox.Error, *lockbox.Reader) {
	t.Helper()
	if opts == nil {
		opts = &lockbox.Options{}
	}
	opts.Name = name
	r := lockbox.NewReader(bytes.NewReader(data), opts)
	ps, errs := layouttest.Drain(t, r.Read)
	return ps, errs, r
}

// TestBuildNothingDropped builds generated orders and reads the file back:
// orders in = payments out, every item a distribution with its GL account,
// and the amounts agree.
func TestBuildNothingDropped(t *testing.T) {
	orders := lockboxtest.Orders(lockboxtest.Options{Seed: 1, Orders: 120, Days: 2})
	cfg := lockboxtest.Config()
	var buf bytes.Buffer
	built, err := lockbox.Build(context.Background(), &buf, orders, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ps, errs, r := readAll(t, "built.txt", buf.Bytes(), &lockbox.Options{MaxErrors: -1, Mask: cfg.Mask})
	if len(errs) > 0 {
		t.Fatalf("the built file has problems: %v", errs)
	}
	if len(ps) != len(orders) || built.Payments != len(orders) || built.Orders != len(orders) {
		t.Fatalf("%d orders, %d payments read, built says %+v", len(orders), len(ps), built)
	}
	byConf := map[string]lockbox.Order{}
	var inTotal decimal.Decimal
	for _, o := range orders {
		byConf[o.Confirmation] = o
		for _, it := range o.Items {
			inTotal = inTotal.Add(it.Amount)
		}
	}
	var outTotal decimal.Decimal
	perBatch := map[int]int{}
	for _, p := range ps {
		o, ok := byConf[p.Confirmation]
		if !ok {
			t.Fatalf("payment %s is no order", p.Confirmation)
		}
		delete(byConf, p.Confirmation)
		if p.Batch.Store != o.Store || !p.Batch.Deposit.Equal(o.Deposit) || p.Payer != o.Payer {
			t.Fatalf("payment %s in batch %+v, its order says store %s deposit %v", p.Confirmation, p.Batch, o.Store, o.Deposit)
		}
		if len(p.Distributions) != len(o.Items) {
			t.Fatalf("payment %s has %d distributions for %d items", p.Confirmation, len(p.Distributions), len(o.Items))
		}
		for i, d := range p.Distributions {
			it := o.Items[i]
			if d.ItemCode != it.Code || d.GLAccount != cfg.GL[it.Code] || !d.Amount.Equal(it.Amount) || d.Quantity != it.Quantity {
				t.Fatalf("payment %s distribution %d is %+v, item %+v", p.Confirmation, i+1, d, it)
			}
		}
		outTotal = outTotal.Add(p.Amount)
		perBatch[p.Batch.Number]++
	}
	if !inTotal.Equal(outTotal) || !built.Amount.Equal(inTotal) {
		t.Fatalf("orders add up to %s, payments to %s, built says %s", inTotal, outTotal, built.Amount)
	}
	for b, n := range perBatch {
		if n > cfg.MaxPerBatch {
			t.Fatalf("batch %d holds %d payments, more than %d", b, n, cfg.MaxPerBatch)
		}
	}
	tot, ok := r.Totals()
	if !ok || tot.Payments != len(orders) || tot.Batches != built.Batches || !tot.Amount.Equal(inTotal) {
		t.Fatalf("totals %+v", tot)
	}
}

func TestBuildUnmappedStopsAndNamesEveryCode(t *testing.T) {
	orders := lockboxtest.Orders(lockboxtest.Options{Seed: 2, Orders: 60})
	cfg := lockboxtest.Config()
	delete(cfg.GL, "DOGLIC")
	delete(cfg.GL, "PAVILION")
	var buf bytes.Buffer
	_, err := lockbox.Build(context.Background(), &buf, orders, cfg)
	var ue *lockbox.UnmappedError
	if !errors.As(err, &ue) || !errors.Is(err, lockbox.ErrUnmapped) {
		t.Fatalf("got %v, want an UnmappedError", err)
	}
	if buf.Len() != 0 {
		t.Fatal("something was written")
	}
	want := map[string][]string{}
	for _, o := range orders {
		for _, it := range o.Items {
			if it.Code == "DOGLIC" || it.Code == "PAVILION" {
				if n := len(want[it.Code]); n == 0 || want[it.Code][n-1] != o.Confirmation {
					want[it.Code] = append(want[it.Code], o.Confirmation)
				}
			}
		}
	}
	got := map[string][]string{}
	for _, u := range ue.Codes {
		got[u.Code] = u.Orders
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("unmapped codes (-want +got):\n%s", diff)
	}
	if !strings.Contains(err.Error(), "DOGLIC (orders ") || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("message: %v", err)
	}
}

func TestBuildChecksMask(t *testing.T) {
	orders := lockboxtest.Orders(lockboxtest.Options{Seed: 3, Orders: 30})
	cfg := lockboxtest.Config()
	for code := range cfg.GL {
		cfg.GL[code] = "1041110" // no dashes
		break
	}
	var buf bytes.Buffer
	_, err := lockbox.Build(context.Background(), &buf, orders, cfg)
	if !errors.Is(err, lockbox.ErrMask) || buf.Len() != 0 {
		t.Fatalf("got %v (%d bytes written), want ErrMask and nothing written", err, buf.Len())
	}
}

func TestBuildRefusesBadOrders(t *testing.T) {
	tests := []struct {
		name string
		edit func(o []lockbox.Order)
		want string
	}{
		{"duplicate confirmation", func(o []lockbox.Order) { o[1].Confirmation = o[0].Confirmation }, "appears in two orders"},
		{"no items", func(o []lockbox.Order) { o[0].Items = nil }, "has no items"},
		{"zero quantity", func(o []lockbox.Order) { o[0].Items[0].Quantity = 0 }, "quantity must be at least 1"},
		{"no deposit date", func(o []lockbox.Order) { o[2].Deposit = time.Time{} }, "deposit date is required"},
		{"no store", func(o []lockbox.Order) { o[0].Store = "" }, "store code is required"},
		{"payer too long", func(o []lockbox.Order) { o[0].Payer = strings.Repeat("x", 28) }, "value is 28 bytes long; the field holds 27"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orders := lockboxtest.Orders(lockboxtest.Options{Seed: 4, Orders: 3})
			tt.edit(orders)
			var buf bytes.Buffer
			_, err := lockbox.Build(context.Background(), &buf, orders, lockboxtest.Config())
			if err == nil || !strings.Contains(err.Error(), tt.want) || buf.Len() != 0 {
				t.Fatalf("got %v (%d bytes written), want %q and nothing written", err, buf.Len(), tt.want)
			}
		})
	}
}

func TestOrdersAndGLMapCSV(t *testing.T) {
	orders := lockboxtest.Orders(lockboxtest.Options{Seed: 5, Orders: 25})
	var ob, gb bytes.Buffer
	if err := lockbox.WriteOrders(&ob, orders); err != nil {
		t.Fatal(err)
	}
	if err := lockbox.WriteGLMap(&gb, lockboxtest.GLMap()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ob.String(), "Confirmation,Payer,DepositDate,StoreCode,ItemCode,Quantity,Amount,Description\r\n") {
		t.Fatalf("orders header: %q", ob.String()[:80])
	}
	got, err := lockbox.ReadOrders(&ob, &lockbox.Options{Name: "orders.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(orders, got); diff != "" {
		t.Fatalf("orders (-want +got):\n%s", diff)
	}
	m, err := lockbox.ReadGLMap(&gb, &lockbox.Options{Name: "gl.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(lockboxtest.GLMap(), m); diff != "" {
		t.Fatalf("GL map (-want +got):\n%s", diff)
	}
}

// TestReadFailure: a failure to read half-way through is reported, is
// not a problem of the data, and ends the reading.
func TestReadFailure(t *testing.T) {
	layouttest.ReadFailure(t, layouttest.ReadFile(t, "valid.txt"), func(r io.Reader) iter.Seq2[lockbox.Payment, error] {
		return lockbox.NewReader(r, &lockbox.Options{MaxErrors: -1}).All()
	}, lockbox.IsProblem)
}
