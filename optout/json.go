package optout

import (
	"io"

	"github.com/icbatch/caselle/internal/jsonl"
	"github.com/icbatch/caselle/internal/layout"
)

// WriteJSON writes the change log r reads as JSON Lines, one object a
// change (the shape the README's "JSON" section gives; its record is
// "change", the file having one record type), each field under the key
// its tag gives. The first problem ends it and is returned.
func WriteJSON(w io.Writer, r *Reader) error {
	l := r.l
	return jsonl.Each(jsonl.NewWriter(w), r.All(), r.Line, func(c Change, line int) any {
		return layout.JSONRecord("change", line, func(b []byte) []byte { return l.c.AppendJSON(b, &c) })
	})
}
