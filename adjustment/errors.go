package adjustment

import (
	"errors"

	"github.com/icbatch/caselle/internal/layout"
)

// Error is a problem at one place of an adjustment file: file, line,
// record type, field, column, raw value and message.
type Error = layout.Error

// Errors is several problems of one record.
type Errors = layout.Errors

// Kinds of problems, for errors.Is.
var (
	ErrSyntax     = layout.ErrSyntax
	ErrTooLong    = layout.ErrTooLong
	ErrEncoding   = layout.ErrEncoding
	ErrRecordType = layout.ErrRecordType
	ErrOrder      = layout.ErrOrder
	ErrTotals     = layout.ErrTotals
	ErrInvalid    = layout.ErrInvalid
	ErrTooMany    = layout.ErrTooMany
	ErrClosed     = layout.ErrClosed

	// ErrPeriodOpen reports a file whose header says the billing period
	// is still open in Caselle. Invoices would close in Invoice Cloud and
	// the adjustment balances arrive as $0.00, so such a file must not be
	// sent: close the billing period in Caselle first.
	ErrPeriodOpen = errors.New("billing period is open")
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
