package invoice

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// The Clarity reader's XML tokenizer. It reads what encoding/xml's
// Decoder.Token reads in its strict mode — the same tokens, the same
// well-formedness checks, end tags matched to their start tags, name
// space prefixes translated — and refuses what the Decoder refuses, with
// its messages (FuzzScannerAgreesWithDecoder holds the two together). It
// is a scanner of its own because the Decoder reads a byte at a time
// through an interface, copies every name and value, and boxes every
// token: three quarters of the reader's time went there.
//
// A token is read from a buffer that keeps only the token being read
// (so memory stays flat: a token past ClarityMaxToken is refused), and
// read again from its start when the buffer had to be filled in its
// middle. What it refuses beyond the Decoder, as XML does: an XML
// declaration anywhere but at the start of the file.

// tokKind is what the scanner read last.
type tokKind uint8

const (
	tokStart tokKind = iota + 1 // a start tag: name, attr, attrLine
	tokEnd                      // an end tag (also after a self-closing tag): name
	tokText                     // character data, CDATA sections included: text
	tokOther                    // a comment, processing instruction or directive
)

// errShort says a token runs past the bytes buffered.
var errShort = errors.New("short buffer")

const xmlURL = "http://www.w3.org/XML/1998/namespace"

type scanner struct {
	r        io.Reader
	buf      []byte
	pos, end int   // bytes read are buf[:pos], bytes buffered buf[pos:end]
	base     int64 // the input offset of buf[0]
	err      error // the read error met (io.EOF at the end), sticky
	max      int

	// charset is asked about the encoding an XML declaration names (other
	// than UTF-8): whether it is windows-1252, or why it is refused.
	charset func(label string) (cp1252 bool, err error)
	cp1252  bool
	raw     []byte // windows-1252 bytes read and not yet decoded into buf
	rawErr  error  // what the read after raw returned

	nlAt, nlLine int // the newlines in buf[:nlAt] are counted: buf[nlAt] is on line nlLine

	// The token read last.
	kind     tokKind
	line     int // the line it starts on
	name     xml.Name
	attr     []xml.Attr
	attrLine []int  // the line each attribute's name is on
	text     []byte // valid until the next token
	scratch  []byte // text and values with entities or CRs decoded
	spans    []span // the values of the start tag being read

	selfClose bool       // the start tag read last ended with />
	open      []xml.Name // the open elements, as written
	ns        map[string]string
	nsUndo    []nsUndo
	names     [256]string       // element and attribute names, read once (intern)
	more      map[string]string // the names behind those in names
}

// span is where an attribute's value is: in the tag (raw) or in scratch.
type span struct {
	from, to int
	decoded  bool
}

// nsUndo restores a name space binding when the element that made it ends.
type nsUndo struct {
	depth  int
	prefix string
	old    string
	had    bool
}

func newScanner(r io.Reader, max int) *scanner {
	return &scanner{r: r, buf: make([]byte, 16<<10), max: max, nlLine: 1}
}

// offset is the input offset of the next byte to read.
func (s *scanner) offset() int64 { return s.base + int64(s.pos) }

// lineAt is the line of buf[p], p at or after the last asked.
func (s *scanner) lineAt(p int) int {
	if p > s.nlAt {
		s.nlLine += bytes.Count(s.buf[s.nlAt:p], []byte{'\n'})
		s.nlAt = p
	}
	return s.nlLine
}

// posLine is the line after the token read last.
func (s *scanner) posLine() int { return s.lineAt(s.pos) }

func (s *scanner) syntax(b []byte, at int, msg string) error {
	return &xml.SyntaxError{Msg: msg, Line: s.line + bytes.Count(b[:at], []byte{'\n'})}
}

