package billimage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/ledongthuc/pdf"
)

// Run is a word drawn on a page: glyphs that follow one another on one
// baseline, in one font, up to a space or a gap. X and Y are where it
// starts, in points from the page's bottom left; W is its width, from the
// font's glyph widths (a standard font given without widths counts 500
// units a glyph).
type Run struct {
	X, Y, W, Size float64
	Font          string
	Text          string
}

// Line is the runs of a page that share a baseline, left to right.
type Line struct {
	Y    float64
	Runs []Run
}

// Text returns the line's text, runs separated by a space.
func (l Line) Text() string {
	parts := make([]string, len(l.Runs))
	for i, r := range l.Runs {
		parts[i] = r.Text
	}
	return strings.Join(parts, " ")
}

// Page is the text of one page.
type Page struct {
	Number        int // 1-based
	Width, Height float64
	Lines         []Line // top to bottom
}

// Text returns the page's text, a line a line.
func (p *Page) Text() string {
	var b strings.Builder
	for _, l := range p.Lines {
		b.WriteString(l.Text())
		b.WriteByte('\n')
	}
	return b.String()
}

// Blank reports a page with no text (the back of a duplex sheet).
func (p *Page) Blank() bool {
	for _, l := range p.Lines {
		for _, r := range l.Runs {
			if strings.TrimSpace(r.Text) != "" {
				return false
			}
		}
	}
	return true
}

// Document is a PDF opened for its text.
type Document struct {
	name  string
	r     *pdf.Reader
	count int
	cur   cursor
}

// cursor walks the page tree in order, holding only the path down to
// the next page (page dictionaries are read as they are reached and let
// go after: a print file's pages are never all in memory).
type cursor struct {
	root  pdf.Value
	stack []frame
	next  int // the number of the page it reaches next
}

type frame struct {
	kids      pdf.Value
	i         int
	resources pdf.Value
	box       [4]float64
}

func (c *cursor) reset() {
	c.stack = c.stack[:0]
	c.next = 1
	c.push(c.root, pdf.Value{}, [4]float64{0, 0, 612, 792})
}

// push enters a Pages node.
func (c *cursor) push(v, res pdf.Value, box [4]float64) {
	if len(c.stack) > 64 {
		panic("page tree nested over 64 deep")
	}
	res, box = inherit(v, res, box)
	c.stack = append(c.stack, frame{kids: v.Key("Kids"), resources: res, box: box})
}

func inherit(v, res pdf.Value, box [4]float64) (pdf.Value, [4]float64) {
	if r := v.Key("Resources"); r.Kind() != pdf.Null {
		res = r
	}
	if mb := v.Key("MediaBox"); mb.Len() == 4 {
		box = [4]float64{mb.Index(0).Float64(), mb.Index(1).Float64(), mb.Index(2).Float64(), mb.Index(3).Float64()}
	}
	return res, box
}

// advance returns the next page, or false after the last.
func (c *cursor) advance() (pageRef, bool) {
	for steps := 0; len(c.stack) > 0 && steps < 1<<24; steps++ {
		top := &c.stack[len(c.stack)-1]
		if top.i >= top.kids.Len() {
			c.stack = c.stack[:len(c.stack)-1]
			continue
		}
		kid := top.kids.Index(top.i)
		top.i++
		switch kid.Key("Type").Name() {
		case "Pages":
			c.push(kid, top.resources, top.box)
		case "Page":
			res, box := inherit(kid, top.resources, top.box)
			c.next++
			return pageRef{v: kid, resources: res, box: box}, true
		}
	}
	return pageRef{}, false
}

// pageRef is a page with what it inherits from the page tree, read once
// on the walk down: the library's own lookup reads every ancestor again,
// with its Kids array, on every call.
type pageRef struct {
	v         pdf.Value
	resources pdf.Value
	box       [4]float64
}

// Errors a PDF can be refused with.
var (
	ErrNotPDF   = errors.New("not a PDF file")
	ErrPassword = errors.New("the PDF needs a password")
	ErrDamaged  = errors.New("the PDF is damaged or cut short")
)

// OpenPDF opens the PDF in r (size bytes) for its text; name is used in
// errors. Pages read in order cost in proportion to their number: the
// page tree is walked once, page by page, holding only the way down.
func OpenPDF(r io.ReaderAt, size int64, name string) (d *Document, err error) {
	defer func() {
		if v := recover(); v != nil {
			d, err = nil, fmt.Errorf("%s: %w: %v", name, ErrDamaged, v)
		}
	}()
	head := make([]byte, 8)
	r.ReadAt(head, 0)
	if !bytes.HasPrefix(head, []byte("%PDF-")) {
		return nil, fmt.Errorf("%s: %w (it does not start with %%PDF-)", name, ErrNotPDF)
	}
	if bytes.HasPrefix(head, []byte("%PDF-2.")) {
		r = pdf2Header{r} // the library reads 2.0 files but refuses their header
	}
	pr, err := pdf.NewReader(r, size)
	if err != nil && isAES256(err) {
		r, size, err = decryptAES256(r, size)
		if err == nil {
			pr, err = pdf.NewReader(r, size)
		}
	}
	if err != nil {
		switch {
		case errors.Is(err, pdf.ErrInvalidPassword) || strings.Contains(err.Error(), "password"):
			return nil, fmt.Errorf("%s: %w to open", name, ErrPassword)
		case strings.Contains(err.Error(), "missing %%EOF"):
			return nil, fmt.Errorf("%s: %w (it does not end with %%%%EOF)", name, ErrDamaged)
		}
		return nil, fmt.Errorf("%s: %w: %v", name, ErrDamaged, err)
	}
	d = &Document{name: name, r: pr}
	d.cur.root = pr.Trailer().Key("Root").Key("Pages")
	d.count = int(d.cur.root.Key("Count").Int64())
	d.cur.reset()
	if d.count <= 0 || d.count > 1<<24 {
		// No usable count: count the pages.
		d.count = 0
		for _, ok := d.cur.advance(); ok; _, ok = d.cur.advance() {
			d.count++
		}
		d.cur.reset()
	}
	if d.count == 0 {
		return nil, fmt.Errorf("%s: %w: no pages", name, ErrDamaged)
	}
	return d, nil
}

