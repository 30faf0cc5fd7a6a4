// Package invoicecloud is a small stand-in for Invoice Cloud's side of
// the batch integration, for tests and examples: it takes what a biller
// uploaded into the Stratus tree (FORMATS §1) and answers with the day's
// FromInvoiceCloud files for exactly those invoices — payments of the
// bills it presented, paperless changes of their accounts, a CloudStore
// lockbox — so that glue code can be tested against a whole day without
// Invoice Cloud.
//
// It is not Invoice Cloud. It checks every file it reads as the SDK's
// readers do, presents bills through the biller's BIF customization,
// applies uploaded adjustments to them, and takes files away once read
// (into Archive/), as Invoice Cloud does. Bills stay open across days:
// what earlier days' payments paid is no longer due, and each day is
// answered once (a day already answered answers nothing). What it sends
// is generated, seeded and deterministic.
package invoicecloud

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
	"github.com/icbatch/caselle/optout/optouttest"
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
	"github.com/icbatch/caselle/transport"
)

// StandIn is Invoice Cloud's side of the Stratus tree in Root.
type StandIn struct {
	Root          *transport.FS
	Biller        string                // default SPANFORK
	Seed          uint64                // generator seed
	Customization invoice.Customization // how bills are presented; default paymenttest.DefaultCustomization
	Payers        int                   // payers a day besides AutoPay; default 40
	Changes       int                   // paperless changes a day; default 10
	Orders        int                   // CloudStore orders a day; default 12
}

// Day is what a day at Invoice Cloud did.
type Day struct {
	Read     []string       // files taken from ToInvoiceCloud, in the order read
	Bills    []invoice.Bill // the bills presented, adjustments applied
	Adjusted int            // adjustments applied
	Wrote    []string       // files put in FromInvoiceCloud
	Skipped  []string       // bill-image files and others it does not read, archived unread
}

// Run reads what was uploaded, and writes the day's answers for payments
// made on the day before date (file date date).
func (s *StandIn) Run(ctx context.Context, date time.Time) (Day, error) {
	var day Day
	s.Biller = cmp.Or(s.Biller, "SPANFORK")
	if s.Customization.BillingMode == "" {
		s.Customization = paymenttest.DefaultCustomization
	}
	invs, adjFiles, err := s.take(ctx, &day)
	if err != nil {
		return day, err
	}
	// Adjustments after every invoice file: they may adjust any of them.
	for _, name := range adjFiles {
		n, err := s.applyAdjustments(ctx, name, invs, day.Bills)
		if err != nil {
			return day, err
		}
		day.Adjusted += n
	}
	for _, name := range append(slices.Clone(day.Read), day.Skipped...) {
		to := path.Join("Archive", name)
		if err := s.Root.MkdirAll(ctx, path.Dir(to)); err != nil {
			return day, fmt.Errorf("invoicecloud: archiving %s: %w", name, err)
		}
		if err := s.Root.Rename(ctx, name, to); err != nil {
			return day, fmt.Errorf("invoicecloud: archiving %s: %w", name, err)
		}
	}
	// What earlier days' payments paid is no longer due; a day answered
	// before is not answered again.
	answered, err := s.applyPayments(ctx, invs, day.Bills, date)
	if err != nil || answered || len(invs) == 0 {
		return day, err
	}
	return day, s.answer(ctx, date, invs, &day)
}

// take reads every invoice file ever taken (archived) and the new ones,
// bills staying open across days until paid, and lists the adjustment
// files; the new files it takes, and those it does not (Skipped), go into
// day.
func (s *StandIn) take(ctx context.Context, day *Day) (invs []invoice.Invoice, adjFiles []string, err error) {
	for _, archived := range []bool{true, false} {
		for _, cat := range transport.Categories {
			for _, kind := range []transport.FileKind{transport.Invoices, transport.Adjustments, transport.BillImages} {
				dir := transport.ICName{Kind: kind, Category: cat}.Dir()
				if archived {
					dir = path.Join("Archive", dir)
				}
				es, err := s.Root.List(ctx, dir)
				if err != nil {
					continue // no such folder
				}
				for _, e := range es {
					if e.IsDir || strings.HasPrefix(path.Base(e.Name), ".") {
						continue
					}
					switch {
					case kind.Code == transport.Invoices.Code:
						got, bills, err := s.readInvoices(ctx, e.Name)
						if err != nil {
							return nil, nil, err
						}
						invs = append(invs, got...)
						day.Bills = append(day.Bills, bills...)
					case kind.Code == transport.Adjustments.Code:
						adjFiles = append(adjFiles, e.Name)
					case !archived:
						day.Skipped = append(day.Skipped, e.Name)
						continue
					}
					if !archived {
						day.Read = append(day.Read, e.Name)
					}
				}
			}
		}
	}
	return invs, adjFiles, nil
}