// next reads the next token, or returns io.EOF after the last one.
func (s *scanner) next() error {
	if s.selfClose {
		s.selfClose = false
		s.kind, s.line = tokEnd, s.posLine()
		return s.closeElement(s.open[len(s.open)-1], s.buf[s.pos:s.pos])
	}
	s.line = s.posLine()
	eof := false
	for {
		b := s.buf[s.pos:s.end]
		var n int
		var err error
		switch {
		case len(b) == 0 && eof:
			if len(s.open) > 0 {
				return s.syntax(b, 0, "unexpected EOF")
			}
			return io.EOF
		case len(b) == 0:
			err = errShort
		case b[0] != '<':
			n, err = s.scanText(b, eof)
		default:
			n, err = s.scanMarkup(b, eof)
		}
		if err == errShort {
			switch err := s.fill(); {
			case err == io.EOF:
				eof = true
			case err != nil:
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		return s.took(n)
	}
}

// took ends the token of n bytes just scanned: the element checks and
// name space translation encoding/xml's Token makes.
func (s *scanner) took(n int) error {
	tok := s.buf[s.pos : s.pos+n]
	s.pos += n
	switch s.kind {
	case tokStart:
		s.values(tok)
		s.bind()
		s.open = append(s.open, s.name)
		s.translate(&s.name, true)
		for i := range s.attr {
			s.translate(&s.attr[i].Name, false)
		}
	case tokEnd:
		return s.closeElement(s.name, tok)
	}
	return nil
}

// values makes the strings of the start tag's attribute values: one
// string for the tag, the values that need no decoding cut from it.
func (s *scanner) values(tok []byte) {
	if len(s.spans) == 0 {
		return
	}
	var tag string
	for _, sp := range s.spans {
		if !sp.decoded {
			tag = string(tok)
			break
		}
	}
	for i, sp := range s.spans {
		if sp.decoded {
			s.attr[i].Value = string(s.scratch[sp.from:sp.to])
		} else {
			s.attr[i].Value = tag[sp.from:sp.to]
		}
	}
}

func (s *scanner) closeElement(name xml.Name, tok []byte) error {
	if len(s.open) == 0 {
		return s.syntax(tok, len(tok), "unexpected end element </"+name.Local+">")
	}
	top := s.open[len(s.open)-1]
	switch {
	case top.Local != name.Local:
		return s.syntax(tok, len(tok), "element <"+top.Local+"> closed by </"+name.Local+">")
	case top.Space != name.Space:
		space := name.Space
		if space == "" {
			space = `""`
		}
		return s.syntax(tok, len(tok), "element <"+top.Local+"> in space "+top.Space+" closed by </"+name.Local+"> in space "+space)
	}
	s.name = name
	s.translate(&s.name, true)
	s.open = s.open[:len(s.open)-1]
	for len(s.nsUndo) > 0 && s.nsUndo[len(s.nsUndo)-1].depth > len(s.open) {
		u := s.nsUndo[len(s.nsUndo)-1]
		s.nsUndo = s.nsUndo[:len(s.nsUndo)-1]
		if u.had {
			s.ns[u.prefix] = u.old
		} else {
			delete(s.ns, u.prefix)
		}
	}
	return nil
}

// bind notes the name space bindings of the start tag just read, undone
// when its element ends.
func (s *scanner) bind() {
	for _, a := range s.attr {
		prefix := ""
		switch {
		case a.Name.Space == "xmlns":
			prefix = a.Name.Local
		case a.Name.Space == "" && a.Name.Local == "xmlns":
		default:
			continue
		}
		if s.ns == nil {
			s.ns = map[string]string{}
		}
		old, had := s.ns[prefix]
		s.nsUndo = append(s.nsUndo, nsUndo{depth: len(s.open) + 1, prefix: prefix, old: old, had: had})
		s.ns[prefix] = a.Value
	}
}

// translate turns a name's prefix into its name space, as encoding/xml
// does: the default name space applies to element names only, xml is
// the XML name space, an undeclared prefix stays as written.
func (s *scanner) translate(n *xml.Name, element bool) {
	switch {
	case n.Space == "xmlns", n.Space == "" && !element, n.Space == "" && n.Local == "xmlns":
		return
	case n.Space == "xml":
		n.Space = xmlURL
	}
	if v, ok := s.ns[n.Space]; ok {
		n.Space = v
	}
}

// fill reads more bytes, keeping those of the token being read (from
// pos); it refuses to keep more than max.
func (s *scanner) fill() error {
	if s.err != nil {
		return s.err
	}
	if s.pos > 0 {
		s.lineAt(s.pos)
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.nlAt -= s.pos
		s.end, s.pos = n, 0
	}
	if len(s.buf)-s.end < utf8.UTFMax { // room for a decoded windows-1252 character
		if len(s.buf) >= s.max {
			return errTokenTooLong
		}
		grown := make([]byte, min(2*len(s.buf), s.max))
		copy(grown, s.buf[:s.end])
		s.buf = grown
	}
	for range 100 {
		n, err := s.read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.err = err
		}
		if n > 0 {
			return nil
		}
		if err != nil {
			return err
		}
	}
	s.err = io.ErrNoProgress
	return s.err
}

// read reads into p, decoding windows-1252 into UTF-8 once the XML
// declaration has named it: bytes are read straight into p, and those
// from the first one past ASCII on go through raw to be decoded.
func (s *scanner) read(p []byte) (int, error) {
	if !s.cp1252 {
		return s.r.Read(p)
	}
	if len(s.raw) > 0 {
		return s.decode(p), nil
	}
	if s.rawErr != nil {
		return 0, s.rawErr
	}
	n, err := s.r.Read(p)
	s.rawErr = err
	ascii := asciiPrefix(p[:n])
	if ascii == n {
		return n, err
	}
	s.raw = append(s.raw[:0], p[ascii:n]...)
	return ascii + s.decode(p[ascii:]), nil
}

// decode decodes from raw into p as much as fits.
func (s *scanner) decode(p []byte) int {
	n, used := 0, 0
	for used < len(s.raw) && n < len(p) {
		if c := s.raw[used]; c >= utf8.RuneSelf {
			u := cp1252UTF8[c-utf8.RuneSelf]
			if n+len(u) > len(p) {
				break
			}
			n += copy(p[n:], u)
			used++
			continue
		}
		k := min(len(s.raw)-used, len(p)-n)
		k = asciiPrefix(s.raw[used : used+k])
		n += copy(p[n:], s.raw[used:used+k])
		used += k
	}
	s.raw = s.raw[:copy(s.raw, s.raw[used:])]
	return n
}

// asciiPrefix is the length of the run of ASCII bytes b starts with,
// looked at eight at a time.
func asciiPrefix(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// toCP1252 reads the bytes after the token just read as windows-1252.
func (s *scanner) toCP1252() {
	rest := s.buf[s.pos:s.end]
	s.raw = append(make([]byte, 0, max(len(rest), len(s.buf))), rest...)
	s.rawErr, s.err = s.err, nil
	s.end = s.pos
	s.cp1252 = true
}

// cp1252UTF8 is the UTF-8 of the windows-1252 bytes 0x80-0xFF as
// golang.org/x/text decodes them (the five undefined ones to U+FFFD).
var cp1252UTF8 = func() (t [128]string) {
	for i := range t {
		t[i] = string(charmap.Windows1252.DecodeByte(byte(i + utf8.RuneSelf)))
	}
	return t
}()

// Byte classes.
var (
	isNameByte  [256]bool // may be in a name (any byte past ASCII is, and checked later)
	isNameStart [256]bool // an ASCII byte a name may start with
	isPlainText [256]bool // text that needs no look: printable ASCII but < & > and CR, and tab, LF
	isPlainAttr [256]bool // the same for a value, where > is plain and quotes are not
	isSpace     [256]bool
)

func init() {
	for c := range 256 {
		b := byte(c)
		letter := 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
		isNameStart[c] = letter || b == '_' || b == ':'
		isNameByte[c] = isNameStart[c] || '0' <= b && b <= '9' || b == '.' || b == '-' || b >= utf8.RuneSelf
		isPlainText[c] = (b >= 0x20 && b < utf8.RuneSelf && b != '<' && b != '&' && b != '>') || b == '\t' || b == '\n'
		isPlainAttr[c] = (isPlainText[c] || b == '>') && b != '"' && b != '\''
		isSpace[c] = b == ' ' || b == '\t' || b == '\r' || b == '\n'
	}
}

// scanText reads character data up to the next '<' (or the end).
func (s *scanner) scanText(b []byte, eof bool) (int, error) {
	s.kind, s.scratch = tokText, s.scratch[:0]
	i, err := s.chars(b, 0, eof, false)
	if err != nil {
		return 0, err
	}
	return i, nil
}

// chars reads the text or value from b[i] to its end — a '<' for text,
// the quote b[i-1] for a value — decoding entities and CRs, and checking
// every character. It sets s.text (into b or scratch) and returns where
// the text ends (at the '<' or after the quote).
func (s *scanner) chars(b []byte, i int, eof, value bool) (int, error) {
	from, plain := i, &isPlainText
	var quote byte
	if value {
		quote, plain = b[i-1], &isPlainAttr
	}
	scratch := len(s.scratch) // decoded text goes to s.scratch[scratch:]
	copied := -1              // b[from:copied] is in scratch; -1: nothing decoded yet
	flush := func(to int) {
		if copied < 0 {
			copied = from
		}
		s.scratch = append(s.scratch, b[copied:to]...)
	}
	for {
		for i < len(b) && plain[b[i]] {
			i++
		}
		if i == len(b) {
			if value || !eof {
				return 0, s.short(b, eof)
			}
			break
		}
		c := b[i]
		if c == '<' && !value {
			break
		}
		if value && c == quote {
			break
		}
		switch {
		case c == '<':
			return 0, s.syntax(b, i+1, "unescaped < inside quoted string")
		case c == '>':
			if i >= 2 && b[i-1] == ']' && b[i-2] == ']' {
				return 0, s.syntax(b, i+1, "unescaped ]]> not in CDATA section")
			}
			i++
		case c == '"' || c == '\'': // the other quote, in a value
			i++
		case c == '&':
			n, r, err := s.entity(b, i, eof)
			if err != nil {
				return 0, err
			}
			flush(i)
			s.scratch = utf8.AppendRune(s.scratch, r)
			i += n
			copied = i
		case c == '\r':
			flush(i)
			s.scratch = append(s.scratch, '\n')
			i++
			if i == len(b) && !eof {
				return 0, errShort
			}
			if i < len(b) && b[i] == '\n' {
				i++
			}
			copied = i
		default:
			n, err := s.char(b, i, eof)
			if err != nil {
				return 0, err
			}
			i += n
		}
	}
	end := i
	if value {
		end = i + 1
	}
	if copied < 0 {
		s.text = b[from:i]
		return end, nil
	}
	flush(i)
	s.text = s.scratch[scratch:]
	return end, nil
}

// short is errShort, or at the end of the input the Decoder's message.
func (s *scanner) short(b []byte, eof bool) error {
	if eof {
		return s.syntax(b, len(b), "unexpected EOF")
	}
	return errShort
}

// char checks the character at b[i] that is not plain ASCII text: a
// control character, or a UTF-8 sequence; it returns its length.
func (s *scanner) char(b []byte, i int, eof bool) (int, error) {
	if !utf8.FullRune(b[i:]) && !eof {
		return 0, errShort
	}
	r, n := utf8.DecodeRune(b[i:])
	if r == utf8.RuneError && n == 1 {
		return 0, s.syntax(b, i+1, "invalid UTF-8")
	}
	if !inCharRange(r) {
		return 0, s.syntax(b, i+n, fmt.Sprintf("illegal character code %U", r))
	}
	return n, nil
}

// inCharRange: the characters XML allows (its Char production).
func inCharRange(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= utf8.MaxRune
}

// entity reads the reference at b[i] ('&'): one of the five XML names
// or a character number; it returns its length and its character.
func (s *scanner) entity(b []byte, i int, eof bool) (int, rune, error) {
	j := i + 1
	if j == len(b) {
		return 0, 0, s.short(b, eof)
	}
	var r rune
	ok := false
	if b[j] == '#' {
		j, r, ok = charRef(b, j+1)
		if j == len(b) {
			return 0, 0, s.short(b, eof)
		}
	} else {
		for j < len(b) && isNameByte[b[j]] {
			j++
		}
		if j == len(b) {
			return 0, 0, s.short(b, eof)
		}
		if b[j] == ';' {
			switch string(b[i+1 : j]) {
			case "lt":
				r, ok = '<', true
			case "gt":
				r, ok = '>', true
			case "amp":
				r, ok = '&', true
			case "apos":
				r, ok = '\'', true
			case "quot":
				r, ok = '"', true
			}
		}
	}
	if b[j] != ';' {
		return 0, 0, s.syntax(b, j, "invalid character entity "+string(b[i:j])+" (no semicolon)")
	}
	if !ok {
		return 0, 0, s.syntax(b, j+1, "invalid character entity "+string(b[i:j+1]))
	}
	if !inCharRange(r) {
		return 0, 0, s.syntax(b, j+1, fmt.Sprintf("illegal character code %U", r))
	}
	return j + 1 - i, r, nil
}

// charRef reads the digits of a character reference from b[j] (after
// "&#"): it returns where they end, the character, and whether it is one.
func charRef(b []byte, j int) (int, rune, bool) {
	base := rune(10)
	if j < len(b) && b[j] == 'x' {
		base = 16
		j++
	}
	var v rune
	digits := j
	for ; j < len(b); j++ {
		d := digitValue(b[j], base)
		if d < 0 {
			break
		}
		if v <= utf8.MaxRune {
			v = v*base + d
		}
	}
	if j == digits || v > utf8.MaxRune {
		return j, 0, false
	}
	if 0xD800 <= v && v <= 0xDFFF {
		v = utf8.RuneError // as string(rune(v)) makes it
	}
	return j, v, true
}

func digitValue(c byte, base rune) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case base == 16 && 'a' <= c && c <= 'f':
		return rune(c-'a') + 10
	case base == 16 && 'A' <= c && c <= 'F':
		return rune(c-'A') + 10
	}
	return -1
}

