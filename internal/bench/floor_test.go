package bench

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/payment"
	"github.com/shopspring/decimal"
)

// floorDecoder is the floor issue 17 asks for: a decoder written by hand
// for the reference PD record (FORMATS §6), producing the same Payment
// values as the reader, decimals included, with no rule checked, no
// layout, no error beyond "not a PD line". It shows what the reader's
// machinery costs: the reader is reported as a fraction of it.
type floorDecoder struct {
	data []byte
	pos  int
}

// nextLine returns the line of data at *pos, without its CR LF or LF,
// and moves *pos past it; false at the end.
func nextLine(data []byte, pos *int) ([]byte, bool) {
	if *pos >= len(data) {
		return nil, false
	}
	end := bytes.IndexByte(data[*pos:], '\n')
	if end < 0 {
		end = len(data) - *pos
	}
	line := data[*pos : *pos+end]
	*pos += end + 1
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, true
}

func (d *floorDecoder) next() (payment.Payment, error) {
	for line, ok := nextLine(d.data, &d.pos); ok; line, ok = nextLine(d.data, &d.pos) {
		if len(line) < 224 || line[0] != 'P' || line[1] != 'D' {
			continue // PH, PT
		}
		return payment.Payment{
			Type:          payment.TxType(text(line[2:5])),
			Confirmation:  text(line[5:41]),
			Original:      text(line[41:77]),
			Account:       text(line[77:97]),
			InvoiceNumber: text(line[97:117]),
			InvoiceType:   int(num(line[117:119])),
			Paid:          stamp(line[119:127], line[127:133]),
			Settlement:    stamp(line[133:141], nil),
			Amount:        signed(line[141:153]),
			Fee:           signed(line[153:165]),
			Method:        payment.Method(text(line[165:167])),
			CardBrand:     payment.CardBrand(text(line[167:171])),
			Channel:       payment.Channel(text(line[171:174])),
			Payer:         decodeText(line[174:214]),
			Batch:         text(line[214:224]),
		}, nil
	}
	return payment.Payment{}, io.EOF
}

func trim(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}

func text(b []byte) string { return string(trim(b)) }

// decodeText is text for a field that may hold Windows-1252 letters
// (a payer's name): 0x80 and up become their runes.
func decodeText(b []byte) string {
	b = trim(b)
	for _, c := range b {
		if c >= 0x80 {
			r := make([]rune, 0, len(b))
			for _, c := range b {
				r = append(r, cp1252[c])
			}
			return string(r)
		}
	}
	return string(b)
}

var cp1252 = func() (t [256]rune) {
	for i := range t {
		t[i] = rune(i)
	}
	for i, r := range []rune("€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ") {
		t[0x80+i] = r
	}
	return t
}()

func num(b []byte) int64 {
	var v int64
	for _, c := range b {
		v = v*10 + int64(c-'0')
	}
	return v
}

func stamp(date, clock []byte) time.Time {
	y, m, d := int(num(date[:4])), time.Month(num(date[4:6])), int(num(date[6:8]))
	var h, mi, s int
	if clock != nil {
		h, mi, s = int(num(clock[:2])), int(num(clock[2:4])), int(num(clock[4:6]))
	}
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

func signed(b []byte) decimal.Decimal {
	v := num(b[1:])
	if b[0] == '-' {
		v = -v
	}
	return decimal.New(v, -2)
}

// TestFloorDecoderAgrees: the floor decodes the benchmark's file into the
// same payments as the reader, so the two are timed doing the same work.
func TestFloorDecoderAgrees(t *testing.T) {
	c := getCorpus(t)
	r := payment.NewReader(bytes.NewReader(c.file), nil)
	d := &floorDecoder{data: c.file}
	floorAgrees(t, benchPayments, r.Read, d.next)
}

// floorAgrees reads a file with a reader and its floor and fails unless
// both give the same n values and end together.
func floorAgrees[T any](t *testing.T, n int, read, floor func() (T, error)) {
	t.Helper()
	got := 0
	for {
		want, err := read()
		have, ferr := floor()
		if err == io.EOF || ferr == io.EOF {
			if err != ferr {
				t.Fatalf("after %d values: reader %v, floor %v", got, err, ferr)
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, have); diff != "" {
			t.Fatalf("value %d (-reader +floor):\n%s", got+1, diff)
		}
		got++
	}
	if got != n {
		t.Fatalf("%d values, want %d", got, n)
	}
}
