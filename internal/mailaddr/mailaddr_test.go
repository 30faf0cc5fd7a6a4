package mailaddr

import (
	"math/rand/v2"
	"testing"
)

func TestPlausible(t *testing.T) {
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
		if got := Plausible(s); got != want {
			t.Errorf("Plausible(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestPlausibleAgreesWithPlain compares the word-at-a-time check with
// the rule written plainly, over random strings of awkward bytes of every
// length around the eight-byte steps.
func TestPlausibleAgreesWithPlain(t *testing.T) {
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
		if got, want := Plausible(s), plain(s); got != want {
			t.Fatalf("Plausible(%q) = %v, plain says %v", s, got, want)
		}
	}
}

func BenchmarkPlausible(b *testing.B) {
	addrs := []string{"acct103459401@example.com", "jose.pena@example.com", "a.very.long.name+bills@city-utilities.example.org", "ana@x.io"}
	n := 0
	for _, a := range addrs {
		n += len(a)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, a := range addrs {
			if !Plausible(a) {
				b.Fatal(a)
			}
		}
	}
}

// FuzzPlausible: the word-at-a-time check and the plain one agree on any
// input.
func FuzzPlausible(f *testing.F) {
	for _, s := range []string{"a@b", "jose.pena@example.com", `"jose pena"@example.com`, "a,b@c", "ana.muñoz@example.com", "x@[192.0.2.1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Plausible(s), plain(s); got != want {
			t.Fatalf("Plausible(%q) = %v, plain says %v", s, got, want)
		}
	})
}
