package main

import (
	"io"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/adjustment/adjustmenttest"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/optout"
	"github.com/icbatch/caselle/optout/optouttest"
)

func init() {
	kinds["adjustment"] = &kind{
		name:     "adjustment",
		sniff:    sniffPrefix("H,"),
		validate: validateAdjustment,
		toJSON:   adjustmentJSON,
		generate: func(out io.Writer, g genOptions) error {
			_, err := adjustmenttest.Write(out, adjustmenttest.Options{Seed: g.seed, Adjustments: g.count, Date: g.date, Biller: g.biller, Invoices: g.invoices})
			return err
		},
		layout: func() ([]byte, string) {
			l := adjustment.DefaultLayout()
			return l.JSON(), l.Markdown()
		},
	}
	kinds["optout"] = &kind{
		name:     "optout",
		sniff:    sniffPrefix("ChangeID,"),
		validate: validateOptout,
		toJSON:   optoutJSON,
		generate: func(out io.Writer, g genOptions) error {
			return optouttest.Write(out, optouttest.Options{Seed: g.seed, Changes: g.count, Date: g.date, Accounts: invoicetest.Accounts(g.invoices)})
		},
		layout: func() ([]byte, string) { l := optout.DefaultLayout(); return l.JSON(), l.Markdown() },
	}
}

func adjustmentOptions(name string, opt kindOptions) (*adjustment.Options, error) {
	o := &adjustment.Options{Name: name, MaxErrors: opt.maxErrors}
	var err error
	o.Layout, err = loadLayout(opt.layoutFile, adjustment.LoadLayout)
	return o, err
}

func validateAdjustment(in io.Reader, name string, opt kindOptions, report func(error)) error {
	o, err := adjustmentOptions(name, opt)
	if err != nil {
		return err
	}
	return reportAll(adjustment.NewReader(in, o).All(), report)
}

func optoutOptions(name string, opt kindOptions) (*optout.Options, error) {
	o := &optout.Options{Name: name, MaxErrors: opt.maxErrors}
	var err error
	o.Layout, err = loadLayout(opt.layoutFile, optout.LoadLayout)
	return o, err
}

func validateOptout(in io.Reader, name string, opt kindOptions, report func(error)) error {
	o, err := optoutOptions(name, opt)
	if err != nil {
		return err
	}
	return reportAll(optout.NewReader(in, o).All(), report)
}

func adjustmentJSON(in io.Reader, name string, opt kindOptions, out io.Writer) error {
	o, err := adjustmentOptions(name, opt)
	if err != nil {
		return err
	}
	o.MaxErrors = 0
	return adjustment.WriteJSON(out, adjustment.NewReader(in, o))
}

func optoutJSON(in io.Reader, name string, opt kindOptions, out io.Writer) error {
	o, err := optoutOptions(name, kindOptions{layoutFile: opt.layoutFile})
	if err != nil {
		return err
	}
	return optout.WriteJSON(out, optout.NewReader(in, o))
}
