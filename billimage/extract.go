package billimage

import (
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Bill is one bill found in a print file.
type Bill struct {
	File        string
	First, Last int // pages, 1-based; a blank page after a bill is its Last
	Account     string
	Number      string // invoice number
	TypeID      int
	BillDate    time.Time
	DueDate     time.Time
	AmountDue   decimal.Decimal
	HasAmount   bool // the template reads amount_due and it was found
	// TypeFromField says TypeID was read off the bill; else it is the
	// template's constant (a print file of one invoice type).
	TypeFromField bool
	Values        map[string]string // every field's text as found
	// Problems are what is wrong with this bill: a required field not
	// found, a value that does not read. A bill with problems is still a
	// bill, never dropped nor merged into its neighbour.
	Problems []*Error
}

// Error is a problem of a bill: file, page, field, value and message,
// printed as "FILE: page N: FIELD: message".
type Error struct {
	File  string
	Page  int
	Field string
	Value string
	Err   error // ErrMissing, ErrValue
	Msg   string
}

// Kinds of bill problems, for errors.Is.
var (
	ErrMissing = errors.New("required field not found")
	ErrValue   = errors.New("value does not read")
	ErrNoStart = errors.New("pages before the first bill")
)

func (e *Error) Error() string {
	s := fmt.Sprintf("%s: page %d: ", e.File, e.Page)
	if e.Field != "" {
		s += e.Field + ": "
	}
	s += e.Msg
	if e.Value != "" {
		s += fmt.Sprintf(" (value %q)", e.Value)
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Bills reads the bills of a print file with the template, page by page
// (one page's text at a time in memory), handing out each bill as its
// last page is read. onPage, when not nil, is given every page read
// (for progress, or DebugSVG).
// The error of an unreadable page ends the sequence; a bill's problems
// are in the bill.
func (t *Template) Bills(d *Document, onPage func(p *Page, pages int)) iter.Seq2[Bill, error] {
	return func(yield func(Bill, error) bool) {
		var cur *billPages
		pages := d.NumPages()
		for n := 1; n <= pages; n++ {
			p, err := d.Page(n)
			if err != nil {
				// The bill being read is handed out, with the reason it may
				// be incomplete, before the error: never silently dropped.
				if cur != nil {
					b := t.read(d.name, cur)
					b.Problems = append(b.Problems, &Error{File: d.name, Page: n, Err: ErrDamaged,
						Msg: fmt.Sprintf("page %d, after this bill's pages %d-%d, cannot be read: the bill may go on there", n, cur.firstNo, cur.lastNo)})
					if !yield(b, nil) {
						return
					}
				}
				yield(Bill{}, err)
				return
			}
			if onPage != nil {
				onPage(p, pages)
			}
			if cur != nil && p.Blank() {
				t.add(cur, p) // a duplex back: the bill before it
				continue
			}
			if cur == nil || t.starts(p, cur) {
				if cur != nil {
					if !yield(t.read(d.name, cur), nil) {
						return
					}
				}
				cur = &billPages{noStart: cur == nil && t.startRe != nil && !t.starts(p, nil)}
			}
			t.add(cur, p)
		}
		if cur != nil {
			yield(t.read(d.name, cur), nil)
		}
	}
}

// billPages holds the pages of the bill being read: its first and last
// page with text, and what fields on "any" page were found so far.
type billPages struct {
	first, last     *Page
	firstNo, lastNo int
	count           int
	any             map[string]string
	noStart         bool // the file's first page does not start a bill
}

func (t *Template) add(b *billPages, p *Page) {
	if b.first == nil {
		b.first, b.firstNo, b.any = p, p.Number, map[string]string{}
	}
	if !p.Blank() {
		b.last = p
	}
	b.lastNo = p.Number
	b.count++
	for _, name := range t.order {
		f := t.Fields[name]
		if _, done := b.any[name]; f.Page == "any" && !done {
			if v, ok := f.locate(p); ok {
				b.any[name] = v
			}
		}
	}
}

// read reads the fields of a bill's pages.
func (t *Template) read(file string, b *billPages) Bill {
	bill := Bill{File: file, First: b.firstNo, Last: b.lastNo, Values: map[string]string{}, TypeID: t.InvoiceType.Constant}
	if b.noStart {
		bill.Problems = append(bill.Problems, &Error{File: file, Page: b.firstNo, Err: ErrNoStart,
			Msg: fmt.Sprintf("the first page does not start a bill (no line matches %q); pages %d-%d are read as one", t.Start.Pattern, b.firstNo, b.lastNo)})
	}
	for _, name := range t.order {
		f := t.Fields[name]
		page := b.first
		var v string
		var ok bool
		switch f.Page {
		case "last":
			page = b.last
			v, ok = f.locate(page)
		case "any":
			v, ok = b.any[name]
		default:
			v, ok = f.locate(page)
		}
		problem := func(kind error, value, format string, a ...any) {
			bill.Problems = append(bill.Problems, &Error{File: file, Page: page.Number, Field: name, Value: value, Err: kind, Msg: fmt.Sprintf(format, a...)})
		}
		v = strings.TrimSpace(v)
		if !ok || v == "" {
			if f.Required {
				where := map[string]string{"": "the first page", "first": "the first page", "last": "the last page", "any": "any page"}[f.Page]
				problem(ErrMissing, "", "required field not found on %s of the bill (pages %d-%d)", where, b.firstNo, b.lastNo)
			}
			continue
		}
		if f.Upper {
			v = strings.ToUpper(v)
		}
		bill.Values[name] = v
		switch f.Parse {
		case "date":
			d, err := parseDate(v, f.Layouts)
			if err != nil {
				problem(ErrValue, v, "%v", err)
				continue
			}
			switch name {
			case "bill_date":
				bill.BillDate = d
			case "due_date":
				bill.DueDate = d
			}
		case "money":
			m, err := ParseMoney(v)
			if err != nil {
				problem(ErrValue, v, "%v", err)
				continue
			}
			if name == "amount_due" {
				bill.AmountDue, bill.HasAmount = m, true
			}
		case "int":
			n, err := strconv.Atoi(v)
			if err != nil {
				problem(ErrValue, v, "not a whole number")
				continue
			}
			if name == t.InvoiceType.Field {
				bill.TypeID, bill.TypeFromField = n, true
			}
		}
		switch name {
		case "account":
			bill.Account = v
		case "invoice_number":
			bill.Number = v
		}
	}
	if t.InvoiceType.Field != "" && bill.TypeID == 0 && bill.Values[t.InvoiceType.Field] != "" {
		n, err := strconv.Atoi(bill.Values[t.InvoiceType.Field])
		if err != nil || n < 1 || n > 99 {
			bill.Problems = append(bill.Problems, &Error{File: file, Page: b.firstNo, Field: t.InvoiceType.Field, Value: bill.Values[t.InvoiceType.Field], Err: ErrValue, Msg: "not an invoice type id (1-99)"})
		} else {
			bill.TypeID, bill.TypeFromField = n, true
		}
	}
	return bill
}

func (t *Template) starts(p *Page, cur *billPages) bool {
	switch {
	case t.startRe != nil:
		for _, l := range p.Lines {
			if t.startRe.MatchString(l.Text()) {
				return true
			}
		}
		return false
	case t.Start.Pages > 0:
		return cur != nil && cur.count%t.Start.Pages == 0
	default:
		f := t.Fields[t.Start.FieldChanges]
		v, ok := f.locate(p)
		prev, _ := f.locate(cur.first)
		return ok && strings.TrimSpace(v) != strings.TrimSpace(prev)
	}
}
