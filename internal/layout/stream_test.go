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
			for range r.IntN(4) {
				if r.IntN(3) == 0 {
					err := &Error{Line: n, Err: ErrInvalid, Msg: "bad"}
					want = append(want, "err "+fmt.Sprint(n))
					s.Fail(err, n)
				} else {
					want = append(want, fmt.Sprint(n))
					s.Push(n)
				}
				n++
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
				got = append(got, "err "+fmt.Sprint(e.Line))
				continue
			}
			got = append(got, fmt.Sprint(v))
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d: got %v\nwant %v", round, got, want)
		}
	}
}
