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
	one     T
	oneLine int
	hasOne  bool
	spare   T    // Slot's place when one is taken
	inOne   bool // the last Slot was one
	out     []streamItem[T]
	head    int // out[head:] is still to hand out
	done    bool
	line    int // of what Next handed out last
}

type streamItem[T any] struct {
	v    T
	err  error
	line int
}

// Push queues a value read from the given line (where its record starts).
func (s *Stream[T]) Push(v T, line int) {
	if !s.hasOne && s.head == len(s.out) {
		s.one, s.oneLine, s.hasOne = v, line, true
		return
	}
	s.out = append(s.out, streamItem[T]{v: v, line: line})
}

// Slot returns a zeroed place to build the next value in, field by field,
// and PushSlot then queues it: the same as building a value and pushing
// it, without copying it (the payment and OptOut readers' values, at
// hundreds of MB/s). A Slot not pushed is dropped by the next Slot.
func (s *Stream[T]) Slot() *T {
	s.inOne = !s.hasOne && s.head == len(s.out)
	p := &s.spare
	if s.inOne {
		p = &s.one
	}
	*p = *new(T)
	return p
}

// PushSlot queues the value built in the place Slot returned, read from
// the given line.
func (s *Stream[T]) PushSlot(line int) {
	switch {
	case s.inOne && !s.hasOne && s.head == len(s.out):
		s.oneLine, s.hasOne = line, true
	case s.inOne:
		s.Push(s.one, line) // a problem was queued after Slot: keep file order
	default:
		s.Push(s.spare, line)
	}
}

// Fail queues a problem through the policy (nil is ignored). line is where
// the reader is; the problem's own line, when it names one, is what Line
// then reports.
func (s *Stream[T]) Fail(err error, line int) {
	if at := lineOf(err); at > 0 {
		line = at
	}
	err, tooMany := s.Policy.Report(err, line)
	if err != nil {
		s.out = append(s.out, streamItem[T]{err: err, line: line})
	}
	if tooMany != nil {
		s.out = append(s.out, streamItem[T]{err: tooMany, line: line})
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
		s.hasOne, s.line = false, s.oneLine
		return s.one, nil
	}
	it := s.pop()
	return it.v, it.err
}

// pop takes the next queued item, letting the queue's hold on it go.
func (s *Stream[T]) pop() streamItem[T] {
	it := s.out[s.head]
	s.out[s.head] = streamItem[T]{}
	s.head++
	s.line = it.line
	return it
}

// lineOf is the line a problem names, without flattening it: 0 if none.
func lineOf(err error) int {
	switch e := err.(type) {
	case *Error:
		return e.Line
	case Errors:
		if len(e) > 0 {
			return e[0].Line
		}
	}
	return 0
}

// Line returns the line of the value or problem Next handed out last:
// where its record starts. 0 before the first.
func (s *Stream[T]) Line() int { return s.line }

// Until calls step until have reports what the caller waits for (a
// reader's header, say), a problem is queued, or the input ends. A problem
// queued first is taken off the queue and returned, so it is reported once:
// here, not again by Next. Values queued stay queued.
func (s *Stream[T]) Until(step func(), have func() bool) error {
	for !have() && !s.hasOne && s.head == len(s.out) && !s.done && !s.Policy.Stopped() {
		s.out, s.head = s.out[:0], 0
		step()
	}
	if have() || s.hasOne || s.head == len(s.out) || s.out[s.head].err == nil {
		return nil
	}
	return s.pop().err
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
