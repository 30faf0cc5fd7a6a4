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
	l  *layout.Layout         `layout:"layout"`
	ph *layout.Codec[Header]  `layout:"PH"`
	pd *layout.Codec[Payment] `layout:"PD"`
	pt *layout.Codec[Trailer] `layout:"PT"`
}

var defaultLayout = layout.MustBind(defaultJSON, bind) // loaded again by TestDefaultLayoutLoadsFromItsJSON

// DefaultLayout returns the reference layout of FORMATS §6.
func DefaultLayout() *Layout { return defaultLayout }

// LoadLayout reads a JSON layout definition (start from DefaultLayout().JSON())
// and checks it both as a layout and for the fields this package needs:
// record types PH, PD and PT with the fields the tags of Header, Payment
// and Trailer name, each of the type they give, and no other. Positions
// and lengths may change.
func LoadLayout(r io.Reader) (*Layout, error) {
	return layout.LoadBound(r, bind)
}

// JSON returns the layout's definition, ready to edit and load.
func (l *Layout) JSON() []byte { return l.l.JSON() }

// Markdown documents the layout as tables, one per record type.
func (l *Layout) Markdown() string { return l.l.Markdown() }

var bind = layout.BindNew[Layout]
