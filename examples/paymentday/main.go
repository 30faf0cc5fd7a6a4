// Command paymentday runs one biller day of the payment flow on local
// folders: it generates the day's payment file as Invoice Cloud would drop
// it (FromInvoiceCloud/Payments/<BILLER>_PMT_<YYYYMMDD>_<NNN>.txt), reads
// it back and checks every rule, prints the deposit summary a biller
// reconciles the bank deposits with, and imports it through a ledger, so
// that running it twice posts nothing the second time.
//
//	go run ./examples/paymentday [-dir out] [-count 500] [-seed 1] [-date 2026-11-25]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
)

func main() {
	dir := flag.String("dir", "out", "root of the local folder tree")
	count := flag.Int("count", 500, "payments in the day's file")
	seed := flag.Uint64("seed", 1, "generator seed")
	date := flag.String("date", "2026-11-25", "file date, YYYY-MM-DD")
	flag.Parse()
	if err := run(*dir, *count, *seed, *date, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "paymentday:", err)
		os.Exit(1)
	}
}

func run(dir string, count int, seed uint64, date string, out io.Writer) error {
	day, err := time.Parse("2006-01-02", date)
	if err != nil {
		return fmt.Errorf("-date %q: want YYYY-MM-DD", date)
	}
	opts := paymenttest.Options{Seed: seed, Payments: count, Date: day}

	// 1. Invoice Cloud drops the day's payment file.
	folder := filepath.Join(dir, "FromInvoiceCloud", "Payments")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	path := filepath.Join(folder, paymenttest.FileName(opts))
	if err := writeFile(path, opts); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s\n", path)

	// 2. Read it back, check every rule, add up the deposits.
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := payment.NewReader(f, &payment.Options{Name: path, MaxErrors: 100})
	var sum payment.Summary
	problems := 0
	for p, err := range r.All() {
		if err != nil {
			fmt.Fprintln(out, err)
			problems++
			continue
		}
		sum.Add(p)
	}
	if problems > 0 {
		return fmt.Errorf("%s: %d problems; nothing imported", path, problems)
	}
	t, _ := r.Trailer()
	fmt.Fprintf(out, "valid: %d records, %d payments (%s), %d reversals and refunds (%s), fees %s\n\n",
		t.Records, t.Payments, t.PaymentTotal.StringFixed(2), t.Returns, t.ReturnTotal.StringFixed(2), t.FeeTotal.StringFixed(2))
	fmt.Fprintln(out, "deposit summary (batches close automatically each day):")
	if _, err := sum.WriteTo(out); err != nil {
		return err
	}

	// 3. Import: post each payment once, remembering it in the ledger.
	led, err := payment.OpenFileLedger(filepath.Join(dir, "posted-payments.tsv"))
	if err != nil {
		return err
	}
	defer led.Close()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	postedFile := filepath.Join(dir, "CashReceipting", "posted.txt")
	if err := os.MkdirAll(filepath.Dir(postedFile), 0o755); err != nil {
		return err
	}
	cr, err := os.OpenFile(postedFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer cr.Close()
	post := func(_ context.Context, p payment.Payment) error {
		_, err := fmt.Fprintf(cr, "%s\t%s\t%s\t%s\n", p.Confirmation, p.Account, p.Type, p.Amount.StringFixed(2))
		return err
	}
	res, err := payment.Import(context.Background(), payment.NewReader(f, &payment.Options{Name: path}), led, post)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nimport: %d posted to %s, %d skipped as posted before\n", len(res.Posted), postedFile, len(res.Skipped))
	for i, e := range res.Skipped {
		if i == 3 {
			fmt.Fprintf(out, "  … and %d more\n", len(res.Skipped)-3)
			break
		}
		fmt.Fprintln(out, " ", e)
	}
	return nil
}

// writeFile writes the generated file to a temporary name and renames it,
// so a reader never sees half a file.
func writeFile(path string, opts paymenttest.Options) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".partial-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := paymenttest.Write(tmp, opts); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
