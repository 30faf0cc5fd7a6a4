package invoice_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"iter"
	"strings"
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

// both writes the same generated invoices as Connect and as Clarity.
func both(t *testing.T, o invoicetest.Options) (connect, clarity []byte) {
	t.Helper()
	var c, x bytes.Buffer
	if _, err := invoicetest.WriteConnect(&c, o); err != nil {
		t.Fatal(err)
	}
	w, err := invoice.NewClarityWriter(&x, invoicetest.Header(o), nil)
	if err != nil {
		t.Fatal(err)
	}
	layouttest.WriteAll(t, w, invoicetest.Collect(o))
	return c.Bytes(), x.Bytes()
}

// TestToBIF: a Connect file and a Clarity file of the same invoices make
// the same BIF, one row an invoice, each product told by its content.
func TestToBIF(t *testing.T) {
	o := invoicetest.Options{Seed: 4, Invoices: 40}
	connect, clarity := both(t, o)
	var fromConnect, fromClarity bytes.Buffer
	n, err := invoice.ToBIF(context.Background(), &fromConnect, bytes.NewReader(connect), "inv.txt", invoice.Customization{})
	if err != nil || n != 40 {
		t.Fatalf("Connect: %d rows, %v", n, err)
	}
	if n, err := invoice.ToBIF(context.Background(), &fromClarity, bytes.NewReader(clarity), "inv.xml", invoice.Customization{}); err != nil || n != 40 {
		t.Fatalf("Clarity: %d rows, %v", n, err)
	}
	if !bytes.Equal(fromConnect.Bytes(), fromClarity.Bytes()) {
		t.Fatal("the BIFs of the same invoices differ by source product")
	}
	bills, err := invoice.ReadBills(&fromConnect, "out.bif")
	if err != nil || len(bills) != 40 {
		t.Fatalf("the BIF reads back as %d bills, %v", len(bills), err)
	}
	// A problem of the input stops the conversion and is returned.
	bad := bytes.Replace(connect, []byte("\r\nT1"), []byte("\r\nX1"), 1)
	if _, err := invoice.ToBIF(context.Background(), &bytes.Buffer{}, bytes.NewReader(bad), "bad.txt", invoice.Customization{}); !errors.Is(err, invoice.ErrRecordType) {
		t.Fatalf("a bad record: %v", err)
	}
	if _, err := invoice.ToBIF(context.Background(), &bytes.Buffer{}, bytes.NewReader(connect), "inv.txt", invoice.Customization{BillingMode: "open-item"}); !errors.Is(err, invoice.ErrOpenItem) {
		t.Fatalf("open item: %v", err)
	}
}

// TestCustomizationZeroValue: the zero value and an empty JSON object are
// valid and mean balance-forward, no minimum.
func TestCustomizationZeroValue(t *testing.T) {
	c, err := invoice.LoadCustomization(strings.NewReader("{}"))
	if err != nil {
		t.Fatalf("{}: %v", err)
	}
	if err := (invoice.Customization{}).Check(); err != nil {
		t.Fatalf("zero value: %v", err)
	}
	inv := invoicetest.Collect(invoicetest.Options{Seed: 1, Invoices: 1})[0]
	row, err := c.BIF(inv, "")
	if err != nil || row.HasMinimum || row.AllowPartial || !row.ExpireDate.IsZero() || row.NotifyDates != nil {
		t.Fatalf("%+v, %v", row, err)
	}
}

