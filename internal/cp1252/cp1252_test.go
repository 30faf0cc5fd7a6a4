package cp1252

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrintableASCIIAgreesWithScan(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 17; pos++ {
			b := []byte(strings.Repeat("a", 17))
			b[pos] = byte(c)
			bad, ascii := Scan(b, false)
			want := bad < 0 && ascii
			if got := PrintableASCII(b); got != want {
				t.Fatalf("byte 0x%02X at %d: PrintableASCII %v, Scan says %v", c, pos, got, want)
			}
		}
	}
}

func TestRoundTrip(t *testing.T) {
	s := "José Peña Œuvre €5 “quoted” Šárka"
	b, r, at := Append(nil, s, false)
	if at >= 0 {
		t.Fatalf("rune %q at %d refused", r, at)
	}
	if want := utf8.RuneCountInString(s); len(b) != want {
		t.Fatalf("encoded %d bytes, want one a rune: %d", len(b), want)
	}
	got, bad := Decode(b, false)
	if bad >= 0 || got != s {
		t.Fatalf("got %q (bad %d), want %q", got, bad, s)
	}
	for _, refused := range []string{"Ω", "中", "a\tb", "\x7f", "\u0081", "\xff"} {
		if _, _, at := Append(nil, refused, false); at < 0 {
			t.Errorf("%q was encoded", refused)
		}
	}
	for _, c := range []byte{0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x00, 0x09, 0x7F} {
		if _, bad := Decode([]byte{'a', c}, false); bad != 1 {
			t.Errorf("byte 0x%02X decoded", c)
		}
	}
}
