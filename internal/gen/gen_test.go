package gen

import (
	"testing"
	"time"
)

func TestCount(t *testing.T) {
	for _, c := range []struct{ n, def, want int }{{0, 40, 40}, {-1, 40, 0}, {-7, 40, 0}, {1, 40, 1}, {500, 40, 500}} {
		if got := Count(c.n, c.def); got != c.want {
			t.Errorf("Count(%d, %d) = %d, want %d", c.n, c.def, got, c.want)
		}
	}
}

func TestDate(t *testing.T) {
	set := time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)
	if got := Date(time.Time{}, Day); !got.Equal(Day) {
		t.Errorf("unset: %v, want %v", got, Day)
	}
	if got := Date(set, Day); !got.Equal(set) {
		t.Errorf("set: %v, want %v", got, set)
	}
	// A zero instant in another zone is still unset.
	if got := Date(time.Time{}.In(time.FixedZone("X", 3600)), Day); !got.Equal(Day) {
		t.Errorf("zero in a zone: %v, want %v", got, Day)
	}
}
