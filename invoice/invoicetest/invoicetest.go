// Package invoicetest generates a biller and its invoices for tests,
// benchmarks and examples: 42 invoice types, accounts with accented names
// and long addresses, and balance-forward invoices with charges, a water
// meter, 13 months of usage and messages. Seeded and deterministic, and
// streaming, so a file of hundreds of thousands of invoices needs no more
// memory than a small one. Accounts and invoices feed the other
// generators (payments, adjustments, change logs) so a day agrees across
// files.
package invoicetest

import (
	"cmp"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/icbatch/caselle/internal/gen"
	"github.com/icbatch/caselle/invoice"
	"github.com/shopspring/decimal"
)

// Types returns the seed biller's 42 invoice types.
func Types() []invoice.Type {
	names := []struct {
		name string
		cat  invoice.Category
	}{
		{"Utility Billing", invoice.UtilityBilling}, {"Utility Final Bill", invoice.UtilityBilling},
		{"Utility Deposit", invoice.UtilityBilling}, {"Irrigation", invoice.UtilityBilling},
		{"Electric", invoice.UtilityBilling}, {"Storm Drain", invoice.UtilityBilling},
		{"Motor Vehicle Registration", invoice.MotorVehicle}, {"Motor Vehicle Excise", invoice.MotorVehicle},
		{"Real Estate Tax", invoice.RealEstate}, {"Real Estate Supplemental", invoice.RealEstate},
		{"Personal Property Tax", invoice.PersonalProperty}, {"Business Personal Property", invoice.PersonalProperty},
		{"CloudStore", invoice.CloudStore},
	}
	var out []invoice.Type
	for i := 0; i < 42; i++ {
		n := names[i%len(names)]
		name := n.name
		if i >= len(names) {
			name = fmt.Sprintf("%s %d", n.name, i/len(names)+1)
		}
		if i >= 39 {
			name, n.cat = fmt.Sprintf("Miscellaneous Receivable %d", i-38), invoice.Miscellaneous
		}
		out = append(out, invoice.Type{ID: i + 1, Name: name, Category: n.cat})
	}
	return out
}

// Registry returns the 42 types as a registry.
func Registry() *invoice.Registry {
	r, err := invoice.NewRegistry(Types()...)
	if err != nil {
		panic(err) // the generator's own table; checked by its test
	}
	return r
}

// Options shape a generated file. The zero value makes 100 invoices of
// biller SPANFORK for billing period 2026-11, cycle 2.
type Options struct {
	Seed     uint64
	Biller   string    // default SPANFORK
	Date     time.Time // bill date; default 2026-11-01
	Invoices int       // default 100; -1 for none
	Cycle    int       // default 2
}

