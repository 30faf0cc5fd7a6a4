package payment_test

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
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
	"github.com/shopspring/decimal"
)

// readAll reads a whole file, collecting every problem.
func readAll(t *testing.T, name string, data []byte, max int) (payment.Header, []payment.Payment, []*payment.Error) {
	t.Helper()
	r := payment.NewReader(bytes.NewReader(data), &payment.Options{Name: name, MaxErrors: max})
	var ps []payment.Payment
	var errs []*payment.Error
	for {
		p, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var es payment.Errors
			var e *payment.Error
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
		ps = append(ps, p)
	}
	h, _ := r.Header()
	return h, ps, errs
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func day(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }

// wantValid is what testdata/valid.txt holds, written out by hand.
var wantValid = []payment.Payment{
	{Type: payment.PMT, Confirmation: "6f1c2d3e-0a1b-4c2d-8e3f-000000000001", Account: "100-2345-01",
		InvoiceNumber: "2026110001", InvoiceType: 1, Paid: time.Date(2026, 11, 24, 14, 30, 15, 0, time.UTC),
		Settlement: day(2026, 11, 25), Amount: d("61.37"), Fee: d("2.95"), Method: payment.CreditCard,
		CardBrand: payment.Visa, Channel: payment.Web, Payer: "José Peña", Batch: "B26112401"},
	{Type: payment.PMT, Confirmation: "6f1c2d3e-0a1b-4c2d-8e3f-000000000002", Account: "100-7781-02",
		InvoiceNumber: "2026110002", InvoiceType: 1, Paid: time.Date(2026, 11, 24, 14, 30, 15, 0, time.UTC),
		Settlement: day(2026, 11, 26), Amount: d("125.50"), Fee: d("0.95"), Method: payment.ACH,
		Channel: payment.AutoPay, Payer: "Mary Johnson", Batch: "B26112402"},
	{Type: payment.REV, Confirmation: "6f1c2d3e-0a1b-4c2d-8e3f-000000000003", Original: "6f1c2d3e-0a1b-4c2d-8e3f-000000000002",
		Account: "100-7781-02", InvoiceNumber: "2026110002", InvoiceType: 1, Paid: time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC),
		Settlement: day(2026, 11, 26), Amount: d("-125.50"), Fee: d("0"), Method: payment.ACH,
		Channel: payment.AutoPay, Payer: "Mary Johnson", Batch: "B26112402"},
	{Type: payment.RFD, Confirmation: "6f1c2d3e-0a1b-4c2d-8e3f-000000000004", Original: "6f1c2d3e-0a1b-4c2d-8e3f-000000000001",
		Account: "100-2345-01", InvoiceNumber: "2026110001", InvoiceType: 1, Paid: time.Date(2026, 11, 24, 19, 0, 0, 0, time.UTC),
		Settlement: day(2026, 11, 25), Amount: d("-10.00"), Fee: d("0"), Method: payment.CreditCard,
		CardBrand: payment.Visa, Channel: payment.BillerKeyed, Payer: "José Peña", Batch: "B26112401"},
}

