package layout

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/icbatch/caselle/internal/cp1252"
	"github.com/icbatch/caselle/internal/money"
	"github.com/shopspring/decimal"
)

// Writer writes records laid out by a Layout, each ended by CRLF, in
// Windows-1252. It is strict: a value that does not fit its field exactly
// is an error naming record and field, and the record is not written.
type Writer struct {
	L    *Layout
	File string

	w      io.Writer
	out    []byte
	lines  int
	b      Builder
	err    error // sticky write error
	header bool
	held   bool // a group is open: do not flush
}

// NewWriter returns a writer of l's records to w; file names the output in
// errors.
func NewWriter(l *Layout, w io.Writer, file string) *Writer {
	return &Writer{L: l, File: file, w: w, out: make([]byte, 0, 64<<10)}
}

// Lines returns the number of lines written so far.
func (w *Writer) Lines() int { return w.lines }

// Begin starts a record of the given type; set its fields on the returned
// Builder, then call Commit.
func (w *Writer) Begin(recType string) *Builder {
	b := &w.b
	rec := w.L.byType[recType]
	b.reset(w, rec, recType)
	return b
}

// Commit writes the record begun last, or returns the problems found in
// its values; nothing is written then.
func (w *Writer) Commit() error {
	if w.err != nil {
		return w.err
	}
	b := &w.b
	if len(b.errs) > 0 {
		return b.errs
	}
	if b.rec == nil {
		return &Error{File: w.File, Line: w.lines + 1, Record: b.typ, Err: ErrRecordType, Msg: "no such record type in layout " + w.L.Name}
	}
	w.writeHeader()
	if b.fixed {
		w.out = append(w.out, b.line...)
	} else {
		for i, c := range b.cols {
			if i > 0 {
				w.out = append(w.out, ',')
			}
			w.out = appendCSV(w.out, c)
		}
	}
	w.out = append(w.out, '\r', '\n')
	w.lines++
	if len(w.out) >= 60<<10 && !w.held {
		return w.flushOut()
	}
	return nil
}

// Mark is a place in a Writer's output to go back to.
type Mark struct{ out, lines int }

// Mark starts a group of records that is written whole or not at all:
// nothing is flushed until Release, and Rollback drops what the group
// wrote.
func (w *Writer) Mark() Mark {
	w.held = true
	return Mark{len(w.out), w.lines}
}

// Rollback drops the records written since m.
func (w *Writer) Rollback(m Mark) {
	w.out, w.lines, w.held = w.out[:m.out], m.lines, false
}

// Release ends the group begun by Mark, keeping its records.
func (w *Writer) Release() error {
	w.held = false
	if len(w.out) >= 60<<10 {
		return w.flushOut()
	}
	return nil
}

func (w *Writer) writeHeader() {
	if !w.L.Header || w.header {
		return
	}
	w.header = true
	rec := &w.L.Records[0]
	names := make([]string, rec.cols)
	for _, f := range rec.Fields {
		names[f.Column-1] = f.Name
	}
	for i, n := range names {
		if i > 0 {
			w.out = append(w.out, ',')
		}
		w.out = appendCSV(w.out, []byte(n))
	}
	w.out = append(w.out, '\r', '\n')
	w.lines++
}

// appendCSV quotes a field when it holds a comma, quote or line break.
func appendCSV(dst, f []byte) []byte {
	need := false
	for _, c := range f {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			need = true
			break
		}
	}
	if !need {
		return append(dst, f...)
	}
	dst = append(dst, '"')
	for _, c := range f {
		if c == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}

func (w *Writer) flushOut() error {
	if len(w.out) == 0 {
		return nil
	}
	_, err := w.w.Write(w.out)
	w.out = w.out[:0]
	if err != nil {
		w.err = fmt.Errorf("%s: writing: %w", nameOr(w.File), err)
	}
	return w.err
}

// Flush writes what is buffered (and the header row of an empty
// delimited file).
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	w.writeHeader()
	return w.flushOut()
}

// Builder sets the fields of one record being written.
type Builder struct {
	w     *Writer
	rec   *Record
	typ   string
	fixed bool
	line  []byte   // fixed record bytes
	cols  [][]byte // delimited columns
	errs  Errors
	scr   [64]byte
	tmp   []byte
}

func (b *Builder) reset(w *Writer, rec *Record, typ string) {
	b.w, b.rec, b.typ, b.errs = w, rec, typ, b.errs[:0]
	b.fixed = w.L.Format == Fixed
	if rec == nil {
		return
	}
	if b.fixed {
		if cap(b.line) < rec.Length {
			b.line = make([]byte, rec.Length)
		}
		b.line = b.line[:rec.Length]
		fillSpaces(b.line)
		if w.L.TypeLength > 0 {
			copy(b.line[w.L.TypeStart-1:], typ)
		}
		return
	}
	if cap(b.cols) < rec.cols {
		b.cols = make([][]byte, rec.cols)
	}
	b.cols = b.cols[:rec.cols]
	for i := range b.cols {
		b.cols[i] = b.cols[i][:0]
	}
	if w.L.TypeColumn > 0 {
		b.cols[w.L.TypeColumn-1] = append(b.cols[w.L.TypeColumn-1], typ...)
	}
}

