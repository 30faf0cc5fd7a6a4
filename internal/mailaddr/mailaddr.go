// Package mailaddr tells whether a string can be an e-mail address, as
// the OptOut reader checks every enrollment's: fast, word at a time
// (Plausible), and written plainly (plain), the two held together by
// tests. It refuses only what cannot be an address; it does not say an
// address exists.
package mailaddr

import (
	"math/bits"
	"strings"

	"github.com/icbatch/caselle/internal/swar"
)

// emailByte sorts the bytes of an e-mail address: 0 for most, 1 for what
// an address never holds (spaces and control bytes, DEL, and the list
// separators and brackets that show two addresses or a display name were
// pasted into one field), 2 for '@'.
var emailByte = func() (t [256]uint8) {
	for c := 0; c <= ' '; c++ {
		t[c] = 1
	}
	for _, c := range []byte(",;<>\x7f") {
		t[c] = 1
	}
	t['@'] = 2
	return t
}()

// Plausible reports whether s can be one address: one '@' with text
// on both sides, and no byte that emailByte refuses; or, as RFC 5321 and
// 5322 allow, a quoted local part ("jose pena"@example.com), which may
// hold spaces, '@' and the other bytes unquoted text may not. Eight bytes
// at a time while it can (bytes from 0x80 up are UTF-8 and allowed), then
// by table. It refuses only what cannot be an address: a refused change
// is a payer's paperless choice lost.
func Plausible(s string) bool {
	if len(s) > 0 && s[0] == '"' {
		return quotedEmail(s)
	}
	at := -1
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := swar.Word(s, i)
		if w&0x8080808080808080 != 0 || maybeRefused7(w) != 0 {
			refused := swar.AnyBelow(w, '!') | swar.AnyZero(w^swar.Splat(0x7F)) | swar.AnyZero(w^swar.Splat(',')) |
				swar.AnyZero(w^swar.Splat(';')) | swar.AnyZero(w^swar.Splat('<')) | swar.AnyZero(w^swar.Splat('>'))
			if refused != 0 {
				return false
			}
		}
		if m := swar.Zero(w ^ swar.Splat('@')); m != 0 {
			if at >= 0 || m&(m-1) != 0 {
				return false
			}
			at = i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(s); i++ {
		switch emailByte[s[i]] {
		case 1:
			return false
		case 2:
			if at >= 0 {
				return false
			}
			at = i
		}
	}
	return at > 0 && at < len(s)-1
}

// quotedEmail is Plausible for an address whose local part is a
// quoted string: printable bytes (space included) and backslash pairs
// between the quotes, then '@' and a domain as for any address.
func quotedEmail(s string) bool {
	i := 1
	for ; i < len(s) && s[i] != '"'; i++ {
		c := s[i]
		if c == '\\' {
			i++
			if i == len(s) || s[i] < ' ' && s[i] != '\t' || s[i] == 0x7f {
				return false
			}
			continue
		}
		if c < ' ' || c == 0x7f {
			return false
		}
	}
	if i >= len(s) || i == 1 {
		return false // no closing quote, or nothing quoted
	}
	rest := s[i+1:]
	if len(rest) < 2 || rest[0] != '@' {
		return false
	}
	for j := 1; j < len(rest); j++ {
		if emailByte[rest[j]] != 0 {
			return false
		}
	}
	return true
}

// maybeRefused7 is the usual word's first test, for eight bytes below
// 0x80 only: nonzero when one is below '!', DEL, ',' or in ';'..'>', which
// holds '=' too (so a hit is tested again exactly). Half the operations
// of the exact test: with no byte from 0x80 up, a byte's sum or difference
// with a constant stays inside the byte. The ',' test is swar.AnyZero
// written out: calling it puts this function past the inliner's budget
// (cost 86 of 80), and the e-mail check is then 15 % slower.
func maybeRefused7(w uint64) uint64 {
	comma := w ^ swar.Splat(',')
	return ((w - swar.Splat('!')) | (w + swar.Splat(1)) | (swar.Splat(0xBE)-w)&(w+swar.Splat(0x45)) |
		(comma-swar.Splat(1))&^comma) & 0x8080808080808080
}

// plain is Plausible written plainly, byte by byte, for the tests to hold
// the word-at-a-time version to: exactly one '@', not first or last, and
// no byte up to a space, no DEL and none of ",;<>"; or a quoted local
// part.
func plain(s string) bool {
	if strings.HasPrefix(s, `"`) {
		return quotedEmail(s)
	}
	at := strings.IndexByte(s, '@')
	if strings.Count(s, "@") != 1 || at == 0 || at == len(s)-1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f || strings.IndexByte(",;<>", s[i]) >= 0 {
			return false
		}
	}
	return true
}
