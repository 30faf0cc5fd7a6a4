package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/optout"
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
// and agree with the records, for payments, invoices (Connect and BIF)
// and lockbox files.
func TestSummary(t *testing.T) {
	dir := t.TempDir()
	for _, k := range []string{"payment", "connect", "lockbox", "bif"} {
		mustRun(t, "generate", "--kind", k, "--count", "150", "--seed", "3", "--out", filepath.Join(dir, k+".txt"))
	}
	code, out, errs := icbatch(t, "summary", filepath.Join(dir, "payment.txt"), filepath.Join(dir, "connect.txt"), filepath.Join(dir, "lockbox.txt"), filepath.Join(dir, "bif.txt"))
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	parts := strings.SplitAfter(out, "\n"+dir)
	if len(parts) != 4 || !strings.HasPrefix(out, filepath.Join(dir, "payment.txt")+": payments") {
		t.Fatalf("want one summary a file, in order:\n%s", out)
	}

	// Payments: each deposit line (settlement, batch, method, payments,
	// gross, returns, returned, net) as the records say.
	data, _ := os.ReadFile(filepath.Join(dir, "payment.txt"))
	type dep struct {
		n, r       int
		gross, ret decimal.Decimal
	}
	want := map[string]*dep{}
	for p, err := range payment.NewReader(bytes.NewReader(data), nil).All() {
		if err != nil {
			t.Fatal(err)
		}
		k := fmt.Sprintf("%s %s %s", p.Settlement.Format("2006-01-02"), p.Batch, p.Method)
		if want[k] == nil {
			want[k] = &dep{}
		}
		d := want[k]
		if p.Type == payment.PMT {
			d.n, d.gross = d.n+1, d.gross.Add(p.Amount)
		} else {
			d.r, d.ret = d.r+1, d.ret.Add(p.Amount)
		}
	}
	_, table, _ := strings.Cut(parts[0], "deposits by settlement date, batch and method:\n")
	got := map[string]string{}
	for _, line := range strings.Split(table, "\n") {
		f := strings.Fields(line)
		if len(f) == 9 && f[0] != "settlement" {
			got[strings.Join(f[:3], " ")] = strings.Join(f[3:8], " ")
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d deposit lines, want %d:\n%s", len(got), len(want), parts[0])
	}
	for k, d := range want {
		w := fmt.Sprintf("%d %s %d %s %s", d.n, d.gross.StringFixed(2), d.r, d.ret.StringFixed(2), d.gross.Add(d.ret).StringFixed(2))
		if got[k] != w {
			t.Errorf("deposit %s: %q, want %q", k, got[k], w)
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
	// The BIF file of the same invoices says the same.
	for _, part := range []string{parts[1], parts[3]} {
		types, sum := section(t, part, "amount due by invoice type")
		if len(types) != len(byType) || !sum.Equal(due) || !strings.Contains(part, due.StringFixed(2)) {
			t.Fatalf("invoice types add up to %s in %d types; want %s in %d:\n%s", sum, len(types), due, len(byType), part)
		}
		for id, amount := range byType {
			if got := types[fmt.Sprintf("type %02d", id)]; !strings.HasSuffix(got, " "+amount.StringFixed(2)) {
				t.Errorf("type %02d: %q, want %s:\n%s", id, got, amount.StringFixed(2), part)
			}
		}
	}
	if !strings.Contains(parts[3], ": BIF, 150 invoices\n") {
		t.Errorf("want the BIF file's invoice count:\n%s", parts[3])
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

// TestSummaryAdjustmentsAndPaperless: an adjustment file's summary counts
// and sums each code as its records do, its net is theirs; a change log's
// counts the changes each way.
func TestSummaryAdjustmentsAndPaperless(t *testing.T) {
	dir := t.TempDir()
	adj, chg := filepath.Join(dir, "adjustment.txt"), filepath.Join(dir, "optout.csv")
	for k, out := range map[string]string{"adjustment": adj, "optout": chg} {
		mustRun(t, "generate", "--kind", k, "--count", "60", "--seed", "5", "--out", out)
	}
	code, out, errs := icbatch(t, "summary", adj, chg)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	parts := strings.SplitAfter(out, "\n"+dir)
	if len(parts) != 2 {
		t.Fatalf("want one summary a file:\n%s", out)
	}

	data, _ := os.ReadFile(adj)
	n, sums, net := map[string]int{}, map[string]decimal.Decimal{}, decimal.Zero
	for a, err := range adjustment.NewReader(bytes.NewReader(data), &adjustment.Options{AllowOpenPeriod: true}).All() {
		if err != nil {
			t.Fatal(err)
		}
		n[a.Code]++
		sums[a.Code], net = sums[a.Code].Add(a.Amount), net.Add(a.Amount)
	}
	got, sum := section(t, parts[0], "adjustments by code")
	if len(got) != len(n) || !sum.Equal(net) || !strings.Contains(parts[0], fmt.Sprintf("%d adjustments, net %s\n", 60, net.StringFixed(2))) {
		t.Fatalf("codes add up to %s in %d codes; want %s in %d:\n%s", sum, len(got), net, len(n), parts[0])
	}
	for c := range n {
		if want := fmt.Sprintf("%d %s", n[c], sums[c].StringFixed(2)); got[c] != want {
			t.Errorf("code %s: %q, want %q", c, got[c], want)
		}
	}

	data, _ = os.ReadFile(chg)
	on, off := 0, 0
	for c, err := range optout.NewReader(bytes.NewReader(data), nil).All() {
		if err != nil {
			t.Fatal(err)
		}
		if c.Paperless {
			on++
		} else {
			off++
		}
	}
	if want := fmt.Sprintf(": paperless changes, %d: %d to paperless, %d back to paper\n", on+off, on, off); on == 0 || off == 0 || !strings.Contains(parts[1], want) {
		t.Fatalf("want %q (both kinds of change) in\n%s", want, parts[1])
	}
}
