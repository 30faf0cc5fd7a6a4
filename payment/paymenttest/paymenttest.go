// Package paymenttest generates realistic payment files for tests,
// benchmarks and examples, as net/http/httptest does for HTTP: seeded and
// deterministic (the same Options give the same bytes), streaming (a
// gigabyte file needs no more memory than a small one), and valid under
// every rule the payment package checks.
//
// A generated day has the mix a utility biller sees: card, ACH and wallet
// payments through the web portal, IVR, pay-by-text, AutoPay and the
// biller portal (keyed and swiped); reversals and refunds that point at
// earlier payments of the file; convenience fees on card payments; and
// payer names that need Windows-1252, such as "José Peña".
package paymenttest

import (
	"cmp"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"time"

	"github.com/icbatch/caselle/internal/gen"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/payment"
	"github.com/shopspring/decimal"
)

// Options shape a generated file. The zero value makes 200 payments for
// biller SPANFORK on 2026-11-25.
type Options struct {
	Seed     uint64
	Biller   string    // default "SPANFORK"
	Date     time.Time // file date; payments are made the day before; default 2026-11-25
	Payments int       // PD records; default 200 (use -1 for none)
	Sequence int       // file sequence number; default 1
	// Accounts lists the account numbers payments are made for; default:
	// generated. Give the accounts of a generated invoice file to make a
	// day whose files agree.
	Accounts []string
	// ReturnPercent is the share of REV and RFD records; default 3.
	ReturnPercent int
	// Invoices, when given, are the bills Invoice Cloud presented, as the
	// customization made them: every payment is for one of them. Bills on
	// AutoPay are paid in full on their AutoPay date (and only then);
	// others are paid by Payments payers at most once each, in full, or
	// in part where the customization allows partial payments; a bill
	// with nothing due or past its expire date is never paid. Accounts is
	// ignored; Payments counts the payers who are not on AutoPay.
	Invoices      []invoice.Invoice
	Customization *invoice.Customization // default: DefaultCustomization
}

// DefaultCustomization is the customization Payments assumes when given
// invoices without one: partial payments allowed, AutoPay three days
// before the due date, bills expiring 60 days after it.
var DefaultCustomization = invoice.Customization{BillingMode: "balance-forward", AutoPayDaysBeforeDue: 3,
	ExpireDaysAfterDue: 60, MinimumPayment: "none", AllowPartialPayments: true}

func (o Options) withDefaults() Options {
	o.Biller = cmp.Or(o.Biller, gen.Biller)
	y, m, d := gen.Date(o.Date, gen.Day).Date()
	o.Date = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	o.Payments = gen.Count(o.Payments, 200)
	o.Sequence = cmp.Or(o.Sequence, 1)
	o.ReturnPercent = cmp.Or(o.ReturnPercent, 3)
	return o
}

// Header returns the PH record of the file o describes.
func Header(o Options) payment.Header {
	o = o.withDefaults()
	return payment.Header{BillerCode: o.Biller, Created: o.Date.Add(6*time.Hour + 30*time.Minute), Sequence: o.Sequence}
}

// Names are payer names, some of which need Windows-1252.
var Names = []string{
	"José Peña", "Mary Johnson", "François Müller", "Zoë Ångström", "Siobhán O'Connor",
	"Robert Smith", "Renée Dubois", "Günther Groß", "María José Ibáñez", "Søren Lindqvist",
	"Šárka Novák", "Chloë Brontë", "David Nguyen", "Chloé Cœur", "Ava Martinez",
	"Thomas Anderson", "Noël Lefèvre", "Jürgen Weiß", "Ana Lucía Muñoz", "Spanish Fork City Parks",
}

type weighted[T any] struct {
	v T
	w int
}

func pick[T any](r *rand.Rand, ws []weighted[T]) T {
	total := 0
	for _, x := range ws {
		total += x.w
	}
	n := r.IntN(total)
	for _, x := range ws {
		if n < x.w {
			return x.v
		}
		n -= x.w
	}
	return ws[len(ws)-1].v
}

