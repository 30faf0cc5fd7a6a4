package cp1252

import (
	"encoding/binary"
	"strings"
	"testing"
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
	if len(b) != Len(s) {
		t.Fatalf("encoded %d bytes, want %d", len(b), Len(s))
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

// TestUnprintableIsExact checks every byte value in every position of a
// word, next to printable and unprintable neighbours.
func TestUnprintableIsExact(t *testing.T) {
	for _, fill := range []byte{'a', 0x00, 0x1F, 0x7F, 0xFF, ' '} {
		for pos := range 8 {
			for c := range 256 {
				var w [8]byte
				for i := range w {
					w[i] = fill
				}
				w[pos] = byte(c)
				got := Unprintable(binary.LittleEndian.Uint64(w[:]))
				for i, b := range w {
					want := b < 0x20 || b > 0x7E
					if (got>>(8*i+7))&1 == 1 != want {
						t.Fatalf("word % X: byte %d (0x%02X) marked %v", w, i, b, !want)
					}
				}
				if got&^0x8080808080808080 != 0 {
					t.Fatalf("word % X: bits outside the high bits: %016X", w, got)
				}
			}
		}
	}
}
