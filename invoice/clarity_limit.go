package invoice

import (
	"errors"
	"io"
)

// The limits that keep the Clarity reader at flat memory on any input.
// encoding/xml holds a whole token (a name, a start tag with its
// attributes, a run of text) before it returns it, so a file of zeros or
// a huge attribute would be held whole; the reader refuses such a token
// once it passes ClarityMaxToken bytes instead. The fields of FORMATS §3
// are a few dozen characters, a whole invoice a few KiB.
const (
	// ClarityMaxToken is the most bytes one token may take: a start tag
	// with all its attributes, an end tag, or a run of text between two
	// tags (an element's text read in pieces around comments or CDATA
	// counts together).
	ClarityMaxToken = 1 << 20
	// ClarityMaxInvoice is the most bytes one Invoice element may take.
	ClarityMaxInvoice = 4 << 20
)

// errTokenTooLong is what the window returns when a token passes
// ClarityMaxToken; the reader turns it into a problem naming the line.
var errTokenTooLong = errors.New("token too long")

// window is the byte reader the XML decoder reads from: a buffer like
// bufio.Reader's that keeps the bytes of the token being read (from the
// last mark on), so that a token is refused once it outgrows max, and so
// that a start tag's own bytes can be looked at (to say which line of a
// tag written over several lines an attribute is on).
type window struct {
	r        io.Reader
	buf      []byte
	pos, end int // bytes read are buf[:pos], bytes buffered buf[pos:end]
	mark     int // the token being read starts at buf[mark]
	max      int
	err      error
}

func newWindow(r io.Reader, max int) *window {
	return &window{r: r, buf: make([]byte, 16<<10), max: max}
}

// Mark notes that a token starts at the next byte.
func (w *window) Mark() { w.mark = w.pos }

// Token returns the bytes read since the mark (the decoder may have read
// one byte of the next token ahead, and the first byte of this one in the
// call before).
func (w *window) Token() []byte { return w.buf[w.mark:w.pos] }

// ReadByte is what the decoder calls for every byte.
func (w *window) ReadByte() (byte, error) {
	if w.pos == w.end && !w.fill() {
		return 0, w.err
	}
	b := w.buf[w.pos]
	w.pos++
	return b, nil
}

// Read is what a charset decoder over this window calls; the decoder then
// reads from a window over the charset decoder, and this one keeps no
// token.
func (w *window) Read(p []byte) (int, error) {
	if w.pos == w.end {
		if w.err != nil {
			return 0, w.err
		}
		w.mark, w.pos, w.end = 0, 0, 0
		return w.r.Read(p)
	}
	n := copy(p, w.buf[w.pos:w.end])
	w.pos += n
	w.mark = w.pos
	return n, nil
}

// fill reads more bytes, keeping those of the token being read; it
// refuses to keep more than max.
func (w *window) fill() bool {
	if w.err != nil {
		return false
	}
	if w.mark > 0 {
		n := copy(w.buf, w.buf[w.mark:w.end])
		w.pos -= w.mark
		w.end = n
		w.mark = 0
	}
	if w.end == len(w.buf) {
		if w.end >= w.max {
			w.err = errTokenTooLong
			return false
		}
		grown := make([]byte, min(2*len(w.buf), w.max))
		copy(grown, w.buf[:w.end])
		w.buf = grown
	}
	for range 100 {
		n, err := w.r.Read(w.buf[w.end:])
		w.end += n
		if n > 0 {
			return true
		}
		if err != nil {
			w.err = err
			return false
		}
	}
	w.err = io.ErrNoProgress
	return false
}