var (
	methodMix = []weighted[payment.Method]{
		{payment.CreditCard, 40}, {payment.DebitCard, 15}, {payment.ACH, 30}, {payment.PayPal, 5},
		{payment.Venmo, 3}, {payment.ApplePay, 4}, {payment.GooglePay, 3},
	}
	channelMix = []weighted[payment.Channel]{
		{payment.Web, 55}, {payment.IVR, 10}, {payment.OutboundIVR, 3}, {payment.Text, 7},
		{payment.AutoPay, 18}, {payment.BillerKeyed, 4}, {payment.BillerSwipe, 3},
	}
	brandMix = []weighted[payment.CardBrand]{
		{payment.Visa, 55}, {payment.MasterCard, 30}, {payment.Amex, 8}, {payment.Discover, 7},
	}
)

// Account returns the i-th generated account number ("100-2345-01").
func Account(i int) string {
	return fmt.Sprintf("%03d-%04d-%02d", 100+i%9, 1000+i/9%9000, 1+i/81000%99)
}

// Payments returns the PD records of the file o describes.
func Payments(o Options) iter.Seq[payment.Payment] {
	o = o.withDefaults()
	return func(yield func(payment.Payment) bool) {
		r := rand.New(rand.NewPCG(o.Seed, 0x1cba7c4))
		day := o.Date.AddDate(0, 0, -1)
		const ring = 1024
		var recent [ring]payment.Payment
		nrecent := 0
		var bills []invoice.BIFRow
		n := o.Payments
		if len(o.Invoices) > 0 {
			bills = billsToPay(r, o, day)
			n = len(bills) + len(bills)*o.ReturnPercent/100
		}
		for i := 0; i < n; i++ {
			var p payment.Payment
			if len(bills) > 0 && (nrecent == 0 || r.IntN(100) >= o.ReturnPercent) {
				p = newPayment(r, o, i)
				payBill(r, &p, bills[0])
				bills = bills[1:]
			} else if nrecent > 0 && (len(bills) > 0 || len(o.Invoices) > 0 || r.IntN(100) < o.ReturnPercent) {
				orig := recent[r.IntN(min(nrecent, ring))]
				p = orig
				p.Original = orig.Confirmation
				p.Fee = decimal.Decimal{}
				if r.IntN(3) == 0 {
					p.Type = payment.RFD // partial or whole refund
					part := decimal.New(int64(1+r.IntN(100)), -2)
					p.Amount = orig.Amount.Mul(part).Round(2).Neg()
					if p.Amount.IsZero() {
						p.Amount = decimal.New(-1, -2)
					}
					p.Channel = payment.BillerKeyed
				} else {
					p.Type = payment.REV
					p.Amount = orig.Amount.Neg()
				}
			} else {
				p = newPayment(r, o, i)
			}
			p.Confirmation = guid(r)
			p.Paid = day.Add(time.Duration(r.IntN(24*3600)) * time.Second)
			if p.Type != payment.PMT && p.Paid.Before(recentPaid(recent[:], nrecent)) {
				p.Paid = recentPaid(recent[:], nrecent)
			}
			p.Settlement = day.AddDate(0, 0, 1)
			if p.Method == payment.ACH {
				p.Settlement = day.AddDate(0, 0, 2)
			}
			p.Batch = batchID(day, p.Method)
			if p.Type == payment.PMT {
				recent[nrecent%ring] = p
				nrecent++
			}
			if !yield(p) {
				return
			}
		}
	}
}

// billsToPay picks the bills paid on day: those on AutoPay whose AutoPay
// date it is, and o.Payments of the others, in a random order.
func billsToPay(r *rand.Rand, o Options, day time.Time) []invoice.BIFRow {
	c := DefaultCustomization
	if o.Customization != nil {
		c = *o.Customization
	}
	var auto, others []invoice.BIFRow
	for _, inv := range o.Invoices {
		row, err := c.BIF(inv, "")
		if err != nil || !row.BalanceDue.IsPositive() || (!row.ExpireDate.IsZero() && day.After(row.ExpireDate)) {
			continue
		}
		switch {
		case row.AutoPay && row.AutoPayDate.Equal(day):
			auto = append(auto, row)
		case !row.AutoPay:
			others = append(others, row)
		}
	}
	r.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
	bills := append(auto, others[:min(o.Payments, len(others))]...)
	r.Shuffle(len(bills), func(i, j int) { bills[i], bills[j] = bills[j], bills[i] })
	return bills
}

