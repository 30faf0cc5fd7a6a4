// Package seen remembers which keys (confirmation numbers, change ids) a
// file has already used, at bounded memory for files of any size.
//
// Keys are kept as 64-bit fingerprints made with a per-process random
// seed (hash/maphash), so memory does not depend on key length: about 16
// bytes a key while a file is small, with the line each key was first seen
// on, and 8 bytes a key in sorted runs past Spill keys (the line is then
// forgotten), so a 4-million-record file needs about 32 MiB. Two different
// keys share a fingerprint with probability about n²/2⁶⁵ — 3e-12 for
// 10,000 keys, 4e-7 for 4 million — and such a pair would be reported as
// a duplicate, never missed.
package seen

import (
	"hash/maphash"
	"slices"
)

const (
	minSlots = 1 << 10
	maxSlots = 1 << 18 // 4 MiB of table
	// Spill is how many keys the table holds, with their lines, before it
	// moves them to sorted runs.
	Spill  = maxSlots / 2
	runMax = 1 << 19 // runs of 4 MiB are not merged further
)

// Set is a set of string keys. The zero value is not ready; use New.
type Set struct {
	seed  maphash.Seed
	slots []uint64 // open addressing; fingerprint 0 marks an empty slot
	lines []int32  // line of slots[i], written on insert, read on a duplicate
	n     int
	runs  [][]uint64 // sorted runs of fingerprints, sizes decreasing
}

// New returns an empty set sized for about hint keys (0 if unknown), so
// that a set whose size is known up front never regrows.
func New(hint int) *Set {
	n := minSlots
	for n < maxSlots && n < 2*hint+2 {
		n *= 2
	}
	return &Set{seed: maphash.MakeSeed(), slots: make([]uint64, n), lines: make([]int32, n)}
}

func (s *Set) print(key string) uint64 {
	h := maphash.String(s.seed, key)
	if h == 0 {
		h = 1
	}
	return h
}

// find returns the slot of h in the table: the one holding it, or the
// empty one where it would go.
func (s *Set) find(h uint64) (int, bool) {
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return int(i), true
		case 0:
			return int(i), false
		}
	}
}

func (s *Set) inRuns(h uint64) bool {
	for _, r := range s.runs {
		if _, found := slices.BinarySearch(r, h); found {
			return true
		}
	}
	return false
}

// Lookup reports whether key is in the set, and the line it was first seen
// on when that is still known (0 otherwise).
func (s *Set) Lookup(key string) (int, bool) {
	h := s.print(key)
	if i, ok := s.find(h); ok {
		return int(s.lines[i]), true
	}
	return 0, s.inRuns(h)
}

// Add adds key, seen on line. When key was already in the set it returns
// the line it was first seen on (0 when no longer known) and true.
func (s *Set) Add(key string, line int) (int, bool) {
	h := s.print(key)
	i, ok := s.find(h)
	if ok {
		return int(s.lines[i]), true
	}
	if s.inRuns(h) {
		return 0, true
	}
	s.slots[i], s.lines[i] = h, int32(min(line, 1<<31-1))
	s.n++
	if s.n*2 > len(s.slots) {
		if len(s.slots) < maxSlots {
			s.grow()
		} else {
			s.spill()
		}
	}
	return 0, false
}

// Len returns the number of keys added (duplicates not counted).
func (s *Set) Len() int {
	n := s.n
	for _, r := range s.runs {
		n += len(r)
	}
	return n
}

func (s *Set) grow() {
	old, lines := s.slots, s.lines
	s.slots, s.lines = make([]uint64, 2*len(old)), make([]int32, 2*len(old))
	for i, h := range old {
		if h != 0 {
			j, _ := s.find(h)
			s.slots[j], s.lines[j] = h, lines[i]
		}
	}
}

// spill moves the table to a sorted run, merging runs of similar size so
// that lookups stay a few binary searches.
func (s *Set) spill() {
	run := make([]uint64, 0, s.n)
	for i, h := range s.slots {
		if h != 0 {
			run = append(run, h)
			s.slots[i] = 0
		}
	}
	s.n = 0
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
