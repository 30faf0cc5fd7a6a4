package layout

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/icbatch/caselle/internal/cp1252"
	"github.com/icbatch/caselle/internal/money"
	"github.com/shopspring/decimal"
)

// Row is one record as read, with typed accessors for its fields. An
// accessor that cannot parse its field records an *Error on the row and
// returns the zero value; callers check Err after reading the fields and
// must not use the values when it is non-nil. A Row is valid until the
// next read; the strings it returns stay valid (and never change).
type Row struct {
	Rec  *Record
	File string
	Line int

	fixed bool
	raw   []byte  // fixed: the line padded to Rec.Length; delimited: columns back to back
	cols  []int32 // delimited: column i is raw[cols[2i]:cols[2i+1]]
	ascii bool    // delimited: raw is all printable ASCII, so text is raw whole
	utf8  bool    // delimited: raw is UTF-8 (the file had a byte-order mark), not Windows-1252
	at    int64   // delimited: raw's offset in the input when still buffered, or -1
	// text holds every text field of the row, trimmed and decoded, back to
	// back in one string made on the first Text call; spans[i] places the
	// record's i-th text field in it (start -1: not decodable).
	text    string
	textOK  bool
	spans   []span
	scratch []byte       // the reader's, for building text
	arena   *textArena   // the reader's, for the strings it returns
	cache   []fieldCache // the reader's, by field index; nil = none
	errs    Errors
}

type span struct{ start, end int32 }

// Err returns the problems found so far in this row, or nil.
func (r *Row) Err() error {
	if len(r.errs) == 0 {
		return nil
	}
	return r.errs
}

// Fail records a problem with field f (nil for the whole record) and
// returns it, for a caller to adjust (to mask a value, say).
func (r *Row) Fail(f *Field, kind error, format string, a ...any) *Error {
	e := &Error{File: r.File, Line: r.Line, Err: kind, Msg: fmt.Sprintf(format, a...)}
	if r.Rec != nil {
		e.Record = r.Rec.Type
	}
	if f != nil {
		e.at(f, r.fixed)
		if b := r.bytes(f); r.utf8 {
			e.Value = clip(displayUTF8(b))
		} else {
			e.Value = clip(display(b))
		}
	}
	r.errs = append(r.errs, e)
	return e
}

// Raw returns the field's bytes as found (Windows-1252, or UTF-8 in a
// delimited file that starts with a UTF-8 byte-order mark; untrimmed).
func (r *Row) Raw(f *Field) []byte { return r.bytes(f) }

// Blank tells whether the field holds only spaces, or nothing.
func (r *Row) Blank(f *Field) bool { return blank(r.bytes(f)) }

func (r *Row) bytes(f *Field) []byte {
	if r.fixed {
		return r.raw[f.off : f.off+f.Length]
	}
	i := 2 * (f.Column - 1)
	if i+1 >= len(r.cols) {
		return nil
	}
	return r.raw[r.cols[i]:r.cols[i+1]]
}

// buildText decodes every text field of the row into one string, cut from
// the reader's arena: a row's text costs a copy, and an allocation only
// once every few kilobytes.
func (r *Row) buildText() {
	r.textOK = true
	if r.ascii {
		// Nothing to decode: the fields are substrings of the line.
		r.text = r.arena.Line(r.at, r.raw)
		return
	}
	out := r.scratch[:0]
	r.spans = r.spans[:0]
	for _, f := range r.Rec.text {
		b := r.bytes(f)
		if r.fixed {
			b = trimSpaces(b)
		}
		start := int32(len(out))
		if cp1252.PrintableASCII(b) {
			out = append(out, b...)
		} else if r.utf8 {
			if bad, _ := unprintableUTF8(b, !r.fixed); bad >= 0 {
				r.spans = append(r.spans, span{-1, -1})
				continue
			}
			out = append(out, b...)
		} else if bad, _ := cp1252.Scan(b, !r.fixed); bad >= 0 {
			r.spans = append(r.spans, span{-1, -1})
			continue
		} else {
			for _, c := range b {
				if c < 0x80 {
					out = append(out, c)
				} else {
					ch, _ := cp1252.Rune(c)
					out = utf8.AppendRune(out, ch)
				}
			}
		}
		r.spans = append(r.spans, span{start, int32(len(out))})
	}
	r.text = r.arena.String(out)
	r.scratch = out
}

