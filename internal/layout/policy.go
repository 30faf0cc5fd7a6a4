package layout

import "fmt"

// Policy is a reader's error policy: stop at the first problem (Max 0),
// stop after Max problems (Max > 0), or never stop (Max < 0). Readers
// report every problem through it and stop when Stopped says so.
type Policy struct {
	Max  int
	File string

	n       int
	stopped bool
}

// Report counts the problems in err (nil counts none) and returns err. When
// err reaches the cap, the second result is the ErrTooMany problem to hand
// out after it. A failure to read (err holds no problem) is not counted:
// it stops the reading, so that what follows it is not taken for a
// problem of the data (a file that "ends without its trailer").
func (p *Policy) Report(err error, line int) (error, error) {
	if err == nil {
		return nil, nil
	}
	if !IsProblem(err) {
		p.stopped = true
		return err, nil
	}
	p.n += len(Flatten(err))
	switch {
	case p.Max == 0:
		p.stopped = true
	case p.Max > 0 && p.n >= p.Max:
		p.stopped = true
		return err, &Error{File: p.File, Line: line, Err: ErrTooMany, Msg: fmt.Sprintf("stopped reading after %d problems", p.n)}
	}
	return err, nil
}

// Stopped reports whether reading must end.
func (p *Policy) Stopped() bool { return p.stopped }
