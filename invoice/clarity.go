package invoice

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/icbatch/caselle/internal/cp1252"
	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/money"
	"github.com/shopspring/decimal"
)

// The Clarity file's elements. The reader fills them walking the tokens of
// one Invoice element (clarity_walk.go); the tags say what encoding/xml's
// Unmarshal would do with the same element, which a test holds the walk
// to. Every struct catches what it does not know (Unknown elements and
// UnknownAttr attributes) so that nothing in a file is dropped without
// being reported.
type (
	xInvoice struct {
		XMLName       xml.Name   `xml:"Invoice"`
		TypeID        string     `xml:"typeId,attr"`
		Account       string     `xml:"AccountNumber"`
		Number        string     `xml:"InvoiceNumber"`
		BillDate      string     `xml:"BillDate"`
		DueDate       string     `xml:"DueDate"`
		PenaltyDate   string     `xml:"PenaltyDate"`
		ServicePeriod *xPeriod   `xml:"ServicePeriod"`
		Customer      *xCustomer `xml:"Customer"`
		Balances      *xBalances `xml:"Balances"`
		Flags         *xFlags    `xml:"Flags"`
		Charges       *xCharges  `xml:"Charges"`
		Meters        *xMeters   `xml:"Meters"`
		Usage         []xUsage   `xml:"UsageHistory"`
		Messages      *xMessages `xml:"Messages"`
		xRest
	}
	xPeriod struct {
		From string `xml:"from,attr"`
		To   string `xml:"to,attr"`
		xRest
	}
	xCustomer struct {
		Name           string   `xml:"Name"`
		Mailing        xMailing `xml:"MailingAddress"`
		ServiceAddress string   `xml:"ServiceAddress"`
		Email          string   `xml:"Email"`
		xRest
	}
	xMailing struct {
		Line1 string `xml:"Line1"`
		Line2 string `xml:"Line2"`
		City  string `xml:"City"`
		State string `xml:"State"`
		Zip   string `xml:"Zip"`
		xRest
	}
	xBalances struct {
		Previous     string `xml:"previous,attr"`
		Payments     string `xml:"payments,attr"`
		Adjustments  string `xml:"adjustments,attr"`
		Current      string `xml:"current,attr"`
		AmountDue    string `xml:"amountDue,attr"`
		MinimumDue   string `xml:"minimumDue,attr"`
		AfterPenalty string `xml:"amountAfterPenalty,attr"`
		xRest
	}
	xFlags struct {
		Paperless string `xml:"paperless,attr"`
		AutoPay   string `xml:"autopay,attr"`
		xRest
	}
	xCharges struct {
		Charge []xCharge `xml:"Charge"`
		xRest
	}
	xCharge struct {
		Service     string `xml:"service,attr"`
		Description string `xml:"description,attr"`
		Quantity    string `xml:"quantity,attr"`
		Amount      string `xml:"amount,attr"`
		xRest
	}
	xMeters struct {
		Meter []xMeter `xml:"Meter"`
		xRest
	}
	xMeter struct {
		Number       string `xml:"number,attr"`
		Service      string `xml:"service,attr"`
		PreviousRead string `xml:"previousReadDate,attr"`
		CurrentRead  string `xml:"currentReadDate,attr"`
		Previous     string `xml:"previous,attr"`
		Current      string `xml:"current,attr"`
		Consumption  string `xml:"consumption,attr"`
		Unit         string `xml:"unit,attr"`
		xRest
	}
	xUsage struct {
		Service string   `xml:"service,attr"`
		Unit    string   `xml:"unit,attr"`
		Period  []xMonth `xml:"Period"`
		xRest
	}
	xMonth struct {
		Month       string `xml:"month,attr"`
		Consumption string `xml:"consumption,attr"`
		xRest
	}
	xMessages struct {
		Message []string `xml:"Message"`
		xRest
		lines []int // each Message's line
	}
	// xRest is what every element keeps besides the parts it knows: the
	// elements and attributes it does not (reported, never dropped) and
	// the lines of its start tag and its parts.
	xRest struct {
		Unknown     []xUnknown `xml:",any"`
		UnknownAttr []xml.Attr `xml:",any,attr"`
		tag         tagLines
	}
	xUnknown struct {
		XMLName xml.Name
		// Again: a second element where one is allowed (the walk finds
		// these; Unmarshal would keep the last).
		Again bool `xml:"-"`
		// InText: an element inside a text element (Unmarshal would skip
		// it and keep the text around it).
		InText bool `xml:"-"`
		// OnText: an attribute of a text element (Unmarshal, reading the
		// element into a string, drops it), its value in value.
		OnText bool `xml:"-"`
		value  string
		line   int
	}
	xSummary struct {
		InvoiceCount   string     `xml:"invoiceCount,attr"`
		TotalAmountDue string     `xml:"totalAmountDue,attr"`
		UnknownAttr    []xml.Attr `xml:",any,attr"`
	}
)

