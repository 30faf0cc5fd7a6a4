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
	l *layout.Layout              `layout:"layout"`
	h *layout.Codec[Header]       `layout:"1"`
	b *layout.Codec[Batch]        `layout:"5"`
	p *layout.Codec[Payment]      `layout:"6"`
	d *layout.Codec[Distribution] `layout:"4"`
	t *layout.Codec[Totals]       `layout:"8"`

	pBatch   *layout.Field `layout:"6,batch,N"`
	dBatch   *layout.Field `layout:"4,batch,N"`
	dItem    *layout.Field `layout:"4,item,N"`
	tBatch   *layout.Field `layout:"7,batch,N"`
	tLockbox *layout.Field `layout:"7,lockbox,N"`
	tDeposit *layout.Field `layout:"7,deposit_date,d"`
	tItems   *layout.Field `layout:"7,item_count,N"`
	tAmount  *layout.Field `layout:"7,batch_amount,U"`
	records  *layout.Field `layout:"9,record_count,N"`
}

var defaultLayout = layout.MustBind(defaultJSON, bind) // loaded again by TestDefaultLayoutLoadsFromItsJSON

// DefaultLayout returns the reference layout of FORMATS §8.
func DefaultLayout() *Layout { return defaultLayout }

// LoadLayout reads a JSON layout definition (start from
// DefaultLayout().JSON()) and checks that it has every record and field of
// the default layout (those the models' tags name and the batch totals),
// each of the same type, and no other. Positions and lengths may change.
func LoadLayout(r io.Reader) (*Layout, error) {
	return layout.LoadBound(r, bind)
}

// JSON returns the layout's definition, ready to edit and load.
func (l *Layout) JSON() []byte { return l.l.JSON() }

// Markdown documents the layout as tables, one per record type.
func (l *Layout) Markdown() string { return l.l.Markdown() }

var bind = layout.BindNew[Layout]
