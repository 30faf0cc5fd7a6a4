package money

import (
	"errors"
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
	for in, want := range map[string]string{"1234.50": "1234.5", "-12.00": "-12", "0": "0", "7.1": "7.1"} {
		d, err := ParsePlain(in, 2)
		if err != nil || !d.Equal(decimal.RequireFromString(want)) {
			t.Errorf("ParsePlain(%q) = %v, %v", in, d, err)
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
