package billimage

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

func printFile(t testing.TB, o billimagetest.Options) (*Document, []billimagetest.Bill) {
	t.Helper()
	var buf bytes.Buffer
	want, err := billimagetest.Write(&buf, o)
	if err != nil {
		t.Fatal(err)
	}
	d, err := OpenPDF(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "print.pdf")
	if err != nil {
		t.Fatal(err)
	}
	return d, want
}

func TestReferenceReadsEveryBill(t *testing.T) {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 2, Invoices: 60})
	invs[3].Balances.AmountDue = invs[3].Balances.AmountDue.Neg() // a credit: "$… CR"
	byNumber := map[string]invoice.Invoice{}
	for _, inv := range invs {
		byNumber[inv.Number] = inv
	}
	for _, duplex := range []bool{false, true} {
		d, want := printFile(t, billimagetest.Options{Seed: 2, Invoices: invs, Duplex: duplex})
		bills := allBills(t, d)
		for i, b := range bills {
			if i >= len(want) {
				t.Fatalf("more bills than printed: %+v", b)
			}
			w, inv := want[i], byNumber[b.Number]
			switch {
			case len(b.Problems) > 0:
				t.Errorf("bill %d: %v", i, b.Problems[0])
			case b.Account != w.Account || b.Number != w.Number || b.First != w.First || b.Last != w.Last:
				t.Errorf("bill %d (duplex %v): got %s %s pages %d-%d, printed %s %s pages %d-%d", i, duplex, b.Account, b.Number, b.First, b.Last, w.Account, w.Number, w.First, w.Last)
			case !b.AmountDue.Equal(inv.Balances.AmountDue) || !b.DueDate.Equal(inv.DueDate) || !b.BillDate.Equal(inv.BillDate) || b.TypeID != 1:
				t.Errorf("bill %d: due %s on %s, billed %s; the invoice: %s on %s", i, b.AmountDue, b.DueDate, b.BillDate, inv.Balances.AmountDue, inv.DueDate)
			}
		}
		if len(bills) != len(want) {
			t.Fatalf("%d bills read, %d printed", len(bills), len(want))
		}
	}
}

func TestMissingFieldIsReportedNotDropped(t *testing.T) {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 2, Invoices: 5})
	invs[2].Number = "" // prints "Bill Number:" with nothing after it
	d, want := printFile(t, billimagetest.Options{Seed: 2, Invoices: invs})
	bills := allBills(t, d)
	if len(bills) != 5 {
		t.Fatalf("%d bills, want 5: the bad one is neither dropped nor merged", len(bills))
	}
	b := bills[2]
	if len(b.Problems) != 1 || !errors.Is(b.Problems[0], ErrMissing) || b.First != want[2].First ||
		!strings.Contains(b.Problems[0].Error(), "print.pdf: page "+strconv.Itoa(want[2].First)+": invoice_number: required field not found") {
		t.Fatalf("problems %v", b.Problems)
	}
	if len(bills[1].Problems)+len(bills[3].Problems) != 0 {
		t.Fatal("its neighbours were disturbed")
	}
}

// TestValueThatDoesNotParseIsAProblem: a field found whose text is not
// the date, amount, whole number or invoice type the template says is a
// problem of its bill naming page, field and value, not a zero value.
func TestValueThatDoesNotParseIsAProblem(t *testing.T) {
	d, want := printFile(t, billimagetest.Options{Seed: 2, Invoices: invoicetest.Collect(invoicetest.Options{Seed: 2, Invoices: 2})})
	bills := readAll(t, `{"name": "t", "start": {"pattern": "^Page 1 of"}, "invoice_type": {"field": "kind"},
		"fields": {"account": {"right_of": "Account Number:"}, "invoice_number": {"right_of": "Bill Number:"},
			"kind": {"right_of": "Bill Number:"},
			"due": {"right_of": "Account Number:", "parse": "date", "layouts": ["01/02/2006"]},
			"amount_due": {"right_of": "Account Number:", "parse": "money"},
			"count": {"right_of": "Account Number:", "parse": "int"}}}`, d)
	if len(bills) != 2 {
		t.Fatalf("%d bills, want 2", len(bills))
	}
	got := map[string]string{}
	for _, p := range bills[0].Problems {
		if !errors.Is(p, ErrValue) || p.Page != want[0].First {
			t.Errorf("%v: want ErrValue on page %d", p, want[0].First)
		}
		got[p.Field] = p.Value
	}
	for _, f := range []string{"due", "amount_due", "count"} {
		if got[f] != want[0].Account {
			t.Errorf("%s: problem for value %q, want one for %q", f, got[f], want[0].Account)
		}
	}
	if got["kind"] != want[0].Number || bills[0].TypeID != 0 {
		t.Errorf("invoice type from %q: problem for %q, type %d", want[0].Number, got["kind"], bills[0].TypeID)
	}
}
