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
	kinds["adjustment"] = readerKind(&kind{
		name:  "adjustment",
		sniff: sniffPrefix("H,"),
		generate: func(out io.Writer, g genOptions) error {
			_, err := adjustmenttest.Write(out, adjustmenttest.Options{Seed: g.seed, Adjustments: g.count, Date: g.date, Biller: g.biller, Invoices: g.invoices})
			return err
		},
		layout: layoutOf(adjustment.DefaultLayout),
	}, adjustmentOptions, adjustment.NewReader, (*adjustment.Reader).All, adjustment.WriteJSON)
	kinds["optout"] = readerKind(&kind{
		name:  "optout",
		sniff: sniffPrefix("ChangeID,"),
		generate: func(out io.Writer, g genOptions) error {
			return optouttest.Write(out, optouttest.Options{Seed: g.seed, Changes: g.count, Date: g.date, Accounts: invoicetest.Accounts(g.invoices)})
		},
		layout: layoutOf(optout.DefaultLayout),
	}, optoutOptions, optout.NewReader, (*optout.Reader).All, optout.WriteJSON)
}

func adjustmentOptions(name string, opt kindOptions) (*adjustment.Options, error) {
	l, err := loadLayout(opt.layoutFile, adjustment.LoadLayout)
	return &adjustment.Options{Name: name, MaxErrors: opt.maxErrors, Layout: l}, err
}

func optoutOptions(name string, opt kindOptions) (*optout.Options, error) {
	l, err := loadLayout(opt.layoutFile, optout.LoadLayout)
	return &optout.Options{Name: name, MaxErrors: opt.maxErrors, Layout: l}, err
}
