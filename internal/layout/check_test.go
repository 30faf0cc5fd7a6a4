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

// TestNamedNamesTheField: Named hands fail the record's field of
// the name, and a name the record lacks is kept in the message.
func TestNamedNamesTheField(t *testing.T) {
	rec := MustParse(fixedJSON).Record("DT")
	var got []string
	named := Named(func(f *Field, value string, kind error, format string, a ...any) {
		name := "<record>"
		if f != nil {
			name = f.Name
		}
		got = append(got, name+": "+fmt.Sprintf(format, a...))
	}, rec)
	named.Required("name", true, "name")
	named.Required("name", false, "name")
	named("nmae", "x", ErrInvalid, "bad %s", "value")
	want := []string{"name: name is required", "<record>: nmae: bad value"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
