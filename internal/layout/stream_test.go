package layout

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// TestStreamKeepsOrder pushes values and problems in random patterns (one
// value a step, several, a problem before or after a value, nothing) and
// checks that Next hands them out in the order they came.
func TestStreamKeepsOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	for round := range 200 {
		var s Stream[int]
		s.Policy = Policy{Max: -1}
		var want []string
		n, steps := 0, 0
		step := func() {
			steps++
			if steps > 30 {
				s.End()
				return
			}
			fail := func() {
				want = append(want, "err "+fmt.Sprint(n))
				s.Fail(&Error{Line: n, Err: ErrInvalid, Msg: "bad"}, n)
				n++
			}
			for range r.IntN(4) {
				switch r.IntN(5) {
				case 0:
					fail()
				case 1, 2:
					want = append(want, fmt.Sprint(n))
					s.Push(n, n)
					n++
				case 3: // built in place, maybe with a problem queued meanwhile
					v := s.Slot()
					*v = n
					n++
					if r.IntN(3) == 0 {
						fail()
					}
					want = append(want, fmt.Sprint(*v))
					s.PushSlot(*v)
				case 4: // a slot dropped
					*s.Slot() = -1
				}
			}
		}
		var got []string
		for {
			v, err := s.Next(step)
			if err == io.EOF {
				break
			}
			var e *Error
			if errors.As(err, &e) {
				if s.Line() != e.Line {
					t.Fatalf("round %d: Line() %d after the problem of line %d", round, s.Line(), e.Line)
				}
				got = append(got, "err "+fmt.Sprint(e.Line))
				continue
			}
			if s.Line() != v {
				t.Fatalf("round %d: Line() %d after the value of line %d", round, s.Line(), v)
			}
			got = append(got, fmt.Sprint(v))
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d: got %v\nwant %v", round, got, want)
		}
	}
}

// TestStreamSlotIsZeroed: a slot never shows the value built before it.
func TestStreamSlotIsZeroed(t *testing.T) {
	type pair struct{ A, B string }
	var s Stream[pair]
	s.Slot().A = "first"
	s.PushSlot(1)
	if v, err := s.Next(func() {}); err != nil || v.A != "first" {
		t.Fatalf("got %+v, %v", v, err)
	}
	p := s.Slot()
	p.B = "second"
	s.PushSlot(2)
	if v, _ := s.Next(func() {}); v != (pair{B: "second"}) {
		t.Fatalf("second value %+v carries the first one's field", v)
	}
}

// TestStreamUntil: Until steps only until what is waited for has been read,
// and a problem met first is returned once, not again by Next.
func TestStreamUntil(t *testing.T) {
	var s Stream[int]
	s.Policy = Policy{Max: -1}
	have, steps := false, 0
	step := func() {
		steps++
		switch steps {
		case 1:
			s.Fail(&Error{Line: 1, Err: ErrOrder, Msg: "no header yet"}, 1)
		case 2:
			have = true
			s.Push(20, 2)
		default:
			s.End()
		}
	}
	if err := s.Until(step, func() bool { return have }); err == nil || s.Line() != 1 {
		t.Fatalf("Until = %v, Line %d; want the problem of line 1", err, s.Line())
	}
	if err := s.Until(step, func() bool { return have }); err != nil || !have || steps != 2 {
		t.Fatalf("Until = %v after %d steps; want nil after 2", err, steps)
	}
	if v, err := s.Next(step); err != nil || v != 20 {
		t.Fatalf("Next = %d, %v; want the value queued while waiting", v, err)
	}
	if _, err := s.Next(step); err != io.EOF {
		t.Fatalf("Next = %v; want io.EOF (the problem was returned by Until)", err)
	}
}
