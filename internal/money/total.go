package money

import "github.com/shopspring/decimal"

// Total adds amounts given in cents, exactly: in an int64 while the sum
// fits, then as a decimal, so that a file's total never wraps around. The
// zero value is an empty total.
type Total struct {
	cents int64
	dec   decimal.Decimal // the sum, once it no longer fits an int64
	over  bool
}

// Add adds an amount of c cents.
func (t *Total) Add(c int64) {
	if !t.over {
		if s, ok := add(t.cents, c); ok {
			t.cents = s
			return
		}
		t.dec, t.over = FromScaled(t.cents, 2), true
	}
	t.dec = t.dec.Add(FromScaled(c, 2))
}

// Decimal returns the sum.
func (t *Total) Decimal() decimal.Decimal {
	if t.over {
		return t.dec
	}
	return FromScaled(t.cents, 2)
}

// EqualCents reports whether the sum is c cents.
func (t *Total) EqualCents(c int64) bool {
	if t.over {
		return t.dec.Equal(FromScaled(c, 2))
	}
	return t.cents == c
}