// validName reports whether b is an XML name. Names past ASCII, which no
// Clarity file has, are asked of encoding/xml itself, whose tables of
// name characters are not exported.
func validName(b []byte) bool {
	if len(b) == 0 || (b[0] < utf8.RuneSelf && !isNameStart[b[0]]) {
		return false
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			d := xml.NewDecoder(bytes.NewReader(append(append([]byte("<?"), b...), "?>"...)))
			tok, err := d.RawToken()
			pi, ok := tok.(xml.ProcInst)
			return err == nil && ok && pi.Target == string(b)
		}
	}
	return true
}

// readName reads the name at b[i]; it returns where it ends, and an
// error when it is not a name (missing says what the Decoder says then).
func (s *scanner) readName(b []byte, i int, eof bool, missing string) (int, error) {
	j := i
	for j < len(b) && isNameByte[b[j]] {
		j++
	}
	switch {
	case j == len(b):
		return 0, s.short(b, eof)
	case j == i:
		return 0, s.syntax(b, i, missing)
	case !validName(b[i:j]):
		return 0, s.syntax(b, j, "invalid XML name: "+string(b[i:j]))
	}
	return j, nil
}

// qname reads the name at b[i] and splits it at its colon.
func (s *scanner) qname(b []byte, i int, eof bool, missing string) (xml.Name, int, error) {
	j, err := s.readName(b, i, eof, missing)
	if err != nil {
		return xml.Name{}, 0, err
	}
	raw := b[i:j]
	colon := bytes.IndexByte(raw, ':')
	switch {
	case colon >= 0 && bytes.IndexByte(raw[colon+1:], ':') >= 0:
		return xml.Name{}, 0, s.syntax(b, j, missing)
	case colon > 0 && colon < len(raw)-1:
		return xml.Name{Space: s.intern(raw[:colon]), Local: s.intern(raw[colon+1:])}, j, nil
	}
	return xml.Name{Local: s.intern(raw)}, j, nil
}

