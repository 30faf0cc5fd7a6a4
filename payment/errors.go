package payment

import (
	"errors"

	"github.com/icbatch/caselle/internal/layout"
)

// Error is a problem at one place of a payment file: file, line, record
// type, field, byte columns, raw value and message. Match it with
// errors.As, and its kind with errors.Is (ErrSyntax, ErrOrder, …).
type Error = layout.Error

// Errors is several problems of one record.
type Errors = layout.Errors

// Kinds of problems, for errors.Is.
var (
	ErrSyntax     = layout.ErrSyntax     // a field does not parse as its type
	ErrTooLong    = layout.ErrTooLong    // a line or value longer than its place
	ErrEncoding   = layout.ErrEncoding   // not Windows-1252
	ErrRecordType = layout.ErrRecordType // unknown record type
	ErrOrder      = layout.ErrOrder      // PH first, then PD, then PT last, once each
	ErrTotals     = layout.ErrTotals     // the PT trailer disagrees with the file
	ErrInvalid    = layout.ErrInvalid    // a value breaks a rule of FORMATS §6
	ErrDuplicate  = layout.ErrDuplicate  // a confirmation number used twice in one file
	ErrTooMany    = layout.ErrTooMany    // reading stopped after Options.MaxErrors problems
	ErrClosed     = layout.ErrClosed

	// ErrCardNumber reports what looks like a card number: none may ever
	// appear in a payment file.
	ErrCardNumber = errors.New("looks like a card number")
)

// LayoutError is a layout definition that cannot be used: what LoadLayout
// returns for a JSON definition that is wrong, naming record and field.
type LayoutError = layout.DefinitionError

// IsProblem tells a problem of the data (an *Error or Errors, wrapped or
// joined: a reader goes on after it, a writer refuses only that record)
// from a failure to read or write, which stops them.
func IsProblem(err error) bool { return layout.IsProblem(err) }

// Flatten returns every problem an error holds — an *Error, Errors, or
// errors joined (errors.Join) or wrapped around them — in order; an error
// that holds none (a failure to read) becomes one *Error holding it.
func Flatten(err error) []*Error { return layout.Flatten(err) }
