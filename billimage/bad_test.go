package billimage

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

func open(data []byte) (*Document, error) {
	return OpenPDF(bytes.NewReader(data), int64(len(data)), "bad.pdf")
}

func TestBadFilesAreOneClearError(t *testing.T) {
	var good bytes.Buffer
	billimagetest.Write(&good, billimagetest.Options{Invoices: invoicetest.Collect(invoicetest.Options{Invoices: 3})})
	locked := fpdf.New("P", "pt", "Letter", "")
	locked.SetProtection(fpdf.CnProtectPrint, "secret", "owner")
	locked.AddPage()
	locked.SetFont("Helvetica", "", 10)
	locked.Text(50, 50, "Page 1 of 1")
	var lockedPDF bytes.Buffer
	locked.Output(&lockedPDF)
	for _, tt := range []struct {
		name string
		data []byte
		want error
	}{
		{"not a PDF", []byte("H1SPANFORK  20261101 a Connect file, not a PDF\r\n"), ErrNotPDF},
		{"empty", nil, ErrNotPDF},
		{"cut short", good.Bytes()[:good.Len()/2], ErrDamaged},
		{"a user password", lockedPDF.Bytes(), ErrPassword},
	} {
		_, err := open(tt.data)
		if !errors.Is(err, tt.want) || !strings.HasPrefix(err.Error(), "bad.pdf: ") || strings.Count(err.Error(), "\n") > 0 {
			t.Errorf("%s: %v, want %v in one line naming the file", tt.name, err, tt.want)
		}
	}
}

func TestTemplatesRefuseWhatCannotWork(t *testing.T) {
	for _, tt := range []struct{ json, want string }{
		{`{"name": "x", "start": {"pattern": "Page 1"}, "invoice_type": {"constant": 1}, "fields": {}, "colour": "red"}`, `unknown field "colour"`},
		{`{"name": "x", "start": {"pattern": "Page (1"}, "invoice_type": {"constant": 1}, "fields": {"account": {"right_of": "A"}, "invoice_number": {"right_of": "B"}}}`, `start.pattern "Page (1"`},
		{`{"name": "x", "start": {"pattern": "P"}, "invoice_type": {"constant": 1}, "fields": {"account": {"required": true}, "invoice_number": {"right_of": "B"}}}`, `field "account": give exactly one of right_of, below, rect and pattern (it has 0)`},
		{`{"name": "x", "start": {"pattern": "P"}, "invoice_type": {"constant": 1}, "fields": {"account": {"pattern": "[a-"}, "invoice_number": {"right_of": "B"}}}`, `field "account": pattern "[a-"`},
		{`{"name": "x", "start": {"pattern": "P"}, "invoice_type": {"constant": 1}, "fields": {"account": {"right_of": "A"}}}`, `no field "invoice_number"`},
		{`{"name": "x", "start": {"pattern": "P"}, "invoice_type": {"constant": 1}, "fields": {"account": {"right_of": "A", "parse": "date"}, "invoice_number": {"right_of": "B"}}}`, `a date needs layouts`},
		{`{"name": "x", "start": {"pattern": "P", "pages": 2}, "invoice_type": {"constant": 1}, "fields": {"account": {"right_of": "A"}, "invoice_number": {"right_of": "B"}}}`, `start needs exactly one`},
		{`{"name": "x", "start": {"pattern": "P"}, "invoice_type": {"field": "t"}, "fields": {"account": {"right_of": "A"}, "invoice_number": {"right_of": "B"}}}`, `invoice_type.field "t" is not a field`},
		{`{"name": "x", "start": {"pattern": "P"}, "invoice_type": {"constant": 1}, "fields": {"account": {"rect": [10, 10, 5, 20]}, "invoice_number": {"right_of": "B"}}}`, `rect [10 10 5 20]`},
		{`{"name": "x", "start": {"field_changes": "acct"}, "invoice_type": {"constant": 1}, "fields": {"account": {"right_of": "A"}, "invoice_number": {"right_of": "B"}}}`, `start.field_changes "acct" is not a field`},
		{`{"name": "x", "start": {"pages": -1}, "invoice_type": {"constant": 1}, "fields": {"account": {"right_of": "A"}, "invoice_number": {"right_of": "B"}}}`, `start.pages -1`},
		{`{"name": "x", "start": {"pattern": "P"}, "invoice_type": {"constant": 1, "field": "account"}, "fields": {"account": {"right_of": "A"}, "invoice_number": {"right_of": "B"}}}`, `invoice_type is a constant or a field, not both`},
		{`{"name": "x", "start": {"pattern": "P"}, "invoice_type": {"constant": 1}, "fields": {"account": {"right_of": "A", "page": "middle"}, "invoice_number": {"right_of": "B"}}}`, `field "account": page "middle": want first, last or any`},
		{`{"name": "x", "start": {"pattern": "P"}, "invoice_type": {"constant": 1}, "fields": {"account": {"right_of": "A", "parse": "float"}, "invoice_number": {"right_of": "B"}}}`, `field "account": parse "float": want text, date, money or int`},
	} {
		_, err := LoadTemplate(strings.NewReader(tt.json))
		if !errors.Is(err, ErrTemplate) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s\n  got %v, want %q", tt.json, err, tt.want)
		}
	}
	if Reference().Name != "reference" {
		t.Fatal("the reference template")
	}
}

// TestUnreadablePageKeepsTheBillBefore: a page the library cannot read
// ends the file, but the bill before it is handed out with a problem, not
// lost.
func TestUnreadablePageKeepsTheBillBefore(t *testing.T) {
	var buf bytes.Buffer
	billimagetest.Write(&buf, billimagetest.Options{Invoices: invoicetest.Collect(invoicetest.Options{Invoices: 3}), TwoPages: 1000})
	d, err := open(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	d.count++ // a page tree that claims a page it does not have
	var bills []Bill
	var last error
	for b, err := range Reference().Bills(d, nil) {
		if err != nil {
			last = err
			continue
		}
		bills = append(bills, b)
	}
	if last == nil || len(bills) != 3 || len(bills[2].Problems) != 1 || !errors.Is(bills[2].Problems[0], ErrDamaged) || len(bills[1].Problems) != 0 {
		t.Fatalf("bills %d, last %v, error %v", len(bills), bills[len(bills)-1].Problems, last)
	}
}
