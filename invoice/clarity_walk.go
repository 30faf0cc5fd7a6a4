package invoice

import (
	"encoding/xml"
	"errors"
	"fmt"
)

// The Invoice element is read token by token into the x structs (whose
// tags say what encoding/xml's Unmarshal would do with the same element;
// TestClarityWalkAgreesWithUnmarshal holds the two together). Walking by
// hand avoids reflection, and it reports what Unmarshal drops silently:
// an element repeated where one is allowed, and an element inside a text
// or attribute-only element.

// walk reads tokens up to the end of the element just started, handing
// each child element to child (which must read it whole) and collecting
// character data (CDATA included; comments and processing instructions
// are skipped) into text when text is not nil.
func (r *ClarityReader) walk(text *[]byte, child func(xml.StartElement) error) error {
	for {
		kind, err := r.token()
		if err != nil {
			return err
		}
		switch kind {
		case tokStart:
			if err := child(r.sc.start()); err != nil {
				return err
			}
		case tokEnd:
			return nil
		case tokText:
			if t := r.sc.text; text != nil {
				if len(*text)+len(t) > ClarityMaxToken {
					return &markupError{line: r.tokLine, kind: ErrTooLong, msg: fmt.Sprintf("an element's text is longer than %d bytes; no Clarity field is near that long (the reader refuses it to keep its memory flat)", ClarityMaxToken)}
				}
				*text = append(*text, t...)
			}
		}
	}
}

// xmlWalk is the state of one Invoice element's walk.
type xmlWalk struct {
	r    *ClarityReader
	buf  []byte
	seen map[[2]string]bool // elements that may appear once (parent path, name), already read
}

// text reads the text of the element el; an element inside it is noted
// in unknown (as el/name) and skipped.
func (w *xmlWalk) text(el xml.StartElement, unknown *[]xUnknown) (string, error) {
	for _, a := range el.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			continue // a name-space declaration, not data
		}
		*unknown = append(*unknown, xUnknown{XMLName: xml.Name{Local: el.Name.Local + "@" + a.Name.Local}, OnText: true, value: a.Value, line: w.r.tokLine})
	}
	w.buf = w.buf[:0]
	err := w.r.walk(&w.buf, func(t xml.StartElement) error {
		*unknown = append(*unknown, xUnknown{XMLName: xml.Name{Local: el.Name.Local + "/" + t.Name.Local}, InText: true, line: w.r.tokLine})
		return w.r.skip()
	})
	return string(w.buf), err
}

// once notes an element that may appear only once; a repeat is noted in
// unknown (its data would be lost) and false returned.
func (w *xmlWalk) once(parent, name string, t xml.StartElement, unknown *[]xUnknown) bool {
	path := [2]string{parent, name}
	if w.seen[path] {
		*unknown = append(*unknown, xUnknown{XMLName: t.Name, Again: true, line: w.r.tokLine})
		return false
	}
	w.seen[path] = true
	return true
}

// textOf reads t into the field of fields it names, if any (once; a
// repeat is noted in unknown), and reports whether it did.
func (w *xmlWalk) textOf(path string, t xml.StartElement, parent *tagLines, unknown *[]xUnknown, fields ...attr) (bool, error) {
	for _, f := range fields {
		if t.Name.Local == f.name {
			return true, w.oneText(path, f.name, t, parent, f.to, unknown)
		}
	}
	return false, nil
}

// oneText reads a text element that may appear only once into s, and
// notes its line in the parent's tag lines.
func (w *xmlWalk) oneText(path, name string, t xml.StartElement, parent *tagLines, s *string, unknown *[]xUnknown) error {
	if !w.once(path, name, t, unknown) {
		return w.r.skip()
	}
	parent.note(t.Name.Local, w.r.tokLine)
	v, err := w.text(t, unknown)
	*s = v
	return err
}

// attr names the field an attribute (or a text element) goes to.
type attr struct {
	name string
	to   *string
}

// open starts x at the element t just read: the lines of its tag, and
// its attributes, the known ones into their fields and the others kept.
func (x *xRest) open(r *ClarityReader, t xml.StartElement, known ...attr) {
	x.tag = r.tagLines(t)
	attrs(t, &x.UnknownAttr, known...)
}

