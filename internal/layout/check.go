package layout

import (
	"fmt"
	"time"
)

// Fail records a problem with the field f: the way a package's rules,
// written once, report on a Row being read or a Builder being written.
// value is the Go value as given (writers); readers show the raw bytes.
// F is what names a field: a layout's *Field, or a name — a field's, which
// Named looks up only when a rule fails, or the package's own where one
// rule serves a layout and another form (invoice: Connect and Clarity).
type Fail[F any] func(f F, value string, kind error, format string, a ...any)

// FailFunc is a Fail about the fields of a layout.
type FailFunc = Fail[*Field]

// Named adapts fail to rules that name the fields of one record (rec: its
// Codec or Record). A name is looked up only when its rule fails, so that
// a record that passes every rule costs no look-up. A name the record does
// not have (a rule's typo) still reaches the problem, at its start, for
// the record as a whole: never dropped.
func Named(fail FailFunc, rec interface{ Field(name string) *Field }) Fail[string] {
	return func(name, value string, kind error, format string, a ...any) {
		f := rec.Field(name)
		if f == nil {
			format, a = "%s: "+format, append([]any{name}, a...)
		}
		fail(f, value, kind, format, a...)
	}
}

// Required fails f when missing: the rule of a value every record must
// carry ("account number is required").
func (fail Fail[F]) Required(f F, missing bool, what string) {
	if missing {
		fail(f, "", ErrInvalid, "%s is required", what)
	}
}

// InvoiceType fails f unless t is an invoice type id, 01 to 99: the rule
// of every record that names an invoice.
func (fail Fail[F]) InvoiceType(f F, t int) {
	if t < 1 || t > 99 {
		fail(f, fmt.Sprint(t), ErrInvalid, "invoice type id must be 01-99")
	}
}

// Failer returns the row's FailFunc.
func (r *Row) Failer() FailFunc {
	return func(f *Field, _ string, kind error, format string, a ...any) { r.Fail(f, kind, format, a...) }
}

// Failer returns the builder's FailFunc.
func (b *Builder) Failer() FailFunc {
	return func(f *Field, value string, kind error, format string, a ...any) {
		b.Fail(f, value, kind, format, a...)
	}
}

// At joins a date and a time of day; no date gives the zero time, so that
// a missing date is reported as missing whatever the time field holds.
func At(date time.Time, clock time.Duration) time.Time {
	if date.IsZero() {
		return date
	}
	return date.Add(clock)
}

// TimeOfDay is the time since midnight of t, in t's location, fractions of
// a second included so that a writer refuses them instead of cutting them.
func TimeOfDay(t time.Time) time.Duration {
	if t.IsZero() {
		return 0
	}
	h, m, s := t.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
}
