// Command cloudstore runs one day of the CloudStore flow on local folders:
// it writes the day's orders and the biller's GL map as CSV files (what
// Caselle's store set-up and Invoice Cloud's CloudStore export provide),
// builds the lockbox file into FromInvoiceCloud/Lockbox/, reads it back
// checking every total, and prints what each GL account receives — the
// figures a clerk checks after importing the file into Cash Receipting.
//
// With -smtp it then e-mails the lockbox file to -mail-to, the way a
// biller without Stratus receives it (STARTTLS required unless
// -smtp-insecure-for-tests):
//
//	go run ./examples/cloudstore [-dir out] [-orders 60] [-seed 1] [-smtp host:port -mail-to clerk@city.example]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
	"github.com/icbatch/caselle/transport/email"
	"github.com/shopspring/decimal"
)

func main() {
	dir := flag.String("dir", "out", "root of the local folder tree")
	n := flag.Int("orders", 60, "orders in the day")
	seed := flag.Uint64("seed", 1, "generator seed")
	smtpAddr := flag.String("smtp", "", "SMTP server host:port to e-mail the lockbox file through")
	mailTo := flag.String("mail-to", "", "who receives the lockbox file")
	insecure := flag.Bool("smtp-insecure-for-tests", false, "send without TLS (a local test server only)")
	flag.Parse()
	var mail *email.Config
	if *smtpAddr != "" {
		mail = &email.Config{Addr: *smtpAddr, From: "cloudstore@invoicecloud.example", To: []string{*mailTo}}
		if *insecure {
			mail.TLS = email.NoTLSForTestsOnly
		}
	}
	if err := run(*dir, *n, *seed, mail, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "cloudstore:", err)
		os.Exit(1)
	}
}

func run(dir string, n int, seed uint64, mail *email.Config, out io.Writer) error {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	store := filepath.Join(dir, "CloudStore")
	lbx := filepath.Join(dir, "FromInvoiceCloud", "Lockbox")
	for _, d := range []string{store, lbx} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	// 1. The day's orders and the GL map, as CSV files.
	ordersCSV, glCSV := filepath.Join(store, "orders-20261125.csv"), filepath.Join(store, "gl-map.csv")
	orders := lockboxtest.Orders(lockboxtest.Options{Seed: seed, Orders: n, Date: day})
	if err := writeFile(ordersCSV, func(w io.Writer) error { return lockbox.WriteOrders(w, orders) }); err != nil {
		return err
	}
	if err := writeFile(glCSV, func(w io.Writer) error { return lockbox.WriteGLMap(w, lockboxtest.GLMap()) }); err != nil {
		return err
	}

	// 2. Read them back and build the lockbox file.
	orders, err := readWith(ordersCSV, lockbox.ReadOrders)
	if err != nil {
		return err
	}
	gl, err := readWith(glCSV, lockbox.ReadGLMap)
	if err != nil {
		return err
	}
	cfg := lockboxtest.Config()
	cfg.GL = gl
	cfg.Created = day.Add(6*time.Hour + 45*time.Minute)
	path := filepath.Join(lbx, fmt.Sprintf("%s_LBX_%s_001.txt", cfg.Biller, day.Format("20060102")))
	var built lockbox.Built
	if err := writeFile(path, func(w io.Writer) error {
		var err error
		built, err = lockbox.Build(context.Background(), w, orders, cfg)
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s: %d orders → %d payments in %d batches, %s\n\n", path, built.Orders, built.Payments, built.Batches, built.Amount.StringFixed(2))

	// 3. Read the lockbox file back, checking every total, and add up what
	// each GL account receives.
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	byAccount := map[string]decimal.Decimal{}
	r := lockbox.NewReader(f, &lockbox.Options{Name: path, Mask: cfg.Mask})
	for p, err := range r.All() {
		if err != nil {
			return err
		}
		for _, d := range p.Distributions {
			byAccount[d.GLAccount] = byAccount[d.GLAccount].Add(d.Amount)
		}
	}
	t, _ := r.Totals()
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "GL account\tamount\t")
	accounts := make([]string, 0, len(byAccount))
	for a := range byAccount {
		accounts = append(accounts, a)
	}
	slices.Sort(accounts)
	var sum decimal.Decimal
	for _, a := range accounts {
		fmt.Fprintf(tw, "%s\t%s\t\n", a, byAccount[a].StringFixed(2))
		sum = sum.Add(byAccount[a])
	}
	fmt.Fprintf(tw, "total\t%s\t\n", sum.StringFixed(2))
	tw.Flush()
	if !sum.Equal(t.Amount) {
		return fmt.Errorf("GL accounts add up to %s, the lockbox total is %s", sum.StringFixed(2), t.Amount.StringFixed(2))
	}
	fmt.Fprintf(out, "\nthe accounts add up to the lockbox total (%d records checked)\n", t.Records)

	// 4. Deliver it by e-mail, as a biller without Stratus receives it.
	if mail == nil {
		fmt.Fprintln(out, "(give -smtp and -mail-to to e-mail it)")
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	msg := email.Message{Subject: "CloudStore lockbox " + day.Format("2006-01-02") + " " + cfg.Biller,
		Body: fmt.Sprintf("%d payments, %s. Import the attached file into Cash Receipting.", built.Payments, built.Amount.StringFixed(2))}
	if err := email.Send(context.Background(), *mail, msg, filepath.Base(path), data); err != nil {
		return err
	}
	fmt.Fprintf(out, "e-mailed %s to %s\n", filepath.Base(path), strings.Join(mail.To, ", "))
	return nil
}

func readWith[T any](name string, read func(io.Reader, *lockbox.Options) (T, error)) (T, error) {
	f, err := os.Open(name)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	return read(f, &lockbox.Options{Name: name})
}

// writeFile writes to a temporary name and renames, so a reader never
// sees half a file; on error nothing is left.
func writeFile(path string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".partial-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
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
