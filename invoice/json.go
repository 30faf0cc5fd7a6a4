package invoice

import (
	"fmt"
	"io"
	"strconv"

	"github.com/icbatch/caselle/internal/jsonl"
	"github.com/icbatch/caselle/internal/layout"
)

// jsonFile is what WriteJSON needs of a reader beyond Reader: the names of
// its records and the lines of its header and trailer.
type jsonFile interface {
	jsonRecords() (header, invoice, summary string)
	jsonLines() (header, summary int)
}

func (r *ConnectReader) jsonRecords() (string, string, string) { return "H1", "IN", "T1" }
func (r *ConnectReader) jsonLines() (int, int)                 { return r.f.HdrLine, r.f.EndLine }
func (r *ClarityReader) jsonRecords() (string, string, string) {
	return "PSNInvoiceFile", "Invoice", "Summary"
}
func (r *ClarityReader) jsonLines() (int, int) { return r.f.HdrLine, r.f.EndLine }

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
		b = append(appendMonthsJSON(append(b, `,"months":`...), u.Months), '}')
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

// appendMonthsJSON writes usage months as an array of
// {"month":"YYYY-MM","consumption":N}.
func appendMonthsJSON(b []byte, months []MonthUsage) []byte {
	b = append(b, '[')
	for j, m := range months {
		if j > 0 {
			b = append(b, ',')
		}
		b = layout.AppendJSONString(append(b, `{"month":`...), m.Month.String())
		b = append(strconv.AppendInt(append(b, `,"consumption":`...), m.Consumption, 10), '}')
	}
	return append(b, ']')
}

// WriteBIFJSON writes the BIF r reads as JSON Lines, one object a row
// (record "invoice"), in the shape of the README's "JSON" section, each
// column under the key its tag gives. The first problem ends it and is
// returned.
func WriteBIFJSON(w io.Writer, r *BIFReader) error {
	return jsonl.Each(jsonl.NewWriter(w), r.All(), r.Line, func(row BIFRow, line int) any {
		return layout.JSONRecord("invoice", line, func(b []byte) []byte { return appendBIFJSON(b, r.l, &row) })
	})
}

// appendBIFJSON writes a BIF row's columns: what its codec binds, and in
// their places the three the reader reads itself: the minimum due (null
// when the column is empty), the notification dates and the usage.
func appendBIFJSON(b []byte, l *BIFLayout, row *BIFRow) []byte {
	return l.row.AppendJSONWith(b, row, func(b []byte, key, field string) []byte {
		b = append(b, key...)
		switch field {
		case "MinimumDue":
			if !row.HasMinimum {
				return append(b, "null"...)
			}
			return layout.AppendJSONString(b, jsonl.Money(row.MinimumDue))
		case "NotifyDates":
			b = append(b, '[')
			for i, t := range row.NotifyDates {
				if i > 0 {
					b = append(b, ',')
				}
				b = layout.AppendJSONString(b, jsonl.Date(t))
			}
			return append(b, ']')
		}
		return appendMonthsJSON(b, row.Usage)
	})
}