// ClarityOptions configure a ClarityReader or ClarityWriter.
type ClarityOptions struct {
	Name      string    // file name used in errors
	MaxErrors int       // 0: stop at the first problem; n > 0: after n; < 0: never
	Registry  *Registry // when set, every invoice type must be in it
}

// ClarityReader reads a Clarity invoice file (FORMATS §3) as a token
// stream, one Invoice element at a time, so a file of hundreds of
// thousands of invoices is read at flat memory. It applies the same rules
// as the ConnectReader. A problem names the line of the value at fault:
// the attribute's (also on the later lines of a tag written over
// several), the text element's; what is missing, the Invoice element's.
// Tokens and invoices past ClarityMaxToken and ClarityMaxInvoice are
// refused, so memory stays flat on any input.
type ClarityReader struct {
	sc  *scanner // the tokens of the file (clarity_scan.go)
	f   layout.File[Invoice, Header, Summary]
	reg *Registry
	// bomErr is a byte-order mark the XML declaration contradicts.
	bomErr error
	// namespaces are the namespace names xmlns attributes have declared.
	namespaces map[string]bool
	sumSeen    bool // a Summary element was there, good or bad
	state      int  // 0 before the root, 1 inside, 2 after the Summary, 3 after the root
	count      int
	total      money.Total
	bad        bool

	tokLine  int   // the line the token read last starts on
	invLimit int64 // the input offset the Invoice being read must end by; 0 outside one

	textBuf []byte // the walk's, for element text
	// lineBufs back the line notes of the Invoice, its Customer and its
	// MailingAddress, and the Messages' lines, reused from one invoice to
	// the next (an invoice's are read before the next is walked).
	lineBufs [3][]namedLine
	msgLines []int
	// parts hold the elements of the Invoice being walked, reused from
	// one invoice to the next (convert copies out what it keeps).
	parts struct {
		period   xPeriod
		customer xCustomer
		balances xBalances
		flags    xFlags
		charges  xCharges
		meters   xMeters
		messages xMessages
		usage    []xUsage
	}
	seenBuf map[[2]string]bool // the walk's, for elements allowed once
}

// NewClarityReader returns a reader of the Clarity file r. The declared
// windows-1252 encoding (or UTF-8) is decoded as golang.org/x/text does.
func NewClarityReader(r io.Reader, opts *ClarityOptions) *ClarityReader {
	in, mark, bomErr := byteOrderMark(r)
	cr := &ClarityReader{sc: newScanner(in, ClarityMaxToken), bomErr: bomErr}
	cr.sc.charset = clarityCharset(mark)
	o := cmp.Or(opts, &ClarityOptions{})
	cr.reg = o.Registry
	cr.f.Open(nil, nil, o.Name, o.MaxErrors) // not read in rows: the scanner reads it
	return cr
}

