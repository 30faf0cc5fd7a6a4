package invoice

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/icbatch/caselle/internal/jsonl"
	"github.com/icbatch/caselle/internal/layout"
)

// The JSON shape of invoices (README, "JSON"): the same for a Connect and
// a Clarity file; "record" says which record or element each came from.
type (
	jsonCustomer struct {
		Name           string `json:"name"`
		Address1       string `json:"address1"`
		Address2       string `json:"address2"`
		City           string `json:"city"`
		State          string `json:"state"`
		Zip            string `json:"zip"`
		ServiceAddress string `json:"service_address"`
		Email          string `json:"email"`
	}
	jsonMonth struct {
		Month       string `json:"month"`
		Consumption int64  `json:"consumption"`
	}
	jsonBIF struct {
		Record             string       `json:"record"`
		Line               int          `json:"line"`
		Account            string       `json:"account"`
		Number             string       `json:"invoice_number"`
		TypeID             int          `json:"invoice_type"`
		Customer           jsonCustomer `json:"customer"`
		InvoiceDate        string       `json:"invoice_date"`
		DueDate            string       `json:"due_date"`
		BalanceDue         string       `json:"balance_due"`
		MinimumDue         *string      `json:"minimum_due"` // null: no minimum
		AllowPartial       bool         `json:"allow_partial_payment"`
		ExpireDate         string       `json:"expire_date"`
		AutoPayDate        string       `json:"autopay_date"`
		NotifyDates        []string     `json:"notify_dates"`
		Paperless          bool         `json:"paperless"`
		AutoPay            bool         `json:"autopay"`
		PreviousBalance    string       `json:"previous_balance"`
		Payments           string       `json:"payments"`
		Adjustments        string       `json:"adjustments"`
		CurrentCharges     string       `json:"current_charges"`
		PenaltyDate        string       `json:"penalty_date"`
		AmountAfterPenalty string       `json:"amount_after_penalty"`
		Usage              []jsonMonth  `json:"usage"`
		BillImage          string       `json:"bill_image"`
	}
)

// jsonFile is what WriteJSON needs of a reader beyond Reader: the names of
// its records and the lines of its header and trailer.
type jsonFile interface {
	jsonRecords() (header, invoice, summary string)
	jsonLines() (header, summary int)
}

func (r *ConnectReader) jsonRecords() (string, string, string) { return "H1", "IN", "T1" }
func (r *ConnectReader) jsonLines() (int, int)                 { return r.hdrLine, r.endLine }
func (r *ClarityReader) jsonRecords() (string, string, string) {
	return "PSNInvoiceFile", "Invoice", "Summary"
}
func (r *ClarityReader) jsonLines() (int, int) { return r.hdrLine, r.endLine }

// WriteJSON writes the invoice file r reads (a ConnectReader or a
// ClarityReader) as JSON Lines, one object for the header, each invoice
// and the trailer, in the one shape of the README's "JSON" section: a
// Connect and a Clarity file of the same invoices differ only in each
// object's record and line. The first problem ends it and is returned.
func WriteJSON(w io.Writer, r Reader) error {
	f, ok := r.(jsonFile)
	if !ok {
		return fmt.Errorf("invoice: WriteJSON reads a ConnectReader or a ClarityReader, not a %T", r)
	}
	hdrRec, invRec, sumRec := f.jsonRecords()
	l := defaultConnect // the keys are the Connect layout's field names, for a Clarity file too
	return jsonl.File(w, func() (any, error) {
		h, err := r.Header()
		hdrLine, _ := f.jsonLines()
		return layout.JSONRecord(hdrRec, hdrLine, func(b []byte) []byte { return l.h.AppendJSON(b, &h) }), err
	}, r.All(), r.Line, func(inv Invoice, line int) any {
		return layout.JSONRecord(invRec, line, func(b []byte) []byte { return appendInvoiceJSON(b, l, &inv) })
	}, func() any {
		s, _ := r.Summary()
		_, endLine := f.jsonLines()
		return layout.JSONRecord(sumRec, endLine, func(b []byte) []byte { return l.t.AppendJSON(b, &s) })
	})
}

func customerJSON(c *Customer) jsonCustomer {
	return jsonCustomer{c.Name, c.Address1, c.Address2, c.City, c.State, c.Zip, c.ServiceAddress, c.Email}
}

func monthsJSON(ms []MonthUsage) []jsonMonth {
	out := make([]jsonMonth, len(ms))
	for i, m := range ms {
		out[i] = jsonMonth{m.Month.String(), m.Consumption}
	}
	return out
}

// appendInvoiceJSON writes an invoice's fields: what its codec binds (the
// IN record's, its customer, balances, charge lines and meters), then the
// usage history and messages, bound by hand.
func appendInvoiceJSON(b []byte, l *ConnectLayout, inv *Invoice) []byte {
	b = append(l.in.AppendJSON(b, inv), `,"usage":[`...)
	for i, u := range inv.Usage {
		if i > 0 {
			b = append(b, ',')
		}
		b = layout.AppendJSONString(append(b, `{"service":`...), u.Service)
		b = layout.AppendJSONString(append(b, `,"unit":`...), u.Unit)
		b = append(b, `,"months":[`...)
		for j, m := range u.Months {
			if j > 0 {
				b = append(b, ',')
			}
			b = layout.AppendJSONString(append(b, `{"month":`...), m.Month.String())
			b = append(strconv.AppendInt(append(b, `,"consumption":`...), m.Consumption, 10), '}')
		}
		b = append(b, "]}"...)
	}
	b = append(b, `],"messages":[`...)
	for i, m := range inv.Messages {
		if i > 0 {
			b = append(b, ',')
		}
		b = layout.AppendJSONString(b, m)
	}
	return append(b, ']')
}

// WriteBIFJSON writes the BIF r reads as JSON Lines, one object a row
// (record "invoice"), in the shape of the README's "JSON" section. The
// first problem ends it and is returned.
func WriteBIFJSON(w io.Writer, r *BIFReader) error {
	return jsonl.Each(jsonl.NewWriter(w), r.All(), r.Line, func(b BIFRow, line int) any {
		j := jsonBIF{Record: "invoice", Line: line, Account: b.Account, Number: b.Number, TypeID: b.TypeID,
			Customer: customerJSON(&b.Customer), InvoiceDate: jsonl.Date(b.InvoiceDate), DueDate: jsonl.Date(b.DueDate),
			BalanceDue: jsonl.Money(b.BalanceDue), AllowPartial: b.AllowPartial, ExpireDate: jsonl.Date(b.ExpireDate),
			AutoPayDate: jsonl.Date(b.AutoPayDate), NotifyDates: []string{}, Paperless: b.Paperless, AutoPay: b.AutoPay,
			PreviousBalance: jsonl.Money(b.PreviousBalance), Payments: jsonl.Money(b.Payments), Adjustments: jsonl.Money(b.Adjustments),
			CurrentCharges: jsonl.Money(b.CurrentCharges), PenaltyDate: jsonl.Date(b.PenaltyDate),
			AmountAfterPenalty: jsonl.Money(b.AmountAfterPenalty), Usage: monthsJSON(b.Usage), BillImage: b.BillImage}
		if b.HasMinimum {
			m := jsonl.Money(b.MinimumDue)
			j.MinimumDue = &m
		}
		for _, t := range b.NotifyDates {
			j.NotifyDates = append(j.NotifyDates, t.Format(time.DateOnly))
		}
		return j
	})
}
