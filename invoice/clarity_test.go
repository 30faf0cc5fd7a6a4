package invoice_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

func readClarity(t testing.TB, name string, data []byte) ([]invoice.Invoice, []*invoice.Error, *invoice.ClarityReader) {
	t.Helper()
	r := invoice.NewClarityReader(bytes.NewReader(data), &invoice.ClarityOptions{Name: name, MaxErrors: -1})
	invs, errs := layouttest.Drain(t, r.Read)
	return invs, errs, r
}

// TestConnectClarityConnect: Connect → model → Clarity → model → Connect
// is byte-identical, and the models agree (go-cmp).
func TestConnectClarityConnect(t *testing.T) {
	var connect bytes.Buffer
	if _, err := invoicetest.WriteConnect(&connect, invoicetest.Options{Seed: 9, Invoices: 200}); err != nil {
		t.Fatal(err)
	}
	invs, errs, cr := readConnect(t, "in.txt", connect.Bytes(), nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	h, _ := cr.Header()
	var clarity bytes.Buffer
	xw, err := invoice.NewClarityWriter(&clarity, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range invs {
		if err := xw.Write(inv); err != nil {
			t.Fatal(err)
		}
	}
	if err := xw.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(clarity.Bytes(), []byte(`<?xml version="1.0" encoding="windows-1252"?>`)) || !bytes.Contains(clarity.Bytes(), []byte("Pe\xf1a")) {
		t.Fatal("not windows-1252 XML")
	}
	back, errs, xr := readClarity(t, "mid.xml", clarity.Bytes())
	if len(errs) > 0 {
		t.Fatal(errs[:min(5, len(errs))])
	}
	if diff := cmp.Diff(invs, back); diff != "" {
		t.Fatalf("model changed through Clarity (-connect +clarity):\n%s", diff)
	}
	h2, _ := xr.Header()
	if diff := cmp.Diff(h, h2); diff != "" {
		t.Fatalf("header changed:\n%s", diff)
	}
	var again bytes.Buffer
	cw, _ := invoice.NewConnectWriter(&again, h2, nil)
	for _, inv := range back {
		if err := cw.Write(inv); err != nil {
			t.Fatal(err)
		}
	}
	cw.Close()
	if !bytes.Equal(again.Bytes(), connect.Bytes()) {
		t.Fatal("Connect → Clarity → Connect is not byte-identical")
	}
}

const claritySample = `<?xml version="1.0" encoding="windows-1252"?>
<PSNInvoiceFile version="1.0" biller="SPANFORK" created="2026-11-25T06:30:00" period="2026-11" cycle="2">
  <Invoice typeId="01">
    <AccountNumber>100-2345-01</AccountNumber>
    <InvoiceNumber>2026110001</InvoiceNumber>
    <BillDate>2026-11-01</BillDate><DueDate>2026-11-20</DueDate><PenaltyDate>2026-11-21</PenaltyDate>
    <ServicePeriod from="2026-10-01" to="2026-10-31"/>
    <Customer>
      <Name>Jos` + "\xe9 Pe\xf1a" + `</Name>
      <MailingAddress><Line1>PO Box 12</Line1><Line2/><City>Spanish Fork</City><State>UT</State><Zip>84660</Zip></MailingAddress>
      <ServiceAddress>455 E 300 N</ServiceAddress>
      <Email>jose@example.com</Email>
    </Customer>
    <Balances previous="45.00" payments="-45.00" adjustments="0.00" current="61.37"
              amountDue="61.37" minimumDue="0.00" amountAfterPenalty="64.44"/>
    <Flags paperless="Y" autopay="N"/>
    <Charges>
      <Charge service="WATER" description="Water base + usage" quantity="6.500" amount="38.12"/>
      <Charge service="SEWER" description="Sewer" quantity="0.000" amount="23.25"/>
    </Charges>
    <Meters><Meter number="M-88231" service="WATER" previousReadDate="2026-09-30" currentReadDate="2026-10-31"
                   previous="120345" current="126845" consumption="6500" unit="GAL"/></Meters>
    <UsageHistory service="WATER" unit="GAL"><Period month="2026-10" consumption="6500"/></UsageHistory>
    <Messages><Message>Water conservation week is Dec 1-7.</Message></Messages>
  </Invoice>
  <Summary invoiceCount="1" totalAmountDue="61.37"/>
</PSNInvoiceFile>
`

func TestClaritySample(t *testing.T) {
	invs, errs, r := readClarity(t, "sample.xml", []byte(claritySample))
	if len(errs) > 0 || len(invs) != 1 {
		t.Fatalf("%d invoices, %v", len(invs), errs)
	}
	inv := invs[0]
	if inv.Customer.Name != "José Peña" || inv.Customer.Address2 != "" || len(inv.Charges) != 2 || inv.Meters[0].Previous != 120345 ||
		!inv.Charges[0].Quantity.Equal(d("6.5")) || !inv.Balances.AfterPenalty.Equal(d("64.44")) || !inv.Paperless || inv.AutoPay {
		t.Fatalf("%+v", inv)
	}
	if s, ok := r.Summary(); !ok || s.Invoices != 1 {
		t.Fatalf("summary %+v", s)
	}
}

func TestClarityRules(t *testing.T) {
	tests := []struct {
		name, from, to string
		rule           layouttest.Rule
	}{
		{"balance forward", `amountDue="61.37"`, `amountDue="60.00"`, layouttest.Rule{Line: 3, Record: "Invoice", Field: "Balances@amountDue", Kind: invoice.ErrTotals, Msg: "balance forward"}},
		{"charges", `amount="23.25"`, `amount="23.00"`, layouttest.Rule{Line: 3, Record: "Invoice", Field: "Balances@current", Kind: invoice.ErrTotals, Msg: "charge lines add up to 61.12"}},
		{"unknown element", `<Email>`, `<Phone>801-555-0100</Phone><Email>`, layouttest.Rule{Line: 3, Record: "Invoice", Field: "Customer/Phone", Kind: invoice.ErrInvalid, Msg: "unknown element"}},
		{"unknown attribute", `autopay="N"`, `autopay="N" budget="Y"`, layouttest.Rule{Line: 3, Record: "Invoice", Field: "Flags@budget", Kind: invoice.ErrInvalid, Msg: "unknown attribute"}},
		{"money with a dollar sign", `previous="45.00"`, `previous="$45.00"`, layouttest.Rule{Line: 3, Record: "Invoice", Field: "Balances@previous", Kind: invoice.ErrSyntax, Msg: "currency symbols"}},
		{"date", `<BillDate>2026-11-01`, `<BillDate>11/01/2026`, layouttest.Rule{Line: 3, Record: "Invoice", Field: "BillDate", Kind: invoice.ErrSyntax, Msg: "YYYY-MM-DD"}},
		{"summary count", `invoiceCount="1"`, `invoiceCount="2"`, layouttest.Rule{Line: 26, Record: "Summary", Field: "invoiceCount", Kind: invoice.ErrTotals, Msg: "2 invoices, the file has 1"}},
		{"summary total", `totalAmountDue="61.37"`, `totalAmountDue="61.38"`, layouttest.Rule{Line: 26, Record: "Summary", Field: "totalAmountDue", Kind: invoice.ErrTotals, Msg: "61.38, the invoices add up to 61.37"}},
		{"cut short", "  <Summary invoiceCount=\"1\" totalAmountDue=\"61.37\"/>\n</PSNInvoiceFile>\n", "", layouttest.Rule{Line: 26, Kind: invoice.ErrSyntax, Msg: "not well-formed XML"}},
		{"type id", `typeId="01"`, `typeId="1"`, layouttest.Rule{Line: 3, Record: "Invoice", Field: "typeId", Kind: invoice.ErrSyntax, Msg: "two-digit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := strings.Replace(claritySample, tt.from, tt.to, 1)
			if data == claritySample {
				t.Fatal("edit did not apply")
			}
			tt.rule.File = "c.xml"
			_, errs, _ := readClarity(t, "c.xml", []byte(data))
			layouttest.CheckFirst(t, tt.rule, errs)
		})
	}
}
