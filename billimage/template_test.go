package billimage

import (
	"bytes"
	"strings"
	"testing"

	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

func readAll(t *testing.T, tmpl string, d *Document) []Bill {
	t.Helper()
	tp, err := LoadTemplate(strings.NewReader(tmpl))
	if err != nil {
		t.Fatal(err)
	}
	return billsOf(t, tp, d)
}

// TestTemplateWays reads the reference bill with the other ways a
// template can say where bills start and where fields are.
func TestTemplateWays(t *testing.T) {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 8, Invoices: 5})
	invs[2].Customer.Name = "Zoë Ångström"
	d, want := printFile(t, billimagetest.Options{Seed: 8, Invoices: invs, TwoPages: 1000}) // one page a bill
	for _, tt := range []struct{ name, json string }{
		{"start by pages, fields by pattern and rect", `{"name": "t", "start": {"pages": 1}, "invoice_type": {"constant": 3},
			"fields": {
				"account": {"pattern": "^Account Number: (\\S+)$"},
				"invoice_number": {"rect": [440, 730, 600, 740]},
				"amount_due": {"pattern": "^Amount Due (\\$\\S+( CR)?)$", "page": "last", "parse": "money"},
				"name": {"below": "UTILITY BILL", "upper": true}}}`},
		{"start when the account changes, fields on any page", `{"name": "t", "start": {"field_changes": "account"}, "invoice_type": {"constant": 3},
			"fields": {
				"account": {"right_of": "Account Number:"},
				"invoice_number": {"right_of": "Bill Number:", "page": "any"},
				"amount_due": {"right_of": "Amount Due:", "parse": "money", "page": "any"}}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bills := readAll(t, tt.json, d)
			if len(bills) != len(want) {
				t.Fatalf("%d bills, want %d", len(bills), len(want))
			}
			for i, b := range bills {
				if len(b.Problems) > 0 || b.Account != want[i].Account || b.Number != want[i].Number || !b.AmountDue.Equal(want[i].AmountDue) || b.TypeID != 3 {
					t.Errorf("bill %d: %+v %v, want %+v", i, b.Values, b.Problems, want[i])
				}
			}
		})
	}
	// The invoice type read off the bill (a field), and a value below a
	// label, upper-cased.
	bills := readAll(t, `{"name": "t", "start": {"pattern": "^Page 1 of"}, "invoice_type": {"field": "type"},
		"fields": {"account": {"right_of": "Account Number:"}, "invoice_number": {"right_of": "Bill Number:"},
			"type": {"pattern": "^Page (\\d+) of", "parse": "int"}, "name": {"below": "UTILITY BILL", "upper": true}}}`, d)
	if bills[0].TypeID != 1 || !bills[0].TypeFromField || bills[0].Values["name"] == "" || bills[0].Values["name"] != strings.ToUpper(bills[0].Values["name"]) {
		t.Errorf("type from a field, an upper-cased value: %+v %d", bills[0].Values, bills[0].TypeID)
	}
}

// TestFirstPageStartsNoBill: pages before the first start are a bill with
// a problem, not dropped.
func TestFirstPageStartsNoBill(t *testing.T) {
	d, _ := printFile(t, billimagetest.Options{Seed: 8, Invoices: invoicetest.Collect(invoicetest.Options{Seed: 8, Invoices: 2})})
	bills := readAll(t, `{"name": "t", "start": {"pattern": "^Page 2 of"}, "invoice_type": {"constant": 1},
		"fields": {"account": {"right_of": "Account Number:"}, "invoice_number": {"right_of": "Bill Number:"}}}`, d)
	if len(bills) == 0 || len(bills[0].Problems) == 0 || !strings.Contains(bills[0].Problems[0].Error(), "the first page does not start a bill") {
		t.Fatalf("%+v", bills)
	}
}

func TestPDF20HeaderIsRead(t *testing.T) {
	var buf bytes.Buffer
	billimagetest.Write(&buf, billimagetest.Options{Seed: 1, Invoices: invoicetest.Collect(invoicetest.Options{Seed: 1, Invoices: 2})})
	data := buf.Bytes()
	copy(data, "%PDF-2.0")
	d, err := open(data)
	if err != nil {
		t.Fatal(err)
	}
	if bills := len(allBills(t, d)); bills != 2 {
		t.Fatalf("%d bills", bills)
	}
}
