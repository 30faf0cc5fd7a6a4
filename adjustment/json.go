package adjustment

import (
	"io"

	"github.com/icbatch/caselle/internal/jsonl"
)

// WriteJSON writes the file r reads as JSON Lines, one object a record
// (the shape the README's "JSON" section gives): the H header, each A
// adjustment, the T trailer, each field under the key its tag gives. The
// first problem ends it and is returned.
func WriteJSON(w io.Writer, r *Reader) error {
	l := r.l
	return jsonl.File(w, func() (any, error) {
		h, err := r.Header()
		return l.h.JSON(&h, r.f.HdrLine), err
	}, r.All(), r.Line, func(a Adjustment, line int) any {
		return l.a.JSON(&a, line)
	}, func() any {
		t, _ := r.Trailer()
		return l.t.JSON(&t, r.f.EndLine)
	})
}
