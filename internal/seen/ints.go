package seen

import "sort"

// Ints is a set of integer keys (ChangeIDs), cheapest when keys
// arrive in ascending order, as database identities do. A key above every
// key so far cannot be a duplicate, so it costs no lookup: it extends the
// last run of consecutive keys or starts a new one, both at the end of one
// slice. Only a key at or below the largest so far is searched for, in the
// runs (binary search) and in a hash table of such out-of-order keys, made
// on first need (a Set, which keeps lines while it is small).
//
// Memory: 16 bytes a run, so at most 16 bytes a key in ascending order
// and far less when keys are consecutive; out-of-order keys cost what a
// Set costs.
type Ints struct {
	runs []run // ascending and disjoint
	rest *Set  // keys that arrived out of order, but 0
	zero int   // line 0 was first seen on, plus one, when it came out of order
}

// run holds the keys lo .. lo+n-1, first seen on lines line .. line+n-1
// (or all on an unknown line when line is 0).
type run struct {
	lo   uint64
	n    uint32
	line int32
}

// NewInts returns an empty set of integer keys.
func NewInts() *Ints { return &Ints{} }

// Len returns the number of keys added (duplicates not counted), counted
// from the runs and the table.
func (s *Ints) Len() int {
	n := 0
	for _, r := range s.runs {
		n += int(r.n)
	}
	if s.rest != nil {
		n += s.rest.Len()
	}
	if s.zero > 0 {
		n++
	}
	return n
}

// Lookup reports whether v is in the set, and the line it was first seen
// on (0 when added with line 0).
func (s *Ints) Lookup(v uint64) (int, bool) {
	if len(s.runs) == 0 || v > s.max() {
		return 0, false
	}
	return s.search(v)
}

// Add adds v, seen on line. When v was already in the set it returns the
// line it was first seen on (0 when not known) and true.
func (s *Ints) Add(v uint64, line int) (int, bool) {
	ln := int64(min(max(line, 0), 1<<31-1))
	if len(s.runs) > 0 && v <= s.max() {
		if first, ok := s.search(v); ok {
			return first, true
		}
		if v == 0 { // mix(0) is the table's empty slot
			s.zero = int(ln) + 1
			return 0, false
		}
		if s.rest == nil {
			s.rest = New(0)
		}
		s.rest.addPrint(mix(v), line)
		return 0, false
	}
	if k := len(s.runs) - 1; k >= 0 {
		r := &s.runs[k]
		next := int64(0)
		if r.line != 0 {
			next = int64(r.line) + int64(r.n)
		}
		if v == r.lo+uint64(r.n) && ln == next && r.n < 1<<32-1 {
			r.n++
			return 0, false
		}
	}
	s.runs = append(s.runs, run{lo: v, n: 1, line: int32(ln)})
	return 0, false
}

func (s *Ints) max() uint64 {
	r := s.runs[len(s.runs)-1]
	return r.lo + uint64(r.n) - 1
}

func (s *Ints) search(v uint64) (int, bool) {
	k := sort.Search(len(s.runs), func(i int) bool { return s.runs[i].lo+uint64(s.runs[i].n) > v })
	if k < len(s.runs) && s.runs[k].lo <= v {
		r := s.runs[k]
		if r.line == 0 {
			return 0, true
		}
		return int(r.line) + int(v-r.lo), true
	}
	if v == 0 {
		return max(s.zero-1, 0), s.zero > 0
	}
	if s.rest == nil {
		return 0, false
	}
	i, ok := s.rest.find(mix(v))
	if !ok {
		return 0, false
	}
	return s.rest.line(i), true
}

// mix is the splitmix64 finalizer: a bijection on uint64 that spreads
// sequential numbers over a table, with mix(0) == 0 (so positive keys
// never look like an empty slot), and so integer keys never collide.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
