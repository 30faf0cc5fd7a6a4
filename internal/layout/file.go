package layout

import (
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/icbatch/caselle/internal/jsonl"
)

// File is what every kind's reader keeps of the file it reads: the stream
// of values and problems it hands out, the rows it reads them from, the
// file's name for errors, the line of the record read last, how many
// record lines it has read, and — for a kind that has them — the header
// and the trailer with the lines they came from (WriteJSON writes them at
// those lines). A kind's reader holds one, keeps its own state beside it,
// and answers its Header, Read, All and Line from it.
type File[T, H, E any] struct {
	Out     Stream[T]
	Rows    *Reader // nil for a kind not read in rows (Clarity's XML)
	Name    string
	Line    int // of the record read last, for the problems found after it
	Records int // record lines read, good or bad, as a trailer counts them

	Hdr     H
	HdrOK   bool
	HdrLine int
	End     E
	EndOK   bool
	EndLine int
}

// Open starts reading a file called name (for errors) under the error
// policy of maxErrors (Policy.Max), in rows of r read with l unless l is
// nil.
func (f *File[T, H, E]) Open(l *Layout, r io.Reader, name string, maxErrors int) {
	f.Name = name
	f.Out.Policy = Policy{Max: maxErrors, File: name}
	if l != nil {
		f.Rows = NewReader(l, r, name)
	}
}

// Header is a reader's Header method: it reads (calling step) until the
// header is known, and returns it; or the problem met first, which Read
// then does not return again; or, when the file has none, an ErrOrder
// problem at line 1 saying "the file has no " + what.
func (f *File[T, H, E]) Header(step func(), what string) (H, error) {
	if err := f.Out.Until(step, func() bool { return f.HdrOK }); err != nil {
		return *new(H), err
	}
	if !f.HdrOK {
		return *new(H), &Error{File: f.Name, Line: 1, Err: ErrOrder, Msg: "the file has no " + what}
	}
	return f.Hdr, nil
}

// SetHeader keeps the header h, read at line.
func (f *File[T, H, E]) SetHeader(h H, line int) { f.Hdr, f.HdrOK, f.HdrLine = h, true, line }

// SetTrailer keeps the trailer t, read at line.
func (f *File[T, H, E]) SetTrailer(t E, line int) { f.End, f.EndOK, f.EndLine = t, true, line }

// Trailer returns the trailer, once read.
func (f *File[T, H, E]) Trailer() (E, bool) { return f.End, f.EndOK }

// Fail reports a problem through the error policy, at the record read
// last unless the problem names its own line.
func (f *File[T, H, E]) Fail(err error) { f.Out.Fail(err, f.Line) }

// FileReader is what every kind's reader of a file with a header offers.
type FileReader[T, H any] interface {
	Header() (H, error)
	All() iter.Seq2[T, error]
	Line() int
}

// WriteJSON writes the file r reads, and keeps in f, as JSON Lines in the
// shape of the README's "JSON" section: the header's object made by hc,
// each record's by dc, then the trailer's by ec, each at its line. The
// first problem ends it and is returned. A kind whose objects hold more
// than one record's fields makes them itself, with jsonl.File.
func WriteJSON[T, H, E any](w io.Writer, r FileReader[T, H], f *File[T, H, E], hc *Codec[H], dc *Codec[T], ec *Codec[E]) error {
	return jsonl.File(w, func() (any, error) {
		h, err := r.Header()
		return hc.JSON(&h, f.HdrLine), err
	}, r.All(), r.Line, func(v T, line int) any {
		return dc.JSON(&v, line)
	}, func() any {
		return ec.JSON(&f.End, f.EndLine)
	})
}

// Order checks the order of a file that is one header record, detail
// records and one trailer record (payment PH, PD, PT; adjustment H, A, T;
// Connect H1, the invoices, T1), saying what is out of place in the
// words every such kind uses.
type Order struct {
	Header, Trailer string // their record types
	// Want says what the file should hold, for an empty one: "a PH
	// header, PD records and a PT trailer".
	Want  string
	state int // 0 before the header, 1 among the details, 2 after the trailer
}

// AtHeader checks a header record. A second header is a problem, and is
// not to be read: the order stays as it was.
func (o *Order) AtHeader(row *Row) error {
	if o.state != 0 {
		return orderErr(row, "a second %s header; a file has exactly one", o.Header)
	}
	o.state = 1
	return nil
}

// AtDetail checks a detail record. One before the header is a problem,
// after which the details are read as if the header had come; one after
// the trailer is a problem.
func (o *Order) AtDetail(row *Row) error {
	switch o.state {
	case 0:
		o.state = 1
		return orderErr(row, "%s %s record before the %s header", article(row.Rec.Type), row.Rec.Type, o.Header)
	case 2:
		return orderErr(row, "%s %s record after the %s trailer", article(row.Rec.Type), row.Rec.Type, o.Trailer)
	}
	return nil
}

// AtTrailer checks a trailer record. One before the header, or a second
// one, is a problem, and is not to be read.
func (o *Order) AtTrailer(row *Row) error {
	switch o.state {
	case 0:
		return orderErr(row, "%s %s trailer before the %s header", article(o.Trailer), o.Trailer, o.Header)
	case 2:
		return orderErr(row, "a second %s trailer; a file has exactly one", o.Trailer)
	}
	o.state = 2
	return nil
}

// InDetails tells whether the header has come and the trailer not yet.
func (o *Order) InDetails() bool { return o.state == 1 }

// Started tells whether the header (or a record read as if it had come)
// has been read.
func (o *Order) Started() bool { return o.state > 0 }

// AtEnd is the end of the file called name, of lines lines of which
// records were records: the problem of an empty file or of one without
// its trailer, or nil.
func (o *Order) AtEnd(name string, records, lines int) error {
	switch {
	case records == 0:
		return &Error{File: name, Line: 1, Err: ErrOrder, Msg: "the file is empty; want " + o.Want}
	case o.state < 2:
		return &Error{File: name, Line: lines, Err: ErrOrder, Msg: fmt.Sprintf("the file ends without %s %s trailer (cut short?)", article(o.Trailer), o.Trailer)}
	}
	return nil
}

func orderErr(row *Row, format string, a ...any) error {
	return &Error{File: row.File, Line: row.Line, Record: row.Rec.Type, Err: ErrOrder, Msg: fmt.Sprintf(format, a...)}
}

// article is the article a record type is said with: "an" before the
// letters said with a vowel first (A, H, IN, M…), "a" before the others.
func article(typ string) string {
	if typ != "" && strings.IndexByte("AEFHILMNORSX", typ[0]) >= 0 {
		return "an"
	}
	return "a"
}

// Group is the record being read of a kind whose records come in groups:
// one that starts the group (Connect's IN, a lockbox 6) and the records
// after it that belong to it (NA, LI…; the 4s), read into it.
type Group[T any] struct {
	Cur  *T   // nil between groups
	Line int  // of the record that started it
	Bad  bool // one of its records had a problem, reported already: it is not handed out
}

// Start begins the group of v, read at line; bad if it is out of place.
func (g *Group[T]) Start(v *T, line int, bad bool) { g.Cur, g.Line, g.Bad = v, line, bad }

// Spoil marks the group being read, if there is one, as having a problem.
func (g *Group[T]) Spoil() {
	if g.Cur != nil {
		g.Bad = true
	}
}

// End ends the group being read, returning it and the line it starts on;
// ok is false when there is none, or it had a problem.
func (g *Group[T]) End() (v *T, line int, ok bool) {
	v, g.Cur = g.Cur, nil
	return v, g.Line, v != nil && !g.Bad
}
