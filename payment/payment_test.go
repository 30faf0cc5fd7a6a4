package payment_test

import (
	"bytes"
	"errors"
	"io"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
	"github.com/shopspring/decimal"
)

// readAll reads a whole file, collecting every problem.
func readAll(t testing.TB, name string, data []byte, max int) (payment.Header, []payment.Payment, []*payment.Error) {
	t.Helper()
	r := payment.NewReader(bytes.NewReader(data), &payment.Options{Name: name, MaxErrors: max})
	ps, errs := layouttest.Drain(t, r.Read)
	h, _ := r.Header()
	return h, ps, errs
}

var readFile = layouttest.ReadFile

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func day(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }

// wantValid is what testdata/valid.txt holds, written out by hand in
// testdata/valid_want.json.
func wantValid(t testing.TB) []payment.Payment { t.Helper(); return want(t).Records }

func want(t testing.TB) layouttest.Valid[payment.Header, payment.Payment, payment.Trailer] {
	t.Helper()
	return layouttest.Want[payment.Header, payment.Payment, payment.Trailer](t, "valid_want.json")
}

func TestValidFiles(t *testing.T) {
	wantHeader := want(t).Header
	for _, name := range []string{"valid.txt", "valid_lf.txt", "valid_cr.txt", "valid_no_final_eol.txt",
		"valid_eof_mark.txt", "valid_trailing_blank_lines.txt", "valid_short_lines.txt", "valid_utf8_bom.txt"} {
		t.Run(name, func(t *testing.T) {
			h, ps, errs := readAll(t, name, readFile(t, name), -1)
			if len(errs) > 0 {
				t.Fatalf("unexpected problems: %v", errs)
			}
			if diff := cmp.Diff(wantHeader, h); diff != "" {
				t.Errorf("header (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantValid(t), ps); diff != "" {
				t.Errorf("payments (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTrailerAndWriterAgree(t *testing.T) {
	data := readFile(t, "valid.txt")
	r := payment.NewReader(bytes.NewReader(data), nil)
	for _, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, ok := r.Trailer()
	if !ok {
		t.Fatal("no trailer")
	}
	if diff := cmp.Diff(want(t).Trailer, got); diff != "" {
		t.Errorf("trailer (-want +got):\n%s", diff)
	}
	// Writing the same payments gives the same bytes, trailer included.
	h, _ := r.Header()
	var buf bytes.Buffer
	w, err := payment.NewWriter(&buf, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	layouttest.WriteAll(t, w, wantValid(t))
	if !bytes.Equal(buf.Bytes(), data) {
		t.Errorf("written file differs from testdata/valid.txt:\n%q\n%q", buf.String(), data)
	}
}

// TestRules reads each hand-made file that breaks one rule of FORMATS §6
// and checks the first problem reported: its line, record, field and kind.
func TestRules(t *testing.T) {
	tests := layouttest.Rules(t, "rules.json", map[string]error{"ErrCardNumber": payment.ErrCardNumber}) // the bad files' cases, beside them
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.File, ".txt"), func(t *testing.T) {
			_, _, errs := readAll(t, tt.File, readFile(t, tt.File), -1)
			layouttest.CheckFirst(t, tt, errs)
			// Stopping at the first error reports the same one.
			_, _, first := readAll(t, tt.File, readFile(t, tt.File), 0)
			if len(first) == 0 || first[0].Error() != errs[0].Error() {
				t.Errorf("stop-at-first reported %v, want %v", first, errs[0])
			}
		})
	}
}

func TestErrorNamesPlace(t *testing.T) {
	_, _, errs := readAll(t, "amount_not_a_number.txt", readFile(t, "amount_not_a_number.txt"), 0)
	if len(errs) != 1 {
		t.Fatalf("got %d problems, want 1: %v", len(errs), errs)
	}
	e := errs[0]
	if e.Start != 142 || e.End != 153 || e.Value != "+0000000A137" {
		t.Errorf("got columns %d-%d value %q, want 142-153 %q", e.Start, e.End, e.Value, "+0000000A137")
	}
	want := `amount_not_a_number.txt:2: PD amount: not an amount: want a sign (+, - or space) then 11 digits (columns 142-153, value "+0000000A137")`
	if e.Error() != want {
		t.Errorf("got  %s\nwant %s", e.Error(), want)
	}
}

func TestCardNumberMasked(t *testing.T) {
	_, _, errs := readAll(t, "card_number_in_payer.txt", readFile(t, "card_number_in_payer.txt"), 0)
	if len(errs) == 0 {
		t.Fatal("no problem reported")
	}
	if strings.Contains(errs[0].Error(), "4111 1111 1111 1111") || !strings.Contains(errs[0].Value, "1111") {
		t.Errorf("card number not masked: %q", errs[0].Error())
	}
}

func TestErrorPolicy(t *testing.T) {
	// Three bad records and a trailer that no longer adds up.
	data := readFile(t, "valid.txt")
	lines := bytes.SplitAfter(data, []byte("\r\n"))
	for _, i := range []int{1, 2, 4} {
		copy(lines[i][141:], "+0000000A137")
	}
	bad := bytes.Join(lines, nil)

	_, ps, errs := readAll(t, "bad.txt", bad, -1)
	if len(errs) != 3 || len(ps) != 1 {
		t.Fatalf("collect all: got %d payments and %d problems, want 1 and 3: %v", len(ps), len(errs), errs)
	}
	for i, line := range []int{2, 3, 5} {
		if errs[i].Line != line {
			t.Errorf("problem %d on line %d, want %d", i, errs[i].Line, line)
		}
	}
	_, _, errs = readAll(t, "bad.txt", bad, 2)
	if len(errs) != 3 || !errors.Is(errs[2], payment.ErrTooMany) {
		t.Fatalf("cap of 2: got %v, want two problems then ErrTooMany", errs)
	}
	_, ps, errs = readAll(t, "bad.txt", bad, 0)
	if len(errs) != 1 || len(ps) != 0 {
		t.Fatalf("stop at first: got %d payments, %v", len(ps), errs)
	}
}

func TestGeneratedRoundTrip(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		var buf bytes.Buffer
		o := paymenttest.Options{Seed: seed, Payments: 2000}
		if _, err := paymenttest.Write(&buf, o); err != nil {
			t.Fatal(err)
		}
		h, ps, errs := readAll(t, "gen.txt", buf.Bytes(), -1)
		if len(errs) > 0 {
			t.Fatalf("seed %d: generated file has problems: %v", seed, errs[:min(5, len(errs))])
		}
		var out bytes.Buffer
		w, err := payment.NewWriter(&out, h, nil)
		if err != nil {
			t.Fatal(err)
		}
		layouttest.WriteAll(t, w, ps)
		returns := 0
		for _, p := range ps {
			if p.Type != payment.PMT {
				returns++
			}
		}
		if !bytes.Equal(out.Bytes(), buf.Bytes()) {
			t.Fatalf("seed %d: read → write is not byte-identical", seed)
		}
		if returns == 0 {
			t.Errorf("seed %d: no reversals or refunds generated", seed)
		}
		// Deterministic: the same options give the same bytes.
		var again bytes.Buffer
		paymenttest.Write(&again, o)
		if !bytes.Equal(again.Bytes(), buf.Bytes()) {
			t.Fatalf("seed %d: generator is not deterministic", seed)
		}
	}
}

func TestWriterRefuses(t *testing.T) {
	good := wantValid(t)[0]
	tests := []struct {
		name  string
		edit  func(p *payment.Payment)
		field string
		kind  error
	}{
		{"payer too long", func(p *payment.Payment) { p.Payer = strings.Repeat("x", 41) }, "payer", payment.ErrTooLong},
		{"payer not Windows-1252", func(p *payment.Payment) { p.Payer = "李小龍" }, "payer", payment.ErrEncoding},
		{"payer with line break", func(p *payment.Payment) { p.Payer = "José\nPeña" }, "payer", payment.ErrEncoding},
		{"amount with 3 decimals", func(p *payment.Payment) { p.Amount = d("61.375") }, "amount", payment.ErrInvalid},
		{"amount too large", func(p *payment.Payment) { p.Amount = d("1000000000") }, "amount", payment.ErrTooLong},
		{"invoice type 100", func(p *payment.Payment) { p.InvoiceType = 100 }, "invoice_type", payment.ErrInvalid},
		{"fraction of a second", func(p *payment.Payment) { p.Paid = p.Paid.Add(time.Millisecond) }, "payment_time", payment.ErrInvalid},
		{"reversal without original", func(p *payment.Payment) { p.Type = payment.REV; p.Amount = d("-1") }, "original_confirmation", payment.ErrInvalid},
		{"card number", func(p *payment.Payment) { p.Payer = "4111111111111111" }, "payer", payment.ErrCardNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := payment.NewWriter(&buf, payment.Header{BillerCode: "SPANFORK", Created: day(2026, 11, 25), Sequence: 1}, &payment.Options{Name: "out.txt"})
			if err != nil {
				t.Fatal(err)
			}
			p := good
			tt.edit(&p)
			err = w.Write(p)
			var es payment.Errors
			if !errors.As(err, &es) {
				t.Fatalf("got %v, want Errors", err)
			}
			found := false
			for _, e := range es {
				found = found || (e.Field == tt.field && errors.Is(e, tt.kind) && e.Line == 2 && e.File == "out.txt")
			}
			if !found {
				t.Fatalf("got %v, want a problem with %s", err, tt.field)
			}
			// Nothing was written for it, and the fixed payment goes through.
			if err := w.Write(good); err != nil {
				t.Fatalf("writing the good payment after a refused one: %v", err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			_, ps, errs := readAll(t, "out.txt", buf.Bytes(), -1)
			if len(errs) > 0 || len(ps) != 1 {
				t.Fatalf("file after a refused payment: %d payments, problems %v", len(ps), errs)
			}
		})
	}
}

func TestWriterDuplicate(t *testing.T) {
	var buf bytes.Buffer
	w, _ := payment.NewWriter(&buf, payment.Header{BillerCode: "X", Created: day(2026, 1, 2), Sequence: 1}, nil)
	if err := w.Write(wantValid(t)[0]); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(wantValid(t)[0]); !errors.Is(err, payment.ErrDuplicate) {
		t.Fatalf("got %v, want ErrDuplicate", err)
	}
}

// TestReadFailure: a failure to read half-way through is reported, is
// not a problem of the data, and ends the reading.
func TestReadFailure(t *testing.T) {
	layouttest.ReadFailure(t, layouttest.ReadFile(t, "valid.txt"), func(r io.Reader) iter.Seq2[payment.Payment, error] {
		return payment.NewReader(r, &payment.Options{MaxErrors: -1}).All()
	}, payment.IsProblem)
}
