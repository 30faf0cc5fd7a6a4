package adjustment

import (
	"io"

	"github.com/icbatch/caselle/internal/layout"
)

// WriteJSON writes the file r reads as JSON Lines, one object a record
// (the shape the README's "JSON" section gives): the H header, each A
// adjustment, the T trailer, each field under the key its tag gives. The
// first problem ends it and is returned.
func WriteJSON(w io.Writer, r *Reader) error {
	return layout.WriteJSON(w, r, &r.f, r.l.h, r.l.a, r.l.t)
}
