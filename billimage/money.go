package billimage

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// ParseMoney reads an amount as bills print it: "$1,234.56", "1234.56",
// and credits as "$12.50 CR", "-12.50", "$-12.50", "12.50-" or "(12.50)".
// Anything else — letters, two signs, a misplaced comma, more than two
// decimals — is an error.
func ParseMoney(s string) (decimal.Decimal, error) {
	orig := s
	s = strings.TrimSpace(s)
	neg := false
	take := func(cond bool, trim func()) {
		if cond {
			if neg {
				s = "\x00" // two signs
				return
			}
			neg = true
			trim()
		}
	}
	take(strings.HasSuffix(s, "CR"), func() { s = strings.TrimSpace(strings.TrimSuffix(s, "CR")) })
	take(strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")"), func() { s = strings.TrimSpace(s[1 : len(s)-1]) })
	take(strings.HasSuffix(s, "-"), func() { s = strings.TrimSpace(strings.TrimSuffix(s, "-")) })
	take(strings.HasPrefix(s, "-"), func() { s = strings.TrimSpace(s[1:]) })
	s = strings.TrimSpace(strings.TrimPrefix(s, "$"))
	take(strings.HasPrefix(s, "-"), func() { s = strings.TrimSpace(s[1:]) })
	whole, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac && (len(frac) == 0 || len(frac) > 2 || strings.Trim(frac, "0123456789") != "") {
		return decimal.Decimal{}, fmt.Errorf("%q is not an amount", orig)
	}
	if strings.Contains(whole, ",") {
		groups := strings.Split(whole, ",")
		for i, g := range groups {
			if (i == 0 && (len(g) < 1 || len(g) > 3)) || (i > 0 && len(g) != 3) {
				return decimal.Decimal{}, fmt.Errorf("%q is not an amount (thousands separators out of place)", orig)
			}
		}
		whole = strings.Join(groups, "")
	}
	if whole == "" || strings.Trim(whole, "0123456789") != "" {
		return decimal.Decimal{}, fmt.Errorf("%q is not an amount", orig)
	}
	d, err := decimal.NewFromString(whole + "." + frac + "0") // "12" reads as 12.0
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%q is not an amount", orig)
	}
	if neg {
		d = d.Neg()
	}
	return d, nil
}
