package lockbox

import (
	_ "embed"
	"io"

	"github.com/icbatch/caselle/internal/layout"
)

//go:embed layout.json
var defaultJSON []byte

// Layout is a lockbox file layout bound to the fields this package reads
// and writes. DefaultLayout is FORMATS §8; LoadLayout reads an edited copy.
type Layout struct {
	l *layout.Layout `layout:"layout"`

	priority    *layout.Field `layout:"1,priority,N"`
	destination *layout.Field `layout:"1,destination,A"`
	origin      *layout.Field `layout:"1,origin,A"`
	createdDate *layout.Field `layout:"1,creation_date,d"`
	createdTime *layout.Field `layout:"1,creation_time,T"`
	bBatch      *layout.Field `layout:"5,batch,N"`
	bLockbox    *layout.Field `layout:"5,lockbox,N"`
	bDeposit    *layout.Field `layout:"5,deposit_date,d"`
	bStore      *layout.Field `layout:"5,store,A"`
	pBatch      *layout.Field `layout:"6,batch,N"`
	pItem       *layout.Field `layout:"6,item,N"`
	pAmount     *layout.Field `layout:"6,amount,U"`
	pConf       *layout.Field `layout:"6,confirmation,A"`
	pPayer      *layout.Field `layout:"6,payer,A"`
	dBatch      *layout.Field `layout:"4,batch,N"`
	dItem       *layout.Field `layout:"4,item,N"`
	dSeq        *layout.Field `layout:"4,sequence,N"`
	dCode       *layout.Field `layout:"4,item_code,A"`
	dGL         *layout.Field `layout:"4,gl_account,A"`
	dQty        *layout.Field `layout:"4,quantity,N"`
	dAmount     *layout.Field `layout:"4,amount,U"`
	dDesc       *layout.Field `layout:"4,description,A"`
	tBatch      *layout.Field `layout:"7,batch,N"`
	tLockbox    *layout.Field `layout:"7,lockbox,N"`
	tDeposit    *layout.Field `layout:"7,deposit_date,d"`
	tItems      *layout.Field `layout:"7,item_count,N"`
	tAmount     *layout.Field `layout:"7,batch_amount,U"`
	lLockbox    *layout.Field `layout:"8,lockbox,N"`
	lBatches    *layout.Field `layout:"8,batch_count,N"`
	lItems      *layout.Field `layout:"8,item_count,N"`
	lAmount     *layout.Field `layout:"8,total_amount,U"`
	records     *layout.Field `layout:"9,record_count,N"`
}

var defaultLayout = layout.MustBind(defaultJSON, bind) // loaded again by TestDefaultLayoutLoadsFromItsJSON

// DefaultLayout returns the reference layout of FORMATS §8.
func DefaultLayout() *Layout { return defaultLayout }

// LoadLayout reads a JSON layout definition (start from
// DefaultLayout().JSON()) and checks that it has every record and field of
// the default layout, each of the same type. Positions and lengths may
// change.
func LoadLayout(r io.Reader) (*Layout, error) {
	return layout.LoadBound(r, bind)
}

// JSON returns the layout's definition, ready to edit and load.
func (l *Layout) JSON() []byte { return l.l.JSON() }

// Markdown documents the layout as tables, one per record type.
func (l *Layout) Markdown() string { return l.l.Markdown() }

var bind = layout.BindNew[Layout]
