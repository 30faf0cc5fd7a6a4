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
	l  *layout.Layout          `layout:"layout"`
	h  *layout.Codec[Header]   `layout:"H1"`
	in *layout.Codec[Invoice]  `layout:"IN"`
	na *layout.Codec[Customer] `layout:"NA"`
	li *layout.Codec[Charge]   `layout:"LI"`
	mr *layout.Codec[Meter]    `layout:"MR"`
	t  *layout.Codec[Summary]  `layout:"T1"`

	hSource *layout.Field `layout:"H1,source_system,A"`

	uhService *layout.Field     `layout:"UH,service,A"`
	uhUnit    *layout.Field     `layout:"UH,unit,A"`
	uhPeriod  [13]*layout.Field `layout:"UH,period_%d,N"`
	uhCons    [13]*layout.Field `layout:"UH,consumption_%d,N"`

	msText *layout.Field `layout:"MS,message,A"`
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
