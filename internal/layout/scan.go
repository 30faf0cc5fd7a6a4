package layout

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/icbatch/caselle/internal/cp1252"
)

// Line is one line of a file, without its line ending.
type Line struct {
	No int // 1-based
	// Bytes is the line in Windows-1252 (converted when the file is UTF-8
	// with a byte-order mark). It is valid until the next Scan.
	Bytes []byte
	// Long is the line's length in bytes when it was longer than the
	// scanner's limit; Bytes then holds only its start.
	Long int
	// End is the line's ending as it was in the file: "\r\n", "\n", "\r",
	// or "" for a last line without one.
	End string
	// Quotes counts the double quotes of an over-long line (Long > 0), so
	// that a delimited reader knows whether it ended inside a quoted
	// field.
	Quotes int
}

// Scanner splits a file into lines at flat memory: CRLF, LF or CR endings,
// a missing final line ending, one trailing 0x1A, and a UTF-8 byte-order
// mark (the file is then read as UTF-8 and converted to Windows-1252 so that
// byte positions stay those of the Windows-1252 form). A line longer than
// the limit is returned with Long set, never silently cut or dropped.
type Scanner struct {
	File string // for errors

	r        io.Reader
	buf      []byte // grows, up to max, while a line does not fit
	max      int
	pos, end int
	off      int64 // offset in the input of buf[0]
	eof      bool
	readErr  error
	no       int
	limit    int
	started  bool
	utf8     bool
	keepUTF8 bool // lines of a UTF-8 file are checked, not converted
	conv     []byte
	head     []byte
}

// NewScanner returns a scanner whose lines may be at most limit bytes long.
func NewScanner(r io.Reader, limit int) *Scanner {
	if limit < 1 {
		limit = 1
	}
	size := 64 << 10
	for size < 4*limit+8 {
		size *= 2
	}
	return &Scanner{r: r, buf: make([]byte, min(size, 64<<10)), max: size, limit: limit}
}

// fill compacts the buffer and reads more, once.
func (s *Scanner) fill() {
	if s.pos > 0 {
		copy(s.buf, s.buf[s.pos:s.end])
		s.off += int64(s.pos)
		s.end -= s.pos
		s.pos = 0
	}
	if s.end == len(s.buf) && len(s.buf) < s.max {
		grown := make([]byte, min(2*len(s.buf), s.max))
		copy(grown, s.buf[:s.end])
		s.buf = grown
	}
	for !s.eof && s.end < len(s.buf) {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			if s.end > s.pos && s.buf[s.end-1] == 0x1A {
				s.end-- // the DOS end-of-file mark
			}
		} else if err != nil {
			s.eof = true
			s.readErr = err
		}
		if n > 0 {
			return
		}
	}
}

// indexEOL returns the index of the first CR or LF in b, or -1.
func indexEOL(b []byte) int {
	i := bytes.IndexByte(b, '\n')
	head := b
	if i >= 0 {
		head = b[:i]
	}
	if j := bytes.IndexByte(head, '\r'); j >= 0 {
		return j
	}
	return i
}

// Scan returns the next line, or io.EOF after the last one. A read error
// is returned as it happens, after the lines before it.
func (s *Scanner) Scan() (Line, error) {
	if !s.started {
		s.started = true
		for s.end-s.pos < 3 && !s.eof {
			s.fill()
		}
		if bytes.HasPrefix(s.buf[s.pos:s.end], []byte("\xEF\xBB\xBF")) {
			s.utf8 = true
			s.pos += 3
		}
	}
	lim := s.limit + 1
	if s.utf8 {
		lim = 4*s.limit + 1
	}
	for {
		window := s.buf[s.pos:s.end]
		if len(window) > lim {
			window = window[:lim]
		}
		i := indexEOL(window)
		if i >= 0 {
			if window[i] == '\r' && s.pos+i+1 == s.end && !s.eof {
				s.fill() // a CR at the end of the data may be half of a CRLF
				continue
			}
			line := s.buf[s.pos : s.pos+i]
			adv, end := i+1, "\n"
			if window[i] == '\r' {
				end = "\r"
				if s.pos+i+1 < s.end && s.buf[s.pos+i+1] == '\n' {
					adv, end = adv+1, "\r\n"
				}
			}
			s.pos += adv
			s.no++
			ln, err := s.line(line)
			ln.End = end
			return ln, err
		}
		if len(window) == lim {
			return s.skipLong()
		}
		if s.eof {
			if s.readErr != nil && s.pos < s.end {
				s.pos = s.end // a line cut off by the failure is not a line of the file
			}
			if s.pos == s.end {
				if s.readErr != nil {
					err := s.readErr
					s.readErr = nil
					return Line{}, ReadFailed(s.File, s.no, err)
				}
				return Line{}, io.EOF
			}
			line := s.buf[s.pos:s.end]
			s.pos = s.end
			s.no++
			return s.line(line)
		}
		s.fill()
	}
}

