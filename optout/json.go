package optout

import (
	"io"

	"github.com/icbatch/caselle/internal/jsonl"
)

type jsonChange struct {
	Record      string `json:"record"`
	Line        int    `json:"line"`
	ID          int64  `json:"change_id"`
	Account     string `json:"account"`
	InvoiceType int    `json:"invoice_type"`
	Paperless   bool   `json:"paperless"`
	Effective   string `json:"effective"`
	Email       string `json:"email,omitempty"`
	ChangedBy   string `json:"changed_by"`
}

// WriteJSON writes the change log r reads as JSON Lines, one object a
// change (the shape the README's "JSON" section gives; its record is
// "change", the file having one record type). The first problem ends it
// and is returned.
func WriteJSON(w io.Writer, r *Reader) error {
	return jsonl.Each(jsonl.NewWriter(w), r.All(), r.Line, func(c Change, line int) any {
		return jsonChange{Record: "change", Line: line, ID: c.ID, Account: c.Account, InvoiceType: c.InvoiceType,
			Paperless: c.Paperless, Effective: jsonl.DateTime(c.Effective), Email: c.Email, ChangedBy: string(c.ChangedBy)}
	})
}
