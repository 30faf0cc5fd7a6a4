package invoicecloud_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/icbatch/caselle/adjustment/adjustmenttest"
	"github.com/icbatch/caselle/examples/invoicecloud"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/optout"
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/transport/memory"
)

func TestADayAnswersForTheUploadedInvoices(t *testing.T) {
	ctx := context.Background()
	ic := memory.New()
	o := invoicetest.Options{Seed: 3, Invoices: 120}
	var inv, adj bytes.Buffer
	if _, err := invoicetest.WriteConnect(&inv, o); err != nil {
		t.Fatal(err)
	}
	if _, err := adjustmenttest.Write(&adj, adjustmenttest.Options{Seed: 3, Adjustments: 15, Invoices: invoicetest.Collect(o)}); err != nil {
		t.Fatal(err)
	}
	ic.Put(ctx, "ToInvoiceCloud/Invoices/UB/SPANFORK_INV_UB_20261101_001.txt", &inv)
	ic.Put(ctx, "ToInvoiceCloud/Adjustments/UB/SPANFORK_BAF_UB_20261101_001.txt", &adj)
	s := &invoicecloud.StandIn{Root: ic.FS, Seed: 3}
	date := time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)
	day, err := s.Run(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	if len(day.Read) != 2 || len(day.Bills) != 120 || day.Adjusted != 15 || len(day.Wrote) != 3 {
		t.Fatalf("%d read, %d bills, %d adjusted, wrote %v", len(day.Read), len(day.Bills), day.Adjusted, day.Wrote)
	}
	accounts := map[string]bool{}
	for _, b := range day.Bills {
		accounts[b.Account] = true
	}
	rc := payment.NewReconciler(day.Bills)
	f, err := ic.Open(ctx, day.Wrote[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.File(payment.NewReader(f, &payment.Options{Name: day.Wrote[0]})); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, fd := range rc.Findings() {
		t.Errorf("the stand-in's payments: %s", fd)
	}
	f, _ = ic.Open(ctx, day.Wrote[1])
	for c, err := range optout.NewReader(f, &optout.Options{Name: day.Wrote[1]}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if !accounts[c.Account] {
			t.Fatalf("a paperless change for an account not uploaded: %+v", c)
		}
	}
	f.Close()
	if _, err := ic.Stat(ctx, "Archive/ToInvoiceCloud/Invoices/UB/SPANFORK_INV_UB_20261101_001.txt"); err != nil {
		t.Fatalf("the invoice file was not taken away: %v", err)
	}
	// The next day, with nothing new uploaded, answers for the bills
	// still open; payments over both days never pay a bill past what
	// is due.
	day2, err := s.Run(ctx, date.AddDate(0, 0, 1))
	if err != nil || len(day2.Read) != 0 || len(day2.Wrote) != 3 {
		t.Fatalf("the next day: read %v, wrote %v: %v", day2.Read, day2.Wrote, err)
	}
	both := payment.NewReconciler(day.Bills) // day 1's bills: adjusted, before any payment
	for _, name := range []string{day.Wrote[0], day2.Wrote[0]} {
		f, _ := ic.Open(ctx, name)
		if err := both.File(payment.NewReader(f, &payment.Options{Name: name})); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	for _, fd := range both.Findings() {
		t.Errorf("over two days: %s", fd)
	}
	// A day answered before answers nothing.
	again, err := s.Run(ctx, date.AddDate(0, 0, 1))
	if err != nil || len(again.Read)+len(again.Wrote) != 0 {
		t.Fatalf("the same day again: read %v, wrote %v: %v", again.Read, again.Wrote, err)
	}
}
