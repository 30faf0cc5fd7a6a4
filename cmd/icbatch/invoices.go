package main

import (
	"bufio"
	"context"
	"io"
	"iter"
	"os"

	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

func init() {
	kinds["connect"] = readerKind(&kind{
		name:  "connect",
		sniff: sniffPrefix("H1"),
		generate: func(out io.Writer, g genOptions) error {
			_, err := invoicetest.WriteConnect(out, invoicetest.Options{Seed: g.seed, Invoices: g.count, Date: g.date, Biller: g.biller})
			return err
		},
		layout: layoutOf(invoice.DefaultConnectLayout),
	}, connectOptions, invoice.NewConnectReader, (*invoice.ConnectReader).All, invoicesJSON[*invoice.ConnectReader])
	kinds["clarity"] = readerKind(&kind{
		name:  "clarity",
		sniff: invoice.LooksLikeClarity,
		generate: func(out io.Writer, g genOptions) error {
			o := invoicetest.Options{Seed: g.seed, Invoices: g.count, Date: g.date, Biller: g.biller}
			w, err := invoice.NewClarityWriter(out, invoicetest.Header(o), nil)
			if err != nil {
				return err
			}
			for inv := range invoicetest.Invoices(o) {
				if err := w.Write(inv); err != nil {
					return err
				}
			}
			return w.Close()
		},
		layout: func() ([]byte, string) { return nil, "Clarity files are XML: see FORMATS §3.\n" },
	}, clarityOptions, invoice.NewClarityReader, (*invoice.ClarityReader).All, invoicesJSON[*invoice.ClarityReader])
	kinds["bif"] = readerKind(&kind{
		name:  "bif",
		sniff: sniffPrefix("AccountNumber,InvoiceNumber,"),
		generate: func(out io.Writer, g genOptions) error {
			invs := invoicetest.Invoices(invoicetest.Options{Seed: g.seed, Invoices: g.count, Date: g.date, Biller: g.biller})
			_, err := invoice.WriteBIF(context.Background(), out, withoutErrors(invs), defaultCustomization())
			return err
		},
		layout: layoutOf(invoice.DefaultBIFLayout),
	}, bifOptions, invoice.NewBIFReader, (*invoice.BIFReader).All, invoice.WriteBIFJSON)
}

func defaultCustomization() invoice.Customization {
	return invoice.Customization{BillingMode: "balance-forward", MinimumPayment: "source", NotifyDaysBeforeDue: []int{5}, NotifyOnBillDate: true}
}

type invoiceReader = invoice.Reader

// withoutErrors is a generator's invoices as a reader's.
func withoutErrors(invs iter.Seq[invoice.Invoice]) iter.Seq2[invoice.Invoice, error] {
	return func(yield func(invoice.Invoice, error) bool) {
		for inv := range invs {
			if !yield(inv, nil) {
				return
			}
		}
	}
}

func bifOptions(name string, opt kindOptions) (*invoice.BIFOptions, error) {
	l, err := loadLayout(opt.layoutFile, invoice.LoadBIFLayout)
	return &invoice.BIFOptions{Name: name, MaxErrors: opt.maxErrors, Layout: l}, err
}

func connectOptions(name string, opt kindOptions) (*invoice.ConnectOptions, error) {
	l, err := loadLayout(opt.layoutFile, invoice.LoadConnectLayout)
	return &invoice.ConnectOptions{Name: name, MaxErrors: opt.maxErrors, Layout: l}, err
}

func clarityOptions(name string, opt kindOptions) (*invoice.ClarityOptions, error) {
	if opt.layoutFile != "" {
		return nil, usagef("--layout: Clarity files are XML (FORMATS §3); they have no layout to load")
	}
	return &invoice.ClarityOptions{Name: name, MaxErrors: opt.maxErrors}, nil
}

// invoicesJSON writes a Connect or Clarity reader's invoices as JSON Lines.
func invoicesJSON[R invoice.Reader](out io.Writer, r R) error { return invoice.WriteJSON(out, r) }

// convertInvoices converts a Connect or Clarity file to connect, clarity
// or bif; the first problem of the input stops it.
func convertInvoices(k *kind, in io.Reader, name, to, customization string, out io.Writer) error {
	if k.name != "connect" && k.name != "clarity" {
		return usagef("--to %s takes a connect or clarity file, not %s", to, k.name)
	}
	r, err := invoiceFile(in, name, k, "")
	if err != nil {
		return err
	}
	if to == "bif" {
		c, err := loadCustomization(customization)
		if err != nil {
			return err
		}
		_, err = invoice.WriteBIF(context.Background(), out, r.All(), c)
		return err
	}
	h, err := r.Header()
	if err != nil {
		return err
	}
	var w interface {
		Write(invoice.Invoice) error
		Close() error
	}
	if to == "connect" {
		w, err = invoice.NewConnectWriter(out, h, nil)
	} else {
		w, err = invoice.NewClarityWriter(out, h, nil)
	}
	if err != nil {
		return err
	}
	for inv, err := range r.All() {
		if err != nil {
			return err
		}
		if err := w.Write(inv); err != nil {
			return err
		}
	}
	return w.Close()
}

// readInvoices reads every invoice of a Connect or Clarity file.
func readInvoices(name string) ([]invoice.Invoice, error) {
	var invs []invoice.Invoice
	err := eachInvoice(name, "--from", nil, func(inv invoice.Invoice) error {
		invs = append(invs, inv)
		return nil
	})
	return invs, err
}

// eachInvoice hands each invoice of the Connect or Clarity file name (the
// value of flag) to fn, streamed; a BIF goes to bif instead when bif is
// not nil.
func eachInvoice(name, flag string, bif func(io.Reader) error, fn func(invoice.Invoice) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	k, err := detect(name, br)
	if err != nil {
		return err
	}
	if k.name == "bif" && bif != nil {
		return bif(br)
	}
	r, err := invoiceFile(br, name, k, flag)
	if err != nil {
		return err
	}
	for inv, err := range r.All() {
		if err != nil {
			return err
		}
		if err := fn(inv); err != nil {
			return err
		}
	}
	return nil
}

// loadCustomization reads --customization, or gives the default.
func loadCustomization(name string) (invoice.Customization, error) {
	if name == "" {
		return defaultCustomization(), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return invoice.Customization{}, err
	}
	defer f.Close()
	c, err := invoice.LoadCustomization(f)
	if err != nil {
		return c, usagef("--customization %s: %v", name, err)
	}
	return c, nil
}

// invoiceFile is the reader of an invoice file (Connect or Clarity) of
// kind k; flag names what was given in the error for any other kind.
func invoiceFile(br io.Reader, name string, k *kind, flag string) (invoiceReader, error) {
	switch k.name {
	case "connect":
		return invoice.NewConnectReader(br, &invoice.ConnectOptions{Name: name}), nil
	case "clarity":
		return invoice.NewClarityReader(br, &invoice.ClarityOptions{Name: name}), nil
	}
	return nil, usagef("%s %s: a %s file; want invoices in Connect or Clarity form", flag, name, k.name)
}
