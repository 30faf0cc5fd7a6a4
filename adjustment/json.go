package adjustment

import (
	"io"

	"github.com/icbatch/caselle/internal/jsonl"
)

type jsonHeader struct {
	Record  string `json:"record"`
	Line    int    `json:"line"`
	Biller  string `json:"biller_code"`
	Created string `json:"created"`
	Period  string `json:"billing_period"`
	Closed  bool   `json:"period_closed"`
}

type jsonAdjustment struct {
	Record        string `json:"record"`
	Line          int    `json:"line"`
	Account       string `json:"account"`
	InvoiceNumber string `json:"invoice_number"`
	InvoiceType   int    `json:"invoice_type"`
	Date          string `json:"adjustment_date"`
	Code          string `json:"code"`
	Description   string `json:"description"`
	Amount        string `json:"amount"`
	NewBalance    string `json:"new_balance_due"`
}

type jsonTrailer struct {
	Record  string `json:"record"`
	Line    int    `json:"line"`
	Records int    `json:"record_count"`
	Count   int    `json:"adjustment_count"`
	Net     string `json:"net_total"`
}

// WriteJSON writes the file r reads as JSON Lines, one object a record
// (the shape the README's "JSON" section gives): the H header, each A
// adjustment, the T trailer. The first problem ends it and is returned.
func WriteJSON(w io.Writer, r *Reader) error {
	return jsonl.File(w, func() (any, error) {
		h, err := r.Header()
		return jsonHeader{"H", r.hdrLine, h.BillerCode, jsonl.DateTime(h.Created), h.Period.String(), h.PeriodClosed}, err
	}, r.All(), r.Line, func(a Adjustment, line int) any {
		return jsonAdjustment{Record: "A", Line: line, Account: a.Account, InvoiceNumber: a.InvoiceNumber,
			InvoiceType: a.InvoiceType, Date: jsonl.Date(a.Date), Code: a.Code, Description: a.Description,
			Amount: jsonl.Money(a.Amount), NewBalance: jsonl.Money(a.NewBalance)}
	}, func() any {
		t, _ := r.Trailer()
		return jsonTrailer{"T", r.endLine, t.Records, t.Adjustments, jsonl.Money(t.Net)}
	})
}