// clarityCharset says of the encoding an XML declaration names whether
// it is windows-1252, or why it is refused; mark is the file's byte-order
// mark ("utf-16": the file is UTF-8 already).
func clarityCharset(mark string) func(label string) (bool, error) {
	return func(label string) (bool, error) {
		switch strings.ToLower(label) {
		case "windows-1252", "cp1252":
			return true, nil
		case "utf-8", "utf8":
			return false, nil
		case "utf-16", "utf-16le", "utf-16be":
			if mark == "utf-16" {
				return false, nil // turned into UTF-8 already, by its byte-order mark
			}
			return false, fmt.Errorf("encoding %q without a byte-order mark is not supported", label)
		}
		return false, fmt.Errorf("encoding %q is not supported (want windows-1252)", label)
	}
}

// Header reads as far as the root element, if it has not been read yet,
// and returns its attributes; or the problem met first (which Read then
// does not return again); or an error saying the file has no
// PSNInvoiceFile root. Call it before Read, or after.
func (r *ClarityReader) Header() (Header, error) {
	return r.f.Header(r.step, "PSNInvoiceFile root element")
}

// Line returns the line the invoice returned last starts on (its Invoice
// element), or of the problem returned last.
func (r *ClarityReader) Line() int { return r.f.Out.Line() }

// Summary returns the Summary element, once read.
func (r *ClarityReader) Summary() (Summary, bool) { return r.f.Trailer() }

// Read returns the next invoice, or a problem, or io.EOF.
func (r *ClarityReader) Read() (Invoice, error) { return r.f.Out.Next(r.step) }

// All returns the invoices as an iterator.
func (r *ClarityReader) All() iter.Seq2[Invoice, error] { return layout.All(r.Read) }

// line is the line after the token read last.
func (r *ClarityReader) line() int { return r.sc.posLine() }

func (r *ClarityReader) problem(line int, record, field, value string, kind error, format string, a ...any) *Error {
	return &Error{File: r.f.Name, Line: line, Record: record, Field: field, Value: value, Err: kind, Msg: fmt.Sprintf(format, a...)}
}

func (r *ClarityReader) step() {
	if r.bomErr != nil {
		r.f.Out.Fail(r.problem(1, "", "", "", ErrEncoding, "%v", r.bomErr), 1)
		r.f.Out.End()
		return
	}
	kind, err := r.token()
	if err == io.EOF {
		if r.state < 3 {
			r.f.Out.Fail(r.problem(r.line(), "", "", "", ErrOrder, "the file ends before </PSNInvoiceFile> (cut short?)"), r.line())
		} else if !r.sumSeen {
			r.f.Out.Fail(r.problem(r.line(), "Summary", "", "", ErrOrder, "the file has no Summary element"), r.line())
		}
		r.f.Out.End()
		return
	}
	if err != nil {
		r.broken(err, "")
		return
	}
	switch kind {
	case tokStart:
		t, line := r.sc.start(), r.tokLine
		switch {
		case r.state == 0 && t.Name.Local == "PSNInvoiceFile":
			r.state = 1
			r.header(t, line)
		case r.state == 0:
			r.f.Out.Fail(r.problem(line, t.Name.Local, "", "", ErrOrder, "the root element must be PSNInvoiceFile"), line)
			r.f.Out.End()
		case r.state == 1 && t.Name.Local == "Invoice":
			r.invoice(t, line)
		case r.state == 1 && t.Name.Local == "Summary":
			r.summary(t, line)
		case t.Name.Local == "Invoice":
			r.f.Out.Fail(r.problem(line, "Invoice", "", "", ErrOrder, "an Invoice after the Summary"), line)
			if err := r.skip(); err != nil {
				r.broken(err, t.Name.Local)
			}
		default:
			r.f.Out.Fail(r.problem(line, t.Name.Local, "", "", ErrInvalid, "unknown element %s (its data would be lost)", t.Name.Local), line)
			if err := r.skip(); err != nil {
				r.broken(err, t.Name.Local)
			}
		}
	case tokEnd:
		if r.sc.name.Local == "PSNInvoiceFile" {
			r.state = 3
		}
	case tokText:
		if t := bytes.TrimSpace(r.sc.text); len(t) > 0 {
			r.f.Out.Fail(r.problem(r.line(), "", "", string(t), ErrInvalid, "text outside any element"), r.line())
		}
	}
}

