package optout

import (
	"cmp"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/mailaddr"
	"github.com/icbatch/caselle/internal/seen"
)

// ChangedBy says who made a change.
type ChangedBy string

const (
	Payer      ChangedBy = "Payer"
	Biller     ChangedBy = "Biller"
	Conversion ChangedBy = "Conversion" // a data conversion load of enrollments
)

func (c ChangedBy) valid() bool { return c == Payer || c == Biller || c == Conversion }

// Change is one row of the paperless change log. Its tags bind it to the
// layout (DefaultLayout): each names the column that holds a value and its
// type code (FORMATS §1), and the JSON key (WriteJSON).
type Change struct {
	ID          int64     `layout:"ChangeID,N,json=change_id"` // positive, unique in a file
	Account     string    `layout:"AccountNumber,A,json=account"`
	InvoiceType int       `layout:"InvoiceTypeID,N,json=invoice_type"` // 1-99
	Paperless   bool      `layout:"Paperless,F,json=paperless"`        // true: enrolled, no paper bill; false: back to paper
	Effective   time.Time `layout:"EffectiveDate,MDYT,json=effective"`
	Email       string    `layout:"EmailAddress,A,omitempty,json=email"`
	ChangedBy   ChangedBy `layout:"ChangedBy,A,json=changed_by"`
}

// Key is what a paperless state belongs to: an account and invoice type.
type Key struct {
	Account     string
	InvoiceType int
}

// Key returns the change's account and invoice type.
func (c Change) Key() Key { return Key{c.Account, c.InvoiceType} }

// Latest folds changes into one state per account and invoice type: the
// change with the latest EffectiveDate wins, then the highest ChangeID.
// The result is ordered by account, then invoice type.
func Latest(changes iter.Seq[Change]) []Change {
	m := map[Key]Change{}
	for c := range changes {
		k := c.Key()
		prev, ok := m[k]
		if !ok || c.Effective.After(prev.Effective) || (c.Effective.Equal(prev.Effective) && c.ID > prev.ID) {
			m[k] = c
		}
	}
	out := make([]Change, 0, len(m))
	for _, c := range m {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.InvoiceType, b.InvoiceType))
	})
	return out
}

// Log names a change log kind.
type Log string

const (
	PaperlessLog Log = "paperless" // the OptOut file: supported
	PhoneLog     Log = "phone"     // phone-number changes: not supported
	EmailLog     Log = "email"     // e-mail-address changes: not supported
	AutoPayLog   Log = "autopay"   // AutoPay enrollment: there is none
)

// Supported returns nil for the paperless change log, and for any other an
// error matching ErrUnsupported that says why.
func Supported(l Log) error {
	switch l {
	case PaperlessLog:
		return nil
	case PhoneLog:
		return fmt.Errorf("optout: the phone-number change log is not supported by the Caselle batch integration; phone numbers are kept in Caselle: %w", ErrUnsupported)
	case EmailLog:
		return fmt.Errorf("optout: the e-mail-address change log is not supported by the Caselle batch integration; the paperless (OptOut) file carries the e-mail address of each enrollment: %w", ErrUnsupported)
	case AutoPayLog:
		return fmt.Errorf("optout: the Caselle batch integration has no AutoPay enrollment change log; AutoPay is managed in Invoice Cloud and its collection date set through BIF customization: %w", ErrUnsupported)
	}
	return fmt.Errorf("optout: unknown change log %q (the integration has only the paperless change log): %w", l, ErrUnsupported)
}

//go:embed layout.json
var defaultJSON []byte

// Layout is a paperless change log layout bound to the fields this
// package reads and writes. DefaultLayout is FORMATS §7; a file whose
// columns are named or typed otherwise loads an edited copy with
// LoadLayout.
type Layout struct {
	l *layout.Layout        `layout:"layout"`
	c *layout.Codec[Change] `layout:""`
}

var defaultLayout = layout.MustBind(defaultJSON, layout.BindNew[Layout]) // loaded again by TestDefaultLayoutLoadsFromItsJSON

// DefaultLayout returns the reference layout of FORMATS §7.
func DefaultLayout() *Layout { return defaultLayout }

// LoadLayout reads a JSON layout definition (start from
// DefaultLayout().JSON()) and checks it both as a layout and for the
// fields this package needs, each of the same type.
func LoadLayout(r io.Reader) (*Layout, error) { return layout.LoadBound(r, layout.BindNew[Layout]) }

// JSON returns the layout's definition, ready to edit and load.
func (l *Layout) JSON() []byte { return l.l.JSON() }

// Markdown documents the layout.
func (l *Layout) Markdown() string { return l.l.Markdown() }

// Markdown documents the default layout.
func Markdown() string { return defaultLayout.Markdown() }

// check applies the rules of FORMATS §7 to one change.
func (l *Layout) check(c *Change, to layout.FailFunc) {
	fail := layout.Named(to, l.c)
	if c.ID < 1 {
		fail("ChangeID", fmt.Sprint(c.ID), ErrInvalid, "ChangeID must be a positive integer")
	}
	fail.Required("AccountNumber", c.Account == "", "account number")
	fail.InvoiceType("InvoiceTypeID", c.InvoiceType)
	fail.Required("EffectiveDate", c.Effective.IsZero(), "effective date")
	switch {
	case c.Paperless && c.Email == "":
		fail("EmailAddress", "", ErrInvalid, "a paperless enrollment needs the e-mail address bills go to")
	case c.Email != "" && !mailaddr.Plausible(c.Email):
		fail("EmailAddress", c.Email, ErrInvalid, "not an e-mail address")
	}
	if !c.ChangedBy.valid() {
		fail("ChangedBy", string(c.ChangedBy), ErrInvalid, "ChangedBy must be Payer, Biller or Conversion")
	}
}

