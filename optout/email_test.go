package optout

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestLooksLikeEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"a@b":                   true,
		"jose.pena@example.com": true,
		"ana.muñoz@example.com": true,
		"":                      false,
		"@example.com":          false,
		"jose@":                 false,
		"jose":                  false,
		"a@b@c":                 false,
		"jose pena@example.com": false,
		"jose@example.com;":     false,
		"a,b@example.com":       false,
		"<a@example.com>":       false,
		"a@example.com\n":       false,
		"a\t@example.com":       false,
		"a\x7f@example.com":     false,
		"a\x01@example.com":     false,
		// RFC 5321/5322 quoted local parts hold what unquoted text may not.
		`"jose pena"@example.com`:     true,
		`"a@b"@example.com`:           true,
		`"smith, j; <x>"@example.com`: true,
		`"with \" quote"@example.com`: true,
		`jose@[192.0.2.1]`:            true,
		`"unclosed@example.com`:       false,
		`""@example.com`:              false,
		`"jose"@`:                     false,
		`"jose"x@example.com`:         false,
		`"jose"@exa mple.com`:         false,
		`"jose"@a@b`:                  false,
		"\"tab\x01\"@example.com":     false,
	} {
		if got := looksLikeEmail(s); got != want {
			t.Errorf("looksLikeEmail(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestLooksLikeEmailAgreesWithRule compares the word-at-a-time check with
// the rule written plainly, over random strings of awkward bytes of every
// length around the eight-byte steps.
func TestLooksLikeEmailAgreesWithRule(t *testing.T) {
	// The rule, written plainly: exactly one '@', not first or last, and no
	// byte up to a space, no DEL and none of ",;<>".
	plain := func(s string) bool {
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
	// The refused bytes, their neighbours (the edges of the word tests'
	// ranges: ':' and '?' around ";<=>", '+' and '-' around ',', '~'
	// below DEL), and bytes from 0x80 up.
	alphabet := []byte("ab.-_@@ ,;<>=:?+~!\x7f\x00\x1f\x20\x21\x80\xc3\xb1\xff")
	r := rand.New(rand.NewPCG(9, 9))
	for range 300000 {
		b := make([]byte, r.IntN(30))
		for i := range b {
			if r.IntN(3) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = 'a' + byte(r.IntN(26))
			}
		}
		s := string(b)
		if got, want := looksLikeEmail(s), plain(s); got != want {
			t.Fatalf("looksLikeEmail(%q) = %v, the rule says %v", s, got, want)
		}
	}
}

func BenchmarkLooksLikeEmail(b *testing.B) {
	addrs := []string{"acct103459401@example.com", "jose.pena@example.com", "a.very.long.name+bills@city-utilities.example.org", "ana@x.io"}
	n := 0
	for _, a := range addrs {
		n += len(a)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, a := range addrs {
			if !looksLikeEmail(a) {
				b.Fatal(a)
			}
		}
	}
}
