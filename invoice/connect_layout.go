package invoice

import (
	_ "embed"
	"fmt"
	"io"

	"github.com/icbatch/caselle/internal/layout"
)

//go:embed connect.json
var connectJSON []byte

// ConnectLayout is a Connect invoice file layout bound to the fields this
// package reads and writes. DefaultConnectLayout is FORMATS §2.
type ConnectLayout struct {
	l *layout.Layout

	hBiller, hSource, hDate, hTime, hPeriod, hCycle *layout.Field

	inAccount, inNumber, inType, inBill, inDue, inPenalty, inPrev, inPay, inAdj, inCur,
	inAmountDue, inMin, inAfter, inPaperless, inAutoPay, inFrom, inTo *layout.Field

	naName, naAddr1, naAddr2, naCity, naState, naZip, naService, naEmail *layout.Field

	liService, liDesc, liQty, liAmount *layout.Field

	mrMeter, mrService, mrPrevDate, mrCurDate, mrPrev, mrCur, mrCons, mrUnit *layout.Field

	uhService, uhUnit *layout.Field
	uhPeriod, uhCons  [13]*layout.Field

	msText *layout.Field

	tRecords, tInvoices, tTotal *layout.Field
}

var defaultConnect = layout.MustBind(connectJSON, bindConnect) // loaded again by TestDefaultLayoutsLoad

// DefaultConnectLayout returns the reference layout of FORMATS §2.
func DefaultConnectLayout() *ConnectLayout { return defaultConnect }

// LoadConnectLayout reads an edited copy of DefaultConnectLayout().JSON().
func LoadConnectLayout(r io.Reader) (*ConnectLayout, error) { return layout.LoadBound(r, bindConnect) }

// JSON returns the layout's definition.
func (l *ConnectLayout) JSON() []byte { return l.l.JSON() }

// Markdown documents the layout.
func (l *ConnectLayout) Markdown() string { return l.l.Markdown() }

func bindConnect(l *layout.Layout) (*ConnectLayout, error) {
	b := &ConnectLayout{l: l}
	w := func(name string, t layout.Type, into **layout.Field) layout.Want {
		return layout.Want{Name: name, Type: t, Into: into}
	}
	A, N, D, T, S, Q, F := layout.Text, layout.Number, layout.Date, layout.Clock, layout.Money, layout.Quantity, layout.Flag
	uh := []layout.Want{w("service", A, &b.uhService), w("unit", A, &b.uhUnit)}
	for i := range 13 {
		uh = append(uh, w(fmt.Sprintf("period_%d", i+1), N, &b.uhPeriod[i]), w(fmt.Sprintf("consumption_%d", i+1), N, &b.uhCons[i]))
	}
	if err := l.OnlyTypes("H1", "IN", "NA", "LI", "MR", "UH", "MS", "T1"); err != nil {
		return nil, err
	}
	for _, x := range []struct {
		rec  string
		want []layout.Want
	}{
		{"H1", []layout.Want{w("biller_code", A, &b.hBiller), w("source_system", A, &b.hSource), w("creation_date", D, &b.hDate),
			w("creation_time", T, &b.hTime), w("billing_period", N, &b.hPeriod), w("billing_cycle", N, &b.hCycle)}},
		{"IN", []layout.Want{w("account", A, &b.inAccount), w("invoice_number", A, &b.inNumber), w("invoice_type", N, &b.inType),
			w("bill_date", D, &b.inBill), w("due_date", D, &b.inDue), w("penalty_date", D, &b.inPenalty),
			w("previous_balance", S, &b.inPrev), w("payments", S, &b.inPay), w("adjustments", S, &b.inAdj),
			w("current_charges", S, &b.inCur), w("amount_due", S, &b.inAmountDue), w("minimum_due", S, &b.inMin),
			w("amount_after_penalty", S, &b.inAfter), w("paperless", F, &b.inPaperless), w("autopay", F, &b.inAutoPay),
			w("service_from", D, &b.inFrom), w("service_to", D, &b.inTo)}},
		{"NA", []layout.Want{w("name", A, &b.naName), w("address1", A, &b.naAddr1), w("address2", A, &b.naAddr2),
			w("city", A, &b.naCity), w("state", A, &b.naState), w("zip", A, &b.naZip), w("service_address", A, &b.naService), w("email", A, &b.naEmail)}},
		{"LI", []layout.Want{w("service", A, &b.liService), w("description", A, &b.liDesc), w("quantity", Q, &b.liQty), w("amount", S, &b.liAmount)}},
		{"MR", []layout.Want{w("meter", A, &b.mrMeter), w("service", A, &b.mrService), w("previous_read_date", D, &b.mrPrevDate),
			w("current_read_date", D, &b.mrCurDate), w("previous_reading", N, &b.mrPrev), w("current_reading", N, &b.mrCur),
			w("consumption", N, &b.mrCons), w("unit", A, &b.mrUnit)}},
		{"UH", uh},
		{"MS", []layout.Want{w("message", A, &b.msText)}},
		{"T1", []layout.Want{w("record_count", N, &b.tRecords), w("invoice_count", N, &b.tInvoices), w("total_amount_due", S, &b.tTotal)}},
	} {
		if err := l.Bind(x.rec, x.want...); err != nil {
			return nil, err
		}
	}
	return b, nil
}
