package layout

import (
	"bytes"
	stdcmp "cmp"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

const typedCSV = `{
  "name": "baf-like", "format": "delimited", "typeColumn": 1,
  "records": [
    {"type": "H", "fields": [{"name": "biller", "column": 2, "type": "A"}, {"name": "date", "column": 3, "type": "D"}]},
    {"type": "A", "fields": [
      {"name": "account", "column": 2, "type": "A"},
      {"name": "when", "column": 3, "type": "MDY"},
      {"name": "note", "column": 4, "type": "A"},
      {"name": "amount", "column": 5, "type": "M"}]}
  ]
}`

const headerCSV = `{
  "name": "optout-like", "format": "delimited", "header": true,
  "records": [{"type": "", "fields": [
    {"name": "ChangeID", "column": 1, "type": "N"},
    {"name": "AccountNumber", "column": 2, "type": "A"},
    {"name": "EffectiveDate", "column": 3, "type": "MDYT"}]}]
}`

type csvRow struct {
	Line                int
	Type, Account, Note string
	Amount              string
	Err                 string
}

func readCSV(t *testing.T, data string) []csvRow {
	t.Helper()
	l := MustParse(typedCSV)
	a := l.Record("A")
	rd := NewReader(l, strings.NewReader(data), "adj.txt")
	var out []csvRow
	for {
		row, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			out = append(out, csvRow{Err: err.Error()})
			continue
		}
		r := csvRow{Line: row.Line, Type: row.Rec.Type}
		if row.Rec == a {
			r.Account = row.Text(a.Field("account"))
			r.Note = row.Text(a.Field("note"))
			row.Date(a.Field("when"))
			r.Amount = row.Money(a.Field("amount")).String()
		}
		if err := row.Err(); err != nil {
			r.Err = err.Error()
		}
		out = append(out, r)
	}
}

