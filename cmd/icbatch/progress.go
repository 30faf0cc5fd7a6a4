package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progress is one line that updates in place on a terminal: nothing when
// standard error is not one, unless asked (--progress), and then a plain
// line now and then, for a log.
type progress struct {
	w     io.Writer
	on    bool
	tty   bool
	now   func() time.Time
	last  time.Time // when a line was shown last
	shown bool      // a line is on the terminal, to clear
	name  string    // the file a transfer is on
	start time.Time // when it started
}

func newProgress(w io.Writer, asked bool) *progress {
	p := &progress{w: w, on: asked, now: time.Now}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.on, p.tty = true, true
		}
	}
	return p
}

// line shows s: in place on a terminal, at most ten times a second; as a
// line of its own otherwise, at most once a second. final lines always.
func (p *progress) line(s string, final bool) {
	if !p.on {
		return
	}
	every := time.Second
	if p.tty {
		every = 100 * time.Millisecond
	}
	if t := p.now(); final || t.Sub(p.last) >= every {
		p.last = t
		if p.tty {
			fmt.Fprintf(p.w, "\r%s\033[K", s)
			p.shown = true
		} else {
			fmt.Fprintln(p.w, s)
		}
	}
}

// pages shows how far a print file has been read.
func (p *progress) pages(name string, page, pages int) {
	p.line(fmt.Sprintf("%s: page %d of %d (%d%%)", name, page, pages, page*100/max(pages, 1)), page == pages)
}

// bytes shows how far a transfer has gone: percent, rate and time left.
func (p *progress) bytes(name string, sent, total int64) {
	if !p.on {
		return
	}
	if name != p.name || sent == 0 {
		p.name, p.start = name, p.now()
	}
	elapsed := p.now().Sub(p.start).Seconds()
	s := fmt.Sprintf("%s: %s of %s", name, size(sent), size(total))
	if total > 0 {
		s += fmt.Sprintf(" (%d%%)", sent*100/total)
	}
	if elapsed > 0 && sent > 0 {
		rate := float64(sent) / elapsed
		s += fmt.Sprintf(", %s/s", size(int64(rate)))
		if total > sent {
			s += fmt.Sprintf(", %s left", (time.Duration(float64(total-sent)/rate) * time.Second).Round(time.Second))
		}
	}
	p.line(s, sent == total)
}

// done clears the terminal's line.
func (p *progress) done() {
	if p.tty && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// size is a byte count for people: 512 B, 3.4 MiB.
func size(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, u := float64(n)/unit, 0
	for v >= unit && u < 3 {
		v /= unit
		u++
	}
	return fmt.Sprintf("%.1f %ciB", v, "KMGT"[u])
}
