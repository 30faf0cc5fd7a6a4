package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/payment"
	"github.com/shopspring/decimal"
)

// section returns the amounts of the lines under a heading of a summary,
// by key, and their sum.
func section(t *testing.T, out, heading string) (map[string]string, decimal.Decimal) {
	t.Helper()
	_, rest, ok := strings.Cut(out, "  "+heading+":\n")
	if !ok {
		t.Fatalf("no %q in\n%s", heading, out)
	}
	got := map[string]string{}
	var sum decimal.Decimal
	for _, line := range strings.Split(rest, "\n") {
		if !strings.HasPrefix(line, "    ") {
			break
		}
		f := strings.Fields(line)
		amount := decimal.RequireFromString(f[len(f)-1])
		got[strings.Join(f[:len(f)-2], " ")] = f[len(f)-2] + " " + f[len(f)-1]
		sum = sum.Add(amount)
	}
	return got, sum
}

// TestSummary: the breakdowns a person checks add up to the file's totals
// and agree with the records, for payments, invoices and lockbox files.
func TestSummary(t *testing.T) {
	dir := t.TempDir()
	for _, k := range []string{"payment", "connect", "lockbox"} {
		if code, _, errs := icbatch(t, "generate", "--kind", k, "--count", "150", "--seed", "3", "--out", filepath.Join(dir, k+".txt")); code != 0 {
			t.Fatalf("generate %s: %s", k, errs)
		}
	}
	code, out, errs := icbatch(t, "summary", filepath.Join(dir, "payment.txt"), filepath.Join(dir, "connect.txt"), filepath.Join(dir, "lockbox.txt"))
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	parts := strings.SplitAfter(out, "\n"+dir)
	if len(parts) != 3 || !strings.HasPrefix(out, filepath.Join(dir, "payment.txt")+": payments") {
		t.Fatalf("want one summary a file, in order:\n%s", out)
	}

	// Payments: each deposit group as the records say.
	data, _ := os.ReadFile(filepath.Join(dir, "payment.txt"))
	want := map[string]decimal.Decimal{}
	n := map[string]int{}
	for p, err := range payment.NewReader(bytes.NewReader(data), nil).All() {
		if err != nil {
			t.Fatal(err)
		}
		k := fmt.Sprintf("%s %s %s", p.Batch, p.Settlement.Format("2006-01-02"), p.Method)
		a := p.Amount
		if p.Type != payment.PMT {
			a = a.Neg()
		}
		want[k] = want[k].Add(a)
		n[k]++
	}
	got, _ := section(t, parts[0], "deposits by batch, settlement date and method (returns subtract)")
	if len(got) != len(want) {
		t.Fatalf("%d deposit groups, want %d:\n%s", len(got), len(want), parts[0])
	}
	for k, sum := range want {
		if got[k] != fmt.Sprintf("%d %s", n[k], sum.StringFixed(2)) {
			t.Errorf("deposit %s: %q, want %d %s", k, got[k], n[k], sum.StringFixed(2))
		}
	}

	// Invoices: amount due by type adds up to the file's total and to the
	// generated invoices'.
	byType := map[int]decimal.Decimal{}
	var due decimal.Decimal
	for _, inv := range invoicetest.Collect(invoicetest.Options{Seed: 3, Invoices: 150}) {
		byType[inv.TypeID] = byType[inv.TypeID].Add(inv.Balances.AmountDue)
		due = due.Add(inv.Balances.AmountDue)
	}
	got, sum := section(t, parts[1], "amount due by invoice type")
	if len(got) != len(byType) || !sum.Equal(due) || !strings.Contains(parts[1], due.StringFixed(2)) {
		t.Fatalf("invoice types add up to %s in %d types; want %s in %d:\n%s", sum, len(got), due, len(byType), parts[1])
	}

	// Lockbox: the GL accounts add up to the file's amount.
	_, gl := section(t, parts[2], "distributions by GL account")
	_, batches := section(t, parts[2], "payments by batch (number, deposit date, store)")
	if !gl.Equal(batches) || !strings.Contains(strings.SplitN(parts[2], "\n", 2)[0], gl.StringFixed(2)) {
		t.Fatalf("GL accounts %s, batches %s:\n%s", gl, batches, parts[2])
	}

	// A bad file is named with its problem (exit 1); a missing one exit 2.
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, bytes.Replace(data, []byte("\nPT"), []byte("\nPX"), 1), 0o644)
	if code, out, _ := icbatch(t, "summary", bad); code != 1 || !strings.Contains(out, "bad.txt: not summed up:") {
		t.Fatalf("bad file: exit %d\n%s", code, out)
	}
	if code, _, errs := icbatch(t, "summary", filepath.Join(dir, "missing.txt")); code != 2 || !strings.Contains(errs, "missing.txt") {
		t.Fatalf("missing file: exit %d\n%s", code, errs)
	}
}
