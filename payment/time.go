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
