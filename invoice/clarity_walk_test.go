package invoice

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/icbatch/caselle/internal/layouttest"
	"golang.org/x/text/encoding/charmap"
)

// walkAndUnmarshal reads every Invoice element of data twice, with the
// reader's walk over its own scanner and with encoding/xml's
// DecodeElement into the same structs, and reports the first invoice on
// which they disagree. Invoices where the walk found what Unmarshal drops
// silently (a repeated element, an element inside text) are not
// compared, nor those the walk refuses for markup XML forbids though
// encoding/xml passes it.
func walkAndUnmarshal(t *testing.T, data []byte) {
	t.Helper()
	a := NewClarityReader(bytes.NewReader(data), nil)
	b := newTestDecoder(data)
	for n := 1; ; n++ {
		ta, errA := nextInvoice(func() (xml.Token, error) {
			kind, err := a.token()
			if kind == tokStart {
				return a.sc.start(), err
			}
			return nil, err
		})
		tb, errB := nextInvoice(b.Token)
		var me *markupError
		if errors.As(errA, &me) && errB == nil {
			return // markup XML forbids and encoding/xml passes (an attribute given twice): the walk refuses it, as it should
		}
		if (errA == nil) != (errB == nil) {
			t.Fatalf("invoice %d: the token streams differ: %v / %v", n, errA, errB)
		}
		if errA != nil {
			return
		}
		var xa, xb xInvoice
		errA = a.walkInvoice(&xa, ta)
		errB = b.DecodeElement(&xb, &tb)
		if errors.As(errA, &me) && errB == nil {
			return
		}
		if (errA == nil) != (errB == nil) {
			t.Fatalf("invoice %d: walk error %v, Unmarshal error %v", n, errA, errB)
		}
		if errA != nil {
			return
		}
		if walkOnly(&xa) {
			continue
		}
		xb.XMLName = xml.Name{} // the walk does not keep the element's own name
		if diff := cmp.Diff(xb, xa, cmpopts.EquateEmpty(), ignoreLines); diff != "" {
			t.Fatalf("invoice %d (-Unmarshal +walk):\n%s", n, diff)
		}
	}
}

// newTestDecoder is encoding/xml's strict Decoder over data as the
// reader sees it: the byte-order mark read, windows-1252 decoded by
// golang.org/x/text, the encodings the reader refuses refused.
func newTestDecoder(data []byte) *xml.Decoder {
	in, mark, _ := byteOrderMark(bytes.NewReader(data))
	probe := clarityCharset(mark)
	d := xml.NewDecoder(in)
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		cp, err := probe(label)
		if cp {
			return charmap.Windows1252.NewDecoder().Reader(in), nil
		}
		return in, err
	}
	return d
}

// ignoreLines leaves out the lines the walk notes (Unmarshal has none)
// and compares the rest, the unknown parts every element keeps too.
var ignoreLines = cmp.Options{
	cmp.AllowUnexported(xInvoice{}, xPeriod{}, xCustomer{}, xMailing{}, xBalances{}, xFlags{},
		xCharges{}, xCharge{}, xMeters{}, xMeter{}, xUsage{}, xMonth{}, xMessages{}),
	cmpopts.IgnoreUnexported(xRest{}, xUnknown{}),
	cmpopts.IgnoreFields(xMessages{}, "lines"),
}

func nextInvoice(token func() (xml.Token, error)) (xml.StartElement, error) {
	for {
		tok, err := token()
		if err != nil {
			return xml.StartElement{}, err
		}
		if s, ok := tok.(xml.StartElement); ok && s.Name.Local == "Invoice" {
			return s, nil
		}
	}
}

// walkOnly reports whether the walk noted something Unmarshal drops.
func walkOnly(x *xInvoice) bool {
	lists := [][]xUnknown{x.Unknown}
	if x.ServicePeriod != nil {
		lists = append(lists, x.ServicePeriod.Unknown)
	}
	if x.Customer != nil {
		lists = append(lists, x.Customer.Unknown, x.Customer.Mailing.Unknown)
	}
	if x.Balances != nil {
		lists = append(lists, x.Balances.Unknown)
	}
	if x.Flags != nil {
		lists = append(lists, x.Flags.Unknown)
	}
	if x.Charges != nil {
		lists = append(lists, x.Charges.Unknown)
		for _, c := range x.Charges.Charge {
			lists = append(lists, c.Unknown)
		}
	}
	if x.Meters != nil {
		lists = append(lists, x.Meters.Unknown)
		for _, m := range x.Meters.Meter {
			lists = append(lists, m.Unknown)
		}
	}
	for _, u := range x.Usage {
		lists = append(lists, u.Unknown)
		for _, p := range u.Period {
			lists = append(lists, p.Unknown)
		}
	}
	if x.Messages != nil {
		lists = append(lists, x.Messages.Unknown)
	}
	for _, l := range lists {
		for _, e := range l {
			if e.Again || e.InText || e.OnText {
				return true
			}
		}
	}
	return false
}

