package billimage

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

// allBills is every bill the reference template finds in d.
func allBills(t testing.TB, d *Document) []Bill { t.Helper(); return billsOf(t, Reference(), d) }

// billsOf is every bill tp finds in d; an error fails t.
func billsOf(t testing.TB, tp *Template, d *Document) []Bill {
	t.Helper()
	var out []Bill
	for b, err := range tp.Bills(d, nil) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func TestCutIndexAndReadBack(t *testing.T) {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 4, Invoices: 12})
	var buf bytes.Buffer
	if _, err := billimagetest.Write(&buf, billimagetest.Options{Seed: 4, Invoices: invs, Duplex: true}); err != nil {
		t.Fatal(err)
	}
	d, err := OpenPDF(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "print.pdf")
	if err != nil {
		t.Fatal(err)
	}
	bills := allBills(t, d)
	sp, err := NewSplitter(bytes.NewReader(buf.Bytes()), "print.pdf")
	if err != nil {
		t.Fatal(err)
	}
	var index bytes.Buffer
	iw := NewIndexWriter(&index)
	for _, b := range bills {
		name, err := FileName(b)
		if err != nil {
			t.Fatal(err)
		}
		var one bytes.Buffer
		if err := sp.Write(&one, b); err != nil {
			t.Fatal(err)
		}
		od, err := OpenPDF(bytes.NewReader(one.Bytes()), int64(one.Len()), name)
		if err != nil {
			t.Fatal(err)
		}
		again := allBills(t, od)
		if od.NumPages() != b.Last-b.First+1 || len(again) != 1 || again[0].Account != b.Account || !again[0].AmountDue.Equal(b.AmountDue) {
			t.Fatalf("%s: %d pages, bills %+v; cut from pages %d-%d", name, od.NumPages(), again, b.First, b.Last)
		}
		if err := iw.Write(b, name); err != nil {
			t.Fatal(err)
		}
	}
	if err := iw.Close(); err != nil {
		t.Fatal(err)
	}
	text := index.String()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil || len(rows) != 13 || strings.Join(rows[0], ",") != strings.Join(IndexHeader, ",") {
		t.Fatalf("index: %v %v", rows, err)
	}
	if iw.Rows() != len(rows)-1 {
		t.Fatalf("the index writer counts %d rows; the index holds %d", iw.Rows(), len(rows)-1)
	}
	inv := invs[0]
	want := []string{inv.Account, inv.Number, "01", inv.BillDate.Format("01/02/2006"), inv.DueDate.Format("01/02/2006"),
		inv.Balances.AmountDue.StringFixed(2), "print.pdf", "1", rows[1][8], inv.Account + "_" + inv.Number + ".pdf"}
	if strings.Join(rows[1], ",") != strings.Join(want, ",") {
		t.Fatalf("row 1:\n got %v\nwant %v", rows[1], want)
	}
	if !strings.HasSuffix(text, "\r\n") || strings.Count(text, "\r\n") != 13 {
		t.Fatal("the index does not end its lines with CRLF")
	}
	if _, err := FileName(Bill{Account: "100/200", Number: "1"}); err == nil {
		t.Fatal("a name with a slash was accepted")
	}
}

func TestReconcileBillsWithInvoices(t *testing.T) {
	invs := invoicetest.Collect(invoicetest.Options{Seed: 5, Invoices: 8})
	printed := append([]invoice.Invoice{}, invs[:6]...)
	printed = append(printed, invs[2]) // billed twice
	var buf bytes.Buffer
	billimagetest.Write(&buf, billimagetest.Options{Seed: 5, Invoices: printed})
	d, _ := OpenPDF(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "print.pdf")
	var rows []invoice.Bill
	for i, inv := range invs {
		rows = append(rows, invoice.Bill{BIFRow: invoice.BIFRow{Account: inv.Account, Number: inv.Number, TypeID: inv.TypeID,
			BalanceDue: inv.Balances.AmountDue, DueDate: inv.DueDate}, File: "day.bif", Line: i + 2})
	}
	rows[1].BalanceDue = rows[1].BalanceDue.Add(invs[1].Balances.AmountDue) // the invoice file says more
	rows[3].DueDate = rows[3].DueDate.AddDate(0, 0, 1)
	rows = append(rows[:5], rows[6:]...) // invoice 5 is not in the file
	rc := NewReconciler(rows)
	for _, b := range allBills(t, d) {
		rc.Add(b)
	}
	got := map[FindingKind][]string{}
	for _, f := range rc.Finish() {
		got[f.Kind] = append(got[f.Kind], f.String())
	}
	for kind, n := range map[FindingKind]int{AmountDiffers: 1, DueDateDiffers: 1, NoInvoice: 1, Duplicate: 1, NoBill: 2} {
		if len(got[kind]) != n {
			t.Errorf("%s: %v, want %d", kind, got[kind], n)
		}
	}
	if s := got[AmountDiffers]; len(s) == 1 && !strings.Contains(s[0], ": "+invs[1].Account+" "+invs[1].Number+": amount due disagrees") {
		t.Errorf("finding: %s", s[0])
	}
	// The BIF's BillImage column from the bills.
	bif := []invoice.BIFRow{{Account: invs[0].Account, Number: invs[0].Number}, {Account: "X", Number: "Y"}}
	if err := SetBillImages(bif, allBills(t, d)); err != nil || bif[0].BillImage != invs[0].Account+"_"+invs[0].Number+".pdf" || bif[1].BillImage != "" {
		t.Fatalf("%+v %v", bif, err)
	}
}