// Options configure a Reader or Writer.
type Options struct {
	Name string // file name used in errors
	// MaxErrors: 0 stops at the first problem; n > 0 after n; < 0 never.
	MaxErrors int
	Layout    *Layout // nil: DefaultLayout
}

// Reader reads a paperless change log as a stream: the header row is
// checked exactly, every change is checked, ChangeIDs must be unique.
type Reader struct {
	l    *Layout
	f    layout.File[Change, struct{}, struct{}] // a change log has no header or trailer record
	seen *seen.Ints
}

// NewReader returns a reader of the change log r.
func NewReader(r io.Reader, opts *Options) *Reader {
	o := cmp.Or(opts, &Options{})
	rd := &Reader{l: cmp.Or(o.Layout, defaultLayout), seen: seen.NewInts()}
	rd.f.Open(rd.l.l, r, o.Name, o.MaxErrors)
	return rd
}

// Read returns the next change, or a problem, or io.EOF at the end.
func (r *Reader) Read() (Change, error) { return r.f.Out.Next(r.step) }

// All returns the changes as an iterator.
func (r *Reader) All() iter.Seq2[Change, error] { return layout.All(r.Read) }

// Line returns the line the change returned last starts on.
func (r *Reader) Line() int { return r.f.Out.Line() }

func (r *Reader) step() {
	row, err := r.f.Rows.Next()
	if err == io.EOF {
		if r.f.Rows.Lines() == 0 {
			r.f.Out.Fail(&Error{File: r.f.Name, Line: 1, Err: ErrInvalid, Msg: "the file is empty; want the header row " + r.l.header()}, 1)
		}
		r.f.Out.End()
		return
	}
	if err != nil {
		r.f.Fail(err)
		return
	}
	r.f.Line = row.Line
	l := r.l
	c := r.f.Out.Slot() // built in place: a change is not copied on its way out
	l.c.Read(row, c)
	if row.Err() == nil {
		l.check(c, row.Failer())
		if c.ID > 0 {
			if first, dup := r.seen.Add(uint64(c.ID), row.Line); dup {
				row.Fail(l.c.Field("ChangeID"), ErrDuplicate, "ChangeID already used %s", seen.Where(first))
			}
		}
	}
	if err := row.Err(); err != nil {
		r.f.Out.Fail(err, row.Line)
		return
	}
	r.f.Out.PushSlot(row.Line)
}

func (l *Layout) header() string {
	names := make([]string, len(l.l.Records[0].Fields))
	for i, f := range l.l.Records[0].Fields {
		names[i] = f.Name
	}
	return strings.Join(names, ",")
}

// Writer writes a paperless change log: the header row, then each change.
type Writer struct {
	l    *Layout
	w    *layout.Writer
	seen *seen.Ints
}

// NewWriter returns a writer of a change log to w. It has the form of
// every writer's constructor; a change log has no header to check, so the
// error is nil.
func NewWriter(w io.Writer, opts *Options) (*Writer, error) {
	o := cmp.Or(opts, &Options{})
	l := cmp.Or(o.Layout, defaultLayout)
	return &Writer{l: l, w: layout.NewWriter(l.l, w, o.Name), seen: seen.NewInts()}, nil
}

// Write checks c and writes it; a change that breaks a rule is not written.
func (w *Writer) Write(c Change) error {
	l, b := w.l, w.w.Begin("")
	l.check(&c, b.Failer())
	if _, dup := w.seen.Lookup(uint64(c.ID)); dup && c.ID > 0 {
		b.Fail(l.c.Field("ChangeID"), fmt.Sprint(c.ID), ErrDuplicate, "ChangeID %d is already in the file", c.ID)
	}
	l.c.Write(b, &c)
	if err := w.w.Commit(); err != nil {
		return err
	}
	if c.ID > 0 {
		w.seen.Add(uint64(c.ID), 0)
	}
	return nil
}

// Close writes the header row of an empty log and flushes; it does not
// close the underlying writer.
func (w *Writer) Close() error { return w.w.Flush() }

// Enrollment is a paperless enrollment to load by data conversion.
type Enrollment struct {
	Account     string
	InvoiceType int
	Paperless   bool
	Email       string
	Effective   time.Time
}

// WriteConversion writes a paperless data conversion: the same file, one
// change per enrollment with ChangedBy=Conversion and ChangeIDs counting up
// from firstID. Nothing is written when any enrollment breaks a rule; the
// error lists them all.
func WriteConversion(w io.Writer, enrollments []Enrollment, firstID int64, opts *Options) error {
	if firstID < 1 {
		return fmt.Errorf("optout: ChangeIDs must be positive; firstID is %d", firstID)
	}
	var buf strings.Builder
	cw, _ := NewWriter(&buf, opts)
	var errs []error
	for i, e := range enrollments {
		err := cw.Write(Change{ID: firstID + int64(i), Account: e.Account, InvoiceType: e.InvoiceType,
			Paperless: e.Paperless, Effective: e.Effective, Email: e.Email, ChangedBy: Conversion})
		if err != nil {
			errs = append(errs, fmt.Errorf("enrollment %d (account %s): %w", i+1, e.Account, err))
		}
	}
	if err := cw.Close(); err != nil {
		return err
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	_, err := io.WriteString(w, buf.String())
	return err
}
