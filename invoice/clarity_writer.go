package invoice

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/icbatch/caselle/internal/cp1252"
	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/money"
	"github.com/shopspring/decimal"
)

// ClarityWriter writes a Clarity invoice file (FORMATS §3) in
// windows-1252, one invoice at a time, and the Summary on Close. It applies
// the same rules as the readers; an invoice that breaks one, or holds a
// character windows-1252 cannot, is refused whole.
type ClarityWriter struct {
	w        io.Writer
	name     string
	reg      *Registry
	buf      bytes.Buffer
	out      []byte
	invoices int
	total    money.Total
	g        layout.Gate // closed, or broken by a failure to write
}

// NewClarityWriter writes the XML declaration and the root element's
// start for header h.
func NewClarityWriter(w io.Writer, h Header, opts *ClarityOptions) (*ClarityWriter, error) {
	cw := &ClarityWriter{w: w}
	if opts != nil {
		cw.name, cw.reg = opts.Name, opts.Registry
	}
	switch {
	case h.BillerCode == "":
		return nil, cw.fail("PSNInvoiceFile", "biller", "", ErrInvalid, "biller code is required")
	case !h.Period.valid():
		return nil, cw.fail("PSNInvoiceFile", "period", h.Period.String(), ErrInvalid, "billing period must have a month 01-12")
	case h.Created.IsZero():
		return nil, cw.fail("PSNInvoiceFile", "created", "", ErrInvalid, "creation time is required")
	case !createdYear(h.Created):
		return nil, cw.fail("PSNInvoiceFile", "created", h.Created.Format(time.RFC3339), ErrInvalid, "creation time must be of a year 1900-9999")
	case h.Cycle < 0 || h.Cycle > 99:
		return nil, cw.fail("PSNInvoiceFile", "cycle", fmt.Sprint(h.Cycle), ErrInvalid, "billing cycle must be 0-99")
	}
	b := &cw.buf
	b.WriteString(`<?xml version="1.0" encoding="windows-1252"?>` + "\n")
	fmt.Fprintf(b, `<PSNInvoiceFile version="1.0" biller="%s" created="%s" period="%s" cycle="%d">`+"\n",
		esc(h.BillerCode), h.Created.Format("2006-01-02T15:04:05"), h.Period, h.Cycle)
	if err := cw.flush(); err != nil {
		return nil, err
	}
	return cw, nil
}

func (w *ClarityWriter) fail(record, field, value string, kind error, format string, a ...any) *Error {
	return &Error{File: w.name, Record: record, Field: field, Value: value, Err: kind, Msg: fmt.Sprintf(format, a...)}
}

// esc escapes s for XML text and attributes.
func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// flush encodes the buffered XML (one invoice) to windows-1252 and writes
// it; a rune it cannot hold fails the whole invoice.
func (w *ClarityWriter) flush() error {
	enc, r, at := cp1252.Append(w.out[:0], w.buf.String(), true)
	w.out = enc
	if at >= 0 {
		w.buf.Reset()
		return w.fail("Invoice", "", string(r), ErrEncoding, "character %q (%U) cannot be written in windows-1252", r, r)
	}
	w.buf.Reset()
	// Lines end in CRLF, as Windows software writes them; no value holds a
	// raw line break (EscapeText writes them as character references).
	enc = bytes.ReplaceAll(enc, []byte("\n"), []byte("\r\n"))
	if _, err := w.w.Write(enc); err != nil {
		w.g.Err = fmt.Errorf("invoice: writing %s: %w", w.name, err)
		return w.g.Err
	}
	return nil
}

func day(t time.Time) string { return t.Format("2006-01-02") }

func amount(d decimal.Decimal) string { return d.StringFixed(2) }

