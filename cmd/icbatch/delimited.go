package main

import (
	"encoding/json"
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

type jsonAdjustment struct {
	Record        string `json:"record"`
	Line          int    `json:"line,omitempty"`
	Account       string `json:"account"`
	InvoiceNumber string `json:"invoice_number"`
	InvoiceType   int    `json:"invoice_type"`
	Date          string `json:"adjustment_date"`
	Code          string `json:"code"`
	Description   string `json:"description"`
	Amount        string `json:"amount"`
	NewBalance    string `json:"new_balance_due"`
}

func adjustmentJSON(in io.Reader, name string, opt kindOptions, out io.Writer) error {
	o, err := adjustmentOptions(name, opt)
	if err != nil {
		return err
	}
	o.MaxErrors = 0
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	r := adjustment.NewReader(in, o)
	h, err := r.Header()
	if err != nil {
		return err
	}
	if err := enc.Encode(struct {
		Record  string `json:"record"`
		Biller  string `json:"biller_code"`
		Created string `json:"created"`
		Period  string `json:"billing_period"`
		Closed  bool   `json:"period_closed"`
	}{"H", h.BillerCode, h.Created.Format("2006-01-02T15:04:05"), h.Period.String(), h.PeriodClosed}); err != nil {
		return err
	}
	for a, err := range r.All() {
		if err != nil {
			return err
		}
		if err := enc.Encode(jsonAdjustment{Record: "A", Line: r.Line(), Account: a.Account, InvoiceNumber: a.InvoiceNumber,
			InvoiceType: a.InvoiceType, Date: a.Date.Format("2006-01-02"), Code: a.Code, Description: a.Description,
			Amount: a.Amount.StringFixed(2), NewBalance: a.NewBalance.StringFixed(2)}); err != nil {
			return err
		}
	}
	t, _ := r.Trailer()
	return enc.Encode(struct {
		Record  string `json:"record"`
		Records int    `json:"record_count"`
		Count   int    `json:"adjustment_count"`
		Net     string `json:"net_total"`
	}{"T", t.Records, t.Adjustments, t.Net.StringFixed(2)})
}

type jsonChange struct {
	Line        int    `json:"line"`
	ID          int64  `json:"change_id"`
	Account     string `json:"account"`
	InvoiceType int    `json:"invoice_type"`
	Paperless   bool   `json:"paperless"`
	Effective   string `json:"effective"`
	Email       string `json:"email,omitempty"`
	ChangedBy   string `json:"changed_by"`
}

func optoutJSON(in io.Reader, name string, opt kindOptions, out io.Writer) error {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	o, err := optoutOptions(name, kindOptions{layoutFile: opt.layoutFile})
	if err != nil {
		return err
	}
	r := optout.NewReader(in, o)
	for c, err := range r.All() {
		if err != nil {
			return err
		}
		if err := enc.Encode(jsonChange{Line: r.Line(), ID: c.ID, Account: c.Account, InvoiceType: c.InvoiceType, Paperless: c.Paperless,
			Effective: c.Effective.Format("2006-01-02T15:04:05"), Email: c.Email, ChangedBy: string(c.ChangedBy)}); err != nil {
			return err
		}
	}
	return nil
}
