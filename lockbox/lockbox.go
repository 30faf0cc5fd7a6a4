package lockbox

import (
	"time"

	"github.com/shopspring/decimal"
)

// The models' tags bind them to the layout (DefaultLayout): each names the
// field that holds a value and its type code (FORMATS §1); they also give
// the JSON keys (WriteJSON).

// Header is the file header (record 1).
type Header struct {
	Priority    int       `layout:"priority,N"`                                   // 1
	Destination string    `layout:"destination,A"`                                // the biller code
	Origin      string    `layout:"origin,A"`                                     // INVCLOUD
	Created     time.Time `layout:"creation_date+creation_time,d+T,json=created"` // date and time to the minute, UTC
}

// Batch is a batch header (record 5): one store and one deposit date.
type Batch struct {
	Number  int       `layout:"batch,N"`
	Lockbox int       `layout:"lockbox,N"`
	Deposit time.Time `layout:"deposit_date,d"` // UTC midnight
	Store   string    `layout:"store,A"`        // CloudStore code
}

// Payment is one CloudStore payment (record 6) with its distributions
// (records 4), in the batch it belongs to (whose number record 6 repeats).
type Payment struct {
	Batch         Batch           `layout:"@5,inline"`
	Item          int             `layout:"item,N"` // item number in the batch, from 1
	Amount        decimal.Decimal `layout:"amount,U"`
	Confirmation  string          `layout:"confirmation,A"`
	Payer         string          `layout:"payer,A"`
	Distributions []Distribution  `layout:"@4,json=distributions"`
}

// Distribution is one store item of a payment and the general-ledger
// account it posts to (record 4, which repeats its payment's batch and
// item numbers).
type Distribution struct {
	Sequence    int             `layout:"sequence,N"` // from 1 in each payment
	ItemCode    string          `layout:"item_code,A"`
	GLAccount   string          `layout:"gl_account,A"` // Caselle account, such as 10-41-110
	Quantity    int             `layout:"quantity,N"`
	Amount      decimal.Decimal `layout:"amount,U"`
	Description string          `layout:"description,A"`
}

// Totals are the counts and amounts of a whole file (records 8 and 9).
type Totals struct {
	Lockbox  int             `layout:"lockbox,N"`
	Batches  int             `layout:"batch_count,N"`
	Payments int             `layout:"item_count,N"`
	Amount   decimal.Decimal `layout:"total_amount,U"`
	Records  int             // every record, 1 and 9 included (record 9)
}
