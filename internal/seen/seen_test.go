package seen

import (
	"fmt"
	"testing"
)

func TestSetGrowsAndKeepsKeys(t *testing.T) {
	for _, hint := range []int{0, 1000, 1 << 20} {
		s := New(hint)
		const n = LineSlots + 12345 // past the tables that keep lines
		for i := 0; i < n; i++ {
			if first, dup := s.Add(fmt.Sprintf("key-%d", i), i+1); dup {
				t.Fatalf("hint %d: key %d reported as seen on line %d", hint, i, first)
			}
		}
		if s.Len() != n {
			t.Fatalf("Len %d, want %d", s.Len(), n)
		}
		for _, i := range []int{0, 1, n / 2, n - 1} {
			key := fmt.Sprintf("key-%d", i)
			if _, ok := s.Lookup(key); !ok {
				t.Fatalf("hint %d: %s not found", hint, key)
			}
			if _, dup := s.Add(key, 0); !dup {
				t.Fatalf("hint %d: %s added twice", hint, key)
			}
		}
		if _, ok := s.Lookup("key-none"); ok {
			t.Fatal("found a key never added")
		}
	}
}

func TestSmallSetKeepsLines(t *testing.T) {
	s := New(0)
	for i := 0; i < 5000; i++ {
		s.Add(fmt.Sprint(i), 10+i)
	}
	if first, dup := s.Add("4321", 99999); !dup || first != 10+4321 {
		t.Fatalf("got line %d, dup %v; want %d", first, dup, 10+4321)
	}
}

func TestWhere(t *testing.T) {
	if got := Where(12); got != "on line 12" {
		t.Errorf("Where(12) = %q", got)
	}
	if got := Where(0); got != "earlier in the file" {
		t.Errorf("Where(0) = %q", got)
	}
}
