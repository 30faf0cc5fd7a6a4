package payment_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/icbatch/caselle/payment"
	"github.com/shopspring/decimal"
)

func ExampleReader() {
	f, err := os.Open("testdata/valid.txt")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	r := payment.NewReader(f, &payment.Options{Name: "SPANFORK_PMT_20261125_001.txt"})
	for p, err := range r.All() {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(p.Type, p.Account, p.Amount.StringFixed(2), p.Method, p.Channel, p.Payer)
	}
	t, _ := r.Trailer()
	fmt.Println("payments", t.PaymentTotal.StringFixed(2), "returns", t.ReturnTotal.StringFixed(2))
	// Output:
	// PMT 100-2345-01 61.37 CC WEB José Peña
	// PMT 100-7781-02 125.50 AC APY Mary Johnson
	// REV 100-7781-02 -125.50 AC APY Mary Johnson
	// RFD 100-2345-01 -10.00 CC BPT José Peña
	// payments 186.87 returns -135.50
}

func ExampleReader_errors() {
	f, _ := os.Open("testdata/trailer_payment_total.txt")
	defer f.Close()
	r := payment.NewReader(f, &payment.Options{Name: "day.txt", MaxErrors: 10})
	for _, err := range r.All() {
		var e *payment.Error
		if errors.As(err, &e) {
			fmt.Println(e)
			fmt.Println(e.Line, e.Record, e.Field, e.Start, e.End, e.Value, errors.Is(e, payment.ErrTotals))
		}
	}
	// Output:
	// day.txt:6: PT payment_total: trailer says PMT total 186.88, the file adds up to 186.87 (columns 19-32, value "+0000000018688")
	// 6 PT payment_total 19 32 +0000000018688 true
}

func ExampleWriter() {
	var out strings.Builder
	h := payment.Header{BillerCode: "SPANFORK", Created: time.Date(2026, 11, 25, 6, 30, 0, 0, time.UTC), Sequence: 1}
	w, err := payment.NewWriter(&out, h, nil)
	if err != nil {
		panic(err)
	}
	p := payment.Payment{
		Type: payment.PMT, Confirmation: "6f1c2d3e-0a1b-4c2d-8e3f-000000000001",
		Account: "100-2345-01", InvoiceNumber: "2026110001", InvoiceType: 1,
		Paid: time.Date(2026, 11, 24, 14, 30, 15, 0, time.UTC), Settlement: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC),
		Amount: decimal.RequireFromString("61.37"), Fee: decimal.RequireFromString("2.95"),
		Method: payment.CreditCard, CardBrand: payment.Visa, Channel: payment.Web,
		Payer: "José Peña", Batch: "B26112401",
	}
	if err := w.Write(p); err != nil {
		panic(err)
	}
	// A value that does not fit is refused, never cut.
	p.Confirmation = "6f1c2d3e-0a1b-4c2d-8e3f-000000000002"
	p.Payer = "Spanish Fork City Department of Public Works"
	fmt.Println(w.Write(p))
	if err := w.Close(); err != nil {
		panic(err)
	}
	t := w.Trailer()
	fmt.Println(t.Records, "records,", t.Payments, "payment,", t.PaymentTotal.StringFixed(2))
	// Output:
	// 3: PD payer: value is 44 bytes long; the field holds 40 (columns 175-214, value "Spanish Fork City Department of Public Works")
	// 3 records, 1 payment, 61.37
}

// A payment file as JSON Lines: one object a record, in the shape every
// kind shares (README, "JSON").
func ExampleWriteJSON() {
	f, err := os.Open("testdata/valid.txt")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	var out strings.Builder
	if err := payment.WriteJSON(&out, payment.NewReader(f, nil)); err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	fmt.Println(lines[0])
	fmt.Println(lines[len(lines)-1])
	// Output:
	// {"record":"PH","line":1,"biller_code":"SPANFORK","file_date":"2026-11-25","created":"2026-11-25T06:30:00","sequence":1}
	// {"record":"PT","line":6,"record_count":6,"payment_count":2,"payment_total":"186.87","return_count":2,"return_total":"-135.50","fee_total":"3.90"}
}

// Flatten lists every problem an error holds, joined or wrapped.
func ExampleFlatten() {
	data := "PH" + strings.Repeat(" ", 248) + "\r\n"
	_, err := payment.NewReader(strings.NewReader(data), &payment.Options{Name: "bad.txt", MaxErrors: -1}).Header()
	for _, e := range payment.Flatten(err) {
		fmt.Println(e.Line, e.Field, errors.Is(e, payment.ErrSyntax), e.Msg)
	}
	// Output:
	// 1 creation_time true not a time of day: want HHMMSS
	// 1 sequence true missing number
}