// answer writes the day's answers for the invoices: payments, the
// paperless change log and the CloudStore lockbox, each under the next
// free name, into day.Wrote.
func (s *StandIn) answer(ctx context.Context, date time.Time, invs []invoice.Invoice, day *Day) error {
	writes := []struct {
		kind  transport.FileKind
		ext   string
		write func(io.Writer) error
	}{
		{transport.Payments, "txt", func(w io.Writer) error {
			_, err := paymenttest.Write(w, paymenttest.Options{Seed: s.Seed, Biller: s.Biller, Date: date, Payments: cmp.Or(s.Payers, 40),
				Invoices: invs, Customization: &s.Customization})
			return err
		}},
		{transport.ChangeLogs, "csv", func(w io.Writer) error {
			// Change ids are unique across days: the day's date leads them.
			first, _ := strconv.ParseInt(date.Format("20060102")+"0001", 10, 64)
			return optouttest.Write(w, optouttest.Options{Seed: s.Seed + uint64(date.Unix()), Changes: cmp.Or(s.Changes, 10), Date: date,
				Accounts: invoicetest.Accounts(invs), FirstID: first})
		}},
		{transport.Lockbox, "txt", func(w io.Writer) error {
			cfg := lockboxtest.Config()
			cfg.Biller, cfg.Created = s.Biller, date.Add(6*time.Hour+45*time.Minute)
			_, err := lockbox.Build(context.Background(), w, lockboxtest.Orders(lockboxtest.Options{Seed: s.Seed, Orders: cmp.Or(s.Orders, 12), Date: date}), cfg)
			return err
		}},
	}
	for _, wr := range writes {
		n, err := transport.NextName(ctx, s.Root, transport.ICName{Kind: wr.kind, Biller: s.Biller, Date: date, Ext: wr.ext})
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := wr.write(&buf); err != nil {
			return fmt.Errorf("invoicecloud: making %s: %w", n, err)
		}
		name := path.Join(n.Dir(), n.String())
		if err := s.Root.Put(ctx, name, &buf); err != nil {
			return err
		}
		day.Wrote = append(day.Wrote, name)
	}
	return nil
}

// readInvoices reads an uploaded invoice file of any form and presents
// its bills.
func (s *StandIn) readInvoices(ctx context.Context, name string) ([]invoice.Invoice, []invoice.Bill, error) {
	rc, err := s.Root.Open(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	defer rc.Close()
	br := bufio.NewReader(rc)
	var invs []invoice.Invoice
	var bills []invoice.Bill
	switch path.Ext(name) {
	case ".bif":
		if bills, err = invoice.ReadBills(br, name); err != nil {
			return nil, nil, fmt.Errorf("invoicecloud: refused %w", err)
		}
		for _, b := range bills {
			invs = append(invs, invoice.Invoice{Account: b.Account, Number: b.Number, TypeID: b.TypeID, BillDate: b.InvoiceDate,
				DueDate: b.DueDate, Customer: b.Customer, Paperless: b.Paperless, AutoPay: b.AutoPay,
				Balances: invoice.Balances{AmountDue: b.BalanceDue}})
		}
		return invs, bills, nil
	case ".xml":
		for inv, err := range invoice.NewClarityReader(br, &invoice.ClarityOptions{Name: name}).All() {
			if err != nil {
				return nil, nil, fmt.Errorf("invoicecloud: refused %w", err)
			}
			invs = append(invs, inv)
		}
	default:
		for inv, err := range invoice.NewConnectReader(br, &invoice.ConnectOptions{Name: name}).All() {
			if err != nil {
				return nil, nil, fmt.Errorf("invoicecloud: refused %w", err)
			}
			invs = append(invs, inv)
		}
	}
	for i, inv := range invs {
		row, err := s.Customization.BIF(inv, "")
		if err != nil {
			return nil, nil, err
		}
		bills = append(bills, invoice.Bill{BIFRow: row, File: name, Line: i + 1})
	}
	return invs, bills, nil
}

// applyAdjustments applies an adjustment file to the bills (and the
// invoices payments are made for).
func (s *StandIn) applyAdjustments(ctx context.Context, name string, invs []invoice.Invoice, bills []invoice.Bill) (int, error) {
	rc, err := s.Root.Open(ctx, name)
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	n := 0
	for a, err := range adjustment.NewReader(rc, &adjustment.Options{Name: name}).All() {
		if err != nil {
			return n, fmt.Errorf("invoicecloud: refused %w", err)
		}
		for i := range bills {
			if bills[i].Account == a.Account && bills[i].Number == a.InvoiceNumber {
				bills[i].BalanceDue = a.NewBalance
				invs[i].Balances.AmountDue = a.NewBalance
				n++
			}
		}
	}
	return n, nil
}

// applyPayments takes the payments of earlier payment files off the
// balances due, and says whether a payment file of date exists already.
func (s *StandIn) applyPayments(ctx context.Context, invs []invoice.Invoice, bills []invoice.Bill, date time.Time) (bool, error) {
	dir := transport.ICName{Kind: transport.Payments}.Dir()
	es, err := s.Root.List(ctx, dir)
	if err != nil {
		return false, nil // none yet
	}
	at := map[string]int{}
	for i, b := range bills {
		at[b.Account+"\x00"+b.Number] = i
	}
	answered := false
	for _, e := range es {
		n, err := transport.ParseICName(e.Name)
		if err != nil || n.Biller != s.Biller {
			continue
		}
		answered = answered || n.Date.Equal(date)
		rc, err := s.Root.Open(ctx, e.Name)
		if err != nil {
			return false, err
		}
		for p, err := range payment.NewReader(rc, &payment.Options{Name: e.Name}).All() {
			if err != nil {
				rc.Close()
				return false, fmt.Errorf("invoicecloud: its own payment file: %w", err)
			}
			if i, ok := at[p.Account+"\x00"+p.InvoiceNumber]; ok {
				bills[i].BalanceDue = bills[i].BalanceDue.Sub(p.Amount)
				invs[i].Balances.AmountDue = bills[i].BalanceDue
			}
		}
		rc.Close()
	}
	return answered, nil
}
