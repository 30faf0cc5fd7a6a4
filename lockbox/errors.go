package lockbox

import (
	"errors"

	"github.com/icbatch/caselle/internal/layout"
)

// Error is a problem at one place of a lockbox file, or of an orders or GL
// map CSV file: file, line, record type, field, columns, raw value and
// message. Match it with errors.As, and its kind with errors.Is.
type Error = layout.Error

// Errors is several problems reported together.
type Errors = layout.Errors

// Kinds of problems, for errors.Is.
var (
	ErrSyntax     = layout.ErrSyntax
	ErrTooLong    = layout.ErrTooLong
	ErrEncoding   = layout.ErrEncoding
	ErrRecordType = layout.ErrRecordType
	ErrOrder      = layout.ErrOrder  // records out of the order 1, (5, (6, 4…)…, 7)…, 8, 9
	ErrTotals     = layout.ErrTotals // a 6, 7, 8 or 9 total that disagrees with what it counts
	ErrInvalid    = layout.ErrInvalid
	ErrDuplicate  = layout.ErrDuplicate
	ErrTooMany    = layout.ErrTooMany
	ErrClosed     = layout.ErrClosed

	// ErrUnmapped reports store item codes without a GL account. It stops
	// a build: an item is never dropped.
	ErrUnmapped = errors.New("item code has no GL account")
	// ErrMask reports a GL account that does not fit the Caselle mask.
	ErrMask = errors.New("GL account does not fit the account mask")
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
