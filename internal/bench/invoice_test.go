package bench

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/ianlopshire/go-fixedwidth"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"golang.org/x/text/encoding/charmap"
)

// fwIN is the Connect IN record as a go-fixedwidth struct.
type fwIN struct {
	Rec         string  `fixed:"1,2"`
	Account     string  `fixed:"3,22"`
	Number      string  `fixed:"23,42"`
	Type        int     `fixed:"43,44"`
	Bill        fwDate  `fixed:"45,52"`
	Due         fwDate  `fixed:"53,60"`
	Penalty     fwDate  `fixed:"61,68"`
	Previous    fwMoney `fixed:"69,80"`
	Payments    fwMoney `fixed:"81,92"`
	Adjustments fwMoney `fixed:"93,104"`
	Current     fwMoney `fixed:"105,116"`
	AmountDue   fwMoney `fixed:"117,128"`
	MinimumDue  fwMoney `fixed:"129,140"`
	After       fwMoney `fixed:"141,152"`
	Paperless   string  `fixed:"153,153"`
	AutoPay     string  `fixed:"154,154"`
	From        fwDate  `fixed:"155,162"`
	To          fwDate  `fixed:"163,170"`
}

const benchInvoices = 5000

// BenchmarkConnectRead reads a Connect file into the invoice model
// (every record type, every rule) and, for comparison, decodes only its
// IN records with go-fixedwidth.
func BenchmarkConnectRead(b *testing.B) {
	var buf bytes.Buffer
	if _, err := invoicetest.WriteConnect(&buf, invoicetest.Options{Seed: 1, Invoices: benchInvoices}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	var in bytes.Buffer
	for _, line := range bytes.SplitAfter(data, []byte("\r\n")) {
		if bytes.HasPrefix(line, []byte("IN")) {
			in.Write(line)
		}
	}
	b.Run("caselle", func(b *testing.B) {
		benchReadN(b, len(data), benchInvoices, func() func() error {
			r := invoice.NewConnectReader(bytes.NewReader(data), nil)
			return func() error { _, err := r.Read(); return err }
		})
	})
	b.Run("go-fixedwidth-IN-only", func(b *testing.B) {
		benchReadN(b, in.Len(), benchInvoices, func() func() error {
			dec := fixedwidth.NewDecoder(bytes.NewReader(in.Bytes()))
			dec.SetLineTerminator([]byte("\r\n"))
			return func() error { var x fwIN; return dec.Decode(&x) }
		})
	})
}

// benchReadN times reading size bytes holding records records with a
// reader made by open; next returns one record per call, io.EOF at the end.
func benchReadN(b *testing.B, size, records int, open func() (next func() error)) {
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		next := open()
		n := 0
		for {
			err := next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != records {
			b.Fatalf("read %d, want %d", n, records)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*records), "ns/record")
}

// xmlDoc is the whole Clarity document for encoding/xml.Unmarshal, every
// element and attribute the model holds, as strings.
type xmlDoc struct {
	XMLName  xml.Name `xml:"PSNInvoiceFile"`
	Version  string   `xml:"version,attr"`
	Biller   string   `xml:"biller,attr"`
	Created  string   `xml:"created,attr"`
	Period   string   `xml:"period,attr"`
	Cycle    string   `xml:"cycle,attr"`
	Invoices []struct {
		TypeID        string `xml:"typeId,attr"`
		Account       string `xml:"AccountNumber"`
		Number        string `xml:"InvoiceNumber"`
		BillDate      string `xml:"BillDate"`
		DueDate       string `xml:"DueDate"`
		PenaltyDate   string `xml:"PenaltyDate"`
		ServicePeriod struct {
			From string `xml:"from,attr"`
			To   string `xml:"to,attr"`
		} `xml:"ServicePeriod"`
		Customer struct {
			Name    string `xml:"Name"`
			Mailing struct {
				Line1, Line2, City, State, Zip string
			} `xml:"MailingAddress"`
			ServiceAddress string `xml:"ServiceAddress"`
			Email          string `xml:"Email"`
		} `xml:"Customer"`
		Balances struct {
			Previous     string `xml:"previous,attr"`
			Payments     string `xml:"payments,attr"`
			Adjustments  string `xml:"adjustments,attr"`
			Current      string `xml:"current,attr"`
			AmountDue    string `xml:"amountDue,attr"`
			MinimumDue   string `xml:"minimumDue,attr"`
			AfterPenalty string `xml:"amountAfterPenalty,attr"`
		} `xml:"Balances"`
		Flags struct {
			Paperless string `xml:"paperless,attr"`
			AutoPay   string `xml:"autopay,attr"`
		} `xml:"Flags"`
		Charges []struct {
			Service     string `xml:"service,attr"`
			Description string `xml:"description,attr"`
			Quantity    string `xml:"quantity,attr"`
			Amount      string `xml:"amount,attr"`
		} `xml:"Charges>Charge"`
		Meters []struct {
			Number, Service, PreviousReadDate, CurrentReadDate, Previous, Current, Consumption, Unit string `xml:",attr"`
		} `xml:"Meters>Meter"`
		Usage []struct {
			Service string `xml:"service,attr"`
			Unit    string `xml:"unit,attr"`
			Period  []struct {
				Month       string `xml:"month,attr"`
				Consumption string `xml:"consumption,attr"`
			} `xml:"Period"`
		} `xml:"UsageHistory"`
		Messages []string `xml:"Messages>Message"`
	} `xml:"Invoice"`
	Summary struct {
		InvoiceCount   string `xml:"invoiceCount,attr"`
		TotalAmountDue string `xml:"totalAmountDue,attr"`
	} `xml:"Summary"`
}

// BenchmarkClarityRead reads a Clarity file into the invoice model, one
// invoice at a time, and, for comparison, unmarshals the whole document
// with encoding/xml into plain strings.
func BenchmarkClarityRead(b *testing.B) {
	o := invoicetest.Options{Seed: 1, Invoices: benchInvoices}
	var buf bytes.Buffer
	w, err := invoice.NewClarityWriter(&buf, invoicetest.Header(o), nil)
	if err != nil {
		b.Fatal(err)
	}
	for inv := range invoicetest.Invoices(o) {
		if err := w.Write(inv); err != nil {
			b.Fatal(err)
		}
	}
	w.Close()
	data := buf.Bytes()
	b.Run("caselle", func(b *testing.B) {
		benchReadN(b, len(data), benchInvoices, func() func() error {
			r := invoice.NewClarityReader(bytes.NewReader(data), nil)
			return func() error { _, err := r.Read(); return err }
		})
	})
	b.Run("encoding-xml-unmarshal", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var doc xmlDoc
			dec := xml.NewDecoder(bytes.NewReader(data))
			dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
				if strings.EqualFold(label, "windows-1252") {
					return charmap.Windows1252.NewDecoder().Reader(in), nil
				}
				return in, nil
			}
			if err := dec.Decode(&doc); err != nil {
				b.Fatal(err)
			}
			if len(doc.Invoices) != benchInvoices {
				b.Fatalf("%d invoices", len(doc.Invoices))
			}
		}
	})
}