// payBill makes p a payment of bill b: in full, or in part when b allows.
func payBill(r *rand.Rand, p *payment.Payment, b invoice.BIFRow) {
	p.Account, p.InvoiceNumber, p.InvoiceType = b.Account, b.Number, b.TypeID
	p.Amount = b.BalanceDue
	if b.AllowPartial && !b.AutoPay && r.IntN(5) == 0 {
		if part := b.BalanceDue.Mul(decimal.New(int64(20+r.IntN(70)), -2)).Round(2); part.IsPositive() {
			p.Amount = part
		}
	}
	if !b.AutoPay && p.Channel == payment.AutoPay {
		p.Channel = payment.Web // AutoPay pays only the bills on it
	}
	if b.AutoPay {
		p.Channel = payment.AutoPay
		if !p.Method.IsCard() {
			p.Method, p.CardBrand = payment.ACH, ""
		}
		if p.Method == payment.ACH {
			p.Fee = decimal.New(95, -2)
		}
	}
	p.Payer = b.Customer.Name
}

// recentPaid is a time no earlier than any payment kept (reversals come
// after what they reverse).
func recentPaid(recent []payment.Payment, n int) time.Time {
	var t time.Time
	for _, p := range recent[:min(n, len(recent))] {
		if p.Paid.After(t) {
			t = p.Paid
		}
	}
	return t
}

func newPayment(r *rand.Rand, o Options, i int) payment.Payment {
	p := payment.Payment{Type: payment.PMT}
	if len(o.Accounts) > 0 {
		p.Account = o.Accounts[r.IntN(len(o.Accounts))]
	} else {
		p.Account = Account(r.IntN(50000))
	}
	p.InvoiceType = 1
	if r.IntN(10) == 0 {
		p.InvoiceType = 2 + r.IntN(41) // the seed's biller has 42 invoice types
	}
	p.InvoiceNumber = fmt.Sprintf("%s%05d", o.Date.AddDate(0, -1, 0).Format("200601"), r.IntN(100000))
	p.Channel = pick(r, channelMix)
	p.Method = pick(r, methodMix)
	switch p.Channel {
	case payment.BillerSwipe:
		p.Method = payment.CreditCard
		if r.IntN(3) == 0 {
			p.Method = payment.DebitCard
		}
	case payment.AutoPay:
		if !p.Method.IsCard() {
			p.Method = payment.ACH
		}
	}
	if p.Method.IsCard() {
		p.CardBrand = pick(r, brandMix)
	}
	// Utility bills: mostly $20-$400, now and then a large commercial one.
	cents := int64(2000 + r.IntN(38000))
	if r.IntN(50) == 0 {
		cents = int64(100000 + r.IntN(2000000))
	}
	p.Amount = decimal.New(cents, -2)
	switch {
	case p.Method == payment.ACH:
		p.Fee = decimal.New(95, -2)
	case r.IntN(4) == 0:
		p.Fee = decimal.Decimal{}
	default:
		p.Fee = decimal.New(295, -2)
	}
	p.Payer = Names[r.IntN(len(Names))]
	return p
}

func guid(r *rand.Rand) string {
	a, b := r.Uint64(), r.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, a>>16&0xffff, a&0xfff, 0x8000|b>>48&0x3fff, b&0xffffffffffff)
}

func batchID(day time.Time, m payment.Method) string {
	group := 1 // cards and wallets
	switch m {
	case payment.ACH:
		group = 2
	case payment.PayPal, payment.Venmo:
		group = 3
	}
	return fmt.Sprintf("B%s%02d", day.Format("060102"), group)
}

// Write writes the whole file o describes to w and returns its trailer.
func Write(w io.Writer, o Options) (payment.Trailer, error) {
	pw, err := payment.NewWriter(w, Header(o), nil)
	if err != nil {
		return payment.Trailer{}, err
	}
	for p := range Payments(o) {
		if err := pw.Write(p); err != nil {
			return payment.Trailer{}, fmt.Errorf("paymenttest: generated an invalid payment (a bug): %w", err)
		}
	}
	if err := pw.Close(); err != nil {
		return payment.Trailer{}, err
	}
	return pw.Trailer(), nil
}

// FileName returns the Invoice Cloud name of the file o describes:
// <BILLER>_PMT_<YYYYMMDD>_<NNN>.txt.
func FileName(o Options) string {
	o = o.withDefaults()
	return fmt.Sprintf("%s_PMT_%s_%03d.txt", o.Biller, o.Date.Format("20060102"), o.Sequence)
}