// broken reports a problem the decoder cannot read on after (not
// well-formed XML, a tag XML forbids, a token past the limits), or a
// failure to read, and ends the file.
func (r *ClarityReader) broken(err error, record string) {
	at := r.line()
	var me *markupError
	switch {
	case errors.As(err, &me):
		at = me.line
		r.f.Out.Fail(r.problem(at, record, "", "", me.kind, "%s", me.msg), at)
	case r.sc.err != nil && r.sc.err != io.EOF && errors.Is(err, r.sc.err):
		// Reading failed: not a problem of the file's XML.
		r.f.Out.Fail(layout.ReadFailed(r.f.Name, at, err), at)
	default:
		r.f.Out.Fail(r.problem(at, record, "", "", ErrSyntax, "not well-formed XML: %v", err), at)
	}
	r.f.Out.End() // the decoder cannot go on after a syntax error
}

func (r *ClarityReader) header(t xml.StartElement, line int) {
	var h Header
	var errs Errors
	bad := func(field, value, format string, a ...any) {
		errs = append(errs, r.problem(line, "PSNInvoiceFile", field, value, ErrInvalid, format, a...))
	}
	for _, a := range t.Attr {
		switch a.Name.Local {
		case "version":
			if a.Value != "1.0" {
				bad("version", a.Value, "version must be 1.0")
			}
		case "biller":
			h.BillerCode = a.Value
			if at, r := cp1252.Encodable(a.Value, false); at >= 0 {
				bad("biller", a.Value, "character %U cannot be written in windows-1252", r)
			}
		case "created":
			if tm, err := time.Parse("2006-01-02T15:04:05", a.Value); err == nil && createdYear(tm) {
				h.Created = tm
			} else {
				bad("created", a.Value, "want YYYY-MM-DDTHH:MM:SS, a year from 1900")
			}
		case "period":
			if p, ok := parseMonth(a.Value); ok && p.valid() {
				h.Period = p
			} else {
				bad("period", a.Value, "want YYYY-MM, a year from 1900")
			}
		case "cycle":
			if c, err := strconv.Atoi(a.Value); err == nil && c >= 0 && c <= 99 {
				h.Cycle = c
			} else {
				bad("cycle", a.Value, "want a billing cycle 0-99")
			}
		default:
			bad(a.Name.Local, a.Value, "unknown attribute (its data would be lost)")
		}
	}
	have := map[string]bool{}
	for _, a := range t.Attr {
		have[a.Name.Local] = true
	}
	for _, req := range []string{"version", "biller", "created", "period"} {
		if !have[req] {
			bad(req, "", "the %s attribute is required", req)
		}
	}
	if have["biller"] && h.BillerCode == "" {
		bad("biller", "", "biller code is required")
	}
	if len(errs) > 0 {
		r.f.Out.Fail(errs, line)
		return
	}
	r.f.SetHeader(h, line)
}

// createdYear tells whether a file's creation time is of a year the
// reader and the writer take: from 1900, as a billing period's (the zero
// time, year 1, would be a creation time missing).
func createdYear(t time.Time) bool { return t.Year() >= 1900 && t.Year() <= 9999 }

func parseMonth(s string) (Period, bool) {
	if len(s) != 7 || s[4] != '-' {
		return Period{}, false
	}
	y, ok1 := atoiN(s[:4])
	m, ok2 := atoiN(s[5:])
	if !ok1 || !ok2 || m < 1 || m > 12 {
		return Period{}, false
	}
	return Period{Year: y, Month: time.Month(m)}, true
}