// Fail records a problem with the value given for field f (nil: the
// record) and returns it.
func (b *Builder) Fail(f *Field, value string, kind error, format string, a ...any) *Error {
	e := &Error{File: b.w.File, Line: b.w.lines + 1, Record: b.typ, Value: clip(value), Err: kind, Msg: fmt.Sprintf(format, a...)}
	if f != nil {
		e.at(f, b.fixed)
	}
	b.errs = append(b.errs, e)
	return e
}

// put stores the encoded bytes of a field: fixed fields are left-justified
// (already padded by the caller where needed), delimited ones taken whole.
func (b *Builder) put(f *Field, v []byte) {
	if b.rec == nil {
		return
	}
	if b.fixed {
		copy(b.line[f.off:f.off+f.Length], v)
		return
	}
	b.cols[f.Column-1] = append(b.cols[f.Column-1][:0], v...)
}

// Text sets a text field, refusing what does not fit exactly.
func (b *Builder) Text(f *Field, s string) {
	if b.rec == nil {
		return
	}
	if b.fixed {
		if len(s) <= f.Length && printableASCII(s) {
			copy(b.line[f.off:], s)
			return
		}
		enc, r, at := cp1252.Append(b.tmp[:0], s, false)
		b.tmp = enc
		if at >= 0 {
			b.badRune(f, s, r)
			return
		}
		if len(enc) > f.Length {
			b.Fail(f, s, ErrTooLong, "value is %d bytes long; the field holds %d", len(enc), f.Length)
			return
		}
		copy(b.line[f.off:], enc)
		return
	}
	col := b.cols[f.Column-1][:0]
	enc, r, at := cp1252.Append(col, s, true)
	if at >= 0 {
		b.badRune(f, s, r)
		return
	}
	b.cols[f.Column-1] = enc
}

var spaces [256]byte

func init() {
	for i := range spaces {
		spaces[i] = ' '
	}
}

// fillSpaces sets every byte of b to a space, a block at a time.
func fillSpaces(b []byte) {
	for len(b) > 0 {
		b = b[copy(b, spaces[:]):]
	}
}

// printableASCII reports whether s holds only bytes 0x20-0x7E.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

// appendDigits appends v zero-padded to width digits.
func appendDigits(dst []byte, v, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for ; width > 0 || v > 0; width-- {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, buf[i:]...)
}

func (b *Builder) badRune(f *Field, s string, r rune) {
	if r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) {
		b.Fail(f, s, ErrEncoding, "control character %U is not allowed in a text field", r)
		return
	}
	b.Fail(f, s, ErrEncoding, "character %q (%U) cannot be written in Windows-1252", r, r)
}

// Number sets an unsigned integer field (zero-filled in fixed records).
func (b *Builder) Number(f *Field, v uint64) {
	s := strconv.AppendUint(b.scr[:0], v, 10)
	if f.Length > 0 && len(s) > f.Length {
		b.Fail(f, string(s), ErrTooLong, "%d digits do not fit a field of %d", len(s), f.Length)
		return
	}
	if b.fixed {
		b.zeroFill(f, 0, s)
		return
	}
	if pad := f.Length - len(s); pad > 0 {
		s = append(append(b.scr[32:32:64], "000000000000000000"[:pad]...), s...)
	}
	b.put(f, s)
}

// Int writes a count, code or period held in an int into a digits-only
// field. A negative value is refused, never written as zero.
func (b *Builder) Int(f *Field, v int64) {
	if v < 0 {
		b.Fail(f, strconv.FormatInt(v, 10), ErrInvalid, "%d is negative; the field holds digits only", v)
		return
	}
	b.Number(f, uint64(v))
}

// zeroFill writes digits right-justified and zero-filled after skip bytes.
func (b *Builder) zeroFill(f *Field, skip int, digits []byte) {
	if b.rec == nil {
		return
	}
	field := b.line[f.off+skip : f.off+f.Length]
	pad := len(field) - len(digits)
	for i := 0; i < pad; i++ {
		field[i] = '0'
	}
	copy(field[pad:], digits)
}

