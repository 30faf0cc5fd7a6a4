package bench

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/ianlopshire/go-fixedwidth"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/shopspring/decimal"
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

// The other Connect records, for decoding a whole file with go-fixedwidth.
type (
	fwH1 struct {
		Biller  string  `fixed:"3,12"`
		Source  string  `fixed:"13,20"`
		Created fwDate  `fixed:"21,28"`
		Time    fwClock `fixed:"29,34"`
		Period  int     `fixed:"35,40"`
		Cycle   int     `fixed:"41,42"`
	}
	fwNA struct {
		Name           string `fixed:"3,42"`
		Address1       string `fixed:"43,82"`
		Address2       string `fixed:"83,122"`
		City           string `fixed:"123,147"`
		State          string `fixed:"148,149"`
		Zip            string `fixed:"150,159"`
		ServiceAddress string `fixed:"160,199"`
		Email          string `fixed:"200,249"`
	}
	fwLI struct {
		Service     string  `fixed:"3,8"`
		Description string  `fixed:"9,38"`
		Quantity    fwQty   `fixed:"39,50"`
		Amount      fwMoney `fixed:"51,62"`
	}
	fwMR struct {
		Meter        string `fixed:"3,17"`
		Service      string `fixed:"18,23"`
		PreviousRead fwDate `fixed:"24,31"`
		CurrentRead  fwDate `fixed:"32,39"`
		Previous     int64  `fixed:"40,49"`
		Current      int64  `fixed:"50,59"`
		Consumption  int64  `fixed:"60,69"`
		Unit         string `fixed:"70,75"`
	}
	fwUH struct {
		Service string `fixed:"3,8"`
		Unit    string `fixed:"9,14"`
		P1      int64  `fixed:"15,20"`
		C1      int64  `fixed:"21,30"`
		P2      int64  `fixed:"31,36"`
		C2      int64  `fixed:"37,46"`
		P3      int64  `fixed:"47,52"`
		C3      int64  `fixed:"53,62"`
		P4      int64  `fixed:"63,68"`
		C4      int64  `fixed:"69,78"`
		P5      int64  `fixed:"79,84"`
		C5      int64  `fixed:"85,94"`
		P6      int64  `fixed:"95,100"`
		C6      int64  `fixed:"101,110"`
		P7      int64  `fixed:"111,116"`
		C7      int64  `fixed:"117,126"`
		P8      int64  `fixed:"127,132"`
		C8      int64  `fixed:"133,142"`
		P9      int64  `fixed:"143,148"`
		C9      int64  `fixed:"149,158"`
		P10     int64  `fixed:"159,164"`
		C10     int64  `fixed:"165,174"`
		P11     int64  `fixed:"175,180"`
		C11     int64  `fixed:"181,190"`
		P12     int64  `fixed:"191,196"`
		C12     int64  `fixed:"197,206"`
		P13     int64  `fixed:"207,212"`
		C13     int64  `fixed:"213,222"`
	}
	fwMS struct {
		Message string `fixed:"3,82"`
	}
	fwT1 struct {
		Records  int     `fixed:"3,10"`
		Invoices int     `fixed:"11,18"`
		Total    fwMoney `fixed:"19,32"`
	}
)

// fwQty is a signed quantity with 3 implied decimals.
type fwQty struct{ decimal.Decimal }

func (q *fwQty) UnmarshalText(b []byte) error {
	var m fwMoney
	if err := m.UnmarshalText(b); err != nil {
		return err
	}
	q.Decimal = m.Shift(-1)
	return nil
}

// decodeConnectLine decodes one Connect line with go-fixedwidth into the
// struct of its record type.
func decodeConnectLine(line []byte) error {
	if len(line) < 2 {
		return fmt.Errorf("short line %q", line)
	}
	var v any
	switch string(line[:2]) {
	case "H1":
		v = &fwH1{}
	case "IN":
		v = &fwIN{}
	case "NA":
		v = &fwNA{}
	case "LI":
		v = &fwLI{}
	case "MR":
		v = &fwMR{}
	case "UH":
		v = &fwUH{}
	case "MS":
		v = &fwMS{}
	case "T1":
		v = &fwT1{}
	default:
		return fmt.Errorf("unknown record %q", line[:2])
	}
	return fixedwidth.Unmarshal(line, v)
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
	// The stricter comparison: go-fixedwidth decoding every record of the
	// same file (each by its type's struct), over the same bytes as
	// caselle. It counts lines, so ns/record here is per line.
	lines := bytes.Count(data, []byte("\n"))
	b.Run("go-fixedwidth-all-records", func(b *testing.B) {
		benchReadN(b, len(data), lines, func() func() error {
			sc := bufio.NewScanner(bytes.NewReader(data))
			return func() error {
				if !sc.Scan() {
					return cmp.Or(sc.Err(), io.EOF)
				}
				return decodeConnectLine(bytes.TrimSuffix(sc.Bytes(), []byte("\r")))
			}
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