// leaf reads into x an element that holds only attributes: elements
// inside it are noted as unknown and skipped.
func (w *xmlWalk) leaf(x *xRest, t xml.StartElement, known ...attr) error {
	x.open(w.r, t, known...)
	return w.r.walk(nil, func(t xml.StartElement) error {
		x.Unknown = append(x.Unknown, xUnknown{XMLName: t.Name, line: w.r.tokLine})
		return w.r.skip()
	})
}

// attrs sorts the attributes of t into the fields named; the rest go to
// unknown.
func attrs(t xml.StartElement, unknown *[]xml.Attr, fields ...attr) {
next:
	for _, a := range t.Attr {
		for _, f := range fields {
			if a.Name.Local == f.name {
				*f.to = a.Value
				continue next
			}
		}
		*unknown = append(*unknown, a)
	}
}

// list reads the children of a list element: each one named item goes to
// each, any other is noted in unknown and skipped.
func (w *xmlWalk) list(item string, unknown *[]xUnknown, each func(xml.StartElement) error) error {
	return w.r.walk(nil, func(t xml.StartElement) error {
		if t.Name.Local != item {
			*unknown = append(*unknown, xUnknown{XMLName: t.Name, line: w.r.tokLine})
			return w.r.skip()
		}
		return each(t)
	})
}

func (r *ClarityReader) walkInvoice(x *xInvoice, start xml.StartElement) error {
	w := &xmlWalk{r: r, buf: r.textBuf, seen: r.seenBuf}
	clear(w.seen)
	if w.seen == nil {
		w.seen = map[[2]string]bool{}
		r.seenBuf = w.seen
	}
	r.invLimit = r.sc.offset() + ClarityMaxInvoice
	defer func() {
		r.textBuf, r.invLimit = w.buf, 0
		r.lineBufs[0] = x.tag.at[:0]
		if x.Customer != nil {
			r.lineBufs[1], r.lineBufs[2] = x.Customer.tag.at[:0], x.Customer.Mailing.tag.at[:0]
		}
		if x.Messages != nil {
			r.msgLines = x.Messages.lines[:0]
		}
	}()
	x.Usage = r.parts.usage[:0]
	defer func() { r.parts.usage = x.Usage[:cap(x.Usage)] }()
	x.open(r, start, attr{"typeId", &x.TypeID})
	x.tag.reuse(r.lineBufs[0])
	return r.walk(nil, func(t xml.StartElement) error { return w.child(x, t) })
}

// child reads one child element of an Invoice into x.
func (w *xmlWalk) child(x *xInvoice, t xml.StartElement) error {
	if ok, err := w.textOf("", t, &x.tag, &x.Unknown, attr{"AccountNumber", &x.Account}, attr{"InvoiceNumber", &x.Number},
		attr{"BillDate", &x.BillDate}, attr{"DueDate", &x.DueDate}, attr{"PenaltyDate", &x.PenaltyDate}); ok {
		return err
	}
	switch t.Name.Local {
	case "ServicePeriod", "Customer", "Balances", "Flags", "Charges", "Meters", "Messages":
		if !w.once("", t.Name.Local, t, &x.Unknown) {
			return w.r.skip()
		}
	case "UsageHistory": // one for each service
	default:
		x.Unknown = append(x.Unknown, xUnknown{XMLName: t.Name, line: w.r.tokLine})
		return w.r.skip()
	}
	switch t.Name.Local {
	case "ServicePeriod":
		p := &w.r.parts.period
		*p = xPeriod{}
		x.ServicePeriod = p
		return w.leaf(&p.xRest, t, attr{"from", &p.From}, attr{"to", &p.To})
	case "Customer":
		return w.customer(x, t)
	case "Balances":
		b := &w.r.parts.balances
		*b = xBalances{}
		x.Balances = b
		return w.leaf(&b.xRest, t, attr{"previous", &b.Previous}, attr{"payments", &b.Payments},
			attr{"adjustments", &b.Adjustments}, attr{"current", &b.Current}, attr{"amountDue", &b.AmountDue},
			attr{"minimumDue", &b.MinimumDue}, attr{"amountAfterPenalty", &b.AfterPenalty})
	case "Flags":
		f := &w.r.parts.flags
		*f = xFlags{}
		x.Flags = f
		return w.leaf(&f.xRest, t, attr{"paperless", &f.Paperless}, attr{"autopay", &f.AutoPay})
	case "Charges":
		return w.charges(x, t)
	case "Meters":
		return w.meters(x, t)
	case "UsageHistory":
		return w.usage(x, t)
	default: // Messages
		return w.messages(x, t)
	}
}

