package invoice_test

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// TestClarityByteOrderMarks: what .NET writes — XmlWriter's UTF-8 with a
// byte-order mark, StringWriter's UTF-16 — reads as the same invoices as
// the windows-1252 file, and its kind is told without being given; a mark
// the declaration contradicts is refused, saying so.
func TestClarityByteOrderMarks(t *testing.T) {
	_, cp := both(t, invoicetest.Options{Seed: 6, Invoices: 20})
	want, errs, _ := readClarity(t, "cp1252.xml", cp)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	utf8Text, err := charmap.Windows1252.NewDecoder().Bytes(cp)
	if err != nil {
		t.Fatal(err)
	}
	withEncoding := func(enc string) []byte {
		return bytes.Replace(utf8Text, []byte(`encoding="windows-1252"`), []byte(`encoding="`+enc+`"`), 1)
	}
	if bytes.Equal(withEncoding("utf-8"), utf8Text) {
		t.Fatal("the generated file does not declare windows-1252")
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(withEncoding("utf-16"))
	if err != nil {
		t.Fatal(err)
	}
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes(withEncoding("utf-16"))
	for name, data := range map[string][]byte{
		"utf8-bom.xml":    append([]byte("\xef\xbb\xbf"), withEncoding("utf-8")...),
		"utf16le-bom.xml": utf16,
		"utf16be-bom.xml": utf16be,
	} {
		got, errs, _ := readClarity(t, name, data)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", name, errs[0])
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: (-want +got)\n%s", name, diff)
		}
		r := invoice.NewReader(bytes.NewReader(data), name)
		if _, ok := r.(*invoice.ClarityReader); !ok {
			t.Fatalf("%s: not told to be Clarity", name)
		}
	}
	for name, data := range map[string][]byte{
		"utf8-bom-cp1252.xml": append([]byte("\xef\xbb\xbf"), cp...),
		"utf16-bom-utf8.xml": func() []byte {
			b, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(withEncoding("utf-8"))
			return b
		}(),
	} {
		_, errs, _ := readClarity(t, name, data)
		if len(errs) != 1 || errs[0].Line != 1 || !errors.Is(errs[0], invoice.ErrEncoding) || !strings.Contains(errs[0].Error(), "byte-order mark but its XML declaration says") {
			t.Fatalf("%s: %v", name, errs)
		}
	}
}

// TestClarityMarkupXMLForbids: an attribute given twice and an undeclared
// namespace prefix are refused (encoding/xml passes both), at the line of
// the tag, not the invoice's first line.
func TestClarityMarkupXMLForbids(t *testing.T) {
	valid, err := os.ReadFile("testdata/clarity_valid.xml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(valid), "\n")
	at := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "<Balances ") })
	for _, tt := range []struct{ from, to, want string }{
		{`<Balances `, `<Balances amountDue="9999.99" `, "the attribute amountDue is given twice"},
		{`<Balances `, `<Balances ic:flag="1" `, `the namespace prefix "ic" is not declared`},
		{`<Balances `, `<ic:Balances `, `the namespace prefix "ic" is not declared`},
	} {
		bad := slices.Clone(lines)
		bad[at] = strings.Replace(bad[at], tt.from, tt.to, 1)
		if tt.from == tt.to {
			t.Fatal("no change")
		}
		_, errs, _ := readClarity(t, "bad.xml", []byte(strings.Join(bad, "\n")))
		if len(errs) == 0 || !strings.Contains(errs[0].Error(), tt.want) || errs[0].Line < at+1 || errs[0].Line > at+2 {
			t.Errorf("%s: %v; want %q on line %d", tt.to, errs, tt.want, at+1)
		}
	}
	// A prefix declared is read.
	ok := strings.Replace(string(valid), `<PSNInvoiceFile `, `<PSNInvoiceFile xmlns:ic="urn:invoicecloud" `, 1)
	ok = strings.Replace(ok, `<Balances `, `<Balances xml:lang="en" `, 1)
	if _, errs, _ := readClarity(t, "ok.xml", []byte(ok)); len(errs) > 0 && strings.Contains(errs[0].Error(), "namespace") {
		t.Fatalf("declared prefix refused: %v", errs[0])
	}
}

// TestClarityBadSummaryIsOneProblem: a bad attribute of the Summary is
// reported, and the file is not also said to have no Summary.
func TestClarityBadSummaryIsOneProblem(t *testing.T) {
	valid, err := os.ReadFile("testdata/clarity_valid.xml")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(valid), `<Summary `, `<Summary colour="red" `, 1)
	if bad == string(valid) {
		t.Fatal("no Summary element in the fixture")
	}
	_, errs, _ := readClarity(t, "bad.xml", []byte(bad))
	if len(errs) != 1 || errs[0].Field != "colour" {
		t.Fatalf("want only the unknown attribute, got %v", errs)
	}
}
