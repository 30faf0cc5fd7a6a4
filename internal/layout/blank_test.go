package layout

import (
	"bytes"
	"testing"
)

// TestBlank puts one non-space byte at every position of runs of spaces of
// every length up to 600 (so the word loop, the byte loop, and comparisons
// with the 256 spaces of one block and of several see it).
func TestBlank(t *testing.T) {
	for n := 0; n <= 600; n++ {
		b := bytes.Repeat([]byte{' '}, n)
		if !blank(b) {
			t.Fatalf("%d spaces not blank", n)
		}
		for i := range n {
			for _, c := range []byte{'x', 0, 0xA0, '\t'} {
				b[i] = c
				if blank(b) {
					t.Fatalf("%q reported blank", b)
				}
			}
			b[i] = ' '
		}
	}
}

// TestTrimSpaces compares trimSpaces with the rule written plainly, for
// every length to 40 and every place of the last byte that is not a space
// (bytes next to a space's value included, and spaces before it).
func TestTrimSpaces(t *testing.T) {
	plain := func(b []byte) int {
		n := len(b)
		for n > 0 && b[n-1] == ' ' {
			n--
		}
		return n
	}
	for n := 0; n <= 40; n++ {
		for last := -1; last < n; last++ {
			for _, c := range []byte{'x', 0x1F, 0x21, 0x00, 0xA0, 0x60} {
				b := bytes.Repeat([]byte{' '}, n)
				for i := 0; i < last; i += 3 {
					b[i] = 'a' // some text before, with spaces among it
				}
				if last >= 0 {
					b[last] = c
				}
				if got, want := len(trimSpaces(b)), plain(b); got != want {
					t.Fatalf("trimSpaces(%q) keeps %d bytes, want %d", b, got, want)
				}
			}
		}
	}
}
