// Package cp1252 converts between Windows-1252 bytes on the wire and UTF-8
// Go strings, strictly: a byte that is not a printable Windows-1252
// character, or a rune that Windows-1252 cannot hold, is reported, never
// replaced.
//
// The tables come from golang.org/x/text/encoding/charmap; this package adds
// the strictness (x/text maps undefined bytes to C1 controls or U+FFFD and
// unencodable runes to '?' through its transformer) and an ASCII fast path.
package cp1252

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"

	"github.com/icbatch/caselle/internal/swar"
	"golang.org/x/text/encoding/charmap"
)

// decode maps every byte to its rune; 0 marks a byte that is not a printable
// character (C0/C1 controls, DEL, the five undefined positions).
var decode [256]rune

// encode maps runes above 0x7F to their Windows-1252 byte.
var encode map[rune]byte

func init() {
	encode = make(map[rune]byte, 128)
	for i := 0; i < 256; i++ {
		r := charmap.Windows1252.DecodeByte(byte(i))
		if r == utf8.RuneError || unicode.IsControl(r) {
			continue
		}
		decode[i] = r
		if i >= 0x80 {
			encode[r] = byte(i)
		}
	}
}

// IsASCII reports whether b holds only bytes below 0x80.
func IsASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&hi8 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

const hi8 = 0x8080808080808080

// PrintableASCII reports whether b holds only bytes 0x20-0x7E, eight bytes
// at a time.
func PrintableASCII(b []byte) bool {
	for len(b) >= 8 {
		if swar.Unprintable(binary.LittleEndian.Uint64(b)) != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

// Scan checks b in one pass: it returns the index of the first byte that
// is not a printable Windows-1252 character (or a line break byte, LF or
// CR, with nl), or -1,
// and whether every byte is ASCII.
func Scan(b []byte, nl bool) (bad int, ascii bool) {
	var hi byte
	for i, c := range b {
		if decode[c] == 0 && !(nl && (c == '\n' || c == '\r')) {
			return i, false
		}
		hi |= c
	}
	return -1, hi < 0x80
}

// Valid reports the index of the first byte of b that is not a printable
// Windows-1252 character, or -1 when every byte is one. With nl, the
// bytes of a line break (LF, CR) are allowed too: delimited files carry
// them inside quoted fields, as the file had them.
func Valid(b []byte, nl bool) int {
	for i, c := range b {
		if decode[c] == 0 && !(nl && (c == '\n' || c == '\r')) {
			return i
		}
	}
	return -1
}

// Decode returns b as a UTF-8 string. It returns the index of the first
// byte that is not a printable Windows-1252 character (or line break byte, with
// nl), or -1.
func Decode(b []byte, nl bool) (string, int) {
	if i := Valid(b, nl); i >= 0 {
		return "", i
	}
	if IsASCII(b) {
		return string(b), -1
	}
	out := make([]byte, 0, len(b)+len(b)/2)
	for _, c := range b {
		if c < 0x80 {
			out = append(out, c)
		} else {
			out = utf8.AppendRune(out, decode[c])
		}
	}
	return string(out), -1
}

// Rune returns the character of byte c and whether it is a printable one.
func Rune(c byte) (rune, bool) {
	r := decode[c]
	return r, r != 0
}

// Byte returns the Windows-1252 byte for r and whether r is a printable
// character Windows-1252 can hold.
func Byte(r rune) (byte, bool) {
	if r < 0x80 {
		return byte(r), r >= 0x20 && r != 0x7F
	}
	b, ok := encode[r]
	return b, ok
}

// Append appends the Windows-1252 form of s to dst. When s holds invalid
// UTF-8 or a rune Windows-1252 cannot hold (or a control character other
// than a line break allowed by nl), it returns dst unchanged, that rune and
// its byte offset in s.
func Append(dst []byte, s string, nl bool) ([]byte, rune, int) {
	start := len(dst)
	for i, r := range s {
		b, ok := byteAt(s, i, r, nl)
		if !ok {
			return dst[:start], r, i
		}
		dst = append(dst, b)
	}
	return dst, 0, -1
}

// Encodable returns the byte offset in s of the first rune Append would
// refuse, and that rune; -1 when Append would take all of s.
func Encodable(s string, nl bool) (int, rune) {
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7F { // printable ASCII, most of any text
		i++
	}
	for j, r := range s[i:] {
		if _, ok := byteAt(s, i+j, r, nl); !ok {
			return i + j, r
		}
	}
	return -1, 0
}

// byteAt is Byte for the rune r found at offset i of s, telling invalid
// UTF-8 from a real U+FFFD, and taking LF and CR when nl allows them.
func byteAt(s string, i int, r rune, nl bool) (byte, bool) {
	if (r == '\n' || r == '\r') && nl {
		return byte(r), true
	}
	if r == utf8.RuneError {
		if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
			return 0, false
		}
	}
	return Byte(r)
}
