package bench

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/icbatch/caselle/optout"
	"github.com/icbatch/caselle/optout/optouttest"
)

const benchChanges = 50000

func optoutFile(b testing.TB) []byte {
	var buf bytes.Buffer
	if err := optouttest.Write(&buf, optouttest.Options{Seed: 1, Changes: benchChanges}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkOptoutRead reads the same OptOut file into typed, checked
// changes (caselle) and into strings (encoding/csv with ReuseRecord).
func BenchmarkOptoutRead(b *testing.B) {
	data := optoutFile(b)
	b.Run("caselle", func(b *testing.B) {
		benchReadN(b, len(data), benchChanges, func() func() error {
			r := optout.NewReader(bytes.NewReader(data), nil)
			return func() error { _, err := r.Read(); return err }
		})
	})
	b.Run("floor", func(b *testing.B) {
		benchReadN(b, len(data), benchChanges, func() func() error {
			d := &optoutFloor{data: data}
			return func() error { _, err := d.next(); return err }
		})
	})
	b.Run("encoding-csv-reuse", func(b *testing.B) {
		benchReadN(b, len(data), benchChanges, func() func() error {
			r := csv.NewReader(bytes.NewReader(data))
			r.ReuseRecord = true
			r.Read() // the header row
			return func() error { _, err := r.Read(); return err }
		})
	})
}