// ReadFailed is the error of a failure to read file after its line line:
// not a problem of the data (IsProblem is false), and the end of it.
func ReadFailed(file string, line int, err error) error {
	return fmt.Errorf("%s: reading after line %d: %w", nameOr(file), line, err)
}

func nameOr(f string) string {
	if f == "" {
		return "input"
	}
	return f
}

// peek returns the bytes read but not yet scanned, for a caller that can
// find a line's end itself, or nil when lines must go through Scan (before
// the first line, or when a byte-order mark makes them need converting).
func (s *Scanner) peek() []byte {
	if !s.started || s.utf8 {
		return nil
	}
	return s.buf[s.pos:s.end]
}

// offset returns the offset in the input of the next byte peek returns.
func (s *Scanner) offset() int64 { return s.off + int64(s.pos) }

// from returns the buffered input from offset at on (nil when that is no
// longer, or not yet, in the buffer). Bytes taken by take stay in the
// buffer until the next peek or Scan.
func (s *Scanner) from(at int64) []byte {
	i := at - s.off
	if i < 0 || i > int64(s.end) {
		return nil
	}
	return s.buf[i:s.end]
}

// take consumes a line of n bytes from peek's bytes, and its line ending
// of eol bytes.
func (s *Scanner) take(n, eol int) Line {
	b := s.buf[s.pos : s.pos+n]
	s.pos += n + eol
	s.no++
	return Line{No: s.no, Bytes: b}
}

// skipLong consumes an over-long line through its line ending.
func (s *Scanner) skipLong() (Line, error) {
	s.no++
	s.head = append(s.head[:0], s.buf[s.pos:s.pos+min(40, s.end-s.pos)]...)
	n, quotes := 0, 0
	for {
		i := indexEOL(s.buf[s.pos:s.end])
		if i >= 0 {
			quotes += bytes.Count(s.buf[s.pos:s.pos+i], []byte{'"'})
			if s.buf[s.pos+i] == '\r' && s.pos+i+1 == s.end && !s.eof {
				n += i
				s.pos += i
				s.fill()
				if s.end > s.pos+1 && s.buf[s.pos+1] == '\n' {
					s.pos++
				}
				s.pos++
				break
			}
			n += i
			adv := i + 1
			if s.buf[s.pos+i] == '\r' && s.pos+i+1 < s.end && s.buf[s.pos+i+1] == '\n' {
				adv++
			}
			s.pos += adv
			break
		}
		n += s.end - s.pos
		quotes += bytes.Count(s.buf[s.pos:s.end], []byte{'"'})
		s.pos = s.end
		if s.eof {
			break
		}
		s.fill()
	}
	return Line{No: s.no, Bytes: s.head, Long: n, Quotes: quotes}, nil
}

// line converts a UTF-8 line to Windows-1252 when the file had a BOM (or
// only checks it is UTF-8, when the scanner keeps UTF-8).
func (s *Scanner) line(b []byte) (Line, error) {
	if !s.utf8 || cp1252.IsASCII(b) {
		return Line{No: s.no, Bytes: b}, nil
	}
	if s.keepUTF8 {
		if !utf8.Valid(b) {
			i := validPrefix(b)
			return Line{No: s.no, Bytes: b}, &Error{File: s.File, Line: s.no, Start: i + 1,
				Value: displayUTF8(b[i:min(i+4, len(b))]), Err: ErrEncoding,
				Msg: "the file starts with a UTF-8 byte-order mark but this line is not valid UTF-8"}
		}
		return Line{No: s.no, Bytes: b}, nil
	}
	s.conv = s.conv[:0]
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return Line{No: s.no, Bytes: b}, &Error{File: s.File, Line: s.no, Start: len(s.conv) + 1,
				Value: display(b[i:min(i+4, len(b))]), Err: ErrEncoding,
				Msg: "the file starts with a UTF-8 byte-order mark but this line is not valid UTF-8"}
		}
		if r < 0x80 {
			s.conv = append(s.conv, byte(r))
		} else if c, ok := cp1252.Byte(r); ok {
			s.conv = append(s.conv, c)
		} else {
			return Line{No: s.no, Bytes: b}, &Error{File: s.File, Line: s.no, Start: len(s.conv) + 1,
				Value: string(r), Err: ErrEncoding,
				Msg: fmt.Sprintf("character %U cannot be represented in Windows-1252", r)}
		}
		i += size
	}
	return Line{No: s.no, Bytes: s.conv}, nil
}

// displayUTF8 shows b as UTF-8 text, a byte that is not UTF-8 as \xNN.
func displayUTF8(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			fmt.Fprintf(&sb, `\x%02X`, b[i])
		} else {
			sb.Write(b[i : i+size])
		}
		i += size
	}
	return sb.String()
}

// validPrefix is the length of b's valid UTF-8 start.
func validPrefix(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}
