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
	l *layout.Layout

	priority, destination, origin, createdDate, createdTime *layout.Field
	bBatch, bLockbox, bDeposit, bStore                      *layout.Field
	pBatch, pItem, pAmount, pConf, pPayer                   *layout.Field
	dBatch, dItem, dSeq, dCode, dGL, dQty, dAmount, dDesc   *layout.Field
	tBatch, tLockbox, tDeposit, tItems, tAmount             *layout.Field
	lLockbox, lBatches, lItems, lAmount                     *layout.Field
	records                                                 *layout.Field
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

func bind(l *layout.Layout) (*Layout, error) {
	b := &Layout{l: l}
	A, N, U, d, T := layout.Text, layout.Number, layout.UMoney, layout.ShortDate, layout.Clock
	w := func(name string, t layout.Type, into **layout.Field) layout.Want {
		return layout.Want{Name: name, Type: t, Into: into}
	}
	binds := []struct {
		rec  string
		want []layout.Want
	}{
		{"1", []layout.Want{w("priority", N, &b.priority), w("destination", A, &b.destination),
			w("origin", A, &b.origin), w("creation_date", d, &b.createdDate), w("creation_time", T, &b.createdTime)}},
		{"5", []layout.Want{w("batch", N, &b.bBatch), w("lockbox", N, &b.bLockbox),
			w("deposit_date", d, &b.bDeposit), w("store", A, &b.bStore)}},
		{"6", []layout.Want{w("batch", N, &b.pBatch), w("item", N, &b.pItem), w("amount", U, &b.pAmount),
			w("confirmation", A, &b.pConf), w("payer", A, &b.pPayer)}},
		{"4", []layout.Want{w("batch", N, &b.dBatch), w("item", N, &b.dItem), w("sequence", N, &b.dSeq),
			w("item_code", A, &b.dCode), w("gl_account", A, &b.dGL), w("quantity", N, &b.dQty),
			w("amount", U, &b.dAmount), w("description", A, &b.dDesc)}},
		{"7", []layout.Want{w("batch", N, &b.tBatch), w("lockbox", N, &b.tLockbox), w("deposit_date", d, &b.tDeposit),
			w("item_count", N, &b.tItems), w("batch_amount", U, &b.tAmount)}},
		{"8", []layout.Want{w("lockbox", N, &b.lLockbox), w("batch_count", N, &b.lBatches),
			w("item_count", N, &b.lItems), w("total_amount", U, &b.lAmount)}},
		{"9", []layout.Want{w("record_count", N, &b.records)}},
	}
	if err := l.OnlyTypes("1", "5", "6", "4", "7", "8", "9"); err != nil {
		return nil, err
	}
	for _, x := range binds {
		if err := l.Bind(x.rec, x.want...); err != nil {
			return nil, err
		}
	}
	return b, nil
}
