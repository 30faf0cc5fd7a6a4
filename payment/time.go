package payment

import "time"

// timeOfDay is the time since midnight of t, in t's location, fractions of
// a second included so that the writer refuses them instead of cutting them.
func timeOfDay(t time.Time) time.Duration {
	if t.IsZero() {
		return 0
	}
	h, m, s := t.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
}

// at joins a date and a time of day; no date gives the zero time, so that a
// missing date is reported as missing whatever the time field holds.
func at(date time.Time, clock time.Duration) time.Time {
	if date.IsZero() {
		return date
	}
	return date.Add(clock)
}
