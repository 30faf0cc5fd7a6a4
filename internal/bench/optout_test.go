package bench

import (
	"bytes"
	"encoding/csv"
	"io"
	"testing"

	"github.com/icbatch/caselle/optout"
	"github.com/icbatch/caselle/optout/optouttest"
)

const benchChanges = 50000

func optoutFile(b *testing.B) []byte {
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
	count := func(b *testing.B, size int, open func() func() error) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			next := open()
			n := 0
			for {
				err := next()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n < benchChanges {
				b.Fatalf("read %d records", n)
			}
		}
	}
	b.Run("caselle", func(b *testing.B) {
		count(b, len(data), func() func() error {
			r := optout.NewReader(bytes.NewReader(data), nil)
			return func() error { _, err := r.Read(); return err }
		})
	})
	b.Run("encoding-csv-reuse", func(b *testing.B) {
		count(b, len(data), func() func() error {
			r := csv.NewReader(bytes.NewReader(data))
			r.ReuseRecord = true
			return func() error { _, err := r.Read(); return err }
		})
	})
}