func TestDelimitedQuoting(t *testing.T) {
	data := "H,SPANFORK,20261125\r\n" +
		"A,100-1,11/24/2026,\"a \"\"b\"\", c\",-12.50\r\n" +
		"A,100-2,11/24/2026,\"two\r\nlines\",1234.5\r\n" +
		"A,100-3,11/24/2026,Pe\xf1a,0\r\n"
	want := []csvRow{
		{Line: 1, Type: "H"},
		{Line: 2, Type: "A", Account: "100-1", Note: `a "b", c`, Amount: "-12.5"},
		{Line: 3, Type: "A", Account: "100-2", Note: "two\r\nlines", Amount: "1234.5"}, // the line break as it was
		{Line: 5, Type: "A", Account: "100-3", Note: "Peña", Amount: "0"},
	}
	if diff := cmp.Diff(want, readCSV(t, data)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDelimitedErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"currency symbol", "A,1,11/24/2026,x,$25.00\n", `adj.txt:1: A amount: not an amount: currency symbols are not allowed (column 5, value "$25.00")`},
		{"thousands separator", "A,1,11/24/2026,x,\"1,234.50\"\n", `thousands separators are not allowed`},
		{"too many decimals", "A,1,11/24/2026,x,1.005\n", `more than 2 decimal places`},
		{"bad date", "A,1,2026-11-24,x,1\n", `A when: not a date: want MM/DD/YYYY`},
		{"bare quote", "A,1,11/24/2026,say \"hi\",1\n", `adj.txt:1: quote inside an unquoted field (column 4)`},
		{"text after closing quote", "A,1,11/24/2026,\"x\"y,1\n", `unexpected 'y' after a closing quote`},
		{"unclosed quote names the start line", "H,X,20261125\nA,1,11/24/2026,\"open\n\nmore\n", `adj.txt:2: quoted field is not closed`},
		{"a multi-line record's problem names its start", "H,X,20261125\nA,1,11/24/2026,\"two\nlines\"y,1\n",
			`adj.txt:2: unexpected 'y' after a closing quote (column 4) (on line 3, in the record that starts on line 2)`},
		{"a quote in a later line of a record", "H,X,20261125\nA,1,\"11/24\n/2026\",x\"y,1\n",
			`adj.txt:2: quote inside an unquoted field (column 4); quote the field and double the quote (on line 3, in the record that starts on line 2)`},
		{"column count", "A,1,11/24/2026,x\n", `adj.txt:1: A: record has 4 columns, want 5`},
		{"unknown type", "Z,1\n", `adj.txt:1: unknown record type (want H or A) (column 1, value "Z")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readCSV(t, tt.data)
			found := false
			for _, r := range got {
				found = found || strings.Contains(r.Err, tt.want)
			}
			if !found {
				t.Fatalf("got %+v\nwant an error with %q", got, tt.want)
			}
		})
	}
}

func TestDelimitedHeaderRow(t *testing.T) {
	l := MustParse(headerCSV)
	rec := &l.Records[0]
	read := func(data string) (ids []uint64, errs []string) {
		rd := NewReader(l, strings.NewReader(data), "o.csv")
		for {
			row, err := rd.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				errs = append(errs, err.Error())
				continue
			}
			ids = append(ids, row.Number(rec.Field("ChangeID")))
			row.DateTime(rec.Field("EffectiveDate"))
			if err := row.Err(); err != nil {
				errs = append(errs, err.Error())
			}
		}
	}
	ids, errs := read("ChangeID,AccountNumber,EffectiveDate\r\n7,100-1,11/24/2026 13:05:00\r\n")
	if len(errs) > 0 || len(ids) != 1 || ids[0] != 7 {
		t.Fatalf("got %v %v", ids, errs)
	}
	_, errs = read("ChangeId,AccountNumber,EffectiveDate\r\n7,100-1,11/24/2026 13:05:00\r\n")
	if len(errs) == 0 || !strings.Contains(errs[0], "o.csv:1: header row must be exactly ChangeID,AccountNumber,EffectiveDate") {
		t.Fatalf("got %v", errs)
	}
	_, errs = read("ChangeID,AccountNumber,EffectiveDate\r\n7,100-1,11/24/2026 25:05:00\r\n")
	if len(errs) == 0 || !strings.Contains(errs[0], "want MM/DD/YYYY HH:MM:SS") {
		t.Fatalf("got %v", errs)
	}
}

func TestDelimitedWriteRead(t *testing.T) {
	l := MustParse(typedCSV)
	a := l.Record("A")
	var buf bytes.Buffer
	w := NewWriter(l, &buf, "out.txt")
	// Line breaks in a field, whichever bytes they are, are quoted and read
	// back as they were.
	notes := []string{`plain`, `a "b", c`, "two\nlines", "Peña", "", "carriage\rreturn", "two\r\nlines"}
	for _, n := range notes {
		b := w.Begin("A")
		b.Text(a.Field("account"), "100-1")
		b.Date(a.Field("when"), dayUTC(2026, 11, 24))
		b.Text(a.Field("note"), n)
		b.Money(a.Field("amount"), decimal.RequireFromString("-1.5"))
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	b := w.Begin("A")
	b.Text(a.Field("note"), "a\x01control")
	if err := w.Commit(); err == nil || !errors.Is(err, ErrEncoding) {
		t.Fatalf("a control byte in a text field: got %v, want ErrEncoding", err)
	}
	w.Flush()
	if !strings.Contains(buf.String(), "A,100-1,11/24/2026,\"a \"\"b\"\", c\",-1.50\r\n") {
		t.Fatalf("quoting: %q", buf.String())
	}
	got := readCSV(t, buf.String())
	for i, n := range notes {
		if got[i].Note != n || got[i].Err != "" || got[i].Amount != "-1.5" {
			t.Errorf("record %d: got %+v, want note %q", i, got[i], n)
		}
	}
}

// TestCSVScannerAgreesWithItsInput encodes random records (commas, quotes,
// line breaks, Windows-1252 and control bytes in fields; CRLF, LF and CR
// endings; some fields quoted without need) and checks that the scanner
// gives back every field, the line each record starts on, and whether the
// record is plain printable ASCII, whether the file arrives whole, a byte
// at a time or in odd chunks (so lines are found both in the buffer and
// through Scan).
func TestCSVScannerAgreesWithItsInput(t *testing.T) {
	type rec struct {
		start  int
		fields []string
		ascii  bool
	}
	r := rand.New(rand.NewPCG(7, 11))
	pieces := []string{"a", "bc", "1234567", ",", "\"", "\n", "\xe9", "\x01", " ", "x@y.z", "2026"}
	for round := range 300 {
		var data strings.Builder
		var want []rec
		line := 1
		eols := []string{"\r\n", "\n", "\r"}
		prevEOL := ""
		for range 1 + r.IntN(12) {
			eol := eols[r.IntN(3)]
			n := 1 + r.IntN(6)
			var fields []string
			breaks := 0 // line breaks inside quoted fields
			plain, ascii := true, true
			var text strings.Builder
			for i := range n {
				var f strings.Builder
				for range r.IntN(5) {
					f.WriteString(pieces[r.IntN(len(pieces))])
				}
				v := f.String()
				breaks += strings.Count(v, "\n")
				// A line break inside a quoted field is read as the file has
				// it: the record's own line ending.
				fields = append(fields, strings.ReplaceAll(v, "\n", eol))
				if i > 0 {
					text.WriteByte(',')
				}
				if strings.ContainsAny(v, ",\"\n") || r.IntN(8) == 0 {
					plain = false
					text.WriteString(`"` + strings.ReplaceAll(strings.ReplaceAll(v, `"`, `""`), "\n", eol) + `"`)
				} else {
					text.WriteString(v)
				}
				if strings.Contains(v, "\xe9") || strings.Contains(v, "\x01") {
					ascii = false
				}
			}
			if n == 1 && fields[0] == "" && plain {
				fields = nil // an empty line: no fields
			}
			if text.Len() == 0 && prevEOL == "\r" {
				eol = "\r" // else the CR before and this LF are one CRLF
			}
			prevEOL = eol
			want = append(want, rec{start: line, fields: fields, ascii: plain && ascii && fields != nil})
			data.WriteString(text.String())
			line += 1 + breaks
			data.WriteString(eol)
		}
		input := data.String()
		if r.IntN(3) == 0 {
			input = strings.TrimRight(input, "\r\n") // no final line ending
			if strings.HasSuffix(data.String(), "\"\r\n") || strings.HasSuffix(data.String(), "\"\n") || strings.HasSuffix(data.String(), "\"\r") {
				input = data.String() // keep a closing quote's line whole
			}
		}
		readers := map[string]func() io.Reader{
			"whole":   func() io.Reader { return strings.NewReader(input) },
			"onebyte": func() io.Reader { return iotest.OneByteReader(strings.NewReader(input)) },
			"halves":  func() io.Reader { return iotest.HalfReader(strings.NewReader(input)) },
			"chunks":  func() io.Reader { return &chunkReader{data: input, r: rand.New(rand.NewPCG(uint64(round), 3))} },
		}
		for name, mk := range readers {
			c := newCSVScanner(mk(), "t.csv")
			var got []rec
			for {
				err := c.next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("round %d, %s: %v\ninput %q", round, name, err, input)
				}
				var fields []string
				for _, f := range splitCols(c) {
					fields = append(fields, string(f))
				}
				got = append(got, rec{start: c.start, fields: fields, ascii: c.ascii})
			}
			// A file whose last records are empty lines ends before them.
			exp := want
			for len(exp) > len(got) && exp[len(exp)-1].fields == nil {
				exp = exp[:len(exp)-1]
			}
			if len(exp) == 0 {
				exp = nil
			}
			if diff := cmp.Diff(exp, got, cmp.AllowUnexported(rec{})); diff != "" {
				t.Fatalf("round %d, %s reader (-want +got):\n%s\ninput %q\nwant %#v", round, name, diff, input, want)
			}
		}
	}
}

