// Command corpus writes the sources of the bill print-file test corpus:
// the FORMATS §10 reference bill of six generated invoices as HTML (for
// Chromium and LibreOffice), SVG pages (for cairo's rsvg-convert) and
// troff (for groff and ghostscript), and expected.csv, the index the
// reference template must read off every producer's PDF. make.sh runs it
// and the producers.
//
//	go run ./billimage/testdata/corpus DIR
package main

import (
	"encoding/csv"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"

	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/shopspring/decimal"
)

type page struct {
	inv         invoice.Invoice
	k, n        int
	blank       bool
	first, last bool
}

func main() {
	dir := os.Args[1]
	invs := invoicetest.Collect(invoicetest.Options{Seed: 10, Invoices: 6})
	invs[1].Balances.AmountDue = decimal.RequireFromString("-12.50") // a credit
	invs[2].Customer.Name = "José Peña-Ångström"
	invs[4].Balances.AmountDue = decimal.RequireFromString("1234.56") // thousands
	var pages []page
	exp, _ := os.Create(filepath.Join(dir, "expected.csv"))
	ew := csv.NewWriter(exp)
	ew.Write([]string{"AccountNumber", "InvoiceNumber", "BillDate", "DueDate", "AmountDue", "FirstPage", "LastPage"})
	for i, inv := range invs {
		n := 1
		if i == 3 {
			n = 2
		}
		first := len(pages) + 1
		for k := 1; k <= n; k++ {
			pages = append(pages, page{inv: inv, k: k, n: n, first: k == 1, last: k == n})
		}
		if i == 0 {
			pages = append(pages, page{blank: true}) // a duplex back
		}
		ew.Write([]string{inv.Account, inv.Number, inv.BillDate.Format("01/02/2006"), inv.DueDate.Format("01/02/2006"),
			inv.Balances.AmountDue.StringFixed(2), fmt.Sprint(first), fmt.Sprint(len(pages))})
	}
	ew.Flush()
	exp.Close()
	writeHTML(filepath.Join(dir, "bills.html"), pages)
	writeSVG(dir, pages)
	writeTroff(filepath.Join(dir, "bills.tr"), pages)
}

// lines is what a page prints, top to bottom: label-value pairs share a line.
func lines(p page) [][2]string {
	inv := p.inv
	var out [][2]string
	if p.first {
		out = append(out, [2]string{"SPANISH FORK CITY", ""}, [2]string{"UTILITY BILL", ""},
			[2]string{"Account Number:", inv.Account}, [2]string{"Bill Number:", inv.Number},
			[2]string{"Bill Date:", inv.BillDate.Format("01/02/2006")}, [2]string{"Due Date:", inv.DueDate.Format("01/02/2006")},
			[2]string{"Amount Due:", billimagetest.Money(inv.Balances.AmountDue)},
			[2]string{inv.Customer.Name, ""}, [2]string{inv.Customer.Address1, ""},
			[2]string{inv.Customer.City + ", " + inv.Customer.State + " " + inv.Customer.Zip, ""},
			[2]string{"Service Address:", inv.Customer.ServiceAddress})
		for _, c := range inv.Charges {
			out = append(out, [2]string{c.Service + " " + c.Description, billimagetest.Money(c.Amount)})
		}
		b := inv.Balances
		out = append(out, [2]string{"Previous Balance", billimagetest.Money(b.Previous)}, [2]string{"Payments", billimagetest.Money(b.Payments)},
			[2]string{"Current Charges", billimagetest.Money(b.Current)}, [2]string{"Total Amount Due", billimagetest.Money(b.AmountDue)})
	} else {
		out = append(out, [2]string{"Account Number:", inv.Account}, [2]string{"Usage history continues from page 1.", ""})
	}
	if p.last {
		out = append(out, [2]string{"RETURN THIS PORTION WITH YOUR PAYMENT", ""}, [2]string{"Account Number", inv.Account},
			[2]string{"Amount Due", billimagetest.Money(inv.Balances.AmountDue)}, [2]string{"Amount Enclosed", "$__________"})
	}
	return append(out, [2]string{fmt.Sprintf("Page %d of %d", p.k, p.n), ""})
}

func writeHTML(path string, pages []page) {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: 8.5in 11in; margin: 0.5in }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; margin: 0 }
.break { page-break-before: always; break-before: page }
p { margin: 0 0 6pt 0 }
</style></head><body>
`)
	// Each page's first paragraph breaks the page before it: what both
	// Chromium and LibreOffice's HTML import honour.
	for i, p := range pages {
		open := "<p>"
		if i > 0 {
			open = `<p class="break">`
		}
		if p.blank {
			b.WriteString(open + "&nbsp;</p>\n")
			continue
		}
		for j, l := range lines(p) {
			o := "<p>"
			if j == 0 {
				o = open
			}
			if l[1] == "" {
				fmt.Fprintf(&b, "%s%s</p>", o, html.EscapeString(l[0]))
			} else {
				fmt.Fprintf(&b, "%s%s <b>%s</b></p>", o, html.EscapeString(l[0]), html.EscapeString(l[1]))
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("</body></html>\n")
	os.WriteFile(path, []byte(b.String()), 0o644)
}

func writeSVG(dir string, pages []page) {
	for i, p := range pages {
		var b strings.Builder
		b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="612pt" height="792pt" viewBox="0 0 612 792" font-family="DejaVu Sans" font-size="10">` + "\n")
		if !p.blank {
			for j, l := range lines(p) {
				y := 60 + j*20
				fmt.Fprintf(&b, `<text x="40" y="%d">%s</text>`, y, html.EscapeString(l[0]))
				if l[1] != "" {
					fmt.Fprintf(&b, `<text x="260" y="%d" font-weight="bold">%s</text>`, y, html.EscapeString(l[1]))
				}
				b.WriteString("\n")
			}
		} else {
			b.WriteString(`<rect width="1" height="1" fill="white"/>` + "\n")
		}
		b.WriteString("</svg>\n")
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("page-%03d.svg", i+1)), []byte(b.String()), 0o644)
	}
}

// writeTroff writes groff source: one page a page, label and value on
// one output line.
func writeTroff(path string, pages []page) {
	var b strings.Builder
	b.WriteString(".pl 11i\n.ll 7i\n.po 0.75i\n.nf\n.ps 10\n.vs 14\n")
	esc := func(s string) string {
		s = strings.ReplaceAll(s, `\`, `\e`)
		if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
			s = `\&` + s
		}
		return s
	}
	for i, p := range pages {
		if i > 0 {
			b.WriteString(".bp\n")
		}
		if p.blank {
			b.WriteString("\\&\n")
			continue
		}
		for _, l := range lines(p) {
			if l[1] == "" {
				b.WriteString(esc(l[0]) + "\n")
			} else {
				fmt.Fprintf(&b, "%s\\h'|3i'\\fB%s\\fP\n", esc(l[0]), esc(l[1]))
			}
		}
	}
	os.WriteFile(path, []byte(b.String()), 0o644)
}
