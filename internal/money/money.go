// Package money converts exact decimal amounts to and from the scaled
// integers that fixed-width files carry ("+00000012345" = 123.45). Nothing
// here rounds: a value that does not fit exactly is an error.
package money

import (
	"errors"
	"fmt"
	"math/big"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// MaxDigits is the most digits a scaled amount may have (it fits int64).
const MaxDigits = 18

var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// ErrPrecision reports an amount with more decimal places than the field holds.
var ErrPrecision = errors.New("more decimal places than the field holds")

// ErrTooLarge reports an amount with more digits than the field holds.
var ErrTooLarge = errors.New("too large for the field")

// FromScaled returns v × 10^-places. Zero is the zero Decimal, which needs
// no allocation.
func FromScaled(v int64, places int32) decimal.Decimal {
	if v == 0 {
		return decimal.Decimal{}
	}
	return decimal.New(v, -places)
}

// Cents returns an amount already known to fit a two-place field — read
// from one, or accepted by a writer — in cents. It is for totals kept after
// that check; anything else calls Scaled and handles its error.
func Cents(d decimal.Decimal) int64 {
	// Known to fit a two-place field, an amount at two places has a
	// coefficient of at most MaxDigits digits: no need to count them.
	if d.Exponent() == -2 {
		return d.CoefficientInt64()
	}
	c, _ := Scaled(d, 2)
	return c
}

// add returns a + b, and false when the sum does not fit an int64 (a
// sum of many amounts of up to MaxDigits digits can overflow).
func add(a, b int64) (int64, bool) {
	s := a + b
	return s, (a >= 0) != (b >= 0) || (s >= 0) == (a >= 0)
}

// Scaled returns d × 10^places as an integer, exactly, or an error when d
// has more than places decimal places or the result needs more than
// MaxDigits digits.
func Scaled(d decimal.Decimal, places int32) (int64, error) {
	if d.Sign() == 0 {
		return 0, nil
	}
	shift := d.Exponent() + places
	if n := d.NumDigits(); n <= MaxDigits {
		c := d.CoefficientInt64()
		if shift >= 0 {
			if int(shift)+n > MaxDigits {
				return 0, ErrTooLarge
			}
			return c * pow10[shift], nil
		}
		if -shift > MaxDigits {
			return 0, ErrPrecision
		}
		p := pow10[-shift]
		if c%p != 0 {
			return 0, ErrPrecision
		}
		return c / p, nil
	}
	// Rare: a coefficient with trailing zeros beyond int64, such as
	// 1.00000000000000000000.
	c := d.Coefficient()
	if shift >= 0 {
		return 0, ErrTooLarge
	}
	q, r := new(big.Int).QuoRem(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-shift)), nil), new(big.Int))
	if r.Sign() != 0 {
		return 0, ErrPrecision
	}
	if !q.IsInt64() || digits(q.Int64()) > MaxDigits {
		return 0, ErrTooLarge
	}
	return q.Int64(), nil
}

func digits(v int64) int {
	if v < 0 {
		v = -v
	}
	n := 1
	for v >= 10 {
		v /= 10
		n++
	}
	return n
}

// ParsePlain parses a plain decimal as delimited files carry it: optional
// leading '-', digits, optional '.' and up to places digits. It says why a
// value is refused ("$25.00": currency symbol; "1,234.50": thousands separator).
func ParsePlain(s string, places int32) (decimal.Decimal, error) {
	d, _, err := parsePlainScaled(s, places)
	return d, err
}

// parsePlainScaled is ParsePlain that also returns the value × 10^places,
// which always fits: an amount whose scaled form has more than MaxDigits
// digits is refused.
func parsePlainScaled(s string, places int32) (decimal.Decimal, int64, error) {
	if s == "" {
		return decimal.Decimal{}, 0, errors.New("empty amount")
	}
	i := 0
	neg := false
	if s[0] == '-' {
		neg = true
		i = 1
	}
	var v int64
	nd, frac := 0, -1
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if frac >= 0 {
				frac++
				if frac > int(places) {
					return decimal.Decimal{}, 0, fmt.Errorf("more than %d decimal places", places)
				}
			}
			nd++
			if nd > MaxDigits {
				return decimal.Decimal{}, 0, ErrTooLarge
			}
			v = v*10 + int64(c-'0')
		case c == '.' && frac < 0:
			frac = 0
		case c == ',':
			return decimal.Decimal{}, 0, errors.New("thousands separators are not allowed")
		case c == '$':
			return decimal.Decimal{}, 0, errors.New("currency symbols are not allowed")
		case c == '+':
			return decimal.Decimal{}, 0, errors.New("a leading '+' is not allowed")
		default:
			r, _ := utf8.DecodeRuneInString(s[i:])
			if unicode.Is(unicode.Sc, r) {
				return decimal.Decimal{}, 0, errors.New("currency symbols are not allowed")
			}
			return decimal.Decimal{}, 0, fmt.Errorf("unexpected character %q", r)
		}
	}
	if nd == 0 || frac == 0 {
		return decimal.Decimal{}, 0, errors.New("not a decimal amount")
	}
	if frac < 0 {
		frac = 0
	}
	// Scaled to places it must still fit MaxDigits, as writers need.
	shift := int(places) - frac
	if v >= pow10[MaxDigits-shift] {
		return decimal.Decimal{}, 0, ErrTooLarge
	}
	if neg {
		v = -v
	}
	return FromScaled(v, int32(frac)), v * pow10[shift], nil
}
