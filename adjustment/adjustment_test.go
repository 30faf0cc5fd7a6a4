package adjustment_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/adjustment"
	"github.com/shopspring/decimal"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readAll(t testing.TB, name string, data []byte, max int) ([]adjustment.Adjustment, []*adjustment.Error, *adjustment.Reader) {
	t.Helper()
	r := adjustment.NewReader(bytes.NewReader(data), &adjustment.Options{Name: name, MaxErrors: max})
	var as []adjustment.Adjustment
	var errs []*adjustment.Error
	for {
		a, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var es adjustment.Errors
			var e *adjustment.Error
			switch {
			case errors.As(err, &es):
				errs = append(errs, es...)
			case errors.As(err, &e):
				errs = append(errs, e)
			default:
				t.Fatalf("%s: error of type %T: %v", name, err, err)
			}
			continue
		}
		as = append(as, a)
	}
	return as, errs, r
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var day = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

var wantValid = []adjustment.Adjustment{
	{Account: "100-2345-01", InvoiceNumber: "2026110001", InvoiceType: 1, Date: day, Code: "LEAK", Description: "Leak credit - service line", Amount: d("-25"), NewBalance: d("36.37")},
	{Account: "100-7781-02", InvoiceNumber: "2026110002", InvoiceType: 1, Date: day, Code: "PENW", Description: "Penalty waived, first time", Amount: d("-3.07"), NewBalance: d("0")},
	{Account: "100-9001-03", InvoiceNumber: "2026110003", InvoiceType: 2, Date: day, Code: "NSF", Description: `Returned payment fee "NSF"`, Amount: d("25"), NewBalance: d("110")},
}

