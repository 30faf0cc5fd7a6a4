package invoice

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestClarityLimits: a token past ClarityMaxToken (a run of zeros, a huge
// attribute, an element's text in many pieces) and an Invoice element
// past ClarityMaxInvoice are refused as too long at the line they start
// on, and the reader never holds more than the limit to find that out.
func TestClarityLimits(t *testing.T) {
	valid, err := os.ReadFile(filepath.Join("testdata", "clarity_valid.xml"))
	if err != nil {
		t.Fatal(err)
	}
	lineOf := func(s, at string) int { return 1 + strings.Count(s[:strings.Index(s, at)], "\n") }
	big := strings.Repeat("x", ClarityMaxToken+1)
	for _, tt := range []struct {
		name string
		file string
		line int
		msg  string
	}{
		// encoding/xml reads a text whole before it looks at its
		// characters: the window stops it at the limit, and what it has
		// read is then refused for its first character.
		{"zeros", strings.Repeat("\x00", 3*ClarityMaxToken), 1, "illegal character code U+0000"},
		{"attribute", strings.Replace(string(valid), `<Balances `, `<Balances note="`+big+`" `, 1), lineOf(string(valid), "<Balances "), "a tag or a text longer"},
		{"text", strings.Replace(string(valid), `<Name>`, `<Name>`+big, 1), lineOf(string(valid), "<Name>"), "a tag or a text longer"},
		{"text in pieces", strings.Replace(string(valid), `<Name>`, `<Name>`+strings.Repeat("abcdefg<!---->", ClarityMaxToken/7+1), 1), lineOf(string(valid), "<Name>"), "an element's text is longer"},
		{"invoice", strings.Replace(string(valid), `<Charges>`, `<Charges>`+strings.Repeat("<Note/>", ClarityMaxInvoice/7+1), 1), lineOf(string(valid), "<Charges>"), "the Invoice element is longer"},
		{"unknown element", strings.Replace(string(valid), `<Summary `, `<Extra>`+big+`</Extra><Summary `, 1), lineOf(string(valid), "<Summary "), "a tag or a text longer"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := NewClarityReader(strings.NewReader(tt.file), &ClarityOptions{Name: "big.xml", MaxErrors: -1})
			var found *Error
			for _, err := range r.All() {
				for _, e := range flattenErrors(err) {
					if (errors.Is(e, ErrTooLong) || errors.Is(e, ErrSyntax)) && found == nil {
						found = e
					}
				}
			}
			if found == nil {
				t.Fatal("not refused")
			}
			if found.Line < tt.line || found.Line > tt.line+1 || !strings.Contains(found.Msg, tt.msg) {
				t.Errorf("got line %d %q, want line %d %q", found.Line, found.Msg, tt.line, tt.msg)
			}
			if n := cap(r.sc.buf); n > ClarityMaxToken {
				t.Errorf("the reader held %d bytes", n)
			}
		})
	}
}

// TestClarityWindowKeepsTokensSmall: a file of many small tokens in both
// encodings is read whole while the window stays at its first size.
func TestClarityWindowKeepsTokensSmall(t *testing.T) {
	valid, err := os.ReadFile(filepath.Join("testdata", "clarity_valid.xml"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(valid)
	start, end := strings.Index(s, "  <Invoice "), strings.Index(s, "  <Summary ")
	n := 3*ClarityMaxToken/(end-start) + 1
	many := s[:start] + strings.Repeat(s[start:end], n) + strings.Replace(s[end:], `invoiceCount="1" totalAmountDue="61.37"`, `invoiceCount="0" totalAmountDue="0.00"`, 1)
	utf8Text, err := charmap.Windows1252.NewDecoder().String(many)
	if err != nil {
		t.Fatal(err)
	}
	for enc, data := range map[string]string{
		"windows-1252": many,
		"utf-8":        strings.Replace(utf8Text, "windows-1252", "utf-8", 1),
	} {
		r := NewClarityReader(io.MultiReader(strings.NewReader(data)), &ClarityOptions{MaxErrors: -1})
		count, tooLong := 0, 0
		for _, err := range r.All() {
			for _, e := range flattenErrors(err) {
				if errors.Is(e, ErrTooLong) {
					tooLong++
				}
			}
			if err == nil {
				count++
			}
		}
		if count != n || tooLong > 0 || cap(r.sc.buf) > 16<<10 {
			t.Errorf("%s: %d invoices of %d, %d too long, window %d bytes", enc, count, n, tooLong, cap(r.sc.buf))
		}
	}
}
