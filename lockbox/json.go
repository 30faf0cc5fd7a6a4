package lockbox

import (
	"io"

	"github.com/icbatch/caselle/internal/jsonl"
)

type jsonHeader struct {
	Record      string `json:"record"`
	Line        int    `json:"line"`
	Priority    int    `json:"priority"`
	Destination string `json:"destination"`
	Origin      string `json:"origin"`
	Created     string `json:"created"`
}

type jsonDistribution struct {
	Sequence    int    `json:"sequence"`
	ItemCode    string `json:"item_code"`
	GLAccount   string `json:"gl_account"`
	Quantity    int    `json:"quantity"`
	Amount      string `json:"amount"`
	Description string `json:"description"`
}

type jsonPayment struct {
	Record        string             `json:"record"`
	Line          int                `json:"line"`
	Batch         int                `json:"batch"`
	Lockbox       int                `json:"lockbox"`
	Deposit       string             `json:"deposit_date"`
	Store         string             `json:"store"`
	Item          int                `json:"item"`
	Amount        string             `json:"amount"`
	Confirmation  string             `json:"confirmation"`
	Payer         string             `json:"payer"`
	Distributions []jsonDistribution `json:"distributions"`
}

type jsonTotals struct {
	Record   string `json:"record"`
	Line     int    `json:"line"`
	Lockbox  int    `json:"lockbox"`
	Batches  int    `json:"batch_count"`
	Payments int    `json:"item_count"`
	Amount   string `json:"total_amount"`
	Records  int    `json:"record_count"`
}

// WriteJSON writes the lockbox file r reads as JSON Lines, in the shape
// of the README's "JSON" section: the 1 header, each 6 payment with its 4
// distributions (and its batch), and the 8 total with the 9's record
// count. The first problem ends it and is returned.
func WriteJSON(w io.Writer, r *Reader) error {
	return jsonl.File(w, func() (any, error) {
		h, err := r.Header()
		return jsonHeader{Record: "1", Line: r.hdrLine, Priority: h.Priority, Destination: h.Destination, Origin: h.Origin,
			Created: jsonl.DateTime(h.Created)}, err
	}, r.All(), r.Line, func(p Payment, line int) any {
		jp := jsonPayment{Record: "6", Line: line, Batch: p.Batch.Number, Lockbox: p.Batch.Lockbox, Deposit: jsonl.Date(p.Batch.Deposit),
			Store: p.Batch.Store, Item: p.Item, Amount: jsonl.Money(p.Amount), Confirmation: p.Confirmation, Payer: p.Payer,
			Distributions: []jsonDistribution{}}
		for _, d := range p.Distributions {
			jp.Distributions = append(jp.Distributions, jsonDistribution{Sequence: d.Sequence, ItemCode: d.ItemCode,
				GLAccount: d.GLAccount, Quantity: d.Quantity, Amount: jsonl.Money(d.Amount), Description: d.Description})
		}
		return jp
	}, func() any {
		t, _ := r.Totals()
		return jsonTotals{Record: "8", Line: r.endLine, Lockbox: t.Lockbox, Batches: t.Batches, Payments: t.Payments,
			Amount: jsonl.Money(t.Amount), Records: t.Records}
	})
}