func TestValidFiles(t *testing.T) {
	for _, name := range []string{"valid.txt", "valid_lf.txt", "valid_no_final_eol.txt"} {
		as, errs, r := readAll(t, name, readFile(t, name), -1)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", name, errs)
		}
		if diff := cmp.Diff(wantValid, as); diff != "" {
			t.Fatalf("%s (-want +got):\n%s", name, diff)
		}
		h, _ := r.Header()
		want := adjustment.Header{BillerCode: "SPANFORK", Created: time.Date(2026, 11, 25, 6, 30, 0, 0, time.UTC),
			Period: adjustment.Period{Year: 2026, Month: 11}, PeriodClosed: true}
		if diff := cmp.Diff(want, h); diff != "" {
			t.Fatalf("%s header (-want +got):\n%s", name, diff)
		}
		tr, ok := r.Trailer()
		if !ok || tr.Records != 5 || tr.Adjustments != 3 || !tr.Net.Equal(d("-3.07")) {
			t.Fatalf("%s trailer %+v", name, tr)
		}
	}
	as, errs, _ := readAll(t, "m", readFile(t, "valid_multiline_description.txt"), -1)
	if len(errs) > 0 || len(as) != 1 || as[0].Description != "Meter misread;\nre-billed at actual" {
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
	tests := []struct {
		file          string
		line          int
		record, field string
		kind          error
		msg           string
	}{
		{"period_open.txt", 1, "H", "period_closed", adjustment.ErrPeriodOpen, "billing period 2026-11 is open: close the billing period in Caselle first"},
		{"period_bad_month.txt", 1, "H", "billing_period", adjustment.ErrInvalid, "month 01-12"},
		{"header_missing_biller.txt", 1, "H", "biller_code", adjustment.ErrInvalid, "required"},
		{"header_bad_time.txt", 1, "H", "creation_time", adjustment.ErrSyntax, "HHMMSS"},
		{"trailer_record_count.txt", 5, "T", "record_count", adjustment.ErrTotals, "6 records, the file has 5"},
		{"trailer_adjustment_count.txt", 5, "T", "adjustment_count", adjustment.ErrTotals, "2 adjustments, the file has 3"},
		{"trailer_net_total.txt", 5, "T", "net_total", adjustment.ErrTotals, "-3.08, the adjustments add up to -3.07"},
		{"code_too_long.txt", 2, "A", "code", adjustment.ErrInvalid, "1 to 4 capital letters"},
		{"code_lowercase.txt", 2, "A", "code", adjustment.ErrInvalid, "1 to 4 capital letters"},
		{"zero_amount.txt", 2, "A", "amount", adjustment.ErrInvalid, "adjusts nothing"},
		{"amount_currency_symbol.txt", 2, "A", "amount", adjustment.ErrSyntax, "currency symbols are not allowed"},
		{"amount_thousands_separator.txt", 2, "A", "amount", adjustment.ErrSyntax, "thousands separators are not allowed"},
		{"amount_three_decimals.txt", 2, "A", "amount", adjustment.ErrSyntax, "more than 2 decimal places"},
		{"no_such_date.txt", 2, "A", "adjustment_date", adjustment.ErrSyntax, "no such date"},
		{"date_not_mdy.txt", 2, "A", "adjustment_date", adjustment.ErrSyntax, "MM/DD/YYYY"},
		{"missing_account.txt", 2, "A", "account", adjustment.ErrInvalid, "required"},
		{"missing_invoice.txt", 2, "A", "invoice_number", adjustment.ErrInvalid, "required"},
		{"invoice_type_zero.txt", 2, "A", "invoice_type", adjustment.ErrInvalid, "01-99"},
		{"column_count.txt", 2, "A", "", adjustment.ErrInvalid, "record has 10 columns, want 9"},
		{"bare_quote.txt", 2, "", "", adjustment.ErrSyntax, "quote inside an unquoted field"},
		{"unclosed_quote.txt", 2, "", "", adjustment.ErrSyntax, "quoted field is not closed"},
		{"missing_header.txt", 1, "A", "", adjustment.ErrOrder, "before the H header"},
		{"missing_trailer.txt", 4, "", "", adjustment.ErrOrder, "without a T trailer"},
		{"second_header.txt", 2, "H", "", adjustment.ErrOrder, "second H"},
		{"record_after_trailer.txt", 6, "A", "", adjustment.ErrOrder, "after the T trailer"},
		{"unknown_record_type.txt", 2, "", "", adjustment.ErrRecordType, "want H, A or T"},
		{"empty.txt", 1, "", "", adjustment.ErrOrder, "empty"},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".txt"), func(t *testing.T) {
			_, errs, _ := readAll(t, tt.file, readFile(t, tt.file), -1)
			if len(errs) == 0 {
				t.Fatal("no problem reported")
			}
			e := errs[0]
			type place struct {
				File, Record, Field string
				Line                int
				Kind                bool
			}
			got := place{e.File, e.Record, e.Field, e.Line, errors.Is(e, tt.kind)}
			want := place{tt.file, tt.record, tt.field, tt.line, true}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("first problem %q (-want +got):\n%s", e.Error(), diff)
			}
			if !strings.Contains(e.Error(), tt.msg) {
				t.Errorf("message %q does not say %q", e.Error(), tt.msg)
			}
		})
	}
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
	w.Write(wantValid[0])
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
	for _, a := range as {
		if err := w.Write(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
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
		a := wantValid[0]
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
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, name := range files {
		f.Add(readFile(f, filepath.Base(name)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		as, _, r := readAll(t, "fuzz", data, -1)
		h, ok := r.Header()
		if !ok {
			h = header(true)
		}
		var buf bytes.Buffer
		w, err := adjustment.NewWriter(&buf, h, &adjustment.Options{AllowOpenPeriod: true})
		if err != nil {
			t.Fatalf("writer refused the header the reader accepted %+v: %v", h, err)
		}
		for _, a := range as {
			if err := w.Write(a); err != nil {
				t.Fatalf("writer refused an adjustment the reader accepted %+v: %v", a, err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
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
