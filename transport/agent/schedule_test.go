package agent

import (
	"testing"
	"time"
)

func TestScheduleNext(t *testing.T) {
	utc := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	start := utc(2026, 1, 31, 6)
	tests := []struct {
		s    Schedule
		at   time.Time
		want time.Time
		ok   bool
	}{
		{Schedule{Every: Daily, Start: start}, utc(2026, 1, 1, 0), start, true},
		{Schedule{Every: Daily, Start: start}, start, utc(2026, 2, 1, 6), true},
		{Schedule{Every: Daily, Start: start}, utc(2026, 2, 1, 5), utc(2026, 2, 1, 6), true},
		{Schedule{Every: Daily, Start: start}, utc(2026, 2, 1, 7), utc(2026, 2, 2, 6), true},
		{Schedule{Every: Weekly, Start: start}, utc(2026, 2, 1, 0), utc(2026, 2, 7, 6), true},
		{Schedule{Every: Weekly, Start: start}, utc(2026, 2, 7, 6), utc(2026, 2, 14, 6), true},
		{Schedule{Every: Monthly, Start: start}, start, utc(2026, 2, 28, 6), true},
		{Schedule{Every: Monthly, Start: start}, utc(2026, 2, 28, 6), utc(2026, 3, 31, 6), true},
		{Schedule{Every: Monthly, Start: start}, utc(2028, 2, 1, 0), utc(2028, 2, 29, 6), true},
		{Schedule{Every: Daily, Start: start, End: utc(2026, 2, 2, 6)}, utc(2026, 2, 2, 6), time.Time{}, false},
		{Schedule{Every: Daily, Start: start, End: utc(2026, 2, 2, 6)}, utc(2026, 2, 1, 6), utc(2026, 2, 2, 6), true},
		{Schedule{Every: "hourly", Start: start}, start, time.Time{}, false},
	}
	for i, tt := range tests {
		got, ok := tt.s.Next(tt.at)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("%d: %s from %s: got %v %v, want %v %v", i, tt.s.Every, tt.at, got, ok, tt.want, tt.ok)
		}
	}
	// Across a daylight-saving change the time of day stays.
	den, err := time.LoadLocation("America/Denver")
	if err == nil {
		s := Schedule{Every: Daily, Start: time.Date(2026, 3, 7, 6, 0, 0, 0, den)}
		got, _ := s.Next(time.Date(2026, 3, 8, 7, 0, 0, 0, den))
		if got.Hour() != 6 || got.Day() != 9 {
			t.Errorf("after DST: %v", got)
		}
	}
}