// TestHeaderFirst: every invoice reader's Header reads as far as the
// header when called first; a problem met on the way is returned by Header
// and not again by Read; a file without one says so.
func TestHeaderFirst(t *testing.T) {
	o := invoicetest.Options{Seed: 4, Invoices: 3}
	connect, clarity := both(t, o)
	want := invoicetest.Header(o)
	for name, data := range map[string][]byte{"inv.txt": connect, "inv.xml": clarity} {
		r := invoice.NewReader(bytes.NewReader(data), name)
		h, err := r.Header()
		if err != nil || h.BillerCode != want.BillerCode || !h.Created.Equal(want.Created) {
			t.Fatalf("%s: header %+v, %v; want %+v", name, h, err, want)
		}
		n := 0
		for _, err := range r.All() {
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			n++
		}
		if h2, err := r.Header(); n != 3 || err != nil || h2 != h {
			t.Fatalf("%s: %d invoices; Header after reading: %+v, %v", name, n, h2, err)
		}
	}
	// A Connect file whose first record is not H1.
	bad := bytes.Replace(connect, []byte("H1"), []byte("X1"), 1)
	r := invoice.NewConnectReader(bytes.NewReader(bad), &invoice.ConnectOptions{Name: "bad.txt", MaxErrors: -1})
	_, err := r.Header()
	var e *invoice.Error
	if !errors.As(err, &e) || e.Line != 1 || r.Line() != 1 {
		t.Fatalf("bad first record: %v (Line %d)", err, r.Line())
	}
	for _, err := range r.All() {
		if errors.As(err, &e) && e.Line == 1 {
			t.Fatalf("line 1's problem reported twice: %v", err)
		}
	}
	if _, err := invoice.NewReader(strings.NewReader(""), "empty.txt").Header(); err == nil {
		t.Fatal("an empty file has a header")
	}
}

// TestReaderLine: Line names the line where the invoice returned last
// starts: its IN record, its Invoice element.
func TestReaderLine(t *testing.T) {
	o := invoicetest.Options{Seed: 4, Invoices: 5}
	connect, clarity := both(t, o)
	for name, data := range map[string][]byte{"inv.txt": connect, "inv.xml": clarity} {
		lines := bytes.Split(data, []byte("\n"))
		r := invoice.NewReader(bytes.NewReader(data), name)
		last := 0
		for inv, err := range r.All() {
			if err != nil {
				t.Fatal(err)
			}
			// The invoice's number is on its first line (Connect) or one of
			// the next few (Clarity), and no earlier invoice starts there.
			at := string(lines[r.Line()-1])
			near := string(bytes.Join(lines[r.Line()-1:min(r.Line()+5, len(lines))], nil))
			if r.Line() <= last || !strings.Contains(near, inv.Number) || !(strings.HasPrefix(at, "IN") || strings.Contains(at, "<Invoice ")) {
				t.Fatalf("%s: invoice %s: Line %d is %q", name, inv.Number, r.Line(), at)
			}
			last = r.Line()
		}
	}
}

// TestToBIFStopsWithContext: a cancelled context stops the conversion.
func TestToBIFStopsWithContext(t *testing.T) {
	connect, _ := both(t, invoicetest.Options{Seed: 4, Invoices: 10})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if n, err := invoice.ToBIF(ctx, &bytes.Buffer{}, bytes.NewReader(connect), "inv.txt", invoice.Customization{}); !errors.Is(err, context.Canceled) || n != 0 {
		t.Fatalf("%d rows, %v; want none and context.Canceled", n, err)
	}
}

// TestReadFailure: for each invoice format, a failure to read half-way
// through is reported, is not a problem of the data, and ends the reading.
func TestReadFailure(t *testing.T) {
	layouttest.ReadFailure(t, layouttest.ReadFile(t, "connect_valid.txt"), func(r io.Reader) iter.Seq2[invoice.Invoice, error] {
		return invoice.NewConnectReader(r, &invoice.ConnectOptions{MaxErrors: -1}).All()
	}, invoice.IsProblem)
	layouttest.ReadFailure(t, layouttest.ReadFile(t, "clarity_valid.xml"), func(r io.Reader) iter.Seq2[invoice.Invoice, error] {
		return invoice.NewClarityReader(r, &invoice.ClarityOptions{MaxErrors: -1}).All()
	}, invoice.IsProblem)
	layouttest.ReadFailure(t, layouttest.ReadFile(t, "bif_valid.bif"), func(r io.Reader) iter.Seq2[invoice.BIFRow, error] {
		return invoice.NewBIFReader(r, &invoice.BIFOptions{MaxErrors: -1}).All()
	}, invoice.IsProblem)
}
