package billimage

import "testing"

func TestParseMoney(t *testing.T) {
	for in, want := range map[string]string{
		"$1,234.56": "1234.56", "1234.56": "1234.56", "$12.50 CR": "-12.5", "12.50CR": "-12.5", "-12.50": "-12.5",
		"$-12.50": "-12.5", "12.50-": "-12.5", "(12.50)": "-12.5", "($1,000.00)": "-1000", "$0.00": "0", " $7 ": "7",
		"$1,000,000.10": "1000000.1",
	} {
		got, err := ParseMoney(in)
		if err != nil || got.String() != want {
			t.Errorf("%q: %v %v, want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "$", "abc", "$12.5.0", "1,23.00", "12,3456.00", "-(12.50)", "12.50 CR-", "$12.505", "12.", "1 2"} {
		if got, err := ParseMoney(in); err == nil {
			t.Errorf("%q: %v, want an error", in, got)
		}
	}
}
