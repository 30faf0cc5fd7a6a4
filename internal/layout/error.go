package layout

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/icbatch/caselle/internal/cp1252"
)

// Kinds of problems, matchable with errors.Is on an *Error.
var (
	ErrSyntax     = errors.New("malformed value")                   // a field that does not parse as its type
	ErrTooLong    = errors.New("value too long")                    // a line or value longer than allowed
	ErrEncoding   = errors.New("not representable in Windows-1252") // bytes or runes outside Windows-1252
	ErrRecordType = errors.New("unknown record type")
	ErrOrder      = errors.New("record out of order")
	ErrTotals     = errors.New("trailer does not match the file")
	ErrInvalid    = errors.New("invalid value") // parses, but breaks a rule of the format
	ErrDuplicate  = errors.New("duplicate")
	ErrTooMany    = errors.New("too many errors")
	ErrClosed     = errors.New("write after Close") // a writer used after it was closed
)

// Error is a problem found reading or writing one place of a file. Every
// field that applies is set; the zero values mean "not applicable".
type Error struct {
	File   string // file name as given to the reader or writer
	Line   int    // 1-based line (of the record's start for delimited files)
	Record string // record type, such as "PD"
	Field  string // field name
	Start  int    // fixed width: first byte column, 1-based
	End    int    // fixed width: last byte column, inclusive
	Column int    // delimited: 1-based column
	Value  string // the raw value as found (or as given, when writing)
	Msg    string // what is wrong, for a person
	Err    error  // the kind: one of the Err* values, or a package's own

	blank bool // a blank line between records: a problem, not a record
}

// IsBlankLine reports whether err is only a reader's "blank line between
// records": a problem to report, but no record to count. (Joined with a
// record's own problems it is not: that record counts.)
func IsBlankLine(err error) bool {
	e, ok := err.(*Error)
	return ok && e.blank
}

// Error formats as FILE:LINE: RECORD FIELD: message (columns, value).
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteByte(':')
	}
	if e.Line > 0 {
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteByte(':')
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	head := strings.TrimSpace(e.Record + " " + e.Field)
	if head != "" {
		b.WriteString(head)
		b.WriteString(": ")
	}
	b.WriteString(e.Message())
	return b.String()
}

// Message is the error without its place: what is wrong, the columns and
// the value.
func (e *Error) Message() string {
	msg := e.Msg
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	var where []string
	switch {
	case e.Start > 0 && e.End > e.Start:
		where = append(where, fmt.Sprintf("columns %d-%d", e.Start, e.End))
	case e.Start > 0:
		where = append(where, fmt.Sprintf("column %d", e.Start))
	case e.Column > 0:
		where = append(where, fmt.Sprintf("column %d", e.Column))
	}
	if e.Value != "" || e.Field != "" {
		where = append(where, "value "+strconv.Quote(e.Value))
	}
	if len(where) > 0 {
		msg += " (" + strings.Join(where, ", ") + ")"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// at places e at field f: its name, and its columns in a fixed-width
// file or its column number in a delimited one.
func (e *Error) at(f *Field, fixed bool) {
	e.Field = f.Name
	if fixed {
		e.Start, e.End = f.Start, f.End()
	} else {
		e.Column = f.Column
	}
}

// Errors is several problems reported together (the fields of one record).
type Errors []*Error

func (es Errors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap lets errors.Is and errors.As look at every problem.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// IsProblem tells a problem of the data — an *Error or Errors, wrapped
// or joined — from a failure to read or write (an I/O error, a closed
// file): a reader reports the first and goes on, a writer refuses the
// record and goes on; the second stops both.
func IsProblem(err error) bool {
	var e *Error
	var es Errors
	return errors.As(err, &e) || errors.As(err, &es)
}

// Flatten returns the *Error values inside err (an *Error, Errors or any
// error wrapping them); an error with none becomes one *Error holding it.
func Flatten(err error) []*Error {
	if err == nil {
		return nil
	}
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case *Error:
			out = append(out, e)
		case Errors:
			out = append(out, e...)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			if in := e.Unwrap(); in != nil {
				n := len(out)
				walk(in)
				if len(out) > n {
					return
				}
			}
			out = append(out, &Error{Msg: err.Error(), Err: err})
		default:
			out = append(out, &Error{Msg: err.Error(), Err: err})
		}
	}
	walk(err)
	return out
}

// display renders raw Windows-1252 bytes for an error message: printable
// characters decoded, anything else as \xNN.
func display(b []byte) string {
	if cp1252.Valid(b, false) < 0 {
		s, _ := cp1252.Decode(b, false)
		return s
	}
	var sb strings.Builder
	for _, c := range b {
		if s, bad := cp1252.Decode([]byte{c}, false); bad < 0 {
			sb.WriteString(s)
		} else {
			fmt.Fprintf(&sb, `\x%02X`, c)
		}
	}
	return sb.String()
}

// displayString shortens long values for messages.
func clip(s string) string {
	const max = 80
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
