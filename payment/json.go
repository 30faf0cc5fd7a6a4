package payment

import (
	"io"

	"github.com/icbatch/caselle/internal/jsonl"
)

// WriteJSON writes the file r reads as JSON Lines, one object a record
// (the shape the README's "JSON" section gives): the PH header, each PD
// payment, the PT trailer, each field under the key its tag gives (the
// layout field's name). The first problem ends it and is returned.
func WriteJSON(w io.Writer, r *Reader) error {
	l := r.l
	return jsonl.File(w, func() (any, error) {
		h, err := r.Header()
		return l.ph.JSON(&h, r.f.HdrLine), err
	}, r.All(), r.Line, func(p Payment, line int) any {
		return l.pd.JSON(&p, line)
	}, func() any {
		t, _ := r.Trailer()
		return l.pt.JSON(&t, r.f.EndLine)
	})
}
