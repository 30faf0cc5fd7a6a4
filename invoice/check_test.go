package invoice

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestChargesThatOverflowCents are charge lines whose sum in cents passes
// the end of an int64 and wraps around to exactly the current charges: the
// rule must see that they do not add up (it did not, before the sum was
// checked for overflow).
func TestChargesThatOverflowCents(t *testing.T) {
	line := decimal.RequireFromString("9999999999999999.99") // 10^18-1 cents
	inv := &Invoice{}
	for range 19 {
		inv.Charges = append(inv.Charges, Charge{Amount: line})
	}
	// 19 × (10^18-1) cents, less 2^64: what an unchecked int64 sum gives.
	inv.Balances.Current = decimal.RequireFromString("5532559262904483.65")
	// As the Clarity reader checks (working the cents out) and as the
	// Connect reader does (with the cents it read).
	known := &cents{current: 553255926290448365}
	for range inv.Charges {
		known.charges.Add(999999999999999999)
	}
	for name, k := range map[string]*cents{"worked out": nil, "as read": known} {
		var got string
		checkCharges(inv, k, func(r rule, value string, kind error, format string, a ...any) {
			got = string(r) + ": " + format
		})
		if !strings.Contains(got, "charge lines add up to") {
			t.Fatalf("%s: charges adding up to %s accepted as %s", name, chargesTotal(inv), inv.Balances.Current)
		}
	}
}
