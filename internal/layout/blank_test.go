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
