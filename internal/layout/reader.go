package layout

import (
	"fmt"
	"io"
	"io/fs"
)

// Reader reads the records of a file laid out by a Layout, one Row at a
// time, at flat memory.
type Reader struct {
	L    *Layout
	File string

	sc      *Scanner
	csv     *csvScanner
	row     Row
	pad     []byte
	blankAt int  // first of a run of blank lines not yet known to be trailing
	held    Line // the line read after blank lines, still to be returned
	heldBuf []byte
	hasHeld bool
	header  bool // the header row was read
	cache   []fieldCache
	arena   textArena
}

// nextRow makes the reader's row the next record's, setting only what
// changes from one record to the next (the rest is set by NewReader).
func (rd *Reader) nextRow(rec *Record, line int, raw []byte) *Row {
	r := &rd.row
	// Pointer writes cost a write barrier while the GC marks, so only what
	// changed is written: text and spans are rebuilt by buildText (textOK
	// says whether they are this row's), errs only needs emptying when it
	// is not empty, and most files repeat one record type.
	if r.Rec != rec {
		r.Rec = rec
	}
	r.Line, r.raw, r.textOK = line, raw, false
	if len(r.errs) > 0 {
		r.errs = r.errs[:0]
	}
	return r
}

// NewReader returns a reader of l's records from r; file names the input in
// errors.
func NewReader(l *Layout, r io.Reader, file string) *Reader {
	rd := &Reader{L: l, File: file, cache: make([]fieldCache, l.nfields)}
	rd.row = Row{File: file, fixed: l.Format == Fixed, cache: rd.cache, arena: &rd.arena, at: -1}
	if l.Format == Fixed {
		rd.sc = NewScanner(r, l.maxLen+1024) // room to name the record of a slightly long line
		rd.sc.File = file
	} else {
		rd.csv = newCSVScanner(r, file)
		rd.arena.sc = rd.csv.sc
	}
	return rd
}

// SizeHint returns the size of r in bytes when it is easy to know (a
// regular file, an in-memory reader), else 0: readers size their duplicate
// checks with it.
func SizeHint(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	}
	return 0
}

// Lines returns the number of lines read so far.
func (rd *Reader) Lines() int {
	if rd.sc != nil {
		return rd.sc.no
	}
	return rd.csv.sc.no
}

// Next returns the next record, or io.EOF after the last. A line that
// cannot be a record — an unknown record type, a line longer than its
// record, data in unused columns, a blank line between records, bytes that
// are not Windows-1252 — is returned as an error and the reader moves on,
// so a caller may keep reading past it. Field values are checked when the
// caller reads them from the Row.
func (rd *Reader) Next() (*Row, error) {
	if rd.L.Format == Delimited {
		return rd.nextDelimited()
	}
	for {
		var ln Line
		if rd.hasHeld {
			ln = rd.held
			rd.hasHeld = false
		} else {
			var err error
			ln, err = rd.sc.Scan()
			if err == io.EOF {
				rd.blankAt = 0 // blank lines at the end are allowed
				return nil, io.EOF
			}
			if err != nil {
				return nil, err
			}
			if ln.Long == 0 && blank(ln.Bytes) {
				if rd.blankAt == 0 {
					rd.blankAt = ln.No
				}
				continue
			}
			if rd.blankAt != 0 {
				at := rd.blankAt
				rd.blankAt = 0
				rd.heldBuf = append(rd.heldBuf[:0], ln.Bytes...)
				rd.held, rd.hasHeld = Line{No: ln.No, Bytes: rd.heldBuf, Long: ln.Long}, true
				return nil, &Error{File: rd.File, Line: at, Err: ErrInvalid, Msg: "blank line between records", blank: true}
			}
		}
		return rd.fixedRow(ln)
	}
}

func (rd *Reader) fixedRow(ln Line) (*Row, error) {
	l := rd.L
	if ln.Long > 0 {
		return nil, &Error{File: rd.File, Line: ln.No, Err: ErrTooLong, Value: display(ln.Bytes) + "…",
			Msg: fmt.Sprintf("line is %d bytes long; the longest record is %d", ln.Long, l.maxLen)}
	}
	b := ln.Bytes
	var rec *Record
	if l.TypeLength == 0 {
		rec = &l.Records[0]
	} else {
		from, to := l.TypeStart-1, l.TypeStart-1+l.TypeLength
		var typ []byte
		if len(b) >= to {
			typ = b[from:to]
		} else if len(b) > from {
			typ = b[from:]
		}
		rec = l.byType[string(typ)]
		if rec == nil {
			return nil, &Error{File: rd.File, Line: ln.No, Start: l.TypeStart, End: to, Value: clip(display(typ)),
				Err: ErrRecordType, Msg: fmt.Sprintf("unknown record type (%s)", l.typeList())}
		}
	}
	if len(b) > rec.Length {
		return nil, &Error{File: rd.File, Line: ln.No, Record: rec.Type, Start: rec.Length + 1, End: len(b),
			Value: clip(display(b[rec.Length:])), Err: ErrTooLong,
			Msg: fmt.Sprintf("line is %d bytes long; a %s record is %d", len(b), rec.Type, rec.Length)}
	}
	if len(b) < rec.Length {
		rd.pad = append(append(rd.pad[:0], b...), make([]byte, rec.Length-len(b))...)
		for i := len(b); i < rec.Length; i++ {
			rd.pad[i] = ' '
		}
		b = rd.pad
	}
	rd.nextRow(rec, ln.No, b)
	for _, g := range rec.gaps {
		if !blank(b[g[0]:g[1]]) {
			rd.row.errs = append(rd.row.errs, &Error{File: rd.File, Line: ln.No, Record: rec.Type,
				Start: g[0] + 1, End: g[1], Value: clip(display(b[g[0]:g[1]])), Err: ErrInvalid,
				Msg: "data in columns no field uses (a field moved? load a layout definition that places it)"})
		}
	}
	return &rd.row, nil
}

// typeList names the record types for messages: "PH, PD or PT".
func (l *Layout) typeList() string {
	s := ""
	for i, r := range l.Records {
		switch {
		case i == 0:
		case i == len(l.Records)-1:
			s += " or "
		default:
			s += ", "
		}
		s += r.Type
	}
	return "want " + s
}
