package lockbox_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
	"github.com/shopspring/decimal"
)

func rewrite(t testing.TB, h lockbox.Header, ps []lockbox.Payment, opts *lockbox.Options) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := lockbox.NewWriter(&out, h, opts)
	if err != nil {
		t.Fatalf("writer refused the header %+v: %v", h, err)
	}
	layouttest.WriteAll(t, w, ps)
	return out.Bytes()
}

func TestWriteIsByteIdentical(t *testing.T) {
	data := readFile(t, "valid.txt")
	ps, errs, r := readAll(t, "valid.txt", data, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	h, _ := r.Header()
	if got := rewrite(t, h, ps, nil); !bytes.Equal(got, data) {
		t.Fatalf("rewritten file differs:\n%s\n%s", got, data)
	}
}

func TestWriterRefusesAPaymentWhole(t *testing.T) {
	ps, _, r := readAll(t, "valid.txt", readFile(t, "valid.txt"), nil)
	h, _ := r.Header()
	var out bytes.Buffer
	w, _ := lockbox.NewWriter(&out, h, &lockbox.Options{Name: "out.txt"})
	if err := w.Write(ps[0]); err != nil {
		t.Fatal(err)
	}
	bad := ps[1]
	bad.Distributions = append([]lockbox.Distribution(nil), bad.Distributions...)
	bad.Distributions[0].Description = strings.Repeat("x", 33) // one past the field
	err := w.Write(bad)
	var es lockbox.Errors
	if !errors.As(err, &es) || es[0].Field != "description" || !errors.Is(err, lockbox.ErrTooLong) {
		t.Fatalf("got %v, want a too-long description", err)
	}
	// The batch change and the payment with a bad distribution left nothing.
	bad2 := ps[2]
	bad2.Amount = d("1")
	if err := w.Write(bad2); !errors.Is(err, lockbox.ErrTotals) {
		t.Fatalf("got %v, want ErrTotals", err)
	}
	layouttest.WriteAll(t, w, ps[1:])
	if !bytes.Equal(out.Bytes(), readFile(t, "valid.txt")) {
		t.Fatalf("refused payments left records behind:\n%s", out.String())
	}
}

func TestWriterChecksNumbers(t *testing.T) {
	ps, _, r := readAll(t, "valid.txt", readFile(t, "valid.txt"), nil)
	h, _ := r.Header()
	w, _ := lockbox.NewWriter(io.Discard, h, nil)
	p := ps[0]
	p.Item = 2
	if err := w.Write(p); err == nil || !strings.Contains(err.Error(), "item number 2, want 1") {
		t.Fatalf("got %v", err)
	}
	p = ps[0]
	p.Item, p.Distributions = 0, append([]lockbox.Distribution(nil), p.Distributions...)
	p.Distributions[1].Sequence = 5
	if err := w.Write(p); err == nil || !strings.Contains(err.Error(), "sequence 5, want 2") {
		t.Fatalf("got %v", err)
	}
	p.Distributions[1].Sequence = 0
	if err := w.Write(p); err != nil {
		t.Fatalf("zero item and sequence numbers are filled in: %v", err)
	}
	if err := w.Write(p); !errors.Is(err, lockbox.ErrDuplicate) {
		t.Fatalf("got %v, want ErrDuplicate", err)
	}
}

// TestWriterRefusesBatchesAndDistributions: a batch number used before,
// a batch of another lockbox, a payment with no distributions and a
// distribution amount past cents are refused by field, and write nothing.
func TestWriterRefusesBatchesAndDistributions(t *testing.T) {
	ps, _, r := readAll(t, "valid.txt", readFile(t, "valid.txt"), nil)
	h, _ := r.Header()
	var out bytes.Buffer
	w, _ := lockbox.NewWriter(&out, h, &lockbox.Options{Name: "out.txt"})
	for _, p := range ps { // batches 1 and 2
		if err := w.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	again := func(edit func(*lockbox.Payment)) lockbox.Payment {
		p := ps[0]
		p.Confirmation, p.Item = "another-"+p.Confirmation, 0
		p.Distributions = append([]lockbox.Distribution(nil), p.Distributions...)
		edit(&p)
		return p
	}
	for _, c := range []struct {
		name, field string
		p           lockbox.Payment
		want        string
	}{
		{"batch 1 again", "batch", again(func(*lockbox.Payment) {}), "batch number 1 is already in the file"},
		{"another lockbox", "lockbox", again(func(p *lockbox.Payment) { p.Batch.Number, p.Batch.Lockbox = 3, 4400999 }), "lockbox number differs from the file's first batch (4400123)"},
		{"no distributions", "", again(func(p *lockbox.Payment) { p.Batch.Number, p.Distributions = 3, nil }), "has no distributions"},
		{"a tenth of a cent", "amount", again(func(p *lockbox.Payment) {
			p.Batch.Number = 3
			p.Distributions[0].Amount = p.Distributions[0].Amount.Add(decimal.RequireFromString("0.001"))
		}), "a distribution amount cannot be written"},
	} {
		err := w.Write(c.p)
		found := false
		for _, e := range lockbox.Flatten(err) {
			found = found || e.Field == c.field && strings.Contains(e.Msg, c.want)
		}
		if !found {
			t.Errorf("%s: %v, want %q at field %q", c.name, err, c.want, c.field)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), readFile(t, "valid.txt")) {
		t.Fatalf("refused payments left records behind:\n%s", out.String())
	}
}

// FuzzReadWriteRead checks read → write → read: whatever the reader
// accepts, the writer writes, and reading that back gives the same
// payments, header and totals. It must never panic.
func FuzzReadWriteRead(f *testing.F) {
	layouttest.AddSeeds(f, "*.txt")
	var built bytes.Buffer
	lockbox.Build(context.Background(), &built, lockboxtest.Orders(lockboxtest.Options{Seed: 9, Orders: 12, Days: 2}), lockboxtest.Config())
	f.Add(built.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		r := lockbox.NewReader(bytes.NewReader(data), &lockbox.Options{MaxErrors: -1})
		var ps []lockbox.Payment
		clean := true
		for {
			p, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				clean = false
				continue
			}
			ps = append(ps, p)
		}
		h, herr := r.Header()
		if herr != nil {
			h = lockbox.Header{Priority: 1, Destination: "FUZZ", Origin: "INVCLOUD", Created: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)}
		}
		// Payments the reader accepted may be numbered with gaps when the
		// file had problems; the writer renumbers nothing, so let it fill.
		if !clean {
			for i := range ps {
				ps[i].Item = 0
				for j := range ps[i].Distributions {
					ps[i].Distributions[j].Sequence = 0
				}
			}
		}
		out := rewrite(t, h, dedupeBatches(ps), nil)
		ps2, errs, r2 := readAll(t, "again", out, nil)
		if len(errs) > 0 {
			t.Fatalf("reading what the writer wrote: %v\n%q", errs, out)
		}
		h2, _ := r2.Header()
		if diff := cmp.Diff(h, h2); diff != "" {
			t.Fatalf("header changed:\n%s", diff)
		}
		if clean {
			if diff := cmp.Diff(ps, ps2); diff != "" {
				t.Fatalf("payments changed:\n%s", diff)
			}
			t1, _ := r.Totals()
			t2, _ := r2.Totals()
			if diff := cmp.Diff(t1, t2); diff != "" {
				t.Fatalf("totals changed:\n%s", diff)
			}
		} else if len(ps2) != len(dedupeBatches(ps)) {
			t.Fatalf("%d payments written, %d read back", len(ps), len(ps2))
		}
	})
}

// dedupeBatches keeps the payments whose batch can be written after the
// ones before: a batch number once closed cannot open again, and all
// batches share the first one's lockbox number.
func dedupeBatches(ps []lockbox.Payment) []lockbox.Payment {
	var out []lockbox.Payment
	closed := map[int]bool{}
	var cur *lockbox.Batch
	lockboxNo := -1
	for _, p := range ps {
		b := p.Batch
		if cur == nil || b != *cur {
			if closed[b.Number] || (lockboxNo >= 0 && b.Lockbox != lockboxNo) {
				continue
			}
			if cur != nil {
				closed[cur.Number] = true
			}
			cur = &b
			if lockboxNo < 0 {
				lockboxNo = b.Lockbox
			}
		}
		out = append(out, p)
	}
	return out
}
