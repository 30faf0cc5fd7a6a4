package layout

import (
	"io"
	"iter"
)

// Stream is the output side of a record reader: the values and problems
// it has found, handed out one at a time in file order, under an error
// Policy. A package's reader pushes into it from a step function that
// reads one record.
type Stream[T any] struct {
	Policy Policy
	// one is a value pushed while the queue was empty, the usual case: it
	// comes before everything in out, and costs no append.
	one    T
	hasOne bool
	spare  T    // Slot's place when one is taken
	inOne  bool // the last Slot was one
	out    []streamItem[T]
	head   int // out[head:] is still to hand out
	done   bool
}

type streamItem[T any] struct {
	v   T
	err error
}

// Push queues a value.
func (s *Stream[T]) Push(v T) {
	if !s.hasOne && s.head == len(s.out) {
		s.one, s.hasOne = v, true
		return
	}
	s.out = append(s.out, streamItem[T]{v: v})
}

// Slot returns a zeroed place to build the next value in, field by field,
// and PushSlot then queues it: the same as building a value and pushing
// it, without copying it. A Slot not pushed is dropped by the next Slot.
func (s *Stream[T]) Slot() *T {
	s.inOne = !s.hasOne && s.head == len(s.out)
	p := &s.spare
	if s.inOne {
		p = &s.one
	}
	*p = *new(T)
	return p
}

// PushSlot queues the value built in the place Slot returned.
func (s *Stream[T]) PushSlot() {
	switch {
	case s.inOne && !s.hasOne && s.head == len(s.out):
		s.hasOne = true
	case s.inOne:
		s.Push(s.one) // a problem was queued after Slot: keep file order
	default:
		s.Push(s.spare)
	}
}

// Fail queues a problem through the policy (nil is ignored).
func (s *Stream[T]) Fail(err error, line int) {
	err, tooMany := s.Policy.Report(err, line)
	if err != nil {
		s.out = append(s.out, streamItem[T]{err: err})
	}
	if tooMany != nil {
		s.out = append(s.out, streamItem[T]{err: tooMany})
	}
}

// End marks the end of the input: once the queue is empty, Next returns
// io.EOF.
func (s *Stream[T]) End() { s.done = true }

// Next returns the next value or problem, calling step to read more while
// nothing is queued; io.EOF once the input has ended or the policy has
// stopped reading.
func (s *Stream[T]) Next(step func()) (T, error) {
	for !s.hasOne && s.head == len(s.out) {
		// Reuse the queue's array rather than letting it creep forward.
		s.out, s.head = s.out[:0], 0
		if s.done || s.Policy.Stopped() {
			var zero T
			return zero, io.EOF
		}
		step()
	}
	if s.hasOne {
		// The slot keeps its value until the next Push: one value held a
		// little longer costs less than clearing it each time.
		s.hasOne = false
		return s.one, nil
	}
	it := s.out[s.head]
	s.out[s.head] = streamItem[T]{} // let the value go
	s.head++
	return it.v, it.err
}

// All turns a Read method into an iterator that ends at io.EOF.
func All[T any](read func() (T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for {
			v, err := read()
			if err == io.EOF {
				return
			}
			if !yield(v, err) {
				return
			}
		}
	}
}
