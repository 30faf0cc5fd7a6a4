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
	l *layout.Layout

	ph, pd, pt *layout.Record

	biller, fileDate, created, seq *layout.Field

	txType, conf, orig, account, invoice, invType, payDate, payTime,
	settle, amount, fee, method, brand, channel, payer, batch *layout.Field

	records, pmtCount, pmtTotal, retCount, retTotal, feeTotal *layout.Field
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

func bind(l *layout.Layout) (*Layout, error) {
	b := &Layout{l: l}
	A, N, D, T, S := layout.Text, layout.Number, layout.Date, layout.Clock, layout.Money
	err := l.Bind("PH",
		layout.Want{Name: "biller_code", Type: A, Into: &b.biller},
		layout.Want{Name: "file_date", Type: D, Into: &b.fileDate},
		layout.Want{Name: "creation_time", Type: T, Into: &b.created},
		layout.Want{Name: "sequence", Type: N, Into: &b.seq})
	if err == nil {
		err = l.OnlyTypes("PH", "PD", "PT")
	}
	if err == nil {
		err = l.Bind("PD",
			layout.Want{Name: "transaction_type", Type: A, Into: &b.txType},
			layout.Want{Name: "confirmation", Type: A, Into: &b.conf},
			layout.Want{Name: "original_confirmation", Type: A, Into: &b.orig},
			layout.Want{Name: "account", Type: A, Into: &b.account},
			layout.Want{Name: "invoice_number", Type: A, Into: &b.invoice},
			layout.Want{Name: "invoice_type", Type: N, Into: &b.invType},
			layout.Want{Name: "payment_date", Type: D, Into: &b.payDate},
			layout.Want{Name: "payment_time", Type: T, Into: &b.payTime},
			layout.Want{Name: "settlement_date", Type: D, Into: &b.settle},
			layout.Want{Name: "amount", Type: S, Into: &b.amount},
			layout.Want{Name: "convenience_fee", Type: S, Into: &b.fee},
			layout.Want{Name: "method", Type: A, Into: &b.method},
			layout.Want{Name: "card_brand", Type: A, Into: &b.brand},
			layout.Want{Name: "channel", Type: A, Into: &b.channel},
			layout.Want{Name: "payer", Type: A, Into: &b.payer},
			layout.Want{Name: "deposit_batch", Type: A, Into: &b.batch})
	}
	if err == nil {
		err = l.Bind("PT",
			layout.Want{Name: "record_count", Type: N, Into: &b.records},
			layout.Want{Name: "payment_count", Type: N, Into: &b.pmtCount},
			layout.Want{Name: "payment_total", Type: S, Into: &b.pmtTotal},
			layout.Want{Name: "return_count", Type: N, Into: &b.retCount},
			layout.Want{Name: "return_total", Type: S, Into: &b.retTotal},
			layout.Want{Name: "fee_total", Type: S, Into: &b.feeTotal})
	}
	if err != nil {
		return nil, err
	}
	b.ph, b.pd, b.pt = l.Record("PH"), l.Record("PD"), l.Record("PT")
	return b, nil
}
