package swar

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestExact checks Zero, Below, Unprintable and Word for every byte value in every
// position of a word, next to several neighbours.
func TestExact(t *testing.T) {
	for _, fill := range []byte{0x00, 0x01, 0x1F, 0x20, 0x7F, 0x80, 0xFF, 'a'} {
		for pos := range 8 {
			for c := range 256 {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				x := binary.LittleEndian.Uint64(b[:])
				if w := Word(string(b[:]), 0); w != x {
					t.Fatalf("Word(% X) = %016X", b, w)
				}
				unp := Unprintable(x)
				for i, v := range b {
					if (unp>>(8*i+7))&1 == 1 != (v < 0x20 || v > 0x7E) {
						t.Fatalf("Unprintable(% X): byte %d wrong", b, i)
					}
				}
				if unp&^hi8 != 0 {
					t.Fatalf("Unprintable(% X): bits outside the high bits", b)
				}
				for _, n := range []byte{0x20, 0x21, 0x30, 0x80} {
					got, zero := Below(x, n), Zero(x)
					for i, v := range b {
						if (got>>(8*i+7))&1 == 1 != (v < n) {
							t.Fatalf("Below(% X, %#x): byte %d wrong", b, n, i)
						}
						if (zero>>(8*i+7))&1 == 1 != (v == 0) {
							t.Fatalf("Zero(% X): byte %d wrong", b, i)
						}
					}
					if (AnyBelow(x, n) != 0) != (got != 0) || (AnyZero(x) != 0) != (zero != 0) {
						t.Fatalf("AnyBelow(% X, %#x) or AnyZero disagrees with Below or Zero", b, n)
					}
					if got&^hi8 != 0 || zero&^hi8 != 0 {
						t.Fatalf("bits outside the high bits for % X", b)
					}
				}
			}
		}
	}
}

// TestAnyAgreesWithExact compares AnyBelow and AnyZero with the exact
// masks on random words, where several bytes are near the bound at once
// (the borrow the cheaper tests allow runs from one such byte to the next).
func TestAnyAgreesWithExact(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	near := []byte{0x00, 0x01, 0x1F, 0x20, 0x21, 0x2F, 0x30, 0x31, 0x7F, 0x80, 0x81, 0xFF}
	for range 2_000_000 {
		var b [8]byte
		for i := range b {
			if r.IntN(2) == 0 {
				b[i] = near[r.IntN(len(near))]
			} else {
				b[i] = byte(r.Uint32())
			}
		}
		x := binary.LittleEndian.Uint64(b[:])
		for _, n := range []byte{0x01, 0x20, 0x21, 0x30, 0x80} {
			if (AnyBelow(x, n) != 0) != (Below(x, n) != 0) {
				t.Fatalf("AnyBelow(% X, %#x) = %016X, Below = %016X", b, n, AnyBelow(x, n), Below(x, n))
			}
		}
		if (AnyZero(x) != 0) != (Zero(x) != 0) {
			t.Fatalf("AnyZero(% X) = %016X, Zero = %016X", b, AnyZero(x), Zero(x))
		}
	}
}
