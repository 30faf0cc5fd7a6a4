// Package billimagetest makes bill print files for tests, benchmarks and
// examples: the FORMATS §10 reference bill for each invoice given (those
// of invoicetest, so that bills and invoice files agree), one after
// another in one PDF, with bills of one and two pages, accented
// Windows-1252 names, credits ("$12.50 CR") and, when asked, the blank
// backs of duplex sheets. Seeded and deterministic; written with go-pdf/fpdf.
package billimagetest

import (
	"cmp"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/icbatch/caselle/invoice"
	"github.com/shopspring/decimal"
)

// Options shape a print file.
type Options struct {
	Seed     uint64
	Invoices []invoice.Invoice
	// TwoPages makes about one bill in TwoPages two pages long (0: 1 in 4).
	TwoPages int
	// Duplex adds a blank page after every bill of an odd page count, as
	// a duplex print run's backs.
	Duplex bool
	Biller string // printed at the top; default SPANISH FORK CITY
	// Uncompressed leaves page content streams plain (small fuzz seeds).
	Uncompressed bool
}

// Bill is where a bill landed in the print file.
type Bill struct {
	Account, Number string
	AmountDue       decimal.Decimal
	First, Last     int // pages, 1-based; a duplex blank is the bill's before it
}

// Money prints an amount as the reference bill does: $1,234.56, and a
// credit as $12.50 CR.
func Money(d decimal.Decimal) string {
	s := d.Abs().StringFixed(2)
	whole, cents, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := "$" + b.String() + "." + cents
	if d.IsNegative() {
		out += " CR"
	}
	return out
}

// Write writes the print file of o's invoices and returns where each bill
// is.
func Write(w io.Writer, o Options) ([]Bill, error) {
	o.Biller = cmp.Or(o.Biller, "SPANISH FORK CITY")
	o.TwoPages = cmp.Or(o.TwoPages, 4)
	r := rand.New(rand.NewPCG(o.Seed, 0xb111))
	pdf := fpdf.New("P", "pt", "Letter", "")
	pdf.SetCreator("billimagetest", false)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCompression(!o.Uncompressed)
	p := painter{pdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor("")} // UTF-8 to Windows-1252
	page := 0
	var bills []Bill
	for _, inv := range o.Invoices {
		pages := 1
		if r.IntN(o.TwoPages) == 0 {
			pages = 2
		}
		due := inv.Balances.AmountDue
		b := Bill{Account: inv.Account, Number: inv.Number, AmountDue: due, First: page + 1, Last: page + pages}
		for k := 1; k <= pages; k++ {
			pdf.AddPage()
			page++
			if k == 1 {
				p.heading(o.Biller, inv)
				p.charges(inv)
			} else {
				p.text(40, 750, 10, "", "Account Number:")
				p.text(150, 750, 10, "B", inv.Account)
				p.usage(inv)
			}
			if k == pages {
				p.stub(inv)
			}
			p.text(270, 30, 8, "", fmt.Sprintf("Page %d of %d", k, pages))
		}
		if o.Duplex && pages%2 == 1 {
			pdf.AddPage()
			page++
			b.Last = page
		}
		bills = append(bills, b)
	}
	if err := pdf.Output(w); err != nil {
		return nil, fmt.Errorf("billimagetest: %w", err)
	}
	return bills, nil
}

// painter draws the parts of a bill on the current page.
type painter struct {
	pdf *fpdf.Fpdf
	tr  func(string) string
}

// text writes s at x, y measured from the bottom of the page, as a PDF
// does (fpdf measures y from the top).
func (p painter) text(x, y float64, size float64, style, s string) {
	p.pdf.SetFont("Helvetica", style, size)
	p.pdf.Text(x, 792-y, p.tr(s))
}

// heading is the top of a bill's first page: the biller, the box of the
// bill's numbers and amount due, the mailing and service addresses.
func (p painter) heading(biller string, inv invoice.Invoice) {
	p.text(40, 750, 14, "B", biller)
	p.text(40, 732, 11, "B", "UTILITY BILL")
	p.pdf.Rect(330, 792-770, 240, 100, "D")
	for i, f := range [][2]string{
		{"Account Number:", inv.Account}, {"Bill Number:", inv.Number},
		{"Bill Date:", inv.BillDate.Format("01/02/2006")}, {"Due Date:", inv.DueDate.Format("01/02/2006")},
		{"Amount Due:", Money(inv.Balances.AmountDue)},
	} {
		y := 752 - float64(i)*18
		p.text(340, y, 10, "", f[0])
		p.text(450, y, 10, "B", f[1])
	}
	c := inv.Customer
	addr := []string{c.Name, c.Address1}
	if c.Address2 != "" {
		addr = append(addr, c.Address2)
	}
	addr = append(addr, fmt.Sprintf("%s, %s %s", c.City, c.State, c.Zip))
	for i, l := range addr {
		p.text(60, 640-float64(i)*14, 10, "", l)
	}
	p.text(60, 640-float64(len(addr))*14-10, 10, "", "Service Address: "+c.ServiceAddress)
}

// charges is the first page's table of charges, the balances and the
// messages.
func (p painter) charges(inv invoice.Invoice) {
	y := 540.0
	p.text(60, y, 10, "B", "Service")
	p.text(160, y, 10, "B", "Description")
	p.text(480, y, 10, "B", "Amount")
	for _, ch := range inv.Charges {
		y -= 14
		p.text(60, y, 10, "", ch.Service)
		p.text(160, y, 10, "", ch.Description)
		p.text(480, y, 10, "", Money(ch.Amount))
	}
	y -= 24
	bal := inv.Balances
	for _, l := range []struct {
		label string
		v     decimal.Decimal
	}{{"Previous Balance", bal.Previous}, {"Payments", bal.Payments}, {"Adjustments", bal.Adjustments},
		{"Current Charges", bal.Current}, {"Total Amount Due", bal.AmountDue}} {
		p.text(300, y, 10, "", l.label)
		p.text(480, y, 10, "", Money(l.v))
		y -= 14
	}
	for _, m := range inv.Messages {
		y -= 6
		p.text(60, y, 9, "I", m)
		y -= 12
	}
}

// usage is a second page's usage history.
func (p painter) usage(inv invoice.Invoice) {
	p.text(60, 700, 10, "", "Usage history and notices continue from page 1.")
	for i, u := range inv.Usage {
		for j, m := range u.Months {
			p.text(60+float64(j%4)*130, 670-float64(i*4+j/4)*14, 9, "", fmt.Sprintf("%d-%02d %s %d %s", m.Month.Year, m.Month.Month, u.Service, m.Consumption, u.Unit))
		}
	}
}

// stub is the payment stub at the foot of a bill's last page.
func (p painter) stub(inv invoice.Invoice) {
	due := Money(inv.Balances.AmountDue)
	p.pdf.Line(40, 792-150, 572, 792-150)
	p.text(40, 135, 9, "B", "RETURN THIS PORTION WITH YOUR PAYMENT")
	p.text(40, 115, 10, "", "Account Number")
	p.text(160, 115, 10, "B", inv.Account)
	p.text(40, 99, 10, "", "Amount Due")
	p.text(160, 99, 10, "B", due)
	p.text(40, 83, 10, "", "Amount Enclosed")
	p.text(160, 83, 10, "", "$__________")
}