// NumPages returns the number of pages (the page tree's count).
func (d *Document) NumPages() int { return d.count }

// Page returns the text of page n (1-based). A page the PDF library
// cannot read is an error naming the file and page, never a panic.
func (d *Document) Page(n int) (p *Page, err error) {
	if n < 1 || n > d.count {
		return nil, fmt.Errorf("%s: page %d: out of 1-%d", d.name, n, d.count)
	}
	defer func() {
		if v := recover(); v != nil {
			p, err = nil, fmt.Errorf("%s: page %d: %w: %v", d.name, n, ErrDamaged, v)
		}
	}()
	if n < d.cur.next {
		d.cur.reset() // reading backwards: from the top again
	}
	var pg pageRef
	for d.cur.next <= n {
		var ok bool
		if pg, ok = d.cur.advance(); !ok {
			return nil, fmt.Errorf("%s: page %d: %w: the page tree has fewer pages than its count (%d)", d.name, n, ErrDamaged, d.count)
		}
	}
	p = &Page{Number: n, Width: pg.box[2] - pg.box[0], Height: pg.box[3] - pg.box[1]}
	p.Lines = lines(runs(pageGlyphs(pg)))
	return p, nil
}

// runs joins glyphs into runs: consecutive glyphs on one baseline, in one
// font and size, each starting where the one before ends (give or take a
// fifth of an em: kerning). A space glyph ends nothing; a gap does.
func runs(glyphs []glyph) []Run {
	var out []Run
	for _, g := range glyphs {
		if g.text == "" {
			continue
		}
		if n := len(out); n > 0 {
			last := &out[n-1]
			sameLine := math.Abs(last.Y-g.y) < 0.5 && last.Font == g.font && math.Abs(last.Size-g.size) < 0.1
			if sameLine && math.Abs(last.X+last.W-g.x) < g.size*0.2 {
				last.W = g.x + g.w - last.X
				last.Text += g.text
				continue
			}
		}
		out = append(out, Run{X: g.x, Y: g.y, W: g.w, Size: g.size, Font: g.font, Text: g.text})
	}
	// Spaces at a run's ends are not text: trim, drop runs left empty;
	// spaces inside split the run into words at their real positions.
	var kept []Run
	for _, r := range out {
		kept = append(kept, splitSpaces(r)...)
	}
	return kept
}

// splitSpaces cuts a run at its spaces, sharing out its width by runes.
func splitSpaces(r Run) []Run {
	rs := []rune(r.Text)
	if len(rs) == 0 {
		return nil
	}
	per := r.W / float64(len(rs))
	var out []Run
	start := -1
	for i := 0; i <= len(rs); i++ {
		if i < len(rs) && rs[i] != ' ' && rs[i] != '\u00a0' && rs[i] != '\t' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, Run{X: r.X + per*float64(start), Y: r.Y, W: per * float64(i-start), Size: r.Size, Font: r.Font, Text: string(rs[start:i])})
			start = -1
		}
	}
	return out
}

// lines groups runs by baseline, top to bottom, left to right.
func lines(rs []Run) []Line {
	slices.SortStableFunc(rs, func(a, b Run) int {
		if math.Abs(a.Y-b.Y) >= 1 {
			if a.Y > b.Y {
				return -1
			}
			return 1
		}
		switch {
		case a.X < b.X:
			return -1
		case a.X > b.X:
			return 1
		}
		return 0
	})
	var out []Line
	for _, r := range rs {
		if n := len(out); n > 0 && math.Abs(out[n-1].Y-r.Y) < 1 {
			out[n-1].Runs = append(out[n-1].Runs, r)
			continue
		}
		out = append(out, Line{Y: r.Y, Runs: []Run{r}})
	}
	return out
}

// pdf2Header shows a %PDF-2.x file to the library as %PDF-1.7.
type pdf2Header struct{ io.ReaderAt }

func (h pdf2Header) ReadAt(p []byte, off int64) (int, error) {
	n, err := h.ReaderAt.ReadAt(p, off)
	const fake = "%PDF-1.7"
	for i := 0; i < n; i++ {
		if at := off + int64(i); at < int64(len(fake)) {
			p[i] = fake[at]
		}
	}
	return n, err
}
