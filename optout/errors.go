package optout

import (
	"errors"

	"github.com/icbatch/caselle/internal/layout"
)

// Error is a problem at one place of a change log file: file, line (where
// the record starts), field, column, raw value and message.
type Error = layout.Error

// Errors is several problems of one record.
type Errors = layout.Errors

// Kinds of problems, for errors.Is.
var (
	ErrSyntax    = layout.ErrSyntax
	ErrTooLong   = layout.ErrTooLong
	ErrEncoding  = layout.ErrEncoding
	ErrInvalid   = layout.ErrInvalid
	ErrDuplicate = layout.ErrDuplicate
	ErrTooMany   = layout.ErrTooMany
	ErrClosed    = layout.ErrClosed

	// ErrUnsupported reports a change log the Caselle batch integration
	// does not have: phone numbers, e-mail addresses, AutoPay enrollment.
	ErrUnsupported = errors.New("change log not supported by the Caselle batch integration")
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
