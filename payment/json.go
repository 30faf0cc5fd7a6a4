package payment

import (
	"io"

	"github.com/icbatch/caselle/internal/layout"
)

// WriteJSON writes the file r reads as JSON Lines, one object a record
// (the shape the README's "JSON" section gives): the PH header, each PD
// payment, the PT trailer, each field under the key its tag gives (the
// layout field's name). The first problem ends it and is returned.
func WriteJSON(w io.Writer, r *Reader) error {
	return layout.WriteJSON(w, r, &r.f, r.l.ph, r.l.pd, r.l.pt)
}
