package adjustment_test

import (
	"bytes"
	"errors"
	"io"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/shopspring/decimal"
)

var readFile = layouttest.ReadFile

func readAll(t testing.TB, name string, data []byte, max int) ([]adjustment.Adjustment, []*adjustment.Error, *adjustment.Reader) {
	t.Helper()
	r := adjustment.NewReader(bytes.NewReader(data), &adjustment.Options{Name: name, MaxErrors: max})
	as, errs := layouttest.Drain(t, r.Read)
	return as, errs, r
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// want is what testdata/valid.txt holds, written out by hand in
// testdata/valid_want.json.
func want(t testing.TB) layouttest.Valid[adjustment.Header, adjustment.Adjustment, adjustment.Trailer] {
	t.Helper()
	return layouttest.Want[adjustment.Header, adjustment.Adjustment, adjustment.Trailer](t, "valid_want.json")
}

func TestValidFiles(t *testing.T) {
	for _, name := range []string{"valid.txt", "valid_lf.txt", "valid_no_final_eol.txt"} {
		as, errs, r := readAll(t, name, readFile(t, name), -1)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", name, errs)
		}
		if diff := cmp.Diff(want(t).Records, as); diff != "" {
			t.Fatalf("%s (-want +got):\n%s", name, diff)
		}
		h, _ := r.Header()
		if diff := cmp.Diff(want(t).Header, h); diff != "" {
			t.Fatalf("%s header (-want +got):\n%s", name, diff)
		}
		tr, ok := r.Trailer()
		if diff := cmp.Diff(want(t).Trailer, tr); !ok || diff != "" {
			t.Fatalf("%s trailer (-want +got):\n%s", name, diff)
		}
	}
	as, errs, _ := readAll(t, "m", readFile(t, "valid_multiline_description.txt"), -1)
	if len(errs) > 0 || len(as) != 1 || as[0].Description != "Meter misread;\r\nre-billed at actual" {
		t.Fatalf("multi-line description: %+v %v", as, errs)
	}
	as, errs, _ = readAll(t, "a", readFile(t, "valid_accented.txt"), -1)
	if len(errs) > 0 || len(as) != 1 || as[0].Description != "Crédito José Peña" {
		t.Fatalf("accented description: %+v %v", as, errs)
	}
}

// TestRules reads each hand-made file that breaks one rule of FORMATS §5
// and checks the first problem reported.
func TestRules(t *testing.T) {
	tests := layouttest.Rules(t, "rules.json", map[string]error{"ErrPeriodOpen": adjustment.ErrPeriodOpen}) // the bad files' cases, beside them
	layouttest.CheckRules(t, tests, func(t *testing.T, name string, data []byte) []*layout.Error {
		_, errs, _ := readAll(t, name, data, -1)
		return errs
	})
}

func header(closed bool) adjustment.Header {
	return adjustment.Header{BillerCode: "SPANFORK", Created: time.Date(2026, 11, 25, 6, 30, 0, 0, time.UTC),
		Period: adjustment.Period{Year: 2026, Month: 11}, PeriodClosed: closed}
}

func TestWriterRefusesAnOpenPeriod(t *testing.T) {
	var buf bytes.Buffer
	_, err := adjustment.NewWriter(&buf, header(false), nil)
	if !errors.Is(err, adjustment.ErrPeriodOpen) || !strings.Contains(err.Error(), "close the billing period in Caselle first") || buf.Len() != 0 {
		t.Fatalf("got %v (%d bytes written), want ErrPeriodOpen and nothing written", err, buf.Len())
	}
	// Forced explicitly: written, and a reader still reports it.
	w, err := adjustment.NewWriter(&buf, header(false), &adjustment.Options{AllowOpenPeriod: true})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(want(t).Records[0])
	w.Close()
	_, errs, _ := readAll(t, "forced.txt", buf.Bytes(), -1)
	if len(errs) != 1 || !errors.Is(errs[0], adjustment.ErrPeriodOpen) {
		t.Fatalf("reading a forced file: %v", errs)
	}
}

func TestWriteIsByteIdentical(t *testing.T) {
	data := readFile(t, "valid.txt")
	as, _, r := readAll(t, "valid.txt", data, 0)
	h, _ := r.Header()
	var buf bytes.Buffer
	w, err := adjustment.NewWriter(&buf, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	layouttest.WriteAll(t, w, as)
	if !bytes.Equal(buf.Bytes(), data) {
		t.Fatalf("got:\n%s\nwant:\n%s", buf.Bytes(), data)
	}
}

func TestWriterRefuses(t *testing.T) {
	tests := []struct {
		name, field string
		edit        func(a *adjustment.Adjustment)
		kind        error
	}{
		{"zero amount", "amount", func(a *adjustment.Adjustment) { a.Amount = decimal.Zero }, adjustment.ErrInvalid},
		{"three decimals", "amount", func(a *adjustment.Adjustment) { a.Amount = d("1.005") }, adjustment.ErrInvalid},
		{"long code", "code", func(a *adjustment.Adjustment) { a.Code = "LEAKS" }, adjustment.ErrInvalid},
		{"not Windows-1252", "description", func(a *adjustment.Adjustment) { a.Description = "漏水" }, adjustment.ErrEncoding},
	}
	for _, tt := range tests {
		w, _ := adjustment.NewWriter(io.Discard, header(true), nil)
		a := want(t).Records[0]
		tt.edit(&a)
		err := w.Write(a)
		var es adjustment.Errors
		if !errors.As(err, &es) || es[0].Field != tt.field || !errors.Is(err, tt.kind) {
			t.Errorf("%s: got %v", tt.name, err)
		}
		if tr := w.Trailer(); tr.Adjustments != 0 {
			t.Errorf("%s: a refused adjustment was counted", tt.name)
		}
	}
}

func FuzzReadWriteRead(f *testing.F) {
	layouttest.AddSeeds(f, "*.txt")
	f.Fuzz(func(t *testing.T, data []byte) {
		as, _, r := readAll(t, "fuzz", data, -1)
		h, herr := r.Header()
		if herr != nil {
			h = header(true)
		}
		var buf bytes.Buffer
		w, err := adjustment.NewWriter(&buf, h, &adjustment.Options{AllowOpenPeriod: true})
		if err != nil {
			t.Fatalf("writer refused the header the reader accepted %+v: %v", h, err)
		}
		layouttest.WriteAll(t, w, as)
		as2, errs, r2 := readAll(t, "again", buf.Bytes(), -1)
		for _, e := range errs {
			if !errors.Is(e, adjustment.ErrPeriodOpen) {
				t.Fatalf("reading what the writer wrote: %v\n%q", e, buf.Bytes())
			}
		}
		h2, _ := r2.Header()
		if diff := cmp.Diff(h, h2); diff != "" {
			t.Fatalf("header changed:\n%s", diff)
		}
		if diff := cmp.Diff(as, as2); diff != "" {
			t.Fatalf("adjustments changed:\n%s", diff)
		}
	})
}

// TestReadFailure: a failure to read half-way through is reported, is
// not a problem of the data, and ends the reading.
func TestReadFailure(t *testing.T) {
	layouttest.ReadFailure(t, layouttest.ReadFile(t, "valid.txt"), func(r io.Reader) iter.Seq2[adjustment.Adjustment, error] {
		return adjustment.NewReader(r, &adjustment.Options{MaxErrors: -1}).All()
	}, adjustment.IsProblem)
}
