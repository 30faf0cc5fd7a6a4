package invoice

import (
	_ "embed"
	"io"

	"github.com/icbatch/caselle/internal/layout"
)

//go:embed connect.json
var connectJSON []byte

// ConnectLayout is a Connect invoice file layout bound to the fields this
// package reads and writes. DefaultConnectLayout is FORMATS §2.
type ConnectLayout struct {
	l *layout.Layout `layout:"layout"`

	hBiller *layout.Field `layout:"H1,biller_code,A"`
	hSource *layout.Field `layout:"H1,source_system,A"`
	hDate   *layout.Field `layout:"H1,creation_date,D"`
	hTime   *layout.Field `layout:"H1,creation_time,T"`
	hPeriod *layout.Field `layout:"H1,billing_period,N"`
	hCycle  *layout.Field `layout:"H1,billing_cycle,N"`

	inAccount   *layout.Field `layout:"IN,account,A"`
	inNumber    *layout.Field `layout:"IN,invoice_number,A"`
	inType      *layout.Field `layout:"IN,invoice_type,N"`
	inBill      *layout.Field `layout:"IN,bill_date,D"`
	inDue       *layout.Field `layout:"IN,due_date,D"`
	inPenalty   *layout.Field `layout:"IN,penalty_date,D"`
	inPrev      *layout.Field `layout:"IN,previous_balance,S"`
	inPay       *layout.Field `layout:"IN,payments,S"`
	inAdj       *layout.Field `layout:"IN,adjustments,S"`
	inCur       *layout.Field `layout:"IN,current_charges,S"`
	inAmountDue *layout.Field `layout:"IN,amount_due,S"`
	inMin       *layout.Field `layout:"IN,minimum_due,S"`
	inAfter     *layout.Field `layout:"IN,amount_after_penalty,S"`
	inPaperless *layout.Field `layout:"IN,paperless,F"`
	inAutoPay   *layout.Field `layout:"IN,autopay,F"`
	inFrom      *layout.Field `layout:"IN,service_from,D"`
	inTo        *layout.Field `layout:"IN,service_to,D"`

	naName    *layout.Field `layout:"NA,name,A"`
	naAddr1   *layout.Field `layout:"NA,address1,A"`
	naAddr2   *layout.Field `layout:"NA,address2,A"`
	naCity    *layout.Field `layout:"NA,city,A"`
	naState   *layout.Field `layout:"NA,state,A"`
	naZip     *layout.Field `layout:"NA,zip,A"`
	naService *layout.Field `layout:"NA,service_address,A"`
	naEmail   *layout.Field `layout:"NA,email,A"`

	liService *layout.Field `layout:"LI,service,A"`
	liDesc    *layout.Field `layout:"LI,description,A"`
	liQty     *layout.Field `layout:"LI,quantity,Q"`
	liAmount  *layout.Field `layout:"LI,amount,S"`

	mrMeter    *layout.Field `layout:"MR,meter,A"`
	mrService  *layout.Field `layout:"MR,service,A"`
	mrPrevDate *layout.Field `layout:"MR,previous_read_date,D"`
	mrCurDate  *layout.Field `layout:"MR,current_read_date,D"`
	mrPrev     *layout.Field `layout:"MR,previous_reading,N"`
	mrCur      *layout.Field `layout:"MR,current_reading,N"`
	mrCons     *layout.Field `layout:"MR,consumption,N"`
	mrUnit     *layout.Field `layout:"MR,unit,A"`

	uhService *layout.Field     `layout:"UH,service,A"`
	uhUnit    *layout.Field     `layout:"UH,unit,A"`
	uhPeriod  [13]*layout.Field `layout:"UH,period_%d,N"`
	uhCons    [13]*layout.Field `layout:"UH,consumption_%d,N"`

	msText *layout.Field `layout:"MS,message,A"`

	tRecords  *layout.Field `layout:"T1,record_count,N"`
	tInvoices *layout.Field `layout:"T1,invoice_count,N"`
	tTotal    *layout.Field `layout:"T1,total_amount_due,S"`
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

var bindConnect = layout.BindNew[ConnectLayout]
