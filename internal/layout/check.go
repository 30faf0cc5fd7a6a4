package layout

import "time"

// FailFunc records a problem with field f: the way a package's rules,
// written once, report on a Row being read or a Builder being written.
// value is the Go value as given (writers); readers show the raw bytes.
type FailFunc func(f *Field, value string, kind error, format string, a ...any)

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