func TestValidFiles(t *testing.T) {
	wantHeader := payment.Header{BillerCode: "SPANFORK", Created: time.Date(2026, 11, 25, 6, 30, 0, 0, time.UTC), Sequence: 1}
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
			if diff := cmp.Diff(wantValid, ps); diff != "" {
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
	want := payment.Trailer{Records: 6, Payments: 2, PaymentTotal: d("186.87"), Returns: 2, ReturnTotal: d("-135.50"), FeeTotal: d("3.90")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("trailer (-want +got):\n%s", diff)
	}
	// Writing the same payments gives the same bytes, trailer included.
	h, _ := r.Header()
	var buf bytes.Buffer
	w, err := payment.NewWriter(&buf, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range wantValid {
		if err := w.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), data) {
		t.Errorf("written file differs from testdata/valid.txt:\n%q\n%q", buf.String(), data)
	}
}

// TestRules reads each hand-made file that breaks one rule of FORMATS §6
// and checks the first problem reported: its line, record, field and kind.
func TestRules(t *testing.T) {
	tests := []struct {
		file   string
		line   int
		record string
		field  string
		kind   error
		msg    string // part of the message
	}{
		{"trailer_record_count.txt", 6, "PT", "record_count", payment.ErrTotals, "7 records, the file has 6"},
		{"trailer_payment_count.txt", 6, "PT", "payment_count", payment.ErrTotals, "3 PMT records"},
		{"trailer_payment_total.txt", 6, "PT", "payment_total", payment.ErrTotals, "186.88"},
		{"trailer_return_count.txt", 6, "PT", "return_count", payment.ErrTotals, "1 REV and RFD"},
		{"trailer_return_total.txt", 6, "PT", "return_total", payment.ErrTotals, "-125.50, the file adds up to -135.50"},
		{"trailer_fee_total.txt", 6, "PT", "fee_total", payment.ErrTotals, "2.95, the file adds up to 3.90"},
		{"duplicate_confirmation.txt", 5, "PD", "confirmation", payment.ErrDuplicate, "Duplicate Confirmation Number: already used on line 2"},
		{"rev_without_original.txt", 4, "PD", "original_confirmation", payment.ErrInvalid, "REV must name the original"},
		{"rfd_without_original.txt", 5, "PD", "original_confirmation", payment.ErrInvalid, "RFD must name the original"},
		{"rev_positive_amount.txt", 4, "PD", "amount", payment.ErrInvalid, "less than zero"},
		{"rfd_positive_amount.txt", 5, "PD", "amount", payment.ErrInvalid, "less than zero"},
		{"rfd_undoes_itself.txt", 5, "PD", "original_confirmation", payment.ErrInvalid, "cannot undo itself"},
		{"pmt_negative_amount.txt", 2, "PD", "amount", payment.ErrInvalid, "more than zero"},
		{"pmt_zero_amount.txt", 2, "PD", "amount", payment.ErrInvalid, "more than zero"},
		{"pmt_with_original.txt", 2, "PD", "original_confirmation", payment.ErrInvalid, "no original"},
		{"negative_fee.txt", 2, "PD", "convenience_fee", payment.ErrInvalid, "must not be negative"},
		{"unknown_transaction_type.txt", 2, "PD", "transaction_type", payment.ErrInvalid, "unknown transaction type"},
		{"unknown_method.txt", 2, "PD", "method", payment.ErrInvalid, "unknown payment method"},
		{"unknown_card_brand.txt", 2, "PD", "card_brand", payment.ErrInvalid, "needs a card brand"},
		{"card_without_brand.txt", 2, "PD", "card_brand", payment.ErrInvalid, "needs a card brand"},
		{"brand_on_ach.txt", 3, "PD", "card_brand", payment.ErrInvalid, "must be blank"},
		{"unknown_channel.txt", 2, "PD", "channel", payment.ErrInvalid, "unknown channel"},
		{"invoice_type_zero.txt", 2, "PD", "invoice_type", payment.ErrInvalid, "01-99"},
		{"missing_confirmation.txt", 2, "PD", "confirmation", payment.ErrInvalid, "required"},
		{"missing_account.txt", 2, "PD", "account", payment.ErrInvalid, "required"},
		{"missing_batch.txt", 2, "PD", "deposit_batch", payment.ErrInvalid, "required"},
		{"missing_payment_date.txt", 2, "PD", "payment_date", payment.ErrInvalid, "required"},
		{"missing_settlement_date.txt", 2, "PD", "settlement_date", payment.ErrInvalid, "required"},
		{"header_missing_biller.txt", 1, "PH", "biller_code", payment.ErrInvalid, "required"},
		{"header_sequence_zero.txt", 1, "PH", "sequence", payment.ErrInvalid, "1 or more"},
		{"no_such_date.txt", 2, "PD", "payment_date", payment.ErrSyntax, "no such date"},
		{"no_such_settlement_date.txt", 2, "PD", "settlement_date", payment.ErrSyntax, "no such date"},
		{"bad_time.txt", 2, "PD", "payment_time", payment.ErrSyntax, "HHMMSS"},
		{"amount_not_a_number.txt", 2, "PD", "amount", payment.ErrSyntax, "not an amount"},
		{"amount_bad_sign.txt", 2, "PD", "amount", payment.ErrSyntax, "want a sign"},
		{"invoice_type_not_a_number.txt", 2, "PD", "invoice_type", payment.ErrSyntax, "not a number"},
		{"missing_header.txt", 1, "PD", "", payment.ErrOrder, "before the PH header"},
		{"missing_trailer.txt", 5, "", "", payment.ErrOrder, "without a PT trailer"},
		{"second_header.txt", 2, "PH", "", payment.ErrOrder, "second PH"},
		{"record_after_trailer.txt", 7, "PD", "", payment.ErrOrder, "after the PT trailer"},
		{"second_trailer.txt", 7, "PT", "", payment.ErrOrder, "second PT"},
		{"empty.txt", 1, "", "", payment.ErrOrder, "empty"},
		{"unknown_record_type.txt", 3, "", "", payment.ErrRecordType, "want PH, PD or PT"},
		{"line_too_long.txt", 2, "PD", "", payment.ErrTooLong, "251 bytes long"},
		{"data_in_unused_columns.txt", 2, "PD", "", payment.ErrInvalid, "data in columns no field uses"},
		{"blank_line_between_records.txt", 4, "", "", payment.ErrInvalid, "blank line"},
		{"undefined_windows1252_byte.txt", 2, "PD", "payer", payment.ErrEncoding, "0x81"},
		{"control_character.txt", 2, "PD", "payer", payment.ErrEncoding, "0x09"},
		{"utf8_bom_not_utf8.txt", 2, "", "", payment.ErrEncoding, "not valid UTF-8"},
		{"card_number_in_payer.txt", 2, "PD", "payer", payment.ErrCardNumber, "card number"},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".txt"), func(t *testing.T) {
			_, _, errs := readAll(t, tt.file, readFile(t, tt.file), -1)
			if len(errs) == 0 {
				t.Fatal("no problem reported")
			}
			e := errs[0]
			got := struct {
				File, Record, Field string
				Line                int
				Kind                bool
			}{e.File, e.Record, e.Field, e.Line, errors.Is(e, tt.kind)}
			want := struct {
				File, Record, Field string
				Line                int
				Kind                bool
			}{tt.file, tt.record, tt.field, tt.line, true}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("first problem %q (-want +got):\n%s", e.Error(), diff)
			}
			if !strings.Contains(e.Error(), tt.msg) {
				t.Errorf("message %q does not say %q", e.Error(), tt.msg)
			}
			// Stopping at the first error reports the same one.
			_, _, first := readAll(t, tt.file, readFile(t, tt.file), 0)
			if len(first) == 0 || first[0].Error() != e.Error() {
				t.Errorf("stop-at-first reported %v, want %v", first, e)
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
		returns := 0
		for _, p := range ps {
			if p.Type != payment.PMT {
				returns++
			}
			if err := w.Write(p); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
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
	good := wantValid[0]
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
	if err := w.Write(wantValid[0]); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(wantValid[0]); !errors.Is(err, payment.ErrDuplicate) {
		t.Fatalf("got %v, want ErrDuplicate", err)
	}
}