// Money sets a money or quantity field. It never rounds: more decimal
// places than the field has, or more digits, is an error.
func (b *Builder) Money(f *Field, d decimal.Decimal) {
	v, err := money.Scaled(d, f.places)
	if err != nil {
		if errors.Is(err, money.ErrPrecision) {
			b.Fail(f, d.String(), ErrInvalid, "amount has more than %d decimal places; it is never rounded", f.places)
		} else {
			b.Fail(f, d.String(), ErrTooLong, "amount is too large for the field")
		}
		return
	}
	switch f.Type {
	case Decimal:
		b.put(f, []byte(d.StringFixed(f.places)))
		return
	case UMoney:
		if v < 0 {
			b.Fail(f, d.String(), ErrInvalid, "amount must not be negative in an unsigned field")
			return
		}
		s := strconv.AppendInt(b.scr[:0], v, 10)
		if len(s) > f.Length {
			b.Fail(f, d.String(), ErrTooLong, "amount is too large for the field (%d digits)", f.Length)
			return
		}
		b.zeroFill(f, 0, s)
		return
	}
	sign := byte('+')
	if v < 0 {
		sign, v = '-', -v
	}
	s := strconv.AppendInt(b.scr[:0], v, 10)
	if len(s) > f.Length-1 {
		b.Fail(f, d.String(), ErrTooLong, "amount is too large for the field (sign and %d digits)", f.Length-1)
		return
	}
	if b.rec != nil {
		b.line[f.off] = sign
	}
	b.zeroFill(f, 1, s)
}

// Date sets a date field from t's year, month and day; the zero time
// writes "no date" (spaces, or an empty column).
func (b *Builder) Date(f *Field, t time.Time) {
	if t.IsZero() {
		if b.fixed {
			return // already spaces
		}
		b.put(f, nil)
		return
	}
	y, m, d := t.Date()
	if y < 1 || y > 9999 {
		b.Fail(f, t.Format("2006-01-02"), ErrInvalid, "year %d is out of range", y)
		return
	}
	s := b.scr[:0]
	switch f.Type {
	case ShortDate:
		if y < 2000 || y > 2099 {
			b.Fail(f, t.Format("2006-01-02"), ErrInvalid, "year %d does not fit YYMMDD (2000-2099)", y)
			return
		}
		s = appendDigits(appendDigits(appendDigits(s, y-2000, 2), int(m), 2), d, 2)
	case MDY:
		s = appendDigits(append(appendDigits(append(appendDigits(s, int(m), 2), '/'), d, 2), '/'), y, 4)
	default:
		s = appendDigits(appendDigits(appendDigits(s, y, 4), int(m), 2), d, 2)
	}
	b.put(f, s)
}

// Clock sets a time-of-day field from the time since midnight.
func (b *Builder) Clock(f *Field, d time.Duration) {
	unit, name := time.Second, "seconds"
	if f.Length == 4 {
		unit, name = time.Minute, "minutes"
	}
	if d < 0 || d >= 24*time.Hour || d%unit != 0 {
		b.Fail(f, d.String(), ErrInvalid, "not a time of day in whole %s", name)
		return
	}
	h, m, s := int(d/time.Hour), int(d/time.Minute%60), int(d/time.Second%60)
	out := appendDigits(appendDigits(b.scr[:0], h, 2), m, 2)
	if f.Length == 6 {
		out = appendDigits(out, s, 2)
	}
	b.put(f, out)
}

// DateTime sets an MM/DD/YYYY HH:MM:SS field; the zero time writes empty.
func (b *Builder) DateTime(f *Field, t time.Time) {
	if t.IsZero() {
		b.put(f, nil)
		return
	}
	if t.Year() < 1 || t.Year() > 9999 || t.Nanosecond() != 0 {
		b.Fail(f, t.String(), ErrInvalid, "not a date and time in whole seconds, years 1-9999")
		return
	}
	b.put(f, t.AppendFormat(b.scr[:0], "01/02/2006 15:04:05"))
}

// Flag sets a Y/N field.
func (b *Builder) Flag(f *Field, v bool) {
	if v {
		b.put(f, []byte{'Y'})
	} else {
		b.put(f, []byte{'N'})
	}
}

// Gate is the state every file kind's writer keeps across calls: whether
// it is closed, and the failure to write that broke it, which every later
// call returns. A record's problem does not break a writer: it refuses
// that record and goes on.
type Gate struct {
	Closed bool
	Err    error
}

// Open is what a Write returns before writing anything: ErrClosed (for
// the writer of kind) after Close, the failure that broke the writer, or
// nil when it may write.
func (g *Gate) Open(kind string) error {
	if g.Closed {
		return fmt.Errorf("%s: %w", kind, ErrClosed)
	}
	return g.Err
}

// Keep notes err when it is a failure to write, not a record's problem,
// and returns it.
func (g *Gate) Keep(err error) error {
	if err != nil && !IsProblem(err) {
		g.Err = err
	}
	return err
}

// Close begins a writer's Close: it marks the writer closed and reports
// whether the file is to be ended now — false when Close was called
// before or the writer is broken, and Close then returns Err.
func (g *Gate) Close() bool {
	end := !g.Closed && g.Err == nil
	g.Closed = true
	return end
}

// End is the Close of a writer on w: once (a Close again, or after a
// failure, returns Err) it writes the file's last records with last and
// flushes w, keeping the first failure; kind names the writer in a
// failure to flush.
func (g *Gate) End(w *Writer, kind string, last func() error) error {
	if !g.Close() {
		return g.Err
	}
	if g.Err = last(); g.Err != nil {
		return g.Err
	}
	if g.Err = w.Flush(); g.Err != nil {
		g.Err = fmt.Errorf("%s: %w", kind, g.Err)
	}
	return g.Err
}