func yn(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

// Write checks inv and writes its Invoice element, or nothing.
func (w *ClarityWriter) Write(inv Invoice) error {
	if err := w.g.Open("invoice"); err != nil {
		return err
	}
	if errs := w.check(&inv); len(errs) > 0 {
		return errs
	}
	w.markup(&inv)
	if err := w.flush(); err != nil {
		return err
	}
	d := money.Cents(inv.Balances.AmountDue)
	w.invoices++
	w.total.Add(d)
	return nil
}

// check finds every reason inv cannot be written: the invoice rules, and
// amounts, quantities and usage a Clarity file cannot hold.
func (w *ClarityWriter) check(inv *Invoice) Errors {
	var errs Errors
	bad := func(field, value string, kind error, format string, a ...any) {
		errs = append(errs, w.fail("Invoice", field, value, kind, format, a...))
	}
	checkInvoiceRules(inv, w.reg, nil, func(r rule, value string, kind error, format string, a ...any) {
		bad(clarityNames[r], value, kind, format, a...)
	})
	checkCharges(inv, nil, func(r rule, value string, kind error, format string, a ...any) {
		bad(clarityNames[r], value, kind, format, a...)
	})
	for _, d := range []struct {
		f string
		v decimal.Decimal
		p int32
	}{{"Balances@previous", inv.Balances.Previous, 2}, {"Balances@payments", inv.Balances.Payments, 2}, {"Balances@adjustments", inv.Balances.Adjustments, 2},
		{"Balances@current", inv.Balances.Current, 2}, {"Balances@amountDue", inv.Balances.AmountDue, 2}, {"Balances@minimumDue", inv.Balances.MinimumDue, 2},
		{"Balances@amountAfterPenalty", inv.Balances.AfterPenalty, 2}} {
		if _, err := money.Scaled(d.v, d.p); err != nil {
			bad(d.f, d.v.String(), ErrInvalid, "%v; amounts are never rounded", err)
		}
	}
	for _, c := range inv.Charges {
		if _, err := money.Scaled(c.Quantity, 3); err != nil {
			bad("Charge@quantity", c.Quantity.String(), ErrInvalid, "%v", err)
		}
		if _, err := money.Scaled(c.Amount, 2); err != nil {
			bad("Charge@amount", c.Amount.String(), ErrInvalid, "%v", err)
		}
	}
	services := map[string]bool{}
	for _, u := range inv.Usage {
		checkUsageRules(&u, func(field, value string, kind error, format string, a ...any) {
			bad("UsageHistory/"+field, value, kind, format, a...)
		})
		if services[u.Service] {
			bad("UsageHistory@service", u.Service, ErrDuplicate, "a second usage history for service %s", u.Service)
		}
		services[u.Service] = true
	}
	for _, m := range inv.Meters {
		if m.Previous < 0 || m.Current < 0 || m.Consumption < 0 {
			bad("Meter", m.Number, ErrInvalid, "meter readings and consumption cannot be negative")
		}
	}
	return errs
}

// markup writes inv's Invoice element into the buffer.
func (w *ClarityWriter) markup(inv *Invoice) {
	b := &w.buf
	fmt.Fprintf(b, "  <Invoice typeId=\"%02d\">\n", inv.TypeID)
	fmt.Fprintf(b, "    <AccountNumber>%s</AccountNumber>\n    <InvoiceNumber>%s</InvoiceNumber>\n", esc(inv.Account), esc(inv.Number))
	fmt.Fprintf(b, "    <BillDate>%s</BillDate><DueDate>%s</DueDate>", day(inv.BillDate), day(inv.DueDate))
	if !inv.PenaltyDate.IsZero() {
		fmt.Fprintf(b, "<PenaltyDate>%s</PenaltyDate>", day(inv.PenaltyDate))
	}
	b.WriteString("\n")
	if !inv.ServiceFrom.IsZero() || !inv.ServiceTo.IsZero() {
		b.WriteString("    <ServicePeriod")
		if !inv.ServiceFrom.IsZero() {
			fmt.Fprintf(b, ` from="%s"`, day(inv.ServiceFrom))
		}
		if !inv.ServiceTo.IsZero() {
			fmt.Fprintf(b, ` to="%s"`, day(inv.ServiceTo))
		}
		b.WriteString("/>\n")
	}
	c := inv.Customer
	fmt.Fprintf(b, "    <Customer>\n      <Name>%s</Name>\n      <MailingAddress><Line1>%s</Line1><Line2>%s</Line2><City>%s</City><State>%s</State><Zip>%s</Zip></MailingAddress>\n      <ServiceAddress>%s</ServiceAddress>\n      <Email>%s</Email>\n    </Customer>\n",
		esc(c.Name), esc(c.Address1), esc(c.Address2), esc(c.City), esc(c.State), esc(c.Zip), esc(c.ServiceAddress), esc(c.Email))
	bal := inv.Balances
	fmt.Fprintf(b, "    <Balances previous=\"%s\" payments=\"%s\" adjustments=\"%s\" current=\"%s\" amountDue=\"%s\" minimumDue=\"%s\" amountAfterPenalty=\"%s\"/>\n",
		amount(bal.Previous), amount(bal.Payments), amount(bal.Adjustments), amount(bal.Current), amount(bal.AmountDue), amount(bal.MinimumDue), amount(bal.AfterPenalty))
	fmt.Fprintf(b, "    <Flags paperless=\"%s\" autopay=\"%s\"/>\n", yn(inv.Paperless), yn(inv.AutoPay))
	if len(inv.Charges) > 0 {
		b.WriteString("    <Charges>\n")
		for _, ch := range inv.Charges {
			fmt.Fprintf(b, "      <Charge service=\"%s\" description=\"%s\" quantity=\"%s\" amount=\"%s\"/>\n",
				esc(ch.Service), esc(ch.Description), ch.Quantity.StringFixed(3), amount(ch.Amount))
		}
		b.WriteString("    </Charges>\n")
	}
	if len(inv.Meters) > 0 {
		b.WriteString("    <Meters>\n")
		for _, m := range inv.Meters {
			fmt.Fprintf(b, "      <Meter number=\"%s\" service=\"%s\" previousReadDate=\"%s\" currentReadDate=\"%s\" previous=\"%d\" current=\"%d\" consumption=\"%d\" unit=\"%s\"/>\n",
				esc(m.Number), esc(m.Service), optDay(m.PreviousRead), optDay(m.CurrentRead), m.Previous, m.Current, m.Consumption, esc(m.Unit))
		}
		b.WriteString("    </Meters>\n")
	}
	for _, u := range inv.Usage {
		fmt.Fprintf(b, "    <UsageHistory service=\"%s\" unit=\"%s\">", esc(u.Service), esc(u.Unit))
		for _, m := range u.Months {
			fmt.Fprintf(b, "<Period month=\"%s\" consumption=\"%s\"/>", m.Month, strconv.FormatInt(m.Consumption, 10))
		}
		b.WriteString("</UsageHistory>\n")
	}
	if len(inv.Messages) > 0 {
		b.WriteString("    <Messages>")
		for _, m := range inv.Messages {
			fmt.Fprintf(b, "<Message>%s</Message>", esc(m))
		}
		b.WriteString("</Messages>\n")
	}
	b.WriteString("  </Invoice>\n")
}

func optDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return day(t)
}

// Summary returns the Summary Close will write.
func (w *ClarityWriter) Summary() Summary {
	return Summary{Invoices: w.invoices, TotalDue: w.total.Decimal()}
}

// Close writes the Summary and the root's end; it does not close the
// underlying writer.
func (w *ClarityWriter) Close() error {
	if !w.g.Close() {
		return w.g.Err
	}
	s := w.Summary()
	fmt.Fprintf(&w.buf, "  <Summary invoiceCount=\"%d\" totalAmountDue=\"%s\"/>\n</PSNInvoiceFile>\n", s.Invoices, amount(s.TotalDue))
	return w.flush()
}
