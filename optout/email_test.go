package optout

import "testing"

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
	} {
		if got := looksLikeEmail(s); got != want {
			t.Errorf("looksLikeEmail(%q) = %v, want %v", s, got, want)
		}
	}
}
