package layout

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

const fixedJSON = `{
  "name": "demo", "format": "fixed", "typeStart": 1, "typeLength": 2,
  "records": [
    {"type": "HD", "length": 20, "fields": [
      {"name": "code", "start": 3, "length": 5, "type": "A"},
      {"name": "date", "start": 8, "length": 8, "type": "D"},
      {"name": "time", "start": 16, "length": 4, "type": "T"}]},
    {"type": "DT", "length": 30, "fields": [
      {"name": "name", "start": 3, "length": 10, "type": "A"},
      {"name": "amount", "start": 13, "length": 8, "type": "S"},
      {"name": "qty", "start": 21, "length": 6, "type": "Q"},
      {"name": "n", "start": 27, "length": 3, "type": "N"},
      {"name": "ok", "start": 30, "length": 1, "type": "F"}]}
  ]
}`

func TestLoadRefusesBadDefinitions(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"overlap", strings.Replace(fixedJSON, `"start": 21, "length": 6`, `"start": 19, "length": 6`, 1),
			`layout demo: record "DT": field "qty": columns 19-24 overlap amount (columns 13-20)`},
		{"past the record", strings.Replace(fixedJSON, `"start": 30, "length": 1`, `"start": 31, "length": 1`, 1),
			`layout demo: record "DT": field "ok": columns 31-31 end past the record length 30`},
		{"unknown type", strings.Replace(fixedJSON, `"type": "F"`, `"type": "Z"`, 1),
			`layout demo: record "DT": field "ok": unknown type "Z"`},
		{"duplicate record type", strings.Replace(fixedJSON, `"type": "DT"`, `"type": "HD"`, 1),
			`layout demo: record "HD": record type defined twice`},
		{"duplicate field", strings.Replace(fixedJSON, `"name": "qty"`, `"name": "amount"`, 1),
			`layout demo: record "DT": field "amount": defined twice`},
		{"unknown key", strings.Replace(fixedJSON, `"name": "demo"`, `"name": "demo", "colour": "red"`, 1),
			`unknown field "colour"`},
		{"date of wrong length", strings.Replace(fixedJSON, `"start": 8, "length": 8, "type": "D"`, `"start": 8, "length": 6, "type": "D"`, 1),
			`layout demo: record "HD": field "date": type D is 8 bytes long, not 6`},
		{"type field past record", strings.Replace(fixedJSON, `"typeStart": 1`, `"typeStart": 29`, 1),
			`type field (29-30) ends past the record length 20`},
		{"delimited type in fixed layout", strings.Replace(fixedJSON, `"type": "S"`, `"type": "M"`, 1),
			`field "amount": type "M" is for delimited layouts`},
		{"overlaps the type field", strings.Replace(fixedJSON, `"start": 3, "length": 10`, `"start": 2, "length": 11`, 1),
			`field "name": columns 2-12 overlap (record type)`},
		{"unknown format", strings.Replace(fixedJSON, `"format": "fixed"`, `"format": "xml"`, 1),
			`unknown format "xml"`},
		{"no name", strings.Replace(fixedJSON, `"name": "demo"`, `"name": ""`, 1), `has no name`},
		{"two values", fixedJSON + ` {}`, `more than one value`},
		{"type column in a fixed layout", strings.Replace(fixedJSON, `"typeStart": 1`, `"typeColumn": 1, "typeStart": 1`, 1),
			`typeColumn is for delimited layouts; use typeStart and typeLength`},
		{"no type length", strings.Replace(fixedJSON, `"typeLength": 2`, `"typeLength": 0`, 1), `type field needs typeStart ≥ 1 and typeLength ≥ 1`},
		{"header row in a fixed layout", strings.Replace(fixedJSON, `"format": "fixed"`, `"format": "fixed", "header": true`, 1),
			`header rows are for delimited layouts`},
		{"record without a type", strings.Replace(fixedJSON, `"type": "DT"`, `"type": ""`, 1), `record 2 has no type`},
		{"type of the wrong length", strings.Replace(fixedJSON, `"type": "DT"`, `"type": "DTX"`, 1), `type is 3 bytes long, the type field 2`},
		{"no fields", strings.Replace(fixedJSON, `"length": 20, "fields": [
      {"name": "code", "start": 3, "length": 5, "type": "A"},
      {"name": "date", "start": 8, "length": 8, "type": "D"},
      {"name": "time", "start": 16, "length": 4, "type": "T"}]`, `"length": 20, "fields": []`, 1), `record "HD": has no fields`},
		{"field without a name", strings.Replace(fixedJSON, `"name": "qty"`, `"name": ""`, 1), `field 3 has no name`},
		{"column in a fixed layout", strings.Replace(fixedJSON, `"start": 30, "length": 1`, `"start": 30, "length": 1, "column": 2`, 1),
			`column is for delimited layouts; use start and length`},
		{"no length", strings.Replace(fixedJSON, `"start": 30, "length": 1`, `"start": 30, "length": 0`, 1), `needs start ≥ 1 and length ≥ 1`},
		{"time of 5 bytes", strings.Replace(fixedJSON, `"start": 16, "length": 4`, `"start": 15, "length": 5`, 1), `field "time": type T`},
		{"delimited: start", strings.Replace(typedCSV, `"column": 3, "type": "MDY"`, `"column": 3, "start": 3, "type": "MDY"`, 1), `start is for fixed layouts; use column`},
		{"delimited: type start", strings.Replace(typedCSV, `"typeColumn": 1`, `"typeColumn": 1, "typeStart": 1`, 1), `typeStart and typeLength are for fixed layouts; use typeColumn`},
		{"delimited: fixed type", strings.Replace(typedCSV, `"type": "MDY"`, `"type": "S"`, 1), `field "when": type "S" is for fixed-width layouts`},
		{"delimited: length of text", strings.Replace(typedCSV, `"column": 4, "type": "A"`, `"column": 4, "length": 5, "type": "A"`, 1), `length in a delimited layout is for N fields`},
		{"delimited: 19 digits", strings.Replace(typedCSV, `"column": 4, "type": "A"`, `"column": 4, "length": 19, "type": "N"`, 1), `type N takes at most 18 digits, not 19`},
		{"delimited: no column", strings.Replace(typedCSV, `"column": 4, "type": "A"`, `"column": 0, "type": "A"`, 1), `field "note": needs column ≥ 1`},
		{"delimited: the type column", strings.Replace(typedCSV, `"column": 4, "type": "A"`, `"column": 1, "type": "A"`, 1), `column 1 is the record type column`},
		{"delimited: a column twice", strings.Replace(typedCSV, `"column": 4, "type": "A"`, `"column": 3, "type": "A"`, 1), `field "note": column 3 is also field "when"`},
		{"delimited: a column left out", strings.Replace(typedCSV, `"column": 4, "type": "A"`, `"column": 6, "type": "A"`, 1), `column 4 is not defined`},
		{"delimited: header with types", strings.Replace(typedCSV, `"typeColumn": 1`, `"typeColumn": 1, "header": true`, 1), `a header row needs a single record type without a type column`},
		{"delimited: two records, no type", strings.Replace(typedCSV, `"typeColumn": 1,`, ``, 1), `2 record types but no type field`},
		{"delimited: a type without a type field", strings.Replace(headerCSV, `"type": ""`, `"type": "X"`, 1), `a record type needs a type field in the layout`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.json))
			var de *DefinitionError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a DefinitionError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got  %q\nwant %q", err, tt.want)
			}
		})
	}
	if _, err := Parse([]byte(fixedJSON)); err != nil {
		t.Fatalf("the good definition: %v", err)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	l := MustParse(fixedJSON)
	again, err := Parse(l.JSON())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.JSON(), l.JSON()) {
		t.Fatalf("JSON changed:\n%s\n%s", l.JSON(), again.JSON())
	}
}

