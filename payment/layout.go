package payment

import (
	_ "embed"
	"io"

	"github.com/icbatch/caselle/internal/layout"
)

//go:embed layout.json
var defaultJSON []byte

// Layout is a payment file layout bound to the fields this package reads
// and writes. DefaultLayout is FORMATS §6; a biller whose file differs
// loads an edited copy with LoadLayout.
type Layout struct {
	l *layout.Layout `layout:"layout"`

	biller   *layout.Field `layout:"PH,biller_code,A"`
	fileDate *layout.Field `layout:"PH,file_date,D"`
	created  *layout.Field `layout:"PH,creation_time,T"`
	seq      *layout.Field `layout:"PH,sequence,N"`

	pd      *layout.Record `layout:"PD"`
	txType  *layout.Field  `layout:"PD,transaction_type,A"`
	conf    *layout.Field  `layout:"PD,confirmation,A"`
	orig    *layout.Field  `layout:"PD,original_confirmation,A"`
	account *layout.Field  `layout:"PD,account,A"`
	invoice *layout.Field  `layout:"PD,invoice_number,A"`
	invType *layout.Field  `layout:"PD,invoice_type,N"`
	payDate *layout.Field  `layout:"PD,payment_date,D"`
	payTime *layout.Field  `layout:"PD,payment_time,T"`
	settle  *layout.Field  `layout:"PD,settlement_date,D"`
	amount  *layout.Field  `layout:"PD,amount,S"`
	fee     *layout.Field  `layout:"PD,convenience_fee,S"`
	method  *layout.Field  `layout:"PD,method,A"`
	brand   *layout.Field  `layout:"PD,card_brand,A"`
	channel *layout.Field  `layout:"PD,channel,A"`
	payer   *layout.Field  `layout:"PD,payer,A"`
	batch   *layout.Field  `layout:"PD,deposit_batch,A"`

	records  *layout.Field `layout:"PT,record_count,N"`
	pmtCount *layout.Field `layout:"PT,payment_count,N"`
	pmtTotal *layout.Field `layout:"PT,payment_total,S"`
	retCount *layout.Field `layout:"PT,return_count,N"`
	retTotal *layout.Field `layout:"PT,return_total,S"`
	feeTotal *layout.Field `layout:"PT,fee_total,S"`
}

var defaultLayout = layout.MustBind(defaultJSON, bind) // loaded again by TestDefaultLayoutLoadsFromItsJSON

// DefaultLayout returns the reference layout of FORMATS §6.
func DefaultLayout() *Layout { return defaultLayout }

// LoadLayout reads a JSON layout definition (start from DefaultLayout().JSON())
// and checks it both as a layout and for the fields this package needs:
// record types PH, PD and PT with every field of the default layout, each of
// the same type. Positions and lengths may change.
func LoadLayout(r io.Reader) (*Layout, error) {
	return layout.LoadBound(r, bind)
}

// JSON returns the layout's definition, ready to edit and load.
func (l *Layout) JSON() []byte { return l.l.JSON() }

// Markdown documents the layout as tables, one per record type.
func (l *Layout) Markdown() string { return l.l.Markdown() }

var bind = layout.BindNew[Layout]