func (w *xmlWalk) customer(x *xInvoice, t xml.StartElement) error {
	r := w.r
	cu := &r.parts.customer
	*cu = xCustomer{}
	cu.open(r, t)
	cu.tag.reuse(r.lineBufs[1])
	x.Customer = cu
	return r.walk(nil, func(t xml.StartElement) error {
		if ok, err := w.textOf("Customer/", t, &cu.tag, &cu.Unknown, attr{"Name", &cu.Name},
			attr{"ServiceAddress", &cu.ServiceAddress}, attr{"Email", &cu.Email}); ok {
			return err
		}
		if t.Name.Local != "MailingAddress" {
			cu.Unknown = append(cu.Unknown, xUnknown{XMLName: t.Name, line: r.tokLine})
			return r.skip()
		}
		if !w.once("Customer/", "MailingAddress", t, &cu.Unknown) {
			return r.skip()
		}
		m := &cu.Mailing
		m.open(r, t)
		m.tag.reuse(r.lineBufs[2])
		return r.walk(nil, func(t xml.StartElement) error {
			if ok, err := w.textOf("Customer/MailingAddress/", t, &m.tag, &m.Unknown, attr{"Line1", &m.Line1},
				attr{"Line2", &m.Line2}, attr{"City", &m.City}, attr{"State", &m.State}, attr{"Zip", &m.Zip}); ok {
				return err
			}
			m.Unknown = append(m.Unknown, xUnknown{XMLName: t.Name, line: r.tokLine})
			return r.skip()
		})
	})
}

func (w *xmlWalk) charges(x *xInvoice, t xml.StartElement) error {
	cs := &w.r.parts.charges
	*cs = xCharges{Charge: cs.Charge[:0]}
	cs.open(w.r, t)
	x.Charges = cs
	return w.list("Charge", &cs.Unknown, func(t xml.StartElement) error {
		var ch xCharge
		err := w.leaf(&ch.xRest, t, attr{"service", &ch.Service}, attr{"description", &ch.Description},
			attr{"quantity", &ch.Quantity}, attr{"amount", &ch.Amount})
		cs.Charge = append(cs.Charge, ch)
		return err
	})
}

func (w *xmlWalk) meters(x *xInvoice, t xml.StartElement) error {
	ms := &w.r.parts.meters
	*ms = xMeters{Meter: ms.Meter[:0]}
	ms.open(w.r, t)
	x.Meters = ms
	return w.list("Meter", &ms.Unknown, func(t xml.StartElement) error {
		var m xMeter
		err := w.leaf(&m.xRest, t, attr{"number", &m.Number}, attr{"service", &m.Service},
			attr{"previousReadDate", &m.PreviousRead}, attr{"currentReadDate", &m.CurrentRead},
			attr{"previous", &m.Previous}, attr{"current", &m.Current},
			attr{"consumption", &m.Consumption}, attr{"unit", &m.Unit})
		ms.Meter = append(ms.Meter, m)
		return err
	})
}

func (w *xmlWalk) usage(x *xInvoice, t xml.StartElement) error {
	var u xUsage
	if spare := w.r.parts.usage; len(x.Usage) < len(spare) {
		u.Period = spare[len(x.Usage)].Period[:0] // the months of the last invoice's usage in this place
	}
	u.open(w.r, t, attr{"service", &u.Service}, attr{"unit", &u.Unit})
	err := w.list("Period", &u.Unknown, func(t xml.StartElement) error {
		var p xMonth
		err := w.leaf(&p.xRest, t, attr{"month", &p.Month}, attr{"consumption", &p.Consumption})
		u.Period = append(u.Period, p)
		return err
	})
	x.Usage = append(x.Usage, u)
	return err
}

func (w *xmlWalk) messages(x *xInvoice, t xml.StartElement) error {
	ms := &w.r.parts.messages
	*ms = xMessages{lines: w.r.msgLines[:0]}
	ms.open(w.r, t)
	x.Messages = ms
	return w.list("Message", &ms.Unknown, func(t xml.StartElement) error {
		ms.lines = append(ms.lines, w.r.tokLine)
		s, err := w.text(t, &ms.Unknown)
		ms.Message = append(ms.Message, s)
		return err
	})
}

