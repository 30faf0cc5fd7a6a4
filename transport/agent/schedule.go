package agent

import (
	"fmt"
	"time"
)

// Frequency is how often a task runs.
type Frequency string

const (
	Daily   Frequency = "daily"
	Weekly  Frequency = "weekly"
	Monthly Frequency = "monthly"
)

// Schedule runs a task at Start's time of day, every day, week or month
// from Start, until End (inclusive; zero: no end). A monthly schedule
// started on the 31st runs on the last day of shorter months.
type Schedule struct {
	Every Frequency
	Start time.Time
	End   time.Time
}

// Check says what is wrong with a schedule, or nil.
func (s Schedule) Check() error {
	switch {
	case s.Every != Daily && s.Every != Weekly && s.Every != Monthly:
		return fmt.Errorf("agent: schedule frequency %q: want daily, weekly or monthly", s.Every)
	case s.Start.IsZero():
		return fmt.Errorf("agent: schedule needs a start date")
	case !s.End.IsZero() && s.End.Before(s.Start):
		return fmt.Errorf("agent: schedule ends (%s) before it starts (%s)", s.End.Format(time.DateOnly), s.Start.Format(time.DateOnly))
	}
	return nil
}

// Next returns the first run strictly after t, and false when the
// schedule has ended (or is invalid). It is a pure function of s and t.
func (s Schedule) Next(t time.Time) (time.Time, bool) {
	if s.Check() != nil {
		return time.Time{}, false
	}
	var run time.Time
	switch {
	case t.Before(s.Start):
		run = s.Start
	case s.Every == Daily || s.Every == Weekly:
		step := 24 * time.Hour
		if s.Every == Weekly {
			step *= 7
		}
		// Count in calendar days so that daylight-saving shifts keep the
		// time of day.
		days := int(step / (24 * time.Hour))
		n := int(t.Sub(s.Start)/step) + 1
		run = s.Start.AddDate(0, 0, n*days)
		for !run.After(t) {
			n++
			run = s.Start.AddDate(0, 0, n*days)
		}
		for n > 1 {
			prev := s.Start.AddDate(0, 0, (n-1)*days)
			if !prev.After(t) {
				break
			}
			n--
			run = prev
		}
	default:
		months := (t.Year()-s.Start.Year())*12 + int(t.Month()-s.Start.Month())
		for n := max(months, 0); ; n++ {
			run = s.monthly(n)
			if run.After(t) {
				break
			}
		}
	}
	if !s.End.IsZero() && run.After(s.End) {
		return time.Time{}, false
	}
	return run, true
}

// monthly returns the n-th monthly run: Start's day, clamped to the month.
func (s Schedule) monthly(n int) time.Time {
	y, m, d := s.Start.Date()
	first := time.Date(y, m+time.Month(n), 1, s.Start.Hour(), s.Start.Minute(), s.Start.Second(), 0, s.Start.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}