// intern returns the string of a name, allocated once for the names
// seen: a cache of 256 names by a hash of their length and first, middle
// and last bytes, in front of a map for those that share a slot (both
// bounded, whatever the input).
func (s *scanner) intern(b []byte) string {
	n := len(b)
	h := uint32(n)*0x9E3779B1 ^ uint32(b[0])*0x85EBCA77 ^ uint32(b[n/2])*0xC2B2AE3D ^ uint32(b[n-1])*0x27D4EB2F
	h ^= h >> 16
	slot := &s.names[h&255]
	if *slot == string(b) {
		return *slot
	}
	v, ok := s.more[string(b)]
	if !ok {
		v = string(b)
		if s.more == nil {
			s.more = map[string]string{}
		}
		if len(s.more) < 512 {
			s.more[v] = v
		}
	}
	*slot = v
	return v
}

// space skips white space from b[i], counting the newlines.
func space(b []byte, i int, nl *int) int {
	for i < len(b) && isSpace[b[i]] {
		if b[i] == '\n' {
			*nl++
		}
		i++
	}
	return i
}

// scanMarkup reads a token starting with '<'.
func (s *scanner) scanMarkup(b []byte, eof bool) (int, error) {
	if len(b) < 2 {
		return 0, s.short(b, eof)
	}
	switch b[1] {
	case '/':
		return s.scanEnd(b, eof)
	case '?':
		return s.scanProcInst(b, eof)
	case '!':
		return s.scanBang(b, eof)
	}
	return s.scanStart(b, eof)
}

