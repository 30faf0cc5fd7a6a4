package layout

import (
	"errors"
	"fmt"
	"testing"
)

// TestFailRules holds the shared rules to their messages, kinds and the
// value they report, and to saying nothing of a good value.
func TestFailRules(t *testing.T) {
	var got []string
	fail := Fail[string](func(f, value string, kind error, format string, a ...any) {
		if !errors.Is(kind, ErrInvalid) {
			t.Errorf("%s: kind %v, want ErrInvalid", f, kind)
		}
		got = append(got, fmt.Sprintf("%s %q: %s", f, value, fmt.Sprintf(format, a...)))
	})
	fail.Required("account", false, "account number")
	fail.Required("account", true, "account number")
	for _, ty := range []int{-3, 0, 1, 42, 99, 100} {
		fail.InvoiceType("invoice_type", ty)
	}
	want := []string{
		`account "": account number is required`,
		`invoice_type "-3": invoice type id must be 01-99`,
		`invoice_type "0": invoice type id must be 01-99`,
		`invoice_type "100": invoice type id must be 01-99`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
