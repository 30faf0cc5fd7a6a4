package layout

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"strings"

	"github.com/icbatch/caselle/internal/swar"
)

// maxCSVRecord bounds one delimited record (all its lines), so that a
// runaway quoted field is reported instead of read into memory whole.
const maxCSVRecord = 1 << 20

// csvScanner splits a delimited file into records (RFC 4180): fields
// separated by commas, quoted fields holding commas, doubled quotes and
// line breaks (read as "\n"). It works on the lines of a Scanner, so it
// shares its line endings, byte-order mark and end-of-file handling.
type csvScanner struct {
	sc    *Scanner
	file  string
	rec   []byte  // the record: the line itself, or buf when quoting had to be undone
	buf   []byte  // unquoted field bytes, for records with quoted fields
	cols  []int32 // field i is rec[cols[2i]:cols[2i+1]]
	start int     // line the record starts on
	ascii bool    // rec is the line itself and all printable ASCII
	at    int64   // the input offset of rec when taken from the buffer, or -1
}

func newCSVScanner(r io.Reader, file string) *csvScanner {
	sc := NewScanner(r, maxCSVRecord)
	sc.File, sc.keepUTF8 = file, true
	return &csvScanner{sc: sc, file: file}
}

// next reads one record. Empty lines come back as a record with no fields.
func (c *csvScanner) next() error {
	if c.fast() {
		return nil
	}
	c.at = -1
	ln, err := c.sc.Scan()
	if err != nil {
		return err
	}
	c.start = ln.No
	c.cols, c.ascii = c.cols[:0], false
	if ln.Long > 0 {
		return c.tooLong(ln.Quotes%2 == 1, ln.No, ln.Bytes)
	}
	line := ln.Bytes
	if len(line) == 0 {
		return nil
	}
	if c.split(line) >= 0 {
		c.rec = line
		return nil
	}
	return c.quoted(ln)
}

// fast takes the next record when it is one line without quotes, its
// end and commas found in one pass over the scanner's buffer (most
// records); it reports whether it did.
func (c *csvScanner) fast() bool {
	win := c.sc.peek()
	if win == nil {
		return false
	}
	lim := min(len(win), c.sc.limit+1)
	n := c.split(win[:lim])
	if n < 0 || n >= lim {
		return false
	}
	eol := 1
	if win[n] == '\r' {
		switch {
		case n+1 < len(win):
			if win[n+1] == '\n' {
				eol = 2
			}
		case !c.sc.eof:
			return false // half of a CRLF, maybe: let Scan read on
		}
	}
	c.at = c.sc.offset()
	ln := c.sc.take(n, eol)
	c.start, c.rec = ln.No, ln.Bytes
	if n == 0 {
		c.cols, c.ascii = c.cols[:0], false
	}
	return true
}

// quoted reads a record with quoted fields, which may go on over more
// lines, starting with its first line ln.
func (c *csvScanner) quoted(ln Line) error {
	line := ln.Bytes
	c.cols = c.cols[:0]
	c.buf = c.buf[:0]
	c.rec = c.buf
	pos := 0
	for {
		c.cols = append(c.cols, int32(len(c.rec)))
		if pos < len(line) && line[pos] == '"' {
			pos++
			var err error
			if line, pos, err = c.quotedField(&ln, line, pos); err != nil {
				return err
			}
			c.cols = append(c.cols, int32(len(c.rec)))
			if pos == len(line) {
				break
			}
			if line[pos] != ',' {
				return c.fail(ln.No, ErrSyntax, fmt.Sprintf("unexpected %q after a closing quote (column %d)", line[pos], len(c.cols)/2), line[pos:min(pos+20, len(line))])
			}
			pos++
			continue
		}
		i := bytes.IndexByte(line[pos:], ',')
		end := len(line)
		if i >= 0 {
			end = pos + i
		}
		field := line[pos:end]
		if q := bytes.IndexByte(field, '"'); q >= 0 {
			return c.fail(ln.No, ErrSyntax, fmt.Sprintf("quote inside an unquoted field (column %d); quote the field and double the quote", (len(c.cols)+1)/2), field)
		}
		c.rec = append(c.rec, field...)
		c.cols = append(c.cols, int32(len(c.rec)))
		if i < 0 {
			break
		}
		pos = end + 1
	}
	c.buf = c.rec
	return nil
}