func (s *scanner) scanEnd(b []byte, eof bool) (int, error) {
	name, i, err := s.qname(b, 2, eof, "expected element name after </")
	if err != nil {
		return 0, err
	}
	var nl int
	if i = space(b, i, &nl); i == len(b) {
		return 0, s.short(b, eof)
	}
	if b[i] != '>' {
		return 0, s.syntax(b, i+1, "invalid characters between </"+name.Local+" and >")
	}
	s.kind, s.name = tokEnd, name
	return i + 1, nil
}

func (s *scanner) scanStart(b []byte, eof bool) (int, error) {
	name, i, err := s.qname(b, 1, eof, "expected element name after <")
	if err != nil {
		return 0, err
	}
	s.attr, s.attrLine, s.spans, s.scratch = s.attr[:0], s.attrLine[:0], s.spans[:0], s.scratch[:0]
	nl := 0
	for {
		if i = space(b, i, &nl); i == len(b) {
			return 0, s.short(b, eof)
		}
		switch b[i] {
		case '/':
			if i+1 == len(b) {
				return 0, s.short(b, eof)
			}
			if b[i+1] != '>' {
				return 0, s.syntax(b, i+2, "expected /> in element")
			}
			s.kind, s.name, s.selfClose = tokStart, name, true
			return i + 2, nil
		case '>':
			s.kind, s.name = tokStart, name
			return i + 1, nil
		}
		if i, err = s.attribute(b, i, eof, &nl); err != nil {
			return 0, err
		}
	}
}

