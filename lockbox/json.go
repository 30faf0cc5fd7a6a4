package lockbox

import (
	"io"
	"strconv"

	"github.com/icbatch/caselle/internal/jsonl"
	"github.com/icbatch/caselle/internal/layout"
)

// WriteJSON writes the lockbox file r reads as JSON Lines, in the shape
// of the README's "JSON" section: the 1 header, each 6 payment with its
// batch's fields and its 4 distributions, and the 8 total with the 9's
// record count, each field under the key its tag gives. The first problem
// ends it and is returned.
func WriteJSON(w io.Writer, r *Reader) error {
	l := r.l
	return jsonl.File(w, func() (any, error) {
		h, err := r.Header()
		return l.h.JSON(&h, r.f.HdrLine), err
	}, r.All(), r.Line, func(p Payment, line int) any {
		return l.p.JSON(&p, line)
	}, func() any {
		t, _ := r.Totals()
		return layout.JSONRecord("8", r.f.EndLine, func(b []byte) []byte {
			return strconv.AppendInt(append(l.t.AppendJSON(b, &t), `,"record_count":`...), int64(t.Records), 10)
		})
	})
}