// quotedField reads a quoted field from just after its opening quote at
// line[pos:], reading on over lines (*ln) while the quote is open, and
// returns the line and position just after its closing quote.
func (c *csvScanner) quotedField(ln *Line, line []byte, pos int) ([]byte, int, error) {
	var err error
	for {
		i := bytes.IndexByte(line[pos:], '"')
		if i < 0 {
			c.rec = append(c.rec, line[pos:]...)
			c.rec = append(c.rec, ln.End...) // the line break as it was: nothing changes silently
			if len(c.rec) > maxCSVRecord {
				return nil, 0, c.tooLong(true, ln.No, nil)
			}
			*ln, err = c.sc.Scan()
			if err == io.EOF {
				return nil, 0, c.fail(c.start, ErrSyntax, "quoted field is not closed before the end of the file", nil)
			}
			if err != nil {
				return nil, 0, err
			}
			if ln.Long > 0 {
				return nil, 0, c.tooLong(ln.Quotes%2 == 0, ln.No, ln.Bytes)
			}
			line, pos = ln.Bytes, 0
			continue
		}
		c.rec = append(c.rec, line[pos:pos+i]...)
		pos += i + 1
		if pos < len(line) && line[pos] == '"' {
			c.rec = append(c.rec, '"')
			pos++
			continue
		}
		break
	}
	return line, pos, nil
}

const (
	commas = 0x2C2C2C2C2C2C2C2C
	quotes = 0x2222222222222222
	crs    = 0x0D0D0D0D0D0D0D0D
	lfs    = 0x0A0A0A0A0A0A0A0A
)

// split places the fields of b up to its first line ending (CR or LF),
// eight bytes at a time, and notes whether they are all printable ASCII.
// It returns where the line ends (len(b) when it does not), or -1, with
// cols unspecified and ascii false, when a quote comes first: the record
// needs the quoted parser.
func (c *csvScanner) split(b []byte) int {
	c.ascii = false
	cols := c.cols[:0]
	from, i := 0, 0
	bad := false
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		before := ^uint64(0) // the bytes of w before the line ends
		if u := swar.Unprintable(w); u != 0 {
			// CR and LF are among the unprintable bytes, so only a word
			// with one of those needs looking at for the line's end.
			if eol := swar.Zero(w^crs) | swar.Zero(w^lfs); eol != 0 {
				before = 1<<(bits.TrailingZeros64(eol)&^7) - 1
			}
			bad = bad || u&before != 0
		}
		if swar.Zero(w^quotes)&before != 0 {
			return -1
		}
		for m := swar.Zero(w^commas) & before; m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)>>3
			cols = append(cols, int32(from), int32(j))
			from = j + 1
		}
		if before != ^uint64(0) {
			i += bits.TrailingZeros64(^before) >> 3
			c.cols, c.ascii = append(cols, int32(from), int32(i)), !bad
			return i
		}
	}
	for ; i < len(b); i++ {
		ch := b[i]
		if ch == '\r' || ch == '\n' {
			break
		}
		switch {
		case ch == ',':
			cols = append(cols, int32(from), int32(i))
			from = i + 1
		case ch == '"':
			return -1
		case ch < 0x20 || ch > 0x7E:
			bad = true
		}
	}
	c.cols, c.ascii = append(cols, int32(from), int32(i)), !bad
	return i
}

// tooLong reports a record longer than maxCSVRecord, whose line line was
// read last, after reading on to the record's end: while inQuote, lines
// are skipped (each line's quotes toggle it, a doubled quote twice), so
// that the next record read is a record, not the rest of a quoted field.
func (c *csvScanner) tooLong(inQuote bool, line int, value []byte) error {
	head := append([]byte(nil), value...)
	for inQuote {
		ln, err := c.sc.Scan()
		if err == io.EOF {
			return c.fail(c.start, ErrSyntax, "quoted field is not closed before the end of the file", nil)
		}
		if err != nil {
			return err
		}
		q := ln.Quotes
		if ln.Long == 0 {
			q = bytes.Count(ln.Bytes, []byte{'"'})
		}
		inQuote = q%2 == 0
	}
	return c.fail(line, ErrTooLong, fmt.Sprintf("record is longer than %d bytes (a quoted field not closed?)", maxCSVRecord), head)
}

