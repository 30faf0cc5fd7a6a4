package money

import (
	"errors"
	"math"
	"math/big"
	mrand "math/rand"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestScaled(t *testing.T) {
	tests := []struct {
		in     string
		places int32
		want   int64
		err    error
	}{
		{"123.45", 2, 12345, nil},
		{"-0.01", 2, -1, nil},
		{"7", 2, 700, nil},
		{"1.500", 2, 150, nil},
		{"1.005", 2, 0, ErrPrecision},
		{"0", 2, 0, nil},
		{"9999999999999999.99", 2, 999999999999999999, nil},
		{"10000000000000000.00", 2, 0, ErrTooLarge},
		{"1.00000000000000000000000", 2, 100, nil},
		{"1.00000000000000000000001", 2, 0, ErrPrecision},
	}
	for _, tt := range tests {
		got, err := Scaled(decimal.RequireFromString(tt.in), tt.places)
		if !errors.Is(err, tt.err) || (err == nil && got != tt.want) {
			t.Errorf("Scaled(%s, %d) = %d, %v; want %d, %v", tt.in, tt.places, got, err, tt.want, tt.err)
		}
	}
}

func TestParsePlain(t *testing.T) {
	for in, want := range map[string]string{"1234.50": "1234.5", "-12.00": "-12", "0": "0", "7.1": "7.1",
		"-9999999999999999.99": "-9999999999999999.99", "12": "12"} {
		d, err := ParsePlain(in, 2)
		if err != nil || !d.Equal(decimal.RequireFromString(want)) {
			t.Errorf("ParsePlain(%q) = %v, %v", in, d, err)
		}
		// The scaled value is the decimal's, in cents.
		_, scaled, _ := parsePlainScaled(in, 2)
		if c, err := Scaled(d, 2); err != nil || c != scaled {
			t.Errorf("parsePlainScaled(%q) scaled %d, the decimal is %d cents (%v)", in, scaled, c, err)
		}
	}
	for in, why := range map[string]string{"$25.00": "currency", "1,234.50": "thousands", "€5": "currency",
		"+5": "'+'", "1.234": "decimal places", "": "empty", "1.": "not a decimal", "-": "not a decimal", "1e5": "unexpected", " 5": "unexpected", "10000000000000000": "too large", "9999999999999999.991": "decimal places"} {
		_, err := ParsePlain(in, 2)
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("ParsePlain(%q) = %v, want an error saying %q", in, err, why)
		}
	}
}

func TestCentsAgreesWithScaled(t *testing.T) {
	for _, s := range []string{"0", "0.00", "12.34", "-12.34", "12.3", "12", "999999999999999999e-2", "-0.01", "1.50000"} {
		d := decimal.RequireFromString(s)
		want, err := Scaled(d, 2)
		if err != nil {
			t.Fatalf("Scaled(%s): %v", s, err)
		}
		if got := Cents(d); got != want {
			t.Errorf("Cents(%s) = %d, want %d", s, got, want)
		}
	}
}

// TestScaledAgreesWithBigInt compares Scaled with the same rule computed
// in math/big, for coefficients of every size around the 18-digit edge
// (and beyond int64) and exponents -22 to 4.
func TestScaledAgreesWithBigInt(t *testing.T) {
	r := mrand.New(mrand.NewSource(56))
	ten := big.NewInt(10)
	limit := new(big.Int).Exp(ten, big.NewInt(MaxDigits), nil) // 10^18
	coeffs := []*big.Int{big.NewInt(1), big.NewInt(-1), big.NewInt(1e18 - 1), big.NewInt(-(1e18 - 1)),
		big.NewInt(1e18), big.NewInt(-1e18), big.NewInt(math.MaxInt64), big.NewInt(math.MinInt64),
		new(big.Int).Mul(big.NewInt(12345), new(big.Int).Exp(ten, big.NewInt(20), nil))}
	for range 200000 {
		var c *big.Int
		if r.Intn(3) == 0 {
			c = coeffs[r.Intn(len(coeffs))]
		} else {
			c = new(big.Int).Rand(r, new(big.Int).Exp(ten, big.NewInt(int64(1+r.Intn(22))), nil))
			if r.Intn(2) == 0 {
				c.Neg(c)
			}
		}
		exp := int32(r.Intn(27) - 22)
		places := int32(r.Intn(4))
		d := decimal.NewFromBigInt(c, exp)
		got, err := Scaled(d, places)

		// The rule in big integers: d × 10^places must be a whole number
		// of at most 18 digits.
		var want *big.Int
		var wantErr error
		if shift := int64(exp) + int64(places); shift >= 0 {
			want = new(big.Int).Mul(c, new(big.Int).Exp(ten, big.NewInt(shift), nil))
		} else {
			q, m := new(big.Int).QuoRem(c, new(big.Int).Exp(ten, big.NewInt(-shift), nil), new(big.Int))
			if m.Sign() != 0 {
				wantErr = ErrPrecision
			}
			want = q
		}
		if wantErr == nil && new(big.Int).Abs(want).Cmp(limit) >= 0 {
			wantErr = ErrTooLarge
		}
		if c.Sign() == 0 {
			want, wantErr = new(big.Int), nil
		}
		if !errors.Is(err, wantErr) || wantErr == nil && got != want.Int64() {
			t.Fatalf("Scaled(%s, %d) = %d, %v; want %s, %v", d, places, got, err, want, wantErr)
		}
	}
}

// TestAdd compares add with big.Int sums at and around the ends of int64.
func TestAdd(t *testing.T) {
	edges := []int64{math.MinInt64, math.MinInt64 + 1, -1e18, -2, -1, 0, 1, 2, 1e18, 4e18, 5e18, math.MaxInt64 - 1, math.MaxInt64}
	for _, a := range edges {
		for _, b := range edges {
			want := new(big.Int).Add(big.NewInt(a), big.NewInt(b))
			got, ok := add(a, b)
			if ok != want.IsInt64() || (ok && got != want.Int64()) {
				t.Errorf("add(%d, %d) = %d, %v; the sum is %s", a, b, got, ok, want)
			}
		}
	}
}

// TestTotalNeverWraps adds amounts whose sum passes the end of an int64,
// and back, comparing with a decimal sum at every step.
func TestTotalNeverWraps(t *testing.T) {
	var tot Total
	want := decimal.Zero
	steps := []int64{math.MaxInt64 - 5, 3, 3, 1e18, -1e18, -4, -3, math.MinInt64, math.MinInt64, 7, 0}
	for i, c := range steps {
		tot.Add(c)
		want = want.Add(FromScaled(c, 2))
		if got := tot.Decimal(); !got.Equal(want) {
			t.Fatalf("after %d additions: %s, want %s", i+1, got, want)
		}
		wc, err := Scaled(want, 2)
		if err == nil && !tot.EqualCents(wc) {
			t.Fatalf("after %d additions: EqualCents(%d) is false", i+1, wc)
		}
		if tot.EqualCents(wc+1) || tot.EqualCents(wc-1) {
			t.Fatalf("after %d additions: equal to a neighbour of %d", i+1, wc)
		}
	}
}
