package lockbox

import (
	"time"

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