// attribute reads name="value" at b[i], noting the value's span; nl
// counts the tag's newlines so far.
func (s *scanner) attribute(b []byte, i int, eof bool, nl *int) (int, error) {
	line := s.line + *nl
	name, i, err := s.qname(b, i, eof, "expected attribute name in element")
	if err != nil {
		return 0, err
	}
	if i = space(b, i, nl); i == len(b) {
		return 0, s.short(b, eof)
	}
	if b[i] != '=' {
		return 0, s.syntax(b, i+1, "attribute name without = in element")
	}
	if i = space(b, i+1, nl); i == len(b) {
		return 0, s.short(b, eof)
	}
	if b[i] != '"' && b[i] != '\'' {
		return 0, s.syntax(b, i+1, "unquoted or missing attribute value in element")
	}
	from := len(s.scratch)
	end, err := s.chars(b, i+1, eof, true)
	if err != nil {
		return 0, err
	}
	*nl += bytes.Count(b[i+1:end], []byte{'\n'})
	if len(s.scratch) > from { // decoded
		s.spans = append(s.spans, span{from: from, to: len(s.scratch), decoded: true})
	} else {
		s.spans = append(s.spans, span{from: i + 1, to: end - 1})
	}
	s.attr = append(s.attr, xml.Attr{Name: name})
	s.attrLine = append(s.attrLine, line)
	return end, nil
}

// scanBang reads a comment, a CDATA section or a directive.
func (s *scanner) scanBang(b []byte, eof bool) (int, error) {
	if len(b) < 3 {
		return 0, s.short(b, eof)
	}
	switch b[2] {
	case '-':
		if len(b) < 4 {
			return 0, s.short(b, eof)
		}
		if b[3] != '-' {
			return 0, s.syntax(b, 4, "invalid sequence <!- not part of <!--")
		}
		// The first "--" must end the comment.
		k := bytes.Index(b[4:], []byte("--"))
		if k < 0 || 4+k+2 == len(b) {
			return 0, s.short(b, eof)
		}
		if end := 4 + k + 2; b[end] != '>' {
			return 0, s.syntax(b, end+1, `invalid sequence "--" not allowed in comments`)
		}
		s.kind = tokOther
		return 4 + k + 3, nil
	case '[':
		const open = "<![CDATA["
		for i := 3; i < len(open); i++ {
			if i == len(b) {
				return 0, s.short(b, eof)
			}
			if b[i] != open[i] {
				return 0, s.syntax(b, i+1, "invalid <![ sequence")
			}
		}
		return s.scanCDATA(b, len(open), eof)
	}
	return s.scanDirective(b, eof)
}

