// Package seen remembers which keys (confirmation numbers, change ids) a
// file has already used, in memory proportional to the number of keys but
// not to their length.
//
// Keys are kept as 64-bit fingerprints made with a per-process random seed
// (hash/maphash) in one open-addressing table, sized once from a hint (a
// file's size) or grown by doubling. While the table is small (up to
// LineSlots slots) it also keeps the line each key was first seen on; past
// that only the fingerprint: about 11 bytes a key at the table's load, so a
// 4-million-record file needs about 43 MiB. Two different keys share a
// fingerprint with probability about n²/2⁶⁵ — 3e-12 for 10,000 keys, 4e-7
// for 4 million — and such a pair would be reported as a duplicate, never
// missed.
package seen

import (
	"fmt"
	"hash/maphash"
	"math/bits"
)

const (
	minSlots = 1 << 10
	// LineSlots is the largest table that keeps lines (256 Ki slots, 3 MiB).
	LineSlots = 1 << 18
)

// Where says where a key was first seen, from the line Add or Lookup
// returned: "on line N", or "earlier in the file" once the set no longer
// keeps lines (0). It finishes every "already used …" message.
func Where(line int) string {
	if line > 0 {
		return fmt.Sprintf("on line %d", line)
	}
	return "earlier in the file"
}

// Set is a set of string keys. Use New.
type Set struct {
	seed  maphash.Seed
	slots []uint64 // open addressing, fingerprint 0 = empty
	lines []int32  // line of slots[i], while len(slots) <= LineSlots
	n     int
	// tenths is the load (in tenths) past which the table grows: 8, or 9
	// for a table sized from a hint, which may undercount a little (LF
	// line endings, trimmed trailing spaces) and should not double for it.
	tenths int
}

// New returns an empty set sized for about hint keys (0 if unknown), so
// that a set whose size is known up front never regrows.
func New(hint int) *Set {
	s := &Set{seed: maphash.MakeSeed(), tenths: 8}
	if hint > 0 {
		s.tenths = 9
	}
	s.alloc(max(minSlots, hint+hint/4+1)) // load 4/5 when the hint is right
	return s
}

// Bytes returns the memory a set made with New(hint) takes before it grows.
func Bytes(hint int) int64 {
	n := int64(max(minSlots, hint+hint/4+1))
	if n <= LineSlots {
		return 12 * n
	}
	return 8 * n
}

func (s *Set) alloc(n int) {
	s.slots = make([]uint64, n)
	s.lines = nil
	if n <= LineSlots {
		s.lines = make([]int32, n)
	}
}

func (s *Set) print(key string) uint64 {
	h := maphash.String(s.seed, key)
	if h == 0 {
		h = 1
	}
	return h
}

// find returns the slot of h: the one holding it, or the empty one where it
// would go. The first slot is h scaled to the table (no power of two needed).
func (s *Set) find(h uint64) (int, bool) {
	n := uint64(len(s.slots))
	i, _ := bits.Mul64(h, n)
	for {
		switch s.slots[i] {
		case h:
			return int(i), true
		case 0:
			return int(i), false
		}
		if i++; i == n {
			i = 0
		}
	}
}

func (s *Set) line(i int) int {
	if s.lines == nil {
		return 0
	}
	return int(s.lines[i])
}

// Lookup reports whether key is in the set, and the line it was first seen
// on when that is known (0 otherwise).
func (s *Set) Lookup(key string) (int, bool) {
	i, ok := s.find(s.print(key))
	if !ok {
		return 0, false
	}
	return s.line(i), true
}

// Add adds key, seen on line. When key was already in the set it returns
// the line it was first seen on (0 when not known) and true.
func (s *Set) Add(key string, line int) (int, bool) {
	return s.addPrint(s.print(key), line)
}

// addPrint adds the fingerprint h (never 0).
func (s *Set) addPrint(h uint64, line int) (int, bool) {
	i, ok := s.find(h)
	if ok {
		return s.line(i), true
	}
	s.insert(i, h, line)
	return 0, false
}

func (s *Set) insert(i int, h uint64, line int) {
	s.slots[i] = h
	if s.lines != nil {
		s.lines[i] = int32(min(line, 1<<31-1))
	}
	s.n++
	if 10*s.n > s.tenths*len(s.slots) {
		s.grow()
	}
}

// Len returns the number of keys added (duplicates not counted).
func (s *Set) Len() int { return s.n }

func (s *Set) grow() {
	old, lines := s.slots, s.lines
	s.alloc(2 * len(old))
	for i, h := range old {
		if h != 0 {
			j, _ := s.find(h)
			s.slots[j] = h
			if s.lines != nil {
				s.lines[j] = lines[i]
			}
		}
	}
}
