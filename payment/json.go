package payment

import (
	"io"

	"github.com/icbatch/caselle/internal/jsonl"
)

type jsonHeader struct {
	Record     string `json:"record"`
	Line       int    `json:"line"`
	BillerCode string `json:"biller_code"`
	FileDate   string `json:"file_date"`
	Created    string `json:"created"`
	Sequence   int    `json:"sequence"`
}

type jsonPayment struct {
	Record        string `json:"record"`
	Line          int    `json:"line"`
	Type          string `json:"transaction_type"`
	Confirmation  string `json:"confirmation"`
	Original      string `json:"original_confirmation,omitempty"`
	Account       string `json:"account"`
	InvoiceNumber string `json:"invoice_number"`
	InvoiceType   int    `json:"invoice_type"`
	Paid          string `json:"paid"`
	Settlement    string `json:"settlement_date"`
	Amount        string `json:"amount"`
	Fee           string `json:"convenience_fee"`
	Method        string `json:"method"`
	CardBrand     string `json:"card_brand,omitempty"`
	Channel       string `json:"channel"`
	Payer         string `json:"payer"`
	Batch         string `json:"deposit_batch"`
}

type jsonTrailer struct {
	Record       string `json:"record"`
	Line         int    `json:"line"`
	Records      int    `json:"record_count"`
	Payments     int    `json:"payment_count"`
	PaymentTotal string `json:"payment_total"`
	Returns      int    `json:"return_count"`
	ReturnTotal  string `json:"return_total"`
	FeeTotal     string `json:"fee_total"`
}

// WriteJSON writes the file r reads as JSON Lines, one object a record
// (the shape the README's "JSON" section gives): the PH header, each PD
// payment, the PT trailer. The first problem ends it and is returned.
func WriteJSON(w io.Writer, r *Reader) error {
	return jsonl.File(w, func() (any, error) {
		h, err := r.Header()
		return jsonHeader{Record: "PH", Line: r.hdrLine, BillerCode: h.BillerCode,
			FileDate: jsonl.Date(h.Created), Created: jsonl.DateTime(h.Created), Sequence: h.Sequence}, err
	}, r.All(), r.Line, func(p Payment, line int) any {
		return jsonPayment{Record: "PD", Line: line, Type: string(p.Type), Confirmation: p.Confirmation,
			Original: p.Original, Account: p.Account, InvoiceNumber: p.InvoiceNumber, InvoiceType: p.InvoiceType,
			Paid: jsonl.DateTime(p.Paid), Settlement: jsonl.Date(p.Settlement),
			Amount: jsonl.Money(p.Amount), Fee: jsonl.Money(p.Fee), Method: string(p.Method),
			CardBrand: string(p.CardBrand), Channel: string(p.Channel), Payer: p.Payer, Batch: p.Batch}
	}, func() any {
		t, _ := r.Trailer()
		return jsonTrailer{Record: "PT", Line: r.endLine, Records: t.Records, Payments: t.Payments, PaymentTotal: jsonl.Money(t.PaymentTotal),
			Returns: t.Returns, ReturnTotal: jsonl.Money(t.ReturnTotal), FeeTotal: jsonl.Money(t.FeeTotal)}
	})
}
