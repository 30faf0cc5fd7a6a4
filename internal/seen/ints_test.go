package seen

import (
	"math/rand/v2"
	"testing"
)

// TestIntsAgreesWithMap adds keys in several orders and checks every
// answer (duplicate or not, first line) against a plain map.
func TestIntsAgreesWithMap(t *testing.T) {
	orders := map[string]func(r *rand.Rand, i int) uint64{
		"consecutive": func(r *rand.Rand, i int) uint64 { return 1000 + uint64(i) },
		"gaps":        func(r *rand.Rand, i int) uint64 { return 1000 + 3*uint64(i) + uint64(r.IntN(2)) },
		"descending":  func(r *rand.Rand, i int) uint64 { return 1<<20 - uint64(i) },
		"random":      func(r *rand.Rand, i int) uint64 { return uint64(r.IntN(3000)) },
		"mostly-up": func(r *rand.Rand, i int) uint64 {
			if r.IntN(10) == 0 {
				return uint64(r.IntN(i + 1))
			}
			return 5 + uint64(i)
		},
	}
	for name, next := range orders {
		r := rand.New(rand.NewPCG(1, 2))
		s := NewInts()
		want := map[uint64]int{}
		for i := range 20000 {
			v, line := next(r, i), i+1
			if i%7 == 3 {
				line = 0 // a key whose line is not known
			}
			if l, ok := s.Lookup(v); ok != (want[v] != 0) || ok && l != max(want[v]-1, 0) {
				t.Fatalf("%s: Lookup(%d) = %d, %v; want line %d, %v", name, v, l, ok, want[v]-1, want[v] != 0)
			}
			first, dup := s.Add(v, line)
			if dup != (want[v] != 0) {
				t.Fatalf("%s: key %d (#%d): dup %v, want %v", name, v, i, dup, !dup)
			}
			if dup && first != want[v]-1 {
				t.Fatalf("%s: key %d first seen on line %d, reported %d", name, v, want[v]-1, first)
			}
			if !dup {
				want[v] = line + 1
			}
		}
		if s.Len() != len(want) {
			t.Fatalf("%s: Len %d, want %d", name, s.Len(), len(want))
		}
	}
}

func TestIntsConsecutiveKeysShareARun(t *testing.T) {
	s := NewInts()
	for i := range 100000 {
		s.Add(1000001+uint64(i), 2+i)
	}
	if len(s.runs) != 1 || s.rest != nil {
		t.Fatalf("%d runs, rest %v; want one run", len(s.runs), s.rest != nil)
	}
	if first, dup := s.Add(1050000, 9); !dup || first != 2+49999 {
		t.Fatalf("got line %d, %v", first, dup)
	}
	// A skipped line (a record that failed) starts a new run, so lines stay right.
	s.Add(1100001, 100000+5)
	s.Add(1100002, 100000+7)
	if first, _ := s.Add(1100002, 0); first != 100007 {
		t.Fatalf("line %d, want 100007", first)
	}
}

func TestIntsZero(t *testing.T) {
	s := NewInts()
	s.Add(5, 1)
	if _, dup := s.Add(0, 2); dup {
		t.Fatal("0 reported before it was added")
	}
	if first, dup := s.Add(0, 3); !dup || first != 2 {
		t.Fatalf("0: line %d, %v", first, dup)
	}
	if _, ok := s.Lookup(1); ok {
		t.Fatal("1 found")
	}
}