// unprintableUTF8 returns the index of the first byte of b that does not
// start a printable character — invalid UTF-8 (with RuneError), or a C0
// control, DEL or a C1 control (a line break byte is allowed with nl) —
// and the character, or -1.
func unprintableUTF8(b []byte, nl bool) (int, rune) {
	for i := 0; i < len(b); {
		ch, size := utf8.DecodeRune(b[i:])
		switch {
		case ch == utf8.RuneError && size == 1:
			return i, ch
		case ch < 0x20 && !(nl && (ch == '\n' || ch == '\r')), ch >= 0x7F && ch <= 0x9F:
			return i, ch
		}
		i += size
	}
	return -1, 0
}

// trimSpaces drops trailing spaces.
func trimSpaces(b []byte) []byte {
	n := len(b)
	for n >= 8 && string(b[n-8:n]) == "        " {
		n -= 8
	}
	for n > 0 && b[n-1] == ' ' {
		n--
	}
	return b[:n]
}

// Text returns a text field: decoded from Windows-1252, trailing spaces
// trimmed in fixed-width records. Strings share blocks: 4 KiB for fixed
// records and for delimited ones that needed decoding, a 32 KiB copy of
// the input for delimited records of printable ASCII. A string kept keeps
// at most its block alive.
func (r *Row) Text(f *Field) string {
	if f.textIdx < 0 {
		r.Fail(f, ErrInvalid, "read as text, but the layout says type %s", f.Type)
		return ""
	}
	if !r.textOK {
		r.buildText()
	}
	if r.ascii {
		i := 2 * (f.Column - 1)
		if i+1 >= len(r.cols) {
			return ""
		}
		return r.text[r.cols[i]:r.cols[i+1]]
	}
	sp := r.spans[f.textIdx]
	if sp.start < 0 && r.utf8 {
		bad, ch := unprintableUTF8(r.bytes(f), !r.fixed)
		if ch == utf8.RuneError {
			r.Fail(f, ErrEncoding, "byte at position %d is not valid UTF-8", bad+1)
		} else {
			r.Fail(f, ErrEncoding, "character %U at position %d is a control character, not text", ch, bad+1)
		}
		return ""
	}
	if sp.start < 0 {
		b := r.bytes(f)
		bad, _ := cp1252.Scan(b, !r.fixed)
		r.Fail(f, ErrEncoding, "byte 0x%02X at position %d is not a printable Windows-1252 character", b[bad], bad+1)
		return ""
	}
	return r.text[sp.start:sp.end]
}

// blank reports whether b is empty or all spaces. A long run (a fixed
// record's unused columns are often a hundred or two) is compared with a
// string of spaces, which the runtime does many bytes at a time.
func blank(b []byte) bool {
	if len(b) < 32 {
		return len(trimSpaces(b)) == 0
	}
	for len(b) > len(spaces) {
		if string(b[:len(spaces)]) != string(spaces[:]) {
			return false
		}
		b = b[len(spaces):]
	}
	return string(b) == string(spaces[:len(b)])
}

// digits parses b as unsigned decimal digits.
func digits(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v, true
}