// clarityOddities puts unknown attributes and elements, comments, CDATA,
// namespaces and text in odd places of an otherwise valid file.
var clarityOddities = []struct{ old, new string }{
	{`<AccountNumber>`, `<AccountNumber><!-- c -->`},
	{`<Customer>`, `<Customer note="x"><Phone>555</Phone>`},
	{`<MailingAddress>`, `<MailingAddress kind="home"><Line3>x</Line3>`},
	{`<Balances `, `<Balances extra="1" `},
	{`<Flags `, `<Flags ebill="Y" `},
	{`<Charges>`, `<Charges group="a"><Note/>`},
	{`<Charge `, `<Charge tax="0" `},
	{`<Meters>`, `<Meters x="1"><Gauge/>`},
	{`<Meter `, `<Meter kind="AMR" `},
	{`<Period `, `<Period est="Y" `},
	{`<Messages>`, `<Messages lang="en"><Banner>b</Banner>`},
	{`<Message>`, `<Message><![CDATA[<b>]]>`},
	{`<Invoice `, `<Invoice xmlns:p="urn:x" p:flag="1" `},
	{`<Email>`, `<Email>  `},
	{`<InvoiceNumber>`, `<InvoiceNumber ref="x">`},
	{`<Email>`, `<Email xmlns:e="urn:e">`},
}

func TestClarityWalkAgreesWithUnmarshal(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "clarity_*.xml"))
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(name), func(t *testing.T) { walkAndUnmarshal(t, data) })
		for _, o := range clarityOddities {
			if !bytes.Contains(data, []byte(o.old)) {
				continue
			}
			odd := []byte(strings.ReplaceAll(string(data), o.old, o.new))
			t.Run(filepath.Base(name)+"+"+o.new, func(t *testing.T) { walkAndUnmarshal(t, odd) })
		}
	}
}

// TestClarityWalkReportsWhatUnmarshalDrops: a repeated element, an
// element inside a text element and an attribute of a text element (xml:
// ones too) are problems with their own messages.
func TestClarityWalkReportsWhatUnmarshalDrops(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "clarity_valid.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ old, new, field, msg string }{
		{`<DueDate>`, `<DueDate>2030-01-01</DueDate><DueDate>`, "Invoice/DueDate", "a second DueDate element"},
		{`<Customer>`, `<Customer><Name>x</Name>`, "Customer/Name", "a second Name element"},
		{`<Balances `, `<Balances previous="0.00"/><Balances `, "Invoice/Balances", "a second Balances element"},
		{`<Name>`, `<Name><b>Dr</b> `, "Customer/Name/b", "an element inside a text element"},
		{`<AccountNumber>`, `<AccountNumber type="utility">`, "Invoice/AccountNumber@type", "unknown attribute"},
		{`<Name>`, `<Name xml:lang="es">`, "Customer/Name@lang", "unknown attribute"},
	} {
		odd := strings.Replace(string(data), tt.old, tt.new, 1)
		r := NewClarityReader(strings.NewReader(odd), &ClarityOptions{Name: "odd.xml", MaxErrors: -1})
		found := false
		for _, err := range r.All() {
			for _, e := range flattenErrors(err) {
				found = found || e.Field == tt.field && strings.Contains(e.Msg, tt.msg)
			}
		}
		if !found {
			t.Errorf("%s: no problem %s %q", tt.new, tt.field, tt.msg)
		}
	}
}

func flattenErrors(err error) []*Error {
	switch e := err.(type) {
	case *Error:
		return []*Error{e}
	case Errors:
		return e
	}
	return nil
}

func FuzzClarityWalkAgreesWithUnmarshal(f *testing.F) {
	layouttest.AddSeeds(f, "clarity_*.xml")
	f.Fuzz(func(t *testing.T, data []byte) { walkAndUnmarshal(t, data) })
}

// TestEveryRuleHasAFieldName: a rule the name tables miss would report a
// problem with no field.
func TestEveryRuleHasAFieldName(t *testing.T) {
	for _, r := range []rule{ruleAccount, ruleNumber, ruleType, ruleBillDate, ruleDueDate, ruleAmountDue, ruleCurrent} {
		if bifNames[r] == "" || clarityNames[r] == "" {
			t.Errorf("rule %s: BIF name %q, Clarity name %q", r, bifNames[r], clarityNames[r])
		}
	}
}