// chunkReader hands out its data a few bytes at a time, so that a line can
// end anywhere in what was read so far.
type chunkReader struct {
	data string
	r    *rand.Rand
	max  int // bytes a read at most; 16 when 0
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 1+c.r.IntN(stdcmp.Or(c.max, 16)))], c.data)
	c.data = c.data[n:]
	return n, nil
}

// TestDelimitedTextSurvivesTheBuffer keeps every text field of a file
// several times the scanner's buffer, read whole and in small chunks, with
// some fields quoted or not ASCII (so both the strings copied from the
// buffer in blocks and those built per row are used), and checks them all
// once the whole file has been read.
func TestDelimitedTextSurvivesTheBuffer(t *testing.T) {
	l := MustParse(headerCSV)
	f := l.Records[0].Field("AccountNumber")
	var data strings.Builder
	data.WriteString("ChangeID,AccountNumber,EffectiveDate\r\n")
	var want []string
	for i := range 30000 {
		acct := fmt.Sprintf("%d-%s", i, strings.Repeat("x", i%37))
		field := acct
		switch i % 11 {
		case 3:
			field = `"` + acct + `"`
		case 7:
			acct += "é"
			field += "\xe9"
		}
		want = append(want, acct)
		fmt.Fprintf(&data, "%07d,%s,11/25/2026 10:00:00\r\n", i+1, field)
	}
	input := data.String()
	for name, r := range map[string]io.Reader{
		"whole":  strings.NewReader(input),
		"chunks": &chunkReader{data: input, r: rand.New(rand.NewPCG(1, 1))},
		// Reads of up to 3000 bytes: a few lines in the buffer at a time,
		// so lines come from the buffer and the buffer moves often.
		"medium": &chunkReader{data: input, r: rand.New(rand.NewPCG(1, 1)), max: 3000},
	} {
		rd := NewReader(l, r, "x")
		var got []string
		eachRow(t, rd, func(row *Row) {
			got = append(got, row.Text(f))
			if err := row.Err(); err != nil {
				t.Fatal(err)
			}
		})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: (-want +got):\n%s", name, diff)
		}
	}
}

// TestDelimitedNumberDigits: a delimited N column has no width, so the
// reader caps it at the 18 digits an N field may have, rather than handing
// out a value an int64 cannot hold.
func TestDelimitedNumberDigits(t *testing.T) {
	l := MustParse(headerCSV)
	f := l.Records[0].Field("ChangeID")
	for _, tt := range []struct{ value, err string }{
		{"999999999999999999", ""},
		{"9999999999999999999", "19 digits; a number has at most 18"},
		{"99999999999999999999", "20 digits; a number has at most 18"},
		{"9223372036854775808", "19 digits; a number has at most 18"},
		{"12x", "not a number"},
	} {
		rd := NewReader(l, strings.NewReader("ChangeID,AccountNumber,EffectiveDate\n"+tt.value+",A,\n"), "x")
		row, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		v := row.Number(f)
		if e := row.Err(); (e == nil) != (tt.err == "") || (e != nil && !strings.Contains(e.Error(), tt.err)) {
			t.Errorf("%s: got error %v, want %q", tt.value, e, tt.err)
		}
		if tt.err == "" && fmt.Sprint(v) != tt.value {
			t.Errorf("%s read as %d", tt.value, v)
		}
	}
}