func (o Options) withDefaults() Options {
	o.Biller = cmp.Or(o.Biller, gen.Biller)
	o.Date = gen.Date(o.Date, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	o.Invoices = gen.Count(o.Invoices, 100)
	o.Cycle = cmp.Or(o.Cycle, 2)
	return o
}

// Header returns the file header for o.
func Header(o Options) invoice.Header {
	o = o.withDefaults()
	return invoice.Header{BillerCode: o.Biller, Created: o.Date.AddDate(0, 0, -1).Add(6*time.Hour + 30*time.Minute),
		Period: invoice.Period{Year: o.Date.Year(), Month: o.Date.Month()}, Cycle: o.Cycle}
}

var (
	first   = []string{"José", "Mary", "François", "Zoë", "Siobhán", "Robert", "Renée", "Günther", "María José", "Søren", "Šárka", "Chloë", "David", "Ana Lucía", "Thomas"}
	last    = []string{"Peña", "Johnson", "Müller", "Ångström", "O'Connor", "Smith", "Dubois", "Groß", "Ibáñez", "Lindqvist", "Novák", "Brontë", "Nguyen", "Muñoz", "Anderson-Whitfield"}
	streets = []string{"E 300 N", "S Main St", "W Canyon Crest Rd", "N Spanish Fork Pkwy", "E Center St", "S Highland Meadows Dr Apt 12B"}
)

// AccountNumber returns the i-th account number, as paymenttest makes them.
func AccountNumber(i int) string {
	return fmt.Sprintf("%03d-%04d-%02d", 100+i%9, 1000+i/9%9000, 1+i/81000%99)
}

func cents(v int64) decimal.Decimal { return decimal.New(v, -2) }

// Invoices returns the invoices of the file o describes.
func Invoices(o Options) iter.Seq[invoice.Invoice] {
	o = o.withDefaults()
	return func(yield func(invoice.Invoice) bool) {
		r := rand.New(rand.NewPCG(o.Seed, 0x1e1c))
		from := o.Date.AddDate(0, -1, 0)
		to := o.Date.AddDate(0, 0, -1)
		for i := 0; i < o.Invoices; i++ {
			inv := invoice.Invoice{
				Account: AccountNumber(i), Number: fmt.Sprintf("%s%04d", o.Date.Format("200601"), i+1), TypeID: 1,
				BillDate: o.Date, DueDate: o.Date.AddDate(0, 0, 19), PenaltyDate: o.Date.AddDate(0, 0, 20),
				ServiceFrom: from, ServiceTo: to, Paperless: r.IntN(3) == 0, AutoPay: r.IntN(5) == 0,
			}
			if r.IntN(10) == 0 {
				inv.TypeID = 2 + r.IntN(41)
			}
			name := first[r.IntN(len(first))] + " " + last[r.IntN(len(last))]
			inv.Customer = invoice.Customer{Name: name, Address1: fmt.Sprintf("%d %s", 10+r.IntN(2000), streets[r.IntN(len(streets))]),
				City: "Spanish Fork", State: "UT", Zip: "84660", ServiceAddress: fmt.Sprintf("%d %s", 10+r.IntN(2000), streets[r.IntN(len(streets))])}
			if r.IntN(4) == 0 {
				inv.Customer.Address2 = "c/o Wasatch Property Management, Ste 400" // 40 bytes: the field, full
				inv.Customer.Zip = fmt.Sprintf("84660-%04d", r.IntN(10000))
			}
			if inv.Paperless || r.IntN(2) == 0 {
				inv.Customer.Email = fmt.Sprintf("acct%d@example.com", i)
			}
			gallons := int64(2000 + r.IntN(12000))
			prevRead := int64(100000 + r.IntN(800000))
			inv.Meters = []invoice.Meter{{Number: fmt.Sprintf("M-%06d", r.IntN(1000000)), Service: "WATER",
				PreviousRead: from.AddDate(0, 0, -1), CurrentRead: to, Previous: prevRead, Current: prevRead + gallons, Consumption: gallons, Unit: "GAL"}}
			water := 2150 + gallons*175/1000 // $21.50 base + $1.75 per kgal
			inv.Charges = []invoice.Charge{
				{Service: "WATER", Description: "Water base + usage", Quantity: decimal.New(gallons, -3), Amount: cents(water)},
				{Service: "SEWER", Description: "Sewer", Amount: cents(2325)},
				{Service: "TRASH", Description: "Garbage collection, 1 can", Amount: cents(1450)},
				{Service: "STORM", Description: "Storm drain fee", Amount: cents(500)},
			}
			if r.IntN(8) == 0 {
				inv.Charges = append(inv.Charges, invoice.Charge{Service: "PENLTY", Description: "Late payment penalty", Amount: cents(500)})
			}
			current := decimal.Zero
			for _, c := range inv.Charges {
				current = current.Add(c.Amount)
			}
			prev := cents(int64(r.IntN(20000)))
			paid := prev.Neg()
			if r.IntN(6) == 0 {
				paid = decimal.Zero // nothing paid: carried forward
			}
			adj := decimal.Zero
			if r.IntN(15) == 0 {
				adj = cents(-int64(100 + r.IntN(1500)))
			}
			due := prev.Add(paid).Add(adj).Add(current)
			inv.Balances = invoice.Balances{Previous: prev, Payments: paid, Adjustments: adj, Current: current, AmountDue: due,
				AfterPenalty: due.Add(current.Mul(decimal.New(5, -2)).Round(2))}
			months := make([]invoice.MonthUsage, 13)
			for m := range months {
				mon := o.Date.AddDate(0, -1-m, 0)
				months[m] = invoice.MonthUsage{Month: invoice.Period{Year: mon.Year(), Month: mon.Month()}, Consumption: int64(1500 + r.IntN(14000))}
			}
			months[0].Consumption = gallons
			inv.Usage = []invoice.Usage{{Service: "WATER", Unit: "GAL", Months: months}}
			if r.IntN(3) == 0 {
				inv.Messages = []string{"Water conservation week is Dec 1-7.", "Pay by text: reply PAY to your bill notice."}[:1+r.IntN(2)]
			}
			if !yield(inv) {
				return
			}
		}
	}
}

// WriteConnect writes the Connect file o describes.
func WriteConnect(w interface{ Write([]byte) (int, error) }, o Options) (invoice.Summary, error) {
	cw, err := invoice.NewConnectWriter(w, Header(o), &invoice.ConnectOptions{Registry: Registry()})
	if err != nil {
		return invoice.Summary{}, err
	}
	for inv := range Invoices(o) {
		if err := cw.Write(inv); err != nil {
			return invoice.Summary{}, fmt.Errorf("invoicetest: generated an invalid invoice (a bug): %w", err)
		}
	}
	s := cw.Summary()
	return s, cw.Close()
}

// Account is one of the biller's accounts: the account type every
// generator of a day shares (optouttest changes its enrollment,
// paymenttest pays its invoices).
type Account struct {
	Number       string
	Customer     invoice.Customer
	InvoiceTypes []int // the invoice types billed to it
	Paperless    bool
	AutoPay      bool
}

// Accounts returns the accounts of invs, in their first invoice's order,
// once each, with every invoice type billed to them.
func Accounts(invs []invoice.Invoice) []Account {
	var out []Account
	at := map[string]int{}
	for _, inv := range invs {
		i, ok := at[inv.Account]
		if !ok {
			at[inv.Account] = len(out)
			out = append(out, Account{Number: inv.Account, Customer: inv.Customer, InvoiceTypes: []int{inv.TypeID},
				Paperless: inv.Paperless, AutoPay: inv.AutoPay})
			continue
		}
		if !slices.Contains(out[i].InvoiceTypes, inv.TypeID) {
			out[i].InvoiceTypes = append(out[i].InvoiceTypes, inv.TypeID)
		}
	}
	return out
}

// Collect returns the invoices of o as a slice, for the generators that
// work from a day's invoices.
func Collect(o Options) []invoice.Invoice {
	return slices.Collect(Invoices(o))
}
