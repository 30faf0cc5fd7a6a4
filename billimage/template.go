package billimage

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Template says how to find bills in a print file and read their fields:
// where a bill starts, where each field is, how to read its value. It is
// data, loaded from JSON (LoadTemplate); Reference reads the FORMATS §10
// reference bill.
//
//	{
//	  "name": "reference",
//	  "start": {"pattern": "^Page 1 of \\d+$"},
//	  "invoice_type": {"constant": 1},
//	  "fields": {
//	    "account":        {"right_of": "Account Number:", "required": true},
//	    "invoice_number": {"right_of": "Bill Number:", "required": true},
//	    "bill_date":      {"right_of": "Bill Date:", "parse": "date", "layouts": ["01/02/2006"]},
//	    "amount_due":     {"right_of": "Amount Due:", "parse": "money", "required": true},
//	    "stub_amount":    {"rect": [150, 90, 300, 110], "page": "last", "parse": "money"}
//	  }
//	}
//
// A bill starts on a page whose text has a line matching start.pattern,
// on a page where start.field_changes reads another value than the bill
// before, or every start.pages pages. A page with no text (a duplex back)
// belongs to the bill before it.
//
// A field is found right_of a label (the runs after it on its line, up to
// a gap of two ems), below a label (the nearest run under it), in a rect
// of the page (x1, y1, x2, y2 in points from the bottom left), or as the
// first match of pattern in the text (its first group, if it has one); on
// the bill's first page (the default), its last, or any. It is read as
// text (trimmed; "upper" upper-cases it), a date in one of its layouts
// (Go's reference-time form), or printed money ($1,234.56; credits as
// 12.50 CR, -12.50, 12.50- or (12.50)). The invoice type is a constant of
// the template or a field. The fields account and invoice_number tie a
// bill to its invoice and must be defined; bill_date, due_date and
// amount_due fill the index when defined.
type Template struct {
	Name        string           `json:"name"`
	Start       Start            `json:"start"`
	InvoiceType InvoiceType      `json:"invoice_type"`
	Fields      map[string]Field `json:"fields"`

	startRe *regexp.Regexp
	order   []string // field names, sorted
}

// Start says where a bill starts.
type Start struct {
	Pattern      string `json:"pattern,omitempty"`
	FieldChanges string `json:"field_changes,omitempty"`
	Pages        int    `json:"pages,omitempty"`
}

// InvoiceType is the bills' invoice type id: a constant, or a field.
type InvoiceType struct {
	Constant int    `json:"constant,omitempty"`
	Field    string `json:"field,omitempty"`
}

// Field says where a field is and how to read it.
type Field struct {
	RightOf  string    `json:"right_of,omitempty"`
	Below    string    `json:"below,omitempty"`
	Rect     []float64 `json:"rect,omitempty"`
	Pattern  string    `json:"pattern,omitempty"`
	Page     string    `json:"page,omitempty"`  // first (default), last or any
	Parse    string    `json:"parse,omitempty"` // text (default), date, money or int
	Layouts  []string  `json:"layouts,omitempty"`
	Upper    bool      `json:"upper,omitempty"`
	Required bool      `json:"required,omitempty"`

	re *regexp.Regexp
}

//go:embed reference.json
var referenceJSON []byte

// Reference returns the template of the FORMATS §10 reference bill.
func Reference() *Template {
	t, err := LoadTemplate(bytes.NewReader(referenceJSON))
	if err != nil {
		panic(err) // the embedded template; its test loads it
	}
	return t
}

// ErrTemplate reports a template that cannot be used.
var ErrTemplate = errors.New("bad template")

// LoadTemplate reads a template from JSON. An unknown key, a pattern that
// does not compile, a field with no way (or two ways) to find it, or a
// parser it does not know is refused, naming it.
func LoadTemplate(r io.Reader) (*Template, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var t Template
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("billimage: template: %w: %v", ErrTemplate, err)
	}
	if err := t.compile(); err != nil {
		return nil, err
	}
	return &t, nil
}

