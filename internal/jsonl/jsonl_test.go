package jsonl

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestMoneyNeverRounds: amounts at their scale, and a value with more
// places written whole rather than rounded.
func TestMoneyNeverRounds(t *testing.T) {
	for in, want := range map[string]string{"88.4": "88.40", "-45": "-45.00", "0": "0.00", "1.005": "1.005", "12.3456": "12.3456"} {
		if got := Money(decimal.RequireFromString(in)); got != want {
			t.Errorf("Money(%s) = %s, want %s", in, got, want)
		}
	}
	if got := Quantity(decimal.RequireFromString("6.5")); got != "6.500" {
		t.Errorf("Quantity(6.5) = %s", got)
	}
}
