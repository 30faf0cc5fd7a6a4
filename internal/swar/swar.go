// Package swar holds the word-at-a-time byte tests ("SIMD within a
// register") the readers use: eight bytes of a line loaded into a uint64
// (little endian, so the first byte is the lowest) and tested at once.
package swar

const (
	low7 = 0x7F7F7F7F7F7F7F7F
	hi8  = 0x8080808080808080
	ones = 0x0101010101010101
)

// Word returns the eight bytes of s from i on as a word, the first byte
// lowest. s must hold them.
func Word(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// Splat returns a word of eight bytes c.
func Splat(c byte) uint64 { return ones * uint64(c) }

// Zero returns x with the high bit set in each byte that is zero and
// nothing else: exact byte by byte, since no sum carries into the next
// byte (unlike the shorter borrowing test, which can mark the byte above
// a zero one).
func Zero(x uint64) uint64 { return ^((x&low7 + low7) | x | low7) }

// Below returns x with the high bit set in each byte below n (n ≤ 0x80)
// and nothing else.
func Below(x uint64, n byte) uint64 {
	return ^((x & low7) + Splat(0x80-n)) & ^x & hi8
}

// Unprintable returns x with the high bit set in each byte outside
// 0x20-0x7E (printable ASCII) and nothing else: a byte with its high bit
// set, a byte whose low seven bits plus 0x60 stay below 0x80 (below 0x20),
// or one whose low seven bits plus one reach 0x80 (DEL).
func Unprintable(x uint64) uint64 {
	l := x & low7
	return (x | ^(l + Splat(0x60)) | (l + ones)) & hi8
}

// AnyBelow returns nonzero when some byte of x is below n (n ≤ 0x80), and
// zero when none is. Cheaper than Below, it only answers whether: a borrow
// can mark bytes above the first one below n, so the marks are not
// positions.
func AnyBelow(x uint64, n byte) uint64 { return (x - Splat(n)) &^ x & hi8 }

// AnyZero returns nonzero when some byte of x is zero, zero when none is;
// like AnyBelow, it answers whether, not where.
func AnyZero(x uint64) uint64 { return AnyBelow(x, 1) }
