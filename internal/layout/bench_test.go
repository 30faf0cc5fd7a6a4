package layout

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// eachRow calls f with every row of rd, failing on a reading error.
func eachRow(tb testing.TB, rd *Reader, f func(*Row)) {
	tb.Helper()
	for {
		row, err := rd.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			tb.Fatal(err)
		}
		f(row)
	}
}

// BenchmarkDelimitedNext splits an OptOut-shaped file into rows, without
// reading the fields: the cost of the delimited scanner alone.
func BenchmarkDelimitedNext(b *testing.B) {
	l := MustParse(headerCSV)
	var buf bytes.Buffer
	buf.WriteString("ChangeID,AccountNumber,EffectiveDate\r\n")
	const n = 50000
	for i := range n {
		fmt.Fprintf(&buf, "%d,%03d-%04d-%02d,11/%02d/2026 %02d:%02d:%02d\r\n", 1000001+i, i%1000, i%7919, i%100, 1+i%28, i%24, i%60, (i*7)%60)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd := NewReader(l, bytes.NewReader(data), "x")
		rows := 0
		eachRow(b, rd, func(*Row) { rows++ })
		if rows != n {
			b.Fatalf("%d rows, want %d", rows, n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
}
