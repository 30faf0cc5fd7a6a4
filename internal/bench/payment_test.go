package bench

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/ianlopshire/go-fixedwidth"
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"
)

const benchPayments = 20000

// fwDate, fwClock and fwMoney give go-fixedwidth the field types of
// FORMATS §6 through encoding.TextMarshaler, as a user of it would write.
type fwDate struct{ time.Time }

func (d *fwDate) UnmarshalText(b []byte) error {
	if len(bytes.TrimSpace(b)) == 0 {
		d.Time = time.Time{}
		return nil
	}
	t, err := time.Parse("20060102", string(b))
	d.Time = t
	return err
}

func (d fwDate) MarshalText() ([]byte, error) { return []byte(d.Format("20060102")), nil }

type fwClock struct{ time.Duration }

func (c *fwClock) UnmarshalText(b []byte) error {
	v, err := strconv.Atoi(string(b))
	if err != nil || len(b) != 6 {
		return fmt.Errorf("bad time %q", b)
	}
	c.Duration = time.Duration(v/10000)*time.Hour + time.Duration(v/100%100)*time.Minute + time.Duration(v%100)*time.Second
	return nil
}

func (c fwClock) MarshalText() ([]byte, error) {
	s := int(c.Duration / time.Second)
	return fmt.Appendf(nil, "%02d%02d%02d", s/3600, s/60%60, s%60), nil
}

type fwMoney struct{ decimal.Decimal }

func (m *fwMoney) UnmarshalText(b []byte) error {
	if len(b) < 2 {
		return fmt.Errorf("bad amount %q", b)
	}
	v, err := strconv.ParseInt(string(b[1:]), 10, 64)
	if err != nil {
		return err
	}
	if b[0] == '-' {
		v = -v
	}
	m.Decimal = decimal.New(v, -2)
	return nil
}

func (m fwMoney) MarshalText() ([]byte, error) {
	c := m.Shift(2).IntPart()
	sign := byte('+')
	if c < 0 {
		sign, c = '-', -c
	}
	return fmt.Appendf(nil, "%c%011d", sign, c), nil
}

// fwPD is the PD record as a go-fixedwidth struct.
type fwPD struct {
	Rec          string  `fixed:"1,2"`
	Type         string  `fixed:"3,5"`
	Confirmation string  `fixed:"6,41"`
	Original     string  `fixed:"42,77"`
	Account      string  `fixed:"78,97"`
	Invoice      string  `fixed:"98,117"`
	InvoiceType  int     `fixed:"118,119,right,0"`
	PayDate      fwDate  `fixed:"120,127"`
	PayTime      fwClock `fixed:"128,133"`
	Settlement   fwDate  `fixed:"134,141"`
	Amount       fwMoney `fixed:"142,153"`
	Fee          fwMoney `fixed:"154,165"`
	Method       string  `fixed:"166,167"`
	Brand        string  `fixed:"168,171"`
	Channel      string  `fixed:"172,174"`
	Payer        string  `fixed:"175,214"`
	Batch        string  `fixed:"215,224"`
	Filler       string  `fixed:"225,250"`
}

type corpus struct {
	file     []byte // the whole payment file
	pdLines  []byte // only its PD records, for go-fixedwidth
	payments []payment.Payment
	header   payment.Header
	fw       []fwPD
	csv      []byte // the PD records as CSV
}

var theCorpus *corpus

func getCorpus(b testing.TB) *corpus {
	if theCorpus != nil {
		return theCorpus
	}
	c := &corpus{}
	var buf bytes.Buffer
	opts := paymenttest.Options{Seed: 42, Payments: benchPayments}
	if _, err := paymenttest.Write(&buf, opts); err != nil {
		b.Fatal(err)
	}
	c.file = buf.Bytes()
	lines := bytes.SplitAfter(c.file, []byte("\r\n"))
	c.pdLines = bytes.Join(lines[1:len(lines)-2], nil)
	c.header = paymenttest.Header(opts)
	for p := range paymenttest.Payments(opts) {
		c.payments = append(c.payments, p)
	}
	var cb bytes.Buffer
	cw := csv.NewWriter(&cb)
	for _, p := range c.payments {
		// go-fixedwidth works on bytes; give it the Windows-1252 bytes our
		// file holds so that its output can be byte-identical.
		payer, _ := charmap.Windows1252.NewEncoder().String(p.Payer)
		day := p.Paid.Truncate(24 * time.Hour)
		c.fw = append(c.fw, fwPD{Rec: "PD", Type: string(p.Type), Confirmation: p.Confirmation, Original: p.Original,
			Account: p.Account, Invoice: p.InvoiceNumber, InvoiceType: p.InvoiceType, PayDate: fwDate{day},
			PayTime: fwClock{p.Paid.Sub(day)}, Settlement: fwDate{p.Settlement}, Amount: fwMoney{p.Amount}, Fee: fwMoney{p.Fee},
			Method: string(p.Method), Brand: string(p.CardBrand), Channel: string(p.Channel), Payer: payer, Batch: p.Batch})
		cw.Write([]string{"PD", string(p.Type), p.Confirmation, p.Original, p.Account, p.InvoiceNumber,
			strconv.Itoa(p.InvoiceType), p.Paid.Format("20060102"), p.Paid.Format("150405"), p.Settlement.Format("20060102"),
			p.Amount.StringFixed(2), p.Fee.StringFixed(2), string(p.Method), string(p.CardBrand), string(p.Channel), payer, p.Batch})
	}
	cw.Flush()
	c.csv = cb.Bytes()
	theCorpus = c
	return c
}