// Number returns an unsigned integer field (zero-filled in fixed records).
func (r *Row) Number(f *Field) uint64 {
	b := r.bytes(f)
	if f.Optional && blank(b) {
		return 0
	}
	v, ok := digits(b)
	switch {
	case !ok && blank(b):
		r.Fail(f, ErrSyntax, "missing number")
	case len(b) > 18 && allDigits(b):
		// Only a delimited column can be this long (Parse caps N fields at
		// 18): more digits than an int64 is sure to hold.
		r.Fail(f, ErrSyntax, "%d digits; a number has at most 18", len(b))
		return 0
	case !ok:
		r.Fail(f, ErrSyntax, "not a number: want digits only")
	case !r.fixed && f.Length > 0 && len(b) != f.Length:
		r.Fail(f, ErrSyntax, "want exactly %d digits, zero-filled", f.Length)
	}
	return v
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// Money returns a money or quantity field as an exact decimal.
func (r *Row) Money(f *Field) decimal.Decimal {
	return viaCache(r, f, entryAmount, (*Row).money)
}

func (r *Row) money(f *Field, b []byte) decimal.Decimal {
	if f.Optional && blank(b) {
		return decimal.Decimal{}
	}
	switch f.Type {
	case Decimal:
		d, err := money.ParsePlain(string(b), f.places)
		if err != nil {
			r.Fail(f, ErrSyntax, "not an amount: %v", err)
		}
		return d
	case UMoney:
		v, ok := digits(b)
		if !ok {
			r.Fail(f, ErrSyntax, "not an amount: want %d digits with 2 implied decimals", f.Length)
			return decimal.Decimal{}
		}
		return scaledAmount(int64(v), f.places)
	}
	neg := false
	switch b[0] {
	case '-':
		neg = true
	case '+', ' ':
	default:
		r.Fail(f, ErrSyntax, "not an amount: want a sign (+, - or space) then %d digits", f.Length-1)
		return decimal.Decimal{}
	}
	v, ok := digits(b[1:])
	if !ok {
		r.Fail(f, ErrSyntax, "not an amount: want a sign (+, - or space) then %d digits", f.Length-1)
		return decimal.Decimal{}
	}
	n := int64(v)
	if neg {
		n = -n
	}
	return scaledAmount(n, f.places)
}

// scaledAmount is the amount n × 10^-places; n has at most 18 digits
// (Parse refuses longer amount fields), so it fits.
func scaledAmount(n int64, places int32) decimal.Decimal { return money.FromScaled(n, places) }

// num2 parses two ASCII digits.
func num2(b []byte) (int, bool) {
	if b[0] < '0' || b[0] > '9' || b[1] < '0' || b[1] > '9' {
		return 0, false
	}
	return int(b[0]-'0')*10 + int(b[1]-'0'), true
}

// Date returns a date field in UTC; the zero time means "no date" (all
// spaces or all zeros in a fixed record, an empty column in a delimited one).
func (r *Row) Date(f *Field) time.Time {
	return viaCache(r, f, entryTime, (*Row).date)
}

func (r *Row) date(f *Field, b []byte) time.Time {
	if blank(b) || (f.Type != MDY && allZeros(b)) {
		return time.Time{}
	}
	var y, m, d int
	ok := false
	switch f.Type {
	case Date:
		if len(b) == 8 {
			var hi, lo int
			var ok1, ok2, ok3 bool
			hi, ok1 = num2(b[0:2])
			lo, ok2 = num2(b[2:4])
			y = hi*100 + lo
			m, ok3 = num2(b[4:6])
			d, ok = num2(b[6:8])
			ok = ok && ok1 && ok2 && ok3
		}
	case ShortDate:
		if len(b) == 6 {
			var ok1, ok2 bool
			y, ok1 = num2(b[0:2])
			y += 2000
			m, ok2 = num2(b[2:4])
			d, ok = num2(b[4:6])
			ok = ok && ok1 && ok2
		}
	case MDY:
		y, m, d, ok = mdy(b)
	}
	if !ok {
		r.Fail(f, ErrSyntax, "not a date: want %s", dateShape(f.Type))
		return time.Time{}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m || y < 1 {
		r.Fail(f, ErrSyntax, "no such date")
		return time.Time{}
	}
	return t
}

func allZeros(b []byte) bool {
	for _, c := range b {
		if c != '0' {
			return false
		}
	}
	return true
}

func mdy(b []byte) (y, m, d int, ok bool) {
	if len(b) != 10 || b[2] != '/' || b[5] != '/' {
		return 0, 0, 0, false
	}
	m, ok1 := num2(b[0:2])
	d, ok2 := num2(b[3:5])
	hi, ok3 := num2(b[6:8])
	lo, ok4 := num2(b[8:10])
	return hi*100 + lo, m, d, ok1 && ok2 && ok3 && ok4
}

func dateShape(t Type) string {
	switch t {
	case ShortDate:
		return "YYMMDD"
	case MDY:
		return "MM/DD/YYYY"
	case MDYTime:
		return "MM/DD/YYYY HH:MM:SS"
	}
	return "YYYYMMDD"
}

// Clock returns a time-of-day field (HHMMSS, or HHMM) as the time since
// midnight.
func (r *Row) Clock(f *Field) time.Duration {
	b := r.bytes(f)
	if f.Optional && blank(b) {
		return 0
	}
	d, ok := clock(b)
	if len(b) != f.Length {
		ok = false
	}
	if !ok {
		shape := "HHMMSS"
		if len(b) == 4 {
			shape = "HHMM"
		}
		r.Fail(f, ErrSyntax, "not a time of day: want %s", shape)
	}
	return d
}

func clock(b []byte) (time.Duration, bool) {
	if len(b) != 4 && len(b) != 6 {
		return 0, false
	}
	h, ok1 := num2(b[0:2])
	m, ok2 := num2(b[2:4])
	s, ok3 := 0, true
	if len(b) == 6 {
		s, ok3 = num2(b[4:6])
	}
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 59 {
		return 0, false
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second, true
}

// DateTime returns an MM/DD/YYYY HH:MM:SS field in UTC; zero when empty.
// The date part comes from the reader's cache when it repeats.
func (r *Row) DateTime(f *Field) time.Time {
	b := r.bytes(f)
	if len(b) == 0 {
		return time.Time{}
	}
	if len(b) != 19 || b[10] != ' ' || b[13] != ':' || b[16] != ':' {
		r.Fail(f, ErrSyntax, "not a date and time: want MM/DD/YYYY HH:MM:SS")
		return time.Time{}
	}
	c := r.cached(f)
	k, _ := keyOf(b[:10])
	var day time.Time
	if e := c.hit(k); e != nil {
		day = e.t
	} else {
		y, m, d, ok := mdy(b[:10])
		if !ok {
			r.Fail(f, ErrSyntax, "not a date and time: want MM/DD/YYYY HH:MM:SS")
			return time.Time{}
		}
		day = time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if day.Day() != d || int(day.Month()) != m || y < 1 {
			r.Fail(f, ErrSyntax, "no such date")
			return time.Time{}
		}
		if c != nil {
			c.keep(k).t = day
		}
	}
	h, ok1 := num2(b[11:13])
	m, ok2 := num2(b[14:16])
	s, ok3 := num2(b[17:19])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 59 {
		r.Fail(f, ErrSyntax, "not a date and time: want MM/DD/YYYY HH:MM:SS")
		return time.Time{}
	}
	return time.Unix(day.Unix()+int64(h*3600+m*60+s), 0).UTC()
}

// Flag returns a Y/N field; a space reads as N in fixed records.
func (r *Row) Flag(f *Field) bool {
	b := r.bytes(f)
	if len(b) == 1 {
		switch b[0] {
		case 'Y':
			return true
		case 'N':
			return false
		case ' ':
			if r.fixed {
				return false
			}
		}
	}
	r.Fail(f, ErrSyntax, "not a flag: want Y or N")
	return false
}
