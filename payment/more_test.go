package payment_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
)

func TestLoadLayoutMovedField(t *testing.T) {
	js := string(payment.DefaultLayout().JSON())
	js = strings.Replace(js, `"name": "payer",
          "start": 175,
          "length": 40`, `"name": "payer",
          "start": 175,
          "length": 30`, 1)
	js = strings.Replace(js, `"start": 215,
          "length": 10`, `"start": 205,
          "length": 10`, 1)
	custom, err := payment.LoadLayout(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(custom.Markdown(), "| 205-214 | 10 | A | deposit_batch") {
		t.Fatalf("the edit did not take:\n%s", custom.Markdown())
	}
	var buf bytes.Buffer
	w, err := payment.NewWriter(&buf, payment.Header{BillerCode: "SPANFORK", Created: day(2026, 11, 25), Sequence: 1}, &payment.Options{Layout: custom})
	if err != nil {
		t.Fatal(err)
	}
	layouttest.WriteAll(t, w, wantValid(t))
	lines := strings.Split(buf.String(), "\r\n")
	if got := lines[1][204:214]; got != "B26112401 " {
		t.Fatalf("batch at 205-214 is %q", got)
	}
	r := payment.NewReader(bytes.NewReader(buf.Bytes()), &payment.Options{Layout: custom})
	var got []payment.Payment
	for p, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p)
	}
	if diff := cmp.Diff(wantValid(t), got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	// The default layout does not read the moved file as if nothing changed.
	_, _, errs := readAll(t, "moved.txt", buf.Bytes(), 0)
	if len(errs) == 0 {
		t.Fatal("the default layout read a file whose batch moved without complaint")
	}
}