type readResult struct {
	Line  int
	Type  string
	Name  string
	Err   string
	Total string
}

func readDemo(t *testing.T, data []byte) []readResult {
	t.Helper()
	l := MustParse(fixedJSON)
	dt := l.Record("DT")
	rd := NewReader(l, bytes.NewReader(data), "demo.txt")
	var out []readResult
	for {
		row, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			out = append(out, readResult{Err: err.Error()})
			continue
		}
		res := readResult{Line: row.Line, Type: row.Rec.Type}
		if row.Rec == dt {
			res.Name = row.Text(dt.Field("name"))
			res.Total = row.Money(dt.Field("amount")).String()
		}
		if err := row.Err(); err != nil {
			res.Err = err.Error()
		}
		out = append(out, res)
	}
}

func TestLineEndings(t *testing.T) {
	hd := "HDABC  2026112507  "
	dt := "DTPeña      +0001050+01500007Y"
	dtBytes := strings.Replace(dt, "ñ", "\xf1", 1) // Windows-1252
	want := []readResult{{Line: 1, Type: "HD"}, {Line: 2, Type: "DT", Name: "Peña", Total: "10.5"}}
	for name, data := range map[string]string{
		"crlf":            hd + "\r\n" + dtBytes + "\r\n",
		"lf":              hd + "\n" + dtBytes + "\n",
		"cr":              hd + "\r" + dtBytes + "\r",
		"no final ending": hd + "\r\n" + dtBytes,
		"eof mark":        hd + "\r\n" + dtBytes + "\r\n\x1a",
		"eof mark no eol": hd + "\r\n" + dtBytes + "\x1a",
		"trailing blanks": hd + "\r\n" + dtBytes + "\r\n\r\n   \r\n",
		"utf-8 with bom":  "\xef\xbb\xbf" + hd + "\r\n" + dt + "\r\n",
		"short line":      strings.TrimRight(hd, " ") + "\r\n" + dtBytes + "\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(want, readDemo(t, []byte(data))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCRLFSplitAcrossReads(t *testing.T) {
	hd := "HDABC  2026112507  "
	data := []byte(hd + "\r\n" + hd + "\r\n")
	// One byte per Read puts every CR at the end of the buffered data.
	rd := NewReader(MustParse(fixedJSON), iotest.OneByteReader(bytes.NewReader(data)), "x")
	n := 0
	eachRow(t, rd, func(row *Row) {
		n++
		if row.Line != n {
			t.Fatalf("record %d on line %d", n, row.Line)
		}
	})
	if n != 2 {
		t.Fatalf("got %d records, want 2", n)
	}
}

func TestVeryLongLineIsReportedAndReadingGoesOn(t *testing.T) {
	hd := "HDABC  2026112507  "
	data := hd + "\r\n" + strings.Repeat("x", 1<<20) + "\r\n" + hd + "\r\n"
	got := readDemo(t, []byte(data))
	if len(got) != 3 || got[2].Line != 3 {
		t.Fatalf("got %+v, want the line after the long one read as line 3", got)
	}
	if !strings.Contains(got[1].Err, "demo.txt:2: line is 1048576 bytes long") {
		t.Fatalf("got %q", got[1].Err)
	}
}

func TestFieldErrors(t *testing.T) {
	l := MustParse(fixedJSON)
	dt := l.Record("DT")
	rd := NewReader(l, strings.NewReader("DTname      +00010x0+01500abcX\r\n"), "f.txt")
	row, err := rd.Next()
	if err != nil {
		t.Fatal(err)
	}
	if v := row.Money(dt.Field("amount")); !v.IsZero() {
		t.Errorf("a bad amount read as %v", v)
	}
	row.Money(dt.Field("qty"))
	row.Number(dt.Field("n"))
	row.Flag(dt.Field("ok"))
	var es Errors
	if !errors.As(row.Err(), &es) || len(es) != 3 {
		t.Fatalf("got %v, want 3 errors", row.Err())
	}
	want := []string{
		`f.txt:1: DT amount: not an amount: want a sign (+, - or space) then 7 digits (columns 13-20, value "+00010x0")`,
		`f.txt:1: DT n: not a number: want digits only (columns 27-29, value "abc")`,
		`f.txt:1: DT ok: not a flag: want Y or N (column 30, value "X")`,
	}
	for i, e := range es {
		if e.Error() != want[i] {
			t.Errorf("got  %s\nwant %s", e, want[i])
		}
	}
}

func TestWriterIsStrict(t *testing.T) {
	l := MustParse(fixedJSON)
	dt := l.Record("DT")
	var buf bytes.Buffer
	w := NewWriter(l, &buf, "out.txt")
	tests := []struct {
		name string
		set  func(b *Builder)
		want string
	}{
		{"too long", func(b *Builder) { b.Text(dt.Field("name"), "Peña Peña Peña") },
			`out.txt:1: DT name: value is 14 bytes long; the field holds 10`},
		{"not Windows-1252", func(b *Builder) { b.Text(dt.Field("name"), "Ω") },
			`cannot be written in Windows-1252`},
		{"control character", func(b *Builder) { b.Text(dt.Field("name"), "a\tb") },
			`control character U+0009`},
		{"more decimals", func(b *Builder) { b.Money(dt.Field("amount"), decimal.RequireFromString("1.005")) },
			`more than 2 decimal places; it is never rounded`},
		{"too many digits", func(b *Builder) { b.Money(dt.Field("amount"), decimal.RequireFromString("100000.00")) },
			`too large`},
		{"number too long", func(b *Builder) { b.Number(dt.Field("n"), 1000) },
			`4 digits do not fit a field of 3`},
		{"negative int", func(b *Builder) { b.Int(dt.Field("n"), -3) },
			`-3 is negative; the field holds digits only`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := w.Begin("DT")
			tt.set(b)
			err := w.Commit()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
	w.Flush()
	if buf.Len() != 0 {
		t.Fatalf("refused records were written: %q", buf.String())
	}
	b := w.Begin("DT")
	b.Text(dt.Field("name"), "Peña")
	b.Money(dt.Field("amount"), decimal.RequireFromString("-10.5"))
	b.Money(dt.Field("qty"), decimal.RequireFromString("1.5"))
	b.Number(dt.Field("n"), 7)
	b.Flag(dt.Field("ok"), true)
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if got, want := buf.String(), "DTPe\xf1a      -0001050+01500007Y\r\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestDatesAndTimes(t *testing.T) {
	l := MustParse(fixedJSON)
	hd := l.Record("HD")
	for _, tt := range []struct {
		line, err string
		date      time.Time
	}{
		{"HDABC  202611250700", "", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)},
		{"HDABC          0700", "", time.Time{}},
		{"HDABC  000000000700", "", time.Time{}},
		{"HDABC  202602290700", "no such date", time.Time{}},
		{"HDABC  2026112x0700", "not a date", time.Time{}},
		{"HDABC  202611252400", "not a time of day: want HHMM", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)},
	} {
		rd := NewReader(l, strings.NewReader(tt.line), "x")
		row, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		got := row.Date(hd.Field("date"))
		row.Clock(hd.Field("time"))
		if e := row.Err(); (e == nil) != (tt.err == "") || (e != nil && !strings.Contains(e.Error(), tt.err)) {
			t.Errorf("%q: got error %v, want %q", tt.line, e, tt.err)
		}
		if !got.Equal(tt.date) {
			t.Errorf("%q: got %v, want %v", tt.line, got, tt.date)
		}
	}
}

func TestMarkdown(t *testing.T) {
	md := MustParse(fixedJSON).Markdown()
	for _, want := range []string{"| 1-2 | 2 | A | `DT` |", "| 13-20 | 8 | S | amount |", "| 20 | 1 |  | spaces |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func dayUTC(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestDateTime(t *testing.T) {
	l := MustParse(headerCSV)
	f := l.Records[0].Field("EffectiveDate")
	for _, tt := range []struct {
		value, err string
		want       time.Time
	}{
		{"11/25/2026 13:45:07", "", time.Date(2026, 11, 25, 13, 45, 7, 0, time.UTC)},
		{"11/25/2026 00:00:00", "", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)},
		{"11/25/2026 23:59:59", "", time.Date(2026, 11, 25, 23, 59, 59, 0, time.UTC)},
		{"12/31/1969 23:59:59", "", time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC)},
		{"", "", time.Time{}},
		{"11/25/2026 24:00:00", "want MM/DD/YYYY HH:MM:SS", time.Time{}},
		{"11/25/2026 12:60:00", "want MM/DD/YYYY HH:MM:SS", time.Time{}},
		{"11/25/2026 12:00:60", "want MM/DD/YYYY HH:MM:SS", time.Time{}},
		{"11/25/2026 1x:00:00", "want MM/DD/YYYY HH:MM:SS", time.Time{}},
		{"11/25/2026T12:00:00", "want MM/DD/YYYY HH:MM:SS", time.Time{}},
		{"02/29/2026 10:00:00", "no such date", time.Time{}},
		{"11/25/26 10:00:00", "want MM/DD/YYYY HH:MM:SS", time.Time{}},
	} {
		// Twice in one file: the second read takes the day from the cache.
		data := "ChangeID,AccountNumber,EffectiveDate\n1,A," + tt.value + "\n2,A," + tt.value + "\n"
		rd := NewReader(l, strings.NewReader(data), "x")
		for range 2 {
			row, err := rd.Next()
			if err != nil {
				t.Fatal(err)
			}
			got := row.DateTime(f)
			if e := row.Err(); (e == nil) != (tt.err == "") || (e != nil && !strings.Contains(e.Error(), tt.err)) {
				t.Errorf("%q: got error %v, want %q", tt.value, e, tt.err)
			}
			if got != tt.want { // == : the same location and no monotonic reading
				t.Errorf("%q: got %#v, want %#v", tt.value, got, tt.want)
			}
		}
	}
}