// scanCDATA reads a CDATA section's text from b[i] to its "]]>".
func (s *scanner) scanCDATA(b []byte, i int, eof bool) (int, error) {
	k := bytes.Index(b[i:], []byte("]]>"))
	if k < 0 {
		if eof {
			return 0, s.syntax(b, len(b), "unexpected EOF in CDATA section")
		}
		return 0, errShort
	}
	body := b[i : i+k]
	s.scratch = s.scratch[:0]
	decoded := false
	for j := 0; j < len(body); {
		c := body[j]
		switch {
		case isPlainText[c] || c == '<' || c == '&' || c == '>':
			j++
			if decoded {
				s.scratch = append(s.scratch, c)
			}
			continue
		case c == '\r':
			if !decoded {
				s.scratch, decoded = append(s.scratch, body[:j]...), true
			}
			s.scratch = append(s.scratch, '\n')
			if j++; j < len(body) && body[j] == '\n' {
				j++
			}
			continue
		}
		n, err := s.char(b, i+j, true)
		if err != nil {
			return 0, err
		}
		if decoded {
			s.scratch = append(s.scratch, body[j:j+n]...)
		}
		j += n
	}
	s.kind, s.text = tokText, body
	if decoded {
		s.text = s.scratch
	}
	return i + k + 3, nil
}

// scanDirective reads <!DOCTYPE …> and the like as encoding/xml does:
// quoted '>' do not end it, nested '<' … '>' pairs and comments inside
// do not either. Nothing in it is read.
func (s *scanner) scanDirective(b []byte, eof bool) (int, error) {
	var quote byte
	depth := 0
	for i := 3; ; i++ { // b[2], its first byte, is kept as it is
		if i >= len(b) {
			return 0, s.short(b, eof)
		}
		c := b[i]
		if quote == 0 && c == '>' && depth == 0 {
			s.kind = tokOther
			return i + 1, nil
		}
	again:
		switch {
		case c == quote:
			quote = 0
		case quote != 0:
		case c == '\'' || c == '"':
			quote = c
		case c == '>':
			depth--
		case c == '<':
			const open = "!--"
			k := 0
			for ; k < len(open); k++ {
				if i+1+k >= len(b) {
					return 0, s.short(b, eof)
				}
				if b[i+1+k] != open[k] {
					break
				}
			}
			if k < len(open) { // not a comment: the byte that is not is read as any other
				depth++
				i += 1 + k
				c = b[i]
				goto again
			}
			end := bytes.Index(b[i+4:], []byte("-->"))
			if end < 0 {
				return 0, s.short(b, eof)
			}
			i += 4 + end + 2
		}
	}
}

// scanProcInst reads <?target …?>; the XML declaration's version and
// encoding are looked at, and windows-1252 switched to.
func (s *scanner) scanProcInst(b []byte, eof bool) (int, error) {
	i, err := s.readName(b, 2, eof, "expected target name after <?")
	if err != nil {
		return 0, err
	}
	target := b[2:i]
	var nl int
	i = space(b, i, &nl)
	k := bytes.Index(b[i:], []byte("?>"))
	if k < 0 {
		return 0, s.short(b, eof)
	}
	s.kind = tokOther
	if string(target) != "xml" {
		return i + k + 2, nil
	}
	if s.offset() != 0 {
		return 0, &markupError{line: s.line, kind: ErrSyntax, msg: "an XML declaration is allowed only at the very start of the file"}
	}
	content := string(b[i : i+k])
	if v := declared("version", content); v != "" && v != "1.0" {
		return 0, fmt.Errorf("xml: unsupported version %q; only version 1.0 is supported", v)
	}
	if enc := declared("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
		cp, err := s.charset(enc)
		if err != nil {
			return 0, fmt.Errorf("xml: opening charset %q: %w", enc, err)
		}
		if cp {
			s.pos += i + k + 2
			s.toCP1252()
			s.pos -= i + k + 2
		}
	}
	return i + k + 2, nil
}

// declared is the value of param in an XML declaration's content as
// encoding/xml finds it: the first param= followed by a quote, to the
// next such quote.
func declared(param, content string) string {
	key := param + "="
	for rest := content; ; {
		k := strings.Index(rest, key)
		if k < 0 || k+len(key) >= len(rest) {
			return ""
		}
		q := rest[k+len(key)]
		rest = rest[k+len(key)+1:]
		if q == '"' || q == '\'' {
			if end := strings.IndexByte(rest, q); end >= 0 {
				return rest[:end]
			}
			return ""
		}
	}
}

// start is the start tag read last; its Attr is valid until the next
// token.
func (s *scanner) start() xml.StartElement { return xml.StartElement{Name: s.name, Attr: s.attr} }
