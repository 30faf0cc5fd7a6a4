package invoice

import (
	"fmt"
	"io"
	"time"

	"github.com/icbatch/caselle/internal/jsonl"
)

// The JSON shape of invoices (README, "JSON"): the same for a Connect and
// a Clarity file; "record" says which record or element each came from.
type (
	jsonHeader struct {
		Record  string `json:"record"`
		Line    int    `json:"line"`
		Biller  string `json:"biller_code"`
		Created string `json:"created"`
		Period  string `json:"billing_period"`
		Cycle   int    `json:"billing_cycle"`
	}
	jsonInvoice struct {
		Record      string       `json:"record"`
		Line        int          `json:"line"`
		Account     string       `json:"account"`
		Number      string       `json:"invoice_number"`
		TypeID      int          `json:"invoice_type"`
		BillDate    string       `json:"bill_date"`
		DueDate     string       `json:"due_date"`
		PenaltyDate string       `json:"penalty_date"`
		ServiceFrom string       `json:"service_from"`
		ServiceTo   string       `json:"service_to"`
		Customer    jsonCustomer `json:"customer"`
		Balances    jsonBalances `json:"balances"`
		Paperless   bool         `json:"paperless"`
		AutoPay     bool         `json:"autopay"`
		Charges     []jsonCharge `json:"charges"`
		Meters      []jsonMeter  `json:"meters"`
		Usage       []jsonUsage  `json:"usage"`
		Messages    []string     `json:"messages"`
	}
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
	jsonBalances struct {
		Previous     string `json:"previous_balance"`
		Payments     string `json:"payments"`
		Adjustments  string `json:"adjustments"`
		Current      string `json:"current_charges"`
		AmountDue    string `json:"amount_due"`
		MinimumDue   string `json:"minimum_due"`
		AfterPenalty string `json:"amount_after_penalty"`
	}
	jsonCharge struct {
		Service     string `json:"service"`
		Description string `json:"description"`
		Quantity    string `json:"quantity"`
		Amount      string `json:"amount"`
	}
	jsonMeter struct {
		Number       string `json:"meter"`
		Service      string `json:"service"`
		PreviousRead string `json:"previous_read_date"`
		CurrentRead  string `json:"current_read_date"`
		Previous     int64  `json:"previous_reading"`
		Current      int64  `json:"current_reading"`
		Consumption  int64  `json:"consumption"`
		Unit         string `json:"unit"`
	}
	jsonUsage struct {
		Service string      `json:"service"`
		Unit    string      `json:"unit"`
		Months  []jsonMonth `json:"months"`
	}
	jsonMonth struct {
		Month       string `json:"month"`
		Consumption int64  `json:"consumption"`
	}
	jsonSummary struct {
		Record   string `json:"record"`
		Line     int    `json:"line"`
		Records  int    `json:"record_count,omitempty"`
		Invoices int    `json:"invoice_count"`
		TotalDue string `json:"total_amount_due"`
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
	return jsonl.File(w, func() (any, error) {
		h, err := r.Header()
		hdrLine, _ := f.jsonLines()
		return jsonHeader{hdrRec, hdrLine, h.BillerCode, jsonl.DateTime(h.Created), h.Period.String(), h.Cycle}, err
	}, r.All(), r.Line, func(inv Invoice, line int) any { return invoiceJSON(invRec, line, &inv) }, func() any {
		s, _ := r.Summary()
		_, endLine := f.jsonLines()
		return jsonSummary{sumRec, endLine, s.Records, s.Invoices, jsonl.Money(s.TotalDue)}
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

func invoiceJSON(record string, line int, inv *Invoice) jsonInvoice {
	b := &inv.Balances
	j := jsonInvoice{Record: record, Line: line, Account: inv.Account, Number: inv.Number, TypeID: inv.TypeID,
		BillDate: jsonl.Date(inv.BillDate), DueDate: jsonl.Date(inv.DueDate), PenaltyDate: jsonl.Date(inv.PenaltyDate),
		ServiceFrom: jsonl.Date(inv.ServiceFrom), ServiceTo: jsonl.Date(inv.ServiceTo), Customer: customerJSON(&inv.Customer),
		Balances: jsonBalances{jsonl.Money(b.Previous), jsonl.Money(b.Payments), jsonl.Money(b.Adjustments), jsonl.Money(b.Current),
			jsonl.Money(b.AmountDue), jsonl.Money(b.MinimumDue), jsonl.Money(b.AfterPenalty)},
		Paperless: inv.Paperless, AutoPay: inv.AutoPay, Charges: []jsonCharge{}, Meters: []jsonMeter{}, Usage: []jsonUsage{},
		Messages: append([]string{}, inv.Messages...)}
	for _, c := range inv.Charges {
		j.Charges = append(j.Charges, jsonCharge{c.Service, c.Description, jsonl.Quantity(c.Quantity), jsonl.Money(c.Amount)})
	}
	for _, m := range inv.Meters {
		j.Meters = append(j.Meters, jsonMeter{m.Number, m.Service, jsonl.Date(m.PreviousRead), jsonl.Date(m.CurrentRead),
			m.Previous, m.Current, m.Consumption, m.Unit})
	}
	for _, u := range inv.Usage {
		j.Usage = append(j.Usage, jsonUsage{u.Service, u.Unit, monthsJSON(u.Months)})
	}
	return j
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
