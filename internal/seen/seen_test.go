package seen

import (
	"fmt"
	"testing"
)

func TestSetAcrossSpills(t *testing.T) {
	s := New(0)
	const n = 3*Spill + 1234
	for i := 0; i < n; i++ {
		if first, dup := s.Add(fmt.Sprintf("key-%d", i), i+1); dup {
			t.Fatalf("key %d reported as seen on line %d", i, first)
		}
	}
	if s.Len() != n {
		t.Fatalf("Len %d, want %d", s.Len(), n)
	}
	for _, i := range []int{0, 1, Spill - 1, Spill, 2 * Spill, n - 1} {
		key := fmt.Sprintf("key-%d", i)
		if _, ok := s.Lookup(key); !ok {
			t.Fatalf("%s not found", key)
		}
		if _, dup := s.Add(key, 0); !dup {
			t.Fatalf("%s added twice", key)
		}
	}
	if _, ok := s.Lookup("key-none"); ok {
		t.Fatal("found a key never added")
	}
	// Keys still in the table keep their line.
	if first, dup := s.Add(fmt.Sprintf("key-%d", n-1), 0); !dup || first != n {
		t.Fatalf("last key: line %d, dup %v; want line %d", first, dup, n)
	}
}