// markupError is a token the reader refuses though encoding/xml passes it:
// a start tag XML forbids (an attribute given twice, a namespace prefix
// never declared), or one past the reader's limits. It names the line the
// token starts on.
type markupError struct {
	line int
	kind error
	msg  string
}

func (e *markupError) Error() string { return e.msg }

// token reads the next token, with the checks of a start tag that XML
// asks and encoding/xml leaves out and the limits on a token's and an
// invoice's size.
func (r *ClarityReader) token() (tokKind, error) {
	err := r.sc.next()
	r.tokLine = r.sc.line
	if err != nil {
		if errors.Is(err, errTokenTooLong) {
			err = &markupError{line: r.tokLine, kind: ErrTooLong, msg: fmt.Sprintf("a tag or a text longer than %d bytes starts on this line; no Clarity field is near that long (the reader refuses it to keep its memory flat)", ClarityMaxToken)}
		}
		return 0, err
	}
	if r.invLimit > 0 && r.sc.offset() > r.invLimit {
		return 0, &markupError{line: r.tokLine, kind: ErrTooLong, msg: fmt.Sprintf("the Invoice element is longer than %d bytes; a real one is a few KiB (the reader refuses it to keep its memory flat)", ClarityMaxInvoice)}
	}
	if r.sc.kind == tokStart {
		err = r.checkTag(r.sc.start())
	}
	return r.sc.kind, err
}

// skip reads the rest of the element just started, with every check
// token makes.
func (r *ClarityReader) skip() error {
	for depth := 1; depth > 0; {
		kind, err := r.token()
		if err != nil {
			return err
		}
		switch kind {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
	return nil
}

// checkTag refuses an attribute given twice and a prefix no xmlns
// attribute of the file has declared (the decoder leaves such a prefix in
// Name.Space as written).
func (r *ClarityReader) checkTag(t xml.StartElement) error {
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			if r.namespaces == nil {
				r.namespaces = map[string]bool{}
			}
			r.namespaces[a.Value] = true
		}
	}
	bad := func(format string, a ...any) error {
		return &markupError{line: r.tokLine, kind: ErrSyntax, msg: fmt.Sprintf("<%s>: ", t.Name.Local) + fmt.Sprintf(format, a...)}
	}
	declared := func(space string) bool {
		// The xml prefix is always bound, to its URL (what the tokenizer,
		// as encoding/xml, gives for it).
		return space == "" || space == "xml" || space == xmlURL || space == "xmlns" || r.namespaces[space]
	}
	if !declared(t.Name.Space) {
		return bad("the namespace prefix %q is not declared", t.Name.Space)
	}
	for i, a := range t.Attr {
		if !declared(a.Name.Space) {
			return bad("attribute %s:%s: the namespace prefix %q is not declared", a.Name.Space, a.Name.Local, a.Name.Space)
		}
		for _, b := range t.Attr[:i] {
			if b.Name == a.Name {
				return bad("the attribute %s is given twice (%q and %q); XML allows it once", a.Name.Local, b.Value, a.Value)
			}
		}
	}
	return nil
}

// tagLines says which line each part of an element is on: the start
// tag's line, and the parts on other lines — attributes of a tag written
// over several lines ("@name") and text children ("Name"). Problems are
// reported at the line of the value at fault.
type tagLines struct {
	line int
	at   []namedLine
}

type namedLine struct {
	name string
	line int
}

// of is the line of the attribute "@name" or the child "Name".
func (t *tagLines) of(name string) int {
	for _, a := range t.at {
		if a.name == name {
			return a.line
		}
	}
	return t.line
}

// reuse gives t a buffer to note lines in (its own, when its tag's
// attributes have noted some already).
func (t *tagLines) reuse(buf []namedLine) {
	if t.at == nil {
		t.at = buf[:0]
	}
}

func (t *tagLines) note(name string, line int) {
	if line != t.line {
		t.at = append(t.at, namedLine{name, line})
	}
}

// tagLines is the lines of the start tag t just read: the tag's, and
// each attribute's on a later line of a tag written over several.
func (r *ClarityReader) tagLines(t xml.StartElement) tagLines {
	tl := tagLines{line: r.tokLine}
	for i, line := range r.sc.attrLine[:min(len(r.sc.attrLine), len(t.Attr))] {
		if line != tl.line {
			tl.note("@"+t.Attr[i].Name.Local, line)
		}
	}
	return tl
}