func (t *Template) compile() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("billimage: template %q: %w: %s", t.Name, ErrTemplate, fmt.Sprintf(format, a...))
	}
	var errs []error
	n := 0
	if t.Start.Pattern != "" {
		n++
		re, err := regexp.Compile(t.Start.Pattern)
		if err != nil {
			errs = append(errs, bad("start.pattern %q: %v", t.Start.Pattern, err))
		}
		t.startRe = re
	}
	if t.Start.FieldChanges != "" {
		n++
		if _, ok := t.Fields[t.Start.FieldChanges]; !ok {
			errs = append(errs, bad("start.field_changes %q is not a field", t.Start.FieldChanges))
		}
	}
	if t.Start.Pages != 0 {
		n++
		if t.Start.Pages < 0 {
			errs = append(errs, bad("start.pages %d", t.Start.Pages))
		}
	}
	if n != 1 {
		errs = append(errs, bad("start needs exactly one of pattern, field_changes and pages"))
	}
	switch {
	case t.InvoiceType.Constant != 0 && t.InvoiceType.Field != "":
		errs = append(errs, bad("invoice_type is a constant or a field, not both"))
	case t.InvoiceType.Field != "":
		if _, ok := t.Fields[t.InvoiceType.Field]; !ok {
			errs = append(errs, bad("invoice_type.field %q is not a field", t.InvoiceType.Field))
		}
	case t.InvoiceType.Constant < 1 || t.InvoiceType.Constant > 99:
		errs = append(errs, bad("invoice_type.constant %d: want 1-99 (or a field)", t.InvoiceType.Constant))
	}
	for _, need := range []string{"account", "invoice_number"} {
		if _, ok := t.Fields[need]; !ok {
			errs = append(errs, bad("no field %q: a bill is tied to its invoice by account and invoice_number", need))
		}
	}
	for name, f := range t.Fields {
		ways := 0
		for _, set := range []bool{f.RightOf != "", f.Below != "", f.Rect != nil, f.Pattern != ""} {
			if set {
				ways++
			}
		}
		if ways != 1 {
			errs = append(errs, bad("field %q: give exactly one of right_of, below, rect and pattern (it has %d)", name, ways))
		}
		if f.Rect != nil && (len(f.Rect) != 4 || f.Rect[0] >= f.Rect[2] || f.Rect[1] >= f.Rect[3]) {
			errs = append(errs, bad("field %q: rect %v: want [x1, y1, x2, y2] with x1 < x2 and y1 < y2", name, f.Rect))
		}
		if f.Pattern != "" {
			re, err := regexp.Compile(f.Pattern)
			if err != nil {
				errs = append(errs, bad("field %q: pattern %q: %v", name, f.Pattern, err))
			}
			f.re = re
		}
		switch f.Page {
		case "", "first", "last", "any":
		default:
			errs = append(errs, bad("field %q: page %q: want first, last or any", name, f.Page))
		}
		switch f.Parse {
		case "", "text", "money", "int":
		case "date":
			if len(f.Layouts) == 0 {
				errs = append(errs, bad("field %q: a date needs layouts (such as \"01/02/2006\")", name))
			}
		default:
			errs = append(errs, bad("field %q: parse %q: want text, date, money or int", name, f.Parse))
		}
		t.Fields[name] = f
		t.order = append(t.order, name)
	}
	slices.Sort(t.order)
	return errors.Join(errs...)
}

// locate finds field f on page p, or says why not.
func (f *Field) locate(p *Page) (string, bool) {
	switch {
	case f.RightOf != "":
		return rightOf(p, f.RightOf)
	case f.Below != "":
		return below(p, f.Below)
	case f.Rect != nil:
		var parts []string
		for _, l := range p.Lines {
			for _, r := range l.Runs {
				if r.X >= f.Rect[0] && r.X+r.W <= f.Rect[2]+1 && r.Y >= f.Rect[1] && r.Y <= f.Rect[3] {
					parts = append(parts, r.Text)
				}
			}
		}
		return strings.Join(parts, " "), len(parts) > 0
	default:
		for _, l := range p.Lines {
			if m := f.re.FindStringSubmatch(l.Text()); m != nil {
				if len(m) > 1 {
					return m[1], true
				}
				return m[0], true
			}
		}
	}
	return "", false
}

// labelAt finds label on a line: the index of the run it ends in, and
// where it ends. A label may span runs (producers split words).
func labelAt(l Line, label string) (int, float64, bool) {
	var text strings.Builder
	ends := make([]int, len(l.Runs))
	for i, r := range l.Runs {
		if i > 0 {
			text.WriteByte(' ')
		}
		text.WriteString(r.Text)
		ends[i] = text.Len()
	}
	s := text.String()
	at := strings.Index(s, label)
	if at < 0 {
		return -1, 0, false
	}
	end := at + len(label)
	for i, e := range ends {
		if e >= end {
			r := l.Runs[i]
			if e > end { // the label ends inside a run: what follows is the value's start
				return i, r.X + r.W*float64(end-(e-len(r.Text)))/float64(len(r.Text)), true
			}
			return i, r.X + r.W, true
		}
	}
	return -1, 0, false
}

func rightOf(p *Page, label string) (string, bool) {
	for _, l := range p.Lines {
		i, endX, ok := labelAt(l, label)
		if !ok {
			continue
		}
		var parts []string
		r := l.Runs[i]
		full := strings.Join(runTexts(l.Runs[:i+1]), " ")
		if k := strings.Index(full, label); k >= 0 {
			if rest := strings.TrimSpace(full[k+len(label):]); rest != "" {
				parts = append(parts, rest) // the value shares the label's run
			}
		}
		last := endX
		for _, n := range l.Runs[i+1:] {
			if n.X-last > 2*max(n.Size, r.Size) && len(parts) > 0 {
				break
			}
			parts = append(parts, n.Text)
			last = n.X + n.W
		}
		if len(parts) > 0 {
			return strings.Join(parts, " "), true
		}
	}
	return "", false
}

func runTexts(rs []Run) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Text
	}
	return out
}

func below(p *Page, label string) (string, bool) {
	for li, l := range p.Lines {
		i, _, ok := labelAt(l, label)
		if !ok {
			continue
		}
		x := l.Runs[i].X
		for _, next := range p.Lines[li+1:] {
			best, dist := -1, 1e9
			for j, r := range next.Runs {
				if d := abs(r.X - x); d < dist {
					best, dist = j, d
				}
			}
			if best >= 0 && dist < 72 {
				return next.Runs[best].Text, true
			}
		}
	}
	return "", false
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// parseDate reads a date in one of the layouts.
func parseDate(s string, layouts []string) (time.Time, error) {
	for _, l := range layouts {
		if t, err := time.Parse(l, strings.TrimSpace(s)); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date in %s", strings.Join(layouts, " or "))
}
