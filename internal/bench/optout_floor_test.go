package bench

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/icbatch/caselle/optout"
)

// optoutFloor is the OptOut reader's floor, as floorDecoder is the
// payment reader's: a decoder written by hand for the reference OptOut
// file (FORMATS §8) that splits a line at its commas (no quoted field),
// builds the same Change values, and checks nothing. The reader is
// reported as a fraction of it, and it against encoding/csv.
type optoutFloor struct {
	data []byte
	pos  int
}

func (d *optoutFloor) next() (optout.Change, error) {
	for line, ok := nextLine(d.data, &d.pos); ok; line, ok = nextLine(d.data, &d.pos) {
		if len(line) == 0 || line[0] < '0' || line[0] > '9' {
			continue // the header row
		}
		var f [7][]byte
		for i := range 6 {
			k := bytes.IndexByte(line, ',')
			f[i], line = line[:k], line[k+1:]
		}
		f[6] = line
		s := string(f[1]) + string(f[5]) + string(f[6]) // one string for the texts, as the reader's arena keeps them
		a, e := len(f[1]), len(f[1])+len(f[5])
		dt := f[4] // MM/DD/YYYY HH:MM:SS
		return optout.Change{
			ID:          num(f[0]),
			Account:     s[:a],
			InvoiceType: int(num(f[2])),
			Paperless:   f[3][0] == 'Y',
			Effective: time.Date(int(num(dt[6:10])), time.Month(num(dt[0:2])), int(num(dt[3:5])),
				int(num(dt[11:13])), int(num(dt[14:16])), int(num(dt[17:19])), 0, time.UTC),
			Email:     s[a:e],
			ChangedBy: optout.ChangedBy(s[e:]),
		}, nil
	}
	return optout.Change{}, io.EOF
}

// TestOptoutFloorAgrees: the floor reads the benchmark's file into the
// same changes as the reader.
func TestOptoutFloorAgrees(t *testing.T) {
	data := optoutFile(t)
	r := optout.NewReader(bytes.NewReader(data), nil)
	d := &optoutFloor{data: data}
	floorAgrees(t, benchChanges, r.Read, d.next)
}