// fail is a problem found on line of the record being read. The error
// names the line the record starts on, as every problem of a record does;
// the message says the line of the problem when it is a later one.
func (c *csvScanner) fail(line int, kind error, msg string, value []byte) error {
	if line > c.start {
		msg += fmt.Sprintf(" (on line %d, in the record that starts on line %d)", line, c.start)
	}
	return &Error{File: c.file, Line: c.start, Err: kind, Msg: msg, Value: clip(display(value))}
}

// nextDelimited is Next for delimited layouts.
func (rd *Reader) nextDelimited() (*Row, error) {
	c := rd.csv
	for {
		err := c.next()
		if err == io.EOF {
			rd.blankAt = 0
			return nil, io.EOF
		}
		if err != nil {
			return nil, err
		}
		if len(c.cols) == 0 {
			if rd.blankAt == 0 {
				rd.blankAt = c.start
			}
			continue
		}
		var blankErr error
		if rd.blankAt != 0 {
			blankErr = &Error{File: rd.File, Line: rd.blankAt, Err: ErrInvalid, Msg: "blank line between records", blank: true}
			rd.blankAt = 0
		}
		row, err := rd.delimitedRow()
		if blankErr != nil {
			if err != nil {
				return nil, Errors{blankErr.(*Error), err.(*Error)}
			}
			if row.Err() != nil {
				row.errs = append(Errors{blankErr.(*Error)}, row.errs...)
			} else {
				row.errs = append(row.errs, blankErr.(*Error))
			}
		}
		return row, err
	}
}

func (rd *Reader) delimitedRow() (*Row, error) {
	l, c := rd.L, rd.csv
	n := len(c.cols) / 2
	field := func(i int) []byte { return c.rec[c.cols[2*i]:c.cols[2*i+1]] }
	if l.Header && !rd.header {
		rd.header = true
		rec := &l.Records[0]
		want := make([]string, rec.cols)
		for _, f := range rec.Fields {
			want[f.Column-1] = f.Name
		}
		ok := n == len(want)
		for i := 0; ok && i < n; i++ {
			ok = string(field(i)) == want[i]
		}
		if !ok {
			return nil, &Error{File: rd.File, Line: c.start, Err: ErrInvalid, Value: clip(display(bytes.Join(splitCols(c), []byte(",")))),
				Msg: "header row must be exactly " + strings.Join(want, ",")}
		}
		return rd.nextDelimited()
	}
	var rec *Record
	if l.TypeColumn == 0 {
		rec = &l.Records[0]
	} else {
		var typ []byte
		if l.TypeColumn <= n {
			typ = field(l.TypeColumn - 1)
		}
		rec = l.byType[string(typ)]
		if rec == nil {
			return nil, &Error{File: rd.File, Line: c.start, Column: l.TypeColumn, Value: clip(display(typ)),
				Err: ErrRecordType, Msg: fmt.Sprintf("unknown record type (%s)", l.typeList())}
		}
	}
	if n != rec.cols {
		return nil, &Error{File: rd.File, Line: c.start, Record: rec.Type, Err: ErrInvalid,
			Msg: fmt.Sprintf("record has %d columns, want %d", n, rec.cols)}
	}
	row := rd.nextRow(rec, c.start, c.rec)
	row.cols, row.ascii, row.at, row.utf8 = c.cols, c.ascii, c.at, c.sc.utf8
	return row, nil
}

func splitCols(c *csvScanner) [][]byte {
	out := make([][]byte, len(c.cols)/2)
	for i := range out {
		out[i] = c.rec[c.cols[2*i]:c.cols[2*i+1]]
	}
	return out
}