func TestLoadLayoutRefuses(t *testing.T) {
	base := string(payment.DefaultLayout().JSON())
	free := layouttest.FreeByte(t, payment.DefaultLayout().JSON(), "PD") // where an extra field fits
	tests := []struct{ name, from, to, want string }{
		{"missing field", `"name": "payer"`, `"name": "payer_name"`, `record "PD": field "payer": field is missing`},
		{"wrong type", `"name": "sequence",
          "start": 27,
          "length": 6,
          "type": "N"`, `"name": "sequence",
          "start": 27,
          "length": 6,
          "type": "A"`, `field "sequence": has type "A", want "N"`},
		{"extra field", `{
          "name": "deposit_batch"`, `{
          "name": "extra",
          "start": ` + free + `,
          "length": 1,
          "type": "A"
        },
        {
          "name": "deposit_batch"`, `field "extra": is not a field of this file kind`},
		{"renamed record type", `"type": "PT"`, `"type": "PX"`, `record "PX": is not a record type of this file kind (want PH, PD, PT)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			js := strings.Replace(base, tt.from, tt.to, 1)
			if js == base {
				t.Fatal("the test's edit did not apply")
			}
			_, err := payment.LoadLayout(strings.NewReader(js))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	var s payment.Summary
	for _, p := range wantValid(t) {
		s.Add(p)
	}
	got := s.Deposits()
	want := []payment.Deposit{
		{Batch: "B26112401", Settlement: day(2026, 11, 25), Method: payment.CreditCard, Payments: 1, Returns: 1,
			Gross: d("61.37"), ReturnTotal: d("-10.00"), Net: d("51.37"), Fees: d("2.95")},
		{Batch: "B26112402", Settlement: day(2026, 11, 26), Method: payment.ACH, Payments: 1, Returns: 1,
			Gross: d("125.50"), ReturnTotal: d("-125.50"), Net: d("0"), Fees: d("0.95")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	total := s.Total()
	if !total.Net.Equal(d("51.37")) || total.Payments != 2 || total.Returns != 2 || !total.Fees.Equal(d("3.90")) {
		t.Fatalf("total %+v", total)
	}
	var out bytes.Buffer
	s.WriteTo(&out)
	if !strings.Contains(out.String(), "2026-11-25  B26112401      CC") || !strings.Contains(out.String(), "51.37") {
		t.Fatalf("table:\n%s", out.String())
	}
}

func TestImportNeverPostsTwice(t *testing.T) {
	dir := t.TempDir()
	ledgerPath := filepath.Join(dir, "ledger.tsv")
	var day1, day2 bytes.Buffer
	paymenttest.Write(&day1, paymenttest.Options{Seed: 1, Payments: 50})
	paymenttest.Write(&day2, paymenttest.Options{Seed: 2, Payments: 50, Sequence: 2})

	posted := map[string]int{}
	post := func(_ context.Context, p payment.Payment) error {
		posted[p.Confirmation]++
		return nil
	}
	importFile := func(name string, data []byte) payment.ImportResult {
		t.Helper()
		led, err := payment.OpenFileLedger(ledgerPath)
		if err != nil {
			t.Fatal(err)
		}
		defer led.Close()
		res, err := payment.Import(context.Background(), payment.NewReader(bytes.NewReader(data), &payment.Options{Name: name}), led, post)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := importFile("day1.txt", day1.Bytes())
	if len(res.Posted) != 50 || len(res.Skipped) != 0 {
		t.Fatalf("day 1: posted %d, skipped %d", len(res.Posted), len(res.Skipped))
	}
	// The same file again, with a ledger reopened from disk: nothing posted.
	res = importFile("day1-again.txt", day1.Bytes())
	if len(res.Posted) != 0 || len(res.Skipped) != 50 {
		t.Fatalf("day 1 again: posted %d, skipped %d", len(res.Posted), len(res.Skipped))
	}
	e := res.Skipped[0]
	if !errors.Is(e, payment.ErrPosted) || e.Line != 2 || !strings.Contains(e.Error(), "day1-again.txt:2: PD confirmation: Duplicate Confirmation Number: posted") || !strings.Contains(e.Error(), "from day1.txt line 2") {
		t.Fatalf("skip reported as %v", e)
	}
	res = importFile("day2.txt", day2.Bytes())
	if len(res.Posted) != 50 {
		t.Fatalf("day 2: posted %d", len(res.Posted))
	}
	for c, n := range posted {
		if n != 1 {
			t.Fatalf("%s posted %d times", c, n)
		}
	}
}

func TestImportPostsNothingFromABadFile(t *testing.T) {
	data := readFile(t, "trailer_payment_total.txt")
	led, err := payment.OpenFileLedger(filepath.Join(t.TempDir(), "l.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	n := 0
	_, err = payment.Import(context.Background(), payment.NewReader(bytes.NewReader(data), nil), led,
		func(context.Context, payment.Payment) error { n++; return nil })
	if !errors.Is(err, payment.ErrTotals) || n != 0 {
		t.Fatalf("got %v with %d posted, want ErrTotals and none posted", err, n)
	}
}

func TestImportStopsWhenPostingFails(t *testing.T) {
	data := readFile(t, "valid.txt")
	led, _ := payment.OpenFileLedger(filepath.Join(t.TempDir(), "l.tsv"))
	defer led.Close()
	calls := 0
	res, err := payment.Import(context.Background(), payment.NewReader(bytes.NewReader(data), nil), led,
		func(context.Context, payment.Payment) error {
			calls++
			if calls == 2 {
				return fmt.Errorf("cash receipting is down")
			}
			return nil
		})
	if err == nil || len(res.Posted) != 1 {
		t.Fatalf("got %v, %d posted", err, len(res.Posted))
	}
	// The rerun posts what was not posted, and only that.
	res, err = payment.Import(context.Background(), payment.NewReader(bytes.NewReader(data), nil), led,
		func(context.Context, payment.Payment) error { return nil })
	if err != nil || len(res.Posted) != 3 || len(res.Skipped) != 1 {
		t.Fatalf("rerun: %v, posted %d, skipped %d", err, len(res.Posted), len(res.Skipped))
	}
}