// parseISODate parses YYYY-MM-DD, a real date, without time.Parse's cost.
func parseISODate(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y, ok1 := atoiN(s[:4])
	m, ok2 := atoiN(s[5:7])
	d, ok3 := atoiN(s[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

func atoiN(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, len(s) > 0
}

// cursor turns one Invoice element's strings into typed values, noting
// every problem with the line of the value at fault.
type cursor struct {
	r    *ClarityReader
	line int // the Invoice element's, for what is missing from it
	errs Errors
}

func (c *cursor) bad(line int, field, value string, kind error, format string, a ...any) {
	c.errs = append(c.errs, c.r.problem(line, "Invoice", field, clipValue(value), kind, format, a...))
}

func clipValue(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

func (c *cursor) date(line int, field, s string, required bool) time.Time {
	if s == "" {
		if required {
			c.bad(line, field, s, ErrInvalid, "%s is required", field)
		}
		return time.Time{}
	}
	t, ok := parseISODate(s)
	if !ok {
		c.bad(line, field, s, ErrSyntax, "not a date: want YYYY-MM-DD")
	}
	return t
}

func (c *cursor) money(line int, field, s string, places int32) decimal.Decimal {
	d, err := money.ParsePlain(s, places)
	if err != nil {
		c.bad(line, field, s, ErrSyntax, "not an amount: %v", err)
	}
	return d
}

func (c *cursor) integer(line int, field, s string) int64 {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 || strings.HasPrefix(s, "+") {
		c.bad(line, field, s, ErrSyntax, "not a whole number")
	}
	return v
}

func (c *cursor) flag(line int, field, s string) bool {
	switch s {
	case "Y":
		return true
	case "N":
		return false
	}
	c.bad(line, field, s, ErrSyntax, "want Y or N")
	return false
}

// texts checks that every text of x can be written back to a Clarity
// file: XML allows control characters (a tab, DEL, C1 controls) that a
// windows-1252 Clarity file must not hold.
func (c *cursor) texts(x *xInvoice) {
	check := func(line int, field, s string) {
		if at, r := cp1252.Encodable(s, true); at >= 0 {
			c.bad(line, field, s, ErrEncoding, "character %U cannot be written in windows-1252 (a control character?)", r)
		}
	}
	check(x.tag.of("AccountNumber"), "AccountNumber", x.Account)
	check(x.tag.of("InvoiceNumber"), "InvoiceNumber", x.Number)
	if cu := x.Customer; cu != nil {
		m := &cu.Mailing
		for _, f := range [...]struct {
			tag        *tagLines
			name, path string
			s          string
		}{
			{&cu.tag, "Name", "Customer/Name", cu.Name}, {&m.tag, "Line1", "Customer/MailingAddress/Line1", m.Line1},
			{&m.tag, "Line2", "Customer/MailingAddress/Line2", m.Line2}, {&m.tag, "City", "Customer/MailingAddress/City", m.City},
			{&m.tag, "State", "Customer/MailingAddress/State", m.State}, {&m.tag, "Zip", "Customer/MailingAddress/Zip", m.Zip},
			{&cu.tag, "ServiceAddress", "Customer/ServiceAddress", cu.ServiceAddress}, {&cu.tag, "Email", "Customer/Email", cu.Email},
		} {
			check(f.tag.of(f.name), f.path, f.s)
		}
	}
	if x.Charges != nil {
		for _, ch := range x.Charges.Charge {
			check(ch.tag.of("@service"), "Charge@service", ch.Service)
			check(ch.tag.of("@description"), "Charge@description", ch.Description)
		}
	}
	if x.Meters != nil {
		for _, m := range x.Meters.Meter {
			check(m.tag.of("@number"), "Meter@number", m.Number)
			check(m.tag.of("@service"), "Meter@service", m.Service)
			check(m.tag.of("@unit"), "Meter@unit", m.Unit)
		}
	}
	for _, u := range x.Usage {
		check(u.tag.of("@service"), "UsageHistory@service", u.Service)
		check(u.tag.of("@unit"), "UsageHistory@unit", u.Unit)
	}
	if x.Messages != nil {
		for i, m := range x.Messages.Message {
			check(x.Messages.lines[i], "Messages/Message", m)
		}
	}
}

// unknown reports the elements and attributes of an element (at tag) the
// reader does not know, each at its line.
func (c *cursor) unknown(where string, x *xRest) {
	for _, e := range x.Unknown {
		field := where + "/" + e.XMLName.Local
		switch {
		case e.Again:
			c.bad(e.line, field, "", ErrDuplicate, "a second %s element where one is allowed (its data would be lost)", e.XMLName.Local)
		case e.InText:
			c.bad(e.line, field, "", ErrInvalid, "an element inside a text element (its data would be lost)")
		case e.OnText:
			c.bad(e.line, where+"/"+e.XMLName.Local, e.value, ErrInvalid, "unknown attribute (its data would be lost)")
		default:
			c.bad(e.line, field, "", ErrInvalid, "unknown element (its data would be lost)")
		}
	}
	for _, a := range x.UnknownAttr {
		c.bad(x.tag.of("@"+a.Name.Local), where+"@"+a.Name.Local, a.Value, ErrInvalid, "unknown attribute (its data would be lost)")
	}
}

func (r *ClarityReader) invoice(t xml.StartElement, line int) {
	var x xInvoice
	if err := r.walkInvoice(&x, t); err != nil {
		r.broken(err, "Invoice")
		return
	}
	r.count++
	c := &cursor{r: r, line: line}
	inv := c.convert(&x)
	c.texts(&x)
	if len(c.errs) == 0 {
		fail := func(rl rule, value string, kind error, format string, a ...any) {
			c.bad(x.ruleLine(rl), clarityNames[rl], value, kind, format, a...)
		}
		checkInvoiceRules(&inv, r.reg, nil, fail)
		checkCharges(&inv, nil, fail)
	}
	if d, err := money.Scaled(inv.Balances.AmountDue, 2); err == nil {
		r.total.Add(d)
	} else {
		r.bad = true
	}
	if len(c.errs) > 0 {
		r.f.Out.Fail(c.errs, line)
		return
	}
	r.f.Out.Push(inv, line)
}

// convert turns the strings of x into an Invoice, noting what does not
// parse and what the reader does not know.
func (c *cursor) convert(x *xInvoice) Invoice {
	inv := Invoice{Account: x.Account, Number: x.Number}
	at := x.tag.of
	if id, err := strconv.Atoi(x.TypeID); err != nil || len(x.TypeID) != 2 {
		c.bad(at("@typeId"), "typeId", x.TypeID, ErrSyntax, "want a two-digit invoice type id")
	} else {
		inv.TypeID = id
	}
	inv.BillDate = c.date(at("BillDate"), "BillDate", x.BillDate, true)
	inv.DueDate = c.date(at("DueDate"), "DueDate", x.DueDate, true)
	inv.PenaltyDate = c.date(at("PenaltyDate"), "PenaltyDate", x.PenaltyDate, false)
	if p := x.ServicePeriod; p != nil {
		inv.ServiceFrom = c.date(p.tag.of("@from"), "ServicePeriod@from", p.From, false)
		inv.ServiceTo = c.date(p.tag.of("@to"), "ServicePeriod@to", p.To, false)
		c.unknown("ServicePeriod", &p.xRest)
	}
	if x.Customer == nil {
		c.bad(c.line, "Customer", "", ErrInvalid, "Customer is required")
	} else {
		cu := x.Customer
		inv.Customer = Customer{Name: cu.Name, Address1: cu.Mailing.Line1, Address2: cu.Mailing.Line2, City: cu.Mailing.City,
			State: cu.Mailing.State, Zip: cu.Mailing.Zip, ServiceAddress: cu.ServiceAddress, Email: cu.Email}
		c.unknown("Customer", &cu.xRest)
		c.unknown("Customer/MailingAddress", &cu.Mailing.xRest)
	}
	if b := x.Balances; b == nil {
		c.bad(c.line, "Balances", "", ErrInvalid, "Balances is required")
	} else {
		m := func(attr, s string) decimal.Decimal { return c.money(b.tag.of("@"+attr), "Balances@"+attr, s, 2) }
		inv.Balances = Balances{Previous: m("previous", b.Previous), Payments: m("payments", b.Payments),
			Adjustments: m("adjustments", b.Adjustments), Current: m("current", b.Current),
			AmountDue: m("amountDue", b.AmountDue), MinimumDue: m("minimumDue", b.MinimumDue),
			AfterPenalty: m("amountAfterPenalty", b.AfterPenalty)}
		c.unknown("Balances", &b.xRest)
	}
	if f := x.Flags; f == nil {
		c.bad(c.line, "Flags", "", ErrInvalid, "Flags is required")
	} else {
		inv.Paperless = c.flag(f.tag.of("@paperless"), "Flags@paperless", f.Paperless)
		inv.AutoPay = c.flag(f.tag.of("@autopay"), "Flags@autopay", f.AutoPay)
		c.unknown("Flags", &f.xRest)
	}
	if cs := x.Charges; cs != nil {
		for _, ch := range cs.Charge {
			inv.Charges = append(inv.Charges, Charge{Service: ch.Service, Description: ch.Description,
				Quantity: c.money(ch.tag.of("@quantity"), "Charge@quantity", ch.Quantity, 3),
				Amount:   c.money(ch.tag.of("@amount"), "Charge@amount", ch.Amount, 2)})
			c.unknown("Charge", &ch.xRest)
		}
		c.unknown("Charges", &cs.xRest)
	}
	if ms := x.Meters; ms != nil {
		for _, m := range ms.Meter {
			at := m.tag.of
			inv.Meters = append(inv.Meters, Meter{Number: m.Number, Service: m.Service,
				PreviousRead: c.date(at("@previousReadDate"), "Meter@previousReadDate", m.PreviousRead, false),
				CurrentRead:  c.date(at("@currentReadDate"), "Meter@currentReadDate", m.CurrentRead, false),
				Previous:     c.integer(at("@previous"), "Meter@previous", m.Previous),
				Current:      c.integer(at("@current"), "Meter@current", m.Current),
				Consumption:  c.integer(at("@consumption"), "Meter@consumption", m.Consumption), Unit: m.Unit})
			c.unknown("Meter", &m.xRest)
		}
		c.unknown("Meters", &ms.xRest)
	}
	inv.Usage = c.usage(x.Usage)
	if ms := x.Messages; ms != nil {
		inv.Messages = ms.Message
		c.unknown("Messages", &ms.xRest)
	}
	c.unknown("Invoice", &x.xRest)
	return inv
}

// usage converts the UsageHistory elements and checks them by the usage
// rules, each problem at the line of its element.
func (c *cursor) usage(xs []xUsage) []Usage {
	var out []Usage
	for i, u := range xs {
		us := Usage{Service: u.Service, Unit: u.Unit}
		if slices.ContainsFunc(xs[:i], func(v xUsage) bool { return v.Service == u.Service }) {
			c.bad(u.tag.of("@service"), "UsageHistory@service", u.Service, ErrDuplicate, "a second UsageHistory for service %s", u.Service)
		}
		for _, p := range u.Period {
			m, ok := parseMonth(p.Month)
			if !ok {
				c.bad(p.tag.of("@month"), "Period@month", p.Month, ErrSyntax, "want YYYY-MM")
			}
			us.Months = append(us.Months, MonthUsage{Month: m, Consumption: c.integer(p.tag.of("@consumption"), "Period@consumption", p.Consumption)})
			c.unknown("Period", &p.xRest)
		}
		checkUsageRules(&us, func(field, value string, kind error, format string, a ...any) {
			line := u.tag.of("@service")
			var n int
			if _, err := fmt.Sscanf(field, "month %d", &n); err == nil && n >= 1 && n <= len(u.Period) {
				line = u.Period[n-1].tag.line
			}
			c.bad(line, "UsageHistory/"+field, value, kind, format, a...)
		})
		c.unknown("UsageHistory", &u.xRest)
		out = append(out, us)
	}
	return out
}

// ruleLine is the line of the value a rule speaks of.
func (x *xInvoice) ruleLine(rl rule) int {
	switch rl {
	case ruleAccount:
		return x.tag.of("AccountNumber")
	case ruleNumber:
		return x.tag.of("InvoiceNumber")
	case ruleType:
		return x.tag.of("@typeId")
	case ruleBillDate:
		return x.tag.of("BillDate")
	case ruleDueDate:
		return x.tag.of("DueDate")
	case ruleAmountDue:
		if x.Balances != nil {
			return x.Balances.tag.of("@amountDue")
		}
	case ruleCurrent:
		if x.Balances != nil {
			return x.Balances.tag.of("@current")
		}
	}
	return x.tag.line
}

// clarityNames names the Clarity element or attribute each rule speaks of.
var clarityNames = map[rule]string{
	ruleAccount:   "AccountNumber",
	ruleNumber:    "InvoiceNumber",
	ruleType:      "typeId",
	ruleBillDate:  "BillDate",
	ruleDueDate:   "DueDate",
	ruleAmountDue: "Balances@amountDue",
	ruleCurrent:   "Balances@current",
}

func (r *ClarityReader) summary(t xml.StartElement, line int) {
	r.sumSeen = true
	var x xSummary
	attrs(t, &x.UnknownAttr, attr{"invoiceCount", &x.InvoiceCount}, attr{"totalAmountDue", &x.TotalAmountDue})
	var errs Errors
	err := r.walk(nil, func(t xml.StartElement) error {
		errs = append(errs, r.problem(r.tokLine, "Summary", t.Name.Local, "", ErrInvalid, "unknown element (its data would be lost)"))
		return r.skip()
	})
	if err != nil {
		r.broken(err, "Summary")
		return
	}
	r.state = 2
	n, err := strconv.Atoi(x.InvoiceCount)
	if err != nil {
		errs = append(errs, r.problem(line, "Summary", "invoiceCount", x.InvoiceCount, ErrSyntax, "not a whole number"))
	}
	total, err := money.ParsePlain(x.TotalAmountDue, 2)
	if err != nil {
		errs = append(errs, r.problem(line, "Summary", "totalAmountDue", x.TotalAmountDue, ErrSyntax, "not an amount: %v", err))
	}
	for _, a := range x.UnknownAttr {
		errs = append(errs, r.problem(line, "Summary", a.Name.Local, a.Value, ErrInvalid, "unknown attribute (its data would be lost)"))
	}
	if len(errs) == 0 {
		if n != r.count {
			errs = append(errs, r.problem(line, "Summary", "invoiceCount", x.InvoiceCount, ErrTotals, "summary says %d invoices, the file has %d", n, r.count))
		}
		if got := r.total.Decimal(); !r.bad && !total.Equal(got) {
			errs = append(errs, r.problem(line, "Summary", "totalAmountDue", x.TotalAmountDue, ErrTotals, "summary says a total due of %s, the invoices add up to %s", total.StringFixed(2), got.StringFixed(2)))
		}
	}
	if len(errs) > 0 {
		r.f.Out.Fail(errs, line)
		return
	}
	r.f.SetTrailer(Summary{Invoices: n, TotalDue: total}, line)
}
