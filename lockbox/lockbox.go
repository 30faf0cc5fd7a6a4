package lockbox

import (
	"errors"
	"time"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/shopspring/decimal"
)

// Header is the file header (record 1).
type Header struct {
	Priority    int       // 1
	Destination string    // the biller code
	Origin      string    // INVCLOUD
	Created     time.Time // date and time to the minute, UTC
}

// Batch is a batch header (record 5): one store and one deposit date.
type Batch struct {
	Number  int
	Lockbox int
	Deposit time.Time // UTC midnight
	Store   string    // CloudStore code
}

// Payment is one CloudStore payment (record 6) with its distributions
// (records 4), in the batch it belongs to.
type Payment struct {
	Batch         Batch
	Item          int // item number in the batch, from 1
	Amount        decimal.Decimal
	Confirmation  string
	Payer         string
	Distributions []Distribution
}

// Distribution is one store item of a payment and the general-ledger
// account it posts to (record 4).
type Distribution struct {
	Sequence    int // from 1 in each payment
	ItemCode    string
	GLAccount   string // Caselle account, such as 10-41-110
	Quantity    int
	Amount      decimal.Decimal
	Description string
}

// Totals are the counts and amounts of a whole file (records 8 and 9).
type Totals struct {
	Lockbox  int
	Batches  int
	Payments int
	Amount   decimal.Decimal
	Records  int // every record, 1 and 9 included
}

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

	// ErrUnmapped reports store item codes without a GL account. It stops
	// a build: an item is never dropped.
	ErrUnmapped = errors.New("item code has no GL account")
	// ErrMask reports a GL account that does not fit the Caselle mask.
	ErrMask = errors.New("GL account does not fit the account mask")
)