// TestSameBytes checks that the go-fixedwidth encoding of the PD records
// is byte-identical to ours, so the write benchmarks compare equal work.
func TestSameBytes(t *testing.T) {
	c := getCorpus(nil)
	var out bytes.Buffer
	enc := fixedwidth.NewEncoder(&out)
	enc.SetLineTerminator([]byte("\r\n"))
	// go-fixedwidth puts terminators between the records of a slice.
	if err := enc.Encode(c.fw); err != nil {
		t.Fatal(err)
	}
	out.WriteString("\r\n")
	if !bytes.Equal(out.Bytes(), c.pdLines) {
		a, b := out.Bytes(), c.pdLines
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		t.Fatalf("go-fixedwidth output differs at byte %d:\n%q\n%q", i, a[max(0, i-40):min(len(a), i+40)], b[max(0, i-40):min(len(b), i+40)])
	}
}

func BenchmarkPaymentRead(b *testing.B) {
	c := getCorpus(b)
	b.Run("caselle", func(b *testing.B) {
		benchReadN(b, len(c.file), benchPayments, func() func() error {
			r := payment.NewReader(bytes.NewReader(c.file), nil)
			return func() error { _, err := r.Read(); return err }
		})
	})
	b.Run("go-fixedwidth", func(b *testing.B) {
		benchReadN(b, len(c.pdLines), benchPayments, func() func() error {
			dec := fixedwidth.NewDecoder(bytes.NewReader(c.pdLines))
			dec.SetLineTerminator([]byte("\r\n"))
			return func() error { var pd fwPD; return dec.Decode(&pd) }
		})
	})
	b.Run("floor", func(b *testing.B) {
		benchReadN(b, len(c.file), benchPayments, func() func() error {
			d := &floorDecoder{data: c.file}
			return func() error { _, err := d.next(); return err }
		})
	})
	b.Run("encoding-csv-reuse", func(b *testing.B) {
		benchReadN(b, len(c.csv), benchPayments, func() func() error {
			r := csv.NewReader(bytes.NewReader(c.csv))
			r.ReuseRecord = true
			return func() error { _, err := r.Read(); return err }
		})
	})
}

func BenchmarkPaymentWrite(b *testing.B) {
	c := getCorpus(b)
	var out bytes.Buffer
	b.Run("caselle", func(b *testing.B) {
		b.SetBytes(int64(len(c.file)))
		b.ReportAllocs()
		for b.Loop() {
			out.Reset()
			w, err := payment.NewWriter(&out, c.header, nil)
			if err != nil {
				b.Fatal(err)
			}
			for _, p := range c.payments {
				if err := w.Write(p); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
		}
		if !bytes.Equal(out.Bytes(), c.file) {
			b.Fatal("output differs from the generated file")
		}
	})
	b.Run("go-fixedwidth", func(b *testing.B) {
		b.SetBytes(int64(len(c.pdLines)))
		b.ReportAllocs()
		for b.Loop() {
			out.Reset()
			enc := fixedwidth.NewEncoder(&out)
			enc.SetLineTerminator([]byte("\r\n"))
			if err := enc.Encode(c.fw); err != nil {
				b.Fatal(err)
			}
			out.WriteString("\r\n")
		}
		if !bytes.Equal(out.Bytes(), c.pdLines) {
			b.Fatal("go-fixedwidth output differs from ours")
		}
	})
	b.Run("encoding-csv", func(b *testing.B) {
		records, err := csv.NewReader(bytes.NewReader(c.csv)).ReadAll()
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(c.csv)))
		b.ReportAllocs()
		for b.Loop() {
			out.Reset()
			w := csv.NewWriter(&out)
			w.UseCRLF = true
			w.WriteAll(records)
		}
	})
}
