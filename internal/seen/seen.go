// Package seen remembers which keys (confirmation numbers, change ids) a
// file has already used, at bounded memory for files of any size.
//
// Up to Exact keys are kept whole, with the line each was first seen on,
// so that a duplicate is reported with both lines. Past that the set keeps
// 8-byte keyed fingerprints in sorted runs: about 8 bytes a key, so a
// 4-million-record file needs about 32 MiB. Two different keys share a
// fingerprint with probability about n²/2⁶⁵ (4e-7 for 4 million keys);
// such a pair would be reported as a duplicate, never missed.
package seen

import (
	"hash/maphash"
	"slices"
	"strings"
)

// Exact is how many keys a Set keeps whole before it switches to
// fingerprints.
const Exact = 100_000

const (
	tableBits = 13 // pending fingerprints: an open-addressing table of 8192 slots
	pendMax   = 1 << (tableBits - 1)
	runMax    = 1 << 19 // 4 MiB runs; larger ones are not merged further
)

// Set is a set of string keys.
type Set struct {
	exact map[string]int
	seed  maphash.Seed

	table []uint64 // pending fingerprints, open addressing, 0 = empty
	pend  int
	runs  [][]uint64 // sorted runs, sizes decreasing
}

// New returns an empty set.
func New() *Set {
	return &Set{exact: make(map[string]int), seed: maphash.MakeSeed()}
}

// Add adds key, seen on line. It returns the line key was first seen on and
// true when it was already in the set; the line is 0 when it is no longer
// known (past Exact keys).
func (s *Set) Add(key string, line int) (int, bool) {
	if s.table == nil {
		if first, ok := s.exact[key]; ok {
			return first, true
		}
		if len(s.exact) < Exact {
			s.exact[strings.Clone(key)] = line // not a slice of a larger line
			return 0, false
		}
		s.spill()
	}
	return 0, s.addPrint(s.print(key))
}

// Lookup reports whether key is in the set, and the line it was first
// seen on when that is still known.
func (s *Set) Lookup(key string) (int, bool) {
	if s.table == nil {
		first, ok := s.exact[key]
		return first, ok
	}
	return 0, s.hasPrint(s.print(key))
}

func (s *Set) hasPrint(h uint64) bool {
	for _, r := range s.runs {
		if _, found := slices.BinarySearch(r, h); found {
			return true
		}
	}
	mask := uint64(len(s.table) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.table[i] {
		case h:
			return true
		case 0:
			return false
		}
	}
}

// Len returns the number of keys added (duplicates not counted).
func (s *Set) Len() int {
	if s.table == nil {
		return len(s.exact)
	}
	n := s.pend
	for _, r := range s.runs {
		n += len(r)
	}
	return n
}

func (s *Set) print(key string) uint64 {
	h := maphash.String(s.seed, key)
	if h == 0 {
		h = 1 // 0 marks an empty slot
	}
	return h
}

// spill moves the exact keys to fingerprints.
func (s *Set) spill() {
	s.table = make([]uint64, 1<<tableBits)
	for k := range s.exact {
		s.addPrint(s.print(k))
	}
	s.exact = nil
}

func (s *Set) addPrint(h uint64) bool {
	if s.hasPrint(h) {
		return true
	}
	mask := uint64(len(s.table) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		if s.table[i] == 0 {
			s.table[i] = h
			s.pend++
			if s.pend == pendMax {
				s.flush()
			}
			return false
		}
	}
}

// flush turns the pending table into a sorted run, merging runs of similar
// size so that lookups stay a few binary searches.
func (s *Set) flush() {
	run := make([]uint64, 0, s.pend)
	for i, h := range s.table {
		if h != 0 {
			run = append(run, h)
			s.table[i] = 0
		}
	}
	s.pend = 0
	slices.Sort(run)
	for len(s.runs) > 0 {
		last := s.runs[len(s.runs)-1]
		if len(last) > len(run) || len(last)+len(run) > runMax {
			break
		}
		s.runs = s.runs[:len(s.runs)-1]
		run = mergeSorted(make([]uint64, 0, len(last)+len(run)), last, run)
	}
	s.runs = append(s.runs, run)
}

func mergeSorted(dst, a, b []uint64) []uint64 {
	for len(a) > 0 && len(b) > 0 {
		if a[0] < b[0] {
			dst, a = append(dst, a[0]), a[1:]
		} else {
			dst, b = append(dst, b[0]), b[1:]
		}
	}
	dst = append(dst, a...)
	return append(dst, b...)
}
