// Package jsonl writes a file's records as JSON Lines, in the one shape
// every file kind shares (README, "JSON"): one object a record, snake_case
// keys, "record" (the record type as the file names it) and "line" (where
// it starts) on every object, money as a string at its scale ("88.40"),
// quantities at three places, dates YYYY-MM-DD and times
// YYYY-MM-DDTHH:MM:SS, an absent date as "". Each kind package converts
// its values; this package holds the shape's rules.
package jsonl

import (
	"encoding/json"
	"io"
	"iter"
	"time"

	"github.com/shopspring/decimal"
)

// Writer writes one JSON object a line, HTML characters as they are.
type Writer struct{ enc *json.Encoder }

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &Writer{enc: enc}
}

// Write writes v as one line.
func (w *Writer) Write(v any) error { return w.enc.Encode(v) }

// Each writes every value of all, made an object by conv with the line
// it starts on (line, asked after each value); the first problem ends it
// and is returned.
func Each[T any](w *Writer, all iter.Seq2[T, error], line func() int, conv func(T, int) any) error {
	for v, err := range all {
		if err != nil {
			return err
		}
		if err := w.Write(conv(v, line())); err != nil {
			return err
		}
	}
	return nil
}

// File writes a file as JSON Lines: its header's object (or the problem
// reading the header), every record's object as Each writes them, then the
// trailer's object, asked for once the records are read.
func File[T any](w io.Writer, header func() (any, error), all iter.Seq2[T, error], line func() int, conv func(T, int) any, trailer func() any) error {
	out := NewWriter(w)
	h, err := header()
	if err != nil {
		return err
	}
	if err := out.Write(h); err != nil {
		return err
	}
	if err := Each(out, all, line, conv); err != nil {
		return err
	}
	return out.Write(trailer())
}

// Money is an amount at two places: "88.40". One with more places (no
// reader makes one) is written with all of them, never rounded.
func Money(d decimal.Decimal) string { return atScale(d, 2) }

// Quantity is a quantity at three places: "6.500", or more, as Money.
func Quantity(d decimal.Decimal) string { return atScale(d, 3) }

func atScale(d decimal.Decimal, places int32) string {
	if !d.Equal(d.Round(places)) {
		return d.String()
	}
	return d.StringFixed(places)
}

// Date is YYYY-MM-DD, or "" for no date.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// DateTime is YYYY-MM-DDTHH:MM:SS, or "" for none.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02T15:04:05")
}
