// Package layout is the record-layout engine behind every file kind of the
// SDK. A Layout is data: record types told apart by a type field, each with
// fields placed by byte position (fixed width) or by column (delimited) and
// typed with the codes of FORMATS §1. One Layout drives reading (Reader,
// Row), writing (Writer, Builder), validation (Compile) and documentation
// (Markdown), and can be loaded from JSON so that a biller whose form
// definition moved a field adapts a built-in layout without forking code.
package layout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Format says how records are laid out on a line.
type Format string

const (
	Fixed     Format = "fixed"     // fields at byte positions
	Delimited Format = "delimited" // comma-separated columns, RFC 4180 quoting
)

// Type is a field type code (FORMATS §1).
type Type string

const (
	Text      Type = "A"    // text: fixed left-justified space-filled; trailing spaces trimmed
	Number    Type = "N"    // unsigned integer: fixed right-justified zero-filled
	Date      Type = "D"    // YYYYMMDD; fixed all spaces or zeros = no date
	ShortDate Type = "d"    // YYMMDD (lockbox), years 2000-2099
	Clock     Type = "T"    // HHMMSS, or HHMM when 4 long
	Money     Type = "S"    // signed money: sign byte then digits, 2 implied decimals
	Quantity  Type = "Q"    // signed quantity: like S with 3 implied decimals
	UMoney    Type = "U"    // unsigned money, 2 implied decimals
	Flag      Type = "F"    // Y or N; fixed space = N
	Decimal   Type = "M"    // delimited only: plain decimal money ("-12.00")
	MDY       Type = "MDY"  // delimited only: MM/DD/YYYY
	MDYTime   Type = "MDYT" // delimited only: MM/DD/YYYY HH:MM:SS
)

// typeRule says where a type may be used and what lengths it takes.
type typeRule struct {
	fixed, delimited bool
	minLen, maxLen   int // fixed lengths
	places           int32
}

var typeInfo = map[Type]typeRule{
	Text:      {true, true, 1, 4096, 0},
	Number:    {true, true, 1, 18, 0},
	Date:      {true, true, 8, 8, 0},
	ShortDate: {true, true, 6, 6, 0},
	Clock:     {true, true, 4, 6, 0},
	Money:     {true, false, 2, 19, 2},
	Quantity:  {true, false, 2, 19, 3},
	UMoney:    {true, false, 1, 18, 2},
	Flag:      {true, true, 1, 1, 0},
	Decimal:   {false, true, 0, 0, 2},
	MDY:       {false, true, 0, 0, 0},
	MDYTime:   {false, true, 0, 0, 0},
}

// Field is one field of a record.
type Field struct {
	Name string `json:"name"`
	// Start and Length place a fixed-width field: 1-based first byte and
	// byte count of the Windows-1252 form. In a delimited layout Length
	// gives an N field's exact number of digits (zero-filled, "01") and a
	// T field's form (4 HHMM, 6 HHMMSS, the default).
	Start  int `json:"start,omitempty"`
	Length int `json:"length,omitempty"`
	// Column places a delimited field (1-based).
	Column int  `json:"column,omitempty"`
	Type   Type `json:"type"`
	// Optional lets a numeric, date or money field be empty (all spaces,
	// or an empty column); the value then reads as zero.
	Optional bool `json:"optional,omitempty"`
	// Doc is a short description used in generated documentation.
	Doc string `json:"doc,omitempty"`

	off int    // Start-1
	rec string // owning record type, for errors
	idx int    // index among all the layout's fields, for readers' caches
	// textIdx is the field's index among its record's text fields, or -1.
	textIdx int
	places  int32 // an amount's implied decimal places (typeInfo's)
}

// End returns the last byte column of a fixed-width field (1-based, inclusive).
func (f *Field) End() int { return f.Start + f.Length - 1 }

// Record is one record type.
type Record struct {
	// Type is the value of the layout's type field that marks this record
	// ("PD"); empty for a layout with a single record type and no type field.
	Type string `json:"type"`
	Name string `json:"name,omitempty"`
	// Length is the fixed record length in bytes.
	Length int     `json:"length,omitempty"`
	Fields []Field `json:"fields"`

	gaps   [][2]int // fixed: byte ranges [from,to) no field covers, which must be spaces
	text   []*Field // the text fields, in order
	byName map[string]*Field
	cols   int // delimited: number of columns
}

// Field returns the named field, or nil.
func (r *Record) Field(name string) *Field { return r.byName[name] }

// Layout is a complete file layout.
type Layout struct {
	Name   string `json:"name"`
	Format Format `json:"format"`
	// TypeStart and TypeLength place the record type in a fixed-width
	// line; TypeColumn in a delimited one. Both zero: one record type.
	TypeStart  int `json:"typeStart,omitempty"`
	TypeLength int `json:"typeLength,omitempty"`
	TypeColumn int `json:"typeColumn,omitempty"`
	// Header says a delimited file starts with a row of the field names of
	// its single record type, in column order, checked exactly.
	Header  bool     `json:"header,omitempty"`
	Records []Record `json:"records"`

	byType   map[string]*Record
	maxLen   int
	nfields  int
	compiled bool
}

// Record returns the record of the given type, or nil.
func (l *Layout) Record(typ string) *Record { return l.byType[typ] }

// DefinitionError reports a layout definition that cannot be used.
type DefinitionError struct {
	Layout, Record, Field string
	Msg                   string
}

func (e *DefinitionError) Error() string {
	var b strings.Builder
	b.WriteString("layout")
	if e.Layout != "" {
		b.WriteString(" " + e.Layout)
	}
	if e.Record != "" {
		fmt.Fprintf(&b, ": record %q", e.Record)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": field %q", e.Field)
	}
	return b.String() + ": " + e.Msg
}

// Load reads a JSON layout definition and compiles it. Unknown keys are
// refused, as is every inconsistency Compile finds.
func Load(r io.Reader) (*Layout, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var l Layout
	if err := dec.Decode(&l); err != nil {
		return nil, &DefinitionError{Msg: "reading JSON: " + err.Error()}
	}
	if dec.More() {
		return nil, &DefinitionError{Layout: l.Name, Msg: "reading JSON: more than one value"}
	}
	if err := l.Compile(); err != nil {
		return nil, err
	}
	return &l, nil
}

// Parse is Load from bytes.
func Parse(b []byte) (*Layout, error) { return Load(bytes.NewReader(b)) }

// MustParse parses a built-in layout; it is only for package-level
// declarations whose correctness a test checks.
func MustParse(s string) *Layout {
	l, err := Parse([]byte(s))
	if err != nil {
		panic(err)
	}
	return l
}

// JSON returns the layout's definition, indented, ready to edit and Load.
func (l *Layout) JSON() []byte {
	b, _ := json.MarshalIndent(l, "", "  ")
	return append(b, '\n')
}

// Compile checks the definition and prepares it for use: known format and
// types, lengths that fit their type, fields inside the record, no
// overlaps, unique names, columns and record types.
func (l *Layout) Compile() error {
	bad := func(rec, field, format string, a ...any) error {
		return &DefinitionError{Layout: l.Name, Record: rec, Field: field, Msg: fmt.Sprintf(format, a...)}
	}
	if l.Name == "" {
		return bad("", "", "has no name")
	}
	if l.Format != Fixed && l.Format != Delimited {
		return bad("", "", "unknown format %q (want %q or %q)", l.Format, Fixed, Delimited)
	}
	if len(l.Records) == 0 {
		return bad("", "", "has no records")
	}
	typed := l.TypeStart != 0 || l.TypeLength != 0 || l.TypeColumn != 0
	if l.Format == Fixed {
		if l.TypeColumn != 0 {
			return bad("", "", "typeColumn is for delimited layouts; use typeStart and typeLength")
		}
		if typed && (l.TypeStart < 1 || l.TypeLength < 1) {
			return bad("", "", "type field needs typeStart ≥ 1 and typeLength ≥ 1")
		}
		if l.Header {
			return bad("", "", "header rows are for delimited layouts")
		}
	} else {
		if l.TypeStart != 0 || l.TypeLength != 0 {
			return bad("", "", "typeStart and typeLength are for fixed layouts; use typeColumn")
		}
		if typed && l.TypeColumn < 1 {
			return bad("", "", "typeColumn must be ≥ 1")
		}
		if l.Header && typed {
			return bad("", "", "a header row needs a single record type without a type column")
		}
	}
	if !typed && len(l.Records) != 1 {
		return bad("", "", "%d record types but no type field", len(l.Records))
	}
	l.byType = make(map[string]*Record, len(l.Records))
	l.maxLen, l.nfields = 0, 0
	for ri := range l.Records {
		r := &l.Records[ri]
		if typed && r.Type == "" {
			return bad("", "", "record %d has no type", ri+1)
		}
		if !typed && r.Type != "" {
			return bad(r.Type, "", "a record type needs a type field in the layout")
		}
		if l.Format == Fixed && typed && len(r.Type) != l.TypeLength {
			return bad(r.Type, "", "type is %d bytes long, the type field %d", len(r.Type), l.TypeLength)
		}
		if _, dup := l.byType[r.Type]; dup {
			return bad(r.Type, "", "record type defined twice")
		}
		l.byType[r.Type] = r
		if err := l.compileRecord(r, bad); err != nil {
			return err
		}
	}
	l.compiled = true
	return nil
}

func (l *Layout) compileRecord(r *Record, bad definitionFail) error {
	r.byName = make(map[string]*Field, len(r.Fields))
	r.text = r.text[:0]
	if len(r.Fields) == 0 {
		return bad(r.Type, "", "has no fields")
	}
	for i := range r.Fields {
		f := &r.Fields[i]
		f.rec = r.Type
		f.idx = l.nfields
		l.nfields++
		f.textIdx = -1
		if f.Type == Text {
			f.textIdx = len(r.text)
			r.text = append(r.text, f)
		}
		if f.Name == "" {
			return bad(r.Type, "", "field %d has no name", i+1)
		}
		if _, dup := r.byName[f.Name]; dup {
			return bad(r.Type, f.Name, "defined twice")
		}
		r.byName[f.Name] = f
		info, ok := typeInfo[f.Type]
		if !ok {
			return bad(r.Type, f.Name, "unknown type %q", f.Type)
		}
		f.places = info.places
		var err error
		if l.Format == Fixed {
			err = fixedField(r, f, info, bad)
		} else {
			err = l.delimitedField(r, f, info, bad)
		}
		if err != nil {
			return err
		}
	}
	if l.Format == Delimited {
		return l.columns(r, bad)
	}
	return l.spans(r, bad)
}

// definitionFail makes the error naming what is wrong in a definition.
type definitionFail func(rec, field, format string, a ...any) error

// fixedField checks a field of a fixed-width record.
func fixedField(r *Record, f *Field, info typeRule, bad definitionFail) error {
	if !info.fixed {
		return bad(r.Type, f.Name, "type %q is for delimited layouts", f.Type)
	}
	if f.Column != 0 {
		return bad(r.Type, f.Name, "column is for delimited layouts; use start and length")
	}
	if f.Start < 1 || f.Length < 1 {
		return bad(r.Type, f.Name, "needs start ≥ 1 and length ≥ 1 (start %d, length %d)", f.Start, f.Length)
	}
	if f.Length < info.minLen || f.Length > info.maxLen {
		if info.minLen == info.maxLen {
			return bad(r.Type, f.Name, "type %s is %d bytes long, not %d", f.Type, info.minLen, f.Length)
		}
		return bad(r.Type, f.Name, "type %s takes %d to %d bytes, not %d", f.Type, info.minLen, info.maxLen, f.Length)
	}
	if f.Type == Clock && f.Length != 4 && f.Length != 6 {
		return bad(r.Type, f.Name, "type T is 4 (HHMM) or 6 (HHMMSS) bytes long, not %d", f.Length)
	}
	f.off = f.Start - 1
	return nil
}

// delimitedField checks a field of a delimited record.
func (l *Layout) delimitedField(r *Record, f *Field, info typeRule, bad definitionFail) error {
	if !info.delimited {
		return bad(r.Type, f.Name, "type %q is for fixed-width layouts", f.Type)
	}
	if f.Start != 0 {
		return bad(r.Type, f.Name, "start is for fixed layouts; use column")
	}
	switch {
	case f.Length != 0 && f.Type != Number && f.Type != Clock:
		return bad(r.Type, f.Name, "length in a delimited layout is for N fields (zero-filled digits) and T fields (4 or 6)")
	case f.Type == Clock && f.Length == 0:
		f.Length = 6
	case f.Type == Clock && f.Length != 4 && f.Length != 6:
		return bad(r.Type, f.Name, "type T is 4 (HHMM) or 6 (HHMMSS) long, not %d", f.Length)
	case f.Type == Number && f.Length > 18:
		return bad(r.Type, f.Name, "type N takes at most 18 digits, not %d", f.Length)
	}
	if f.Column < 1 {
		return bad(r.Type, f.Name, "needs column ≥ 1")
	}
	if f.Column == l.TypeColumn {
		return bad(r.Type, f.Name, "column %d is the record type column", f.Column)
	}
	if f.Column > r.cols {
		r.cols = f.Column
	}
	return nil
}

// columns checks that a delimited record's columns are each defined once.
func (l *Layout) columns(r *Record, bad definitionFail) error {
	seen := make(map[int]string, len(r.Fields))
	for _, f := range r.Fields {
		if other, dup := seen[f.Column]; dup {
			return bad(r.Type, f.Name, "column %d is also field %q", f.Column, other)
		}
		seen[f.Column] = f.Name
	}
	if l.TypeColumn > r.cols {
		r.cols = l.TypeColumn
	}
	for c := 1; c <= r.cols; c++ {
		if _, ok := seen[c]; !ok && c != l.TypeColumn {
			return bad(r.Type, "", "column %d is not defined", c)
		}
	}
	return nil
}

// spans checks a fixed-width record's length and that its fields do not
// overlap, and notes the gaps between them.
func (l *Layout) spans(r *Record, bad definitionFail) error {
	if r.Length < 1 || r.Length > 65536 {
		return bad(r.Type, "", "needs a length from 1 to 65536, not %d", r.Length)
	}
	if r.Length > l.maxLen {
		l.maxLen = r.Length
	}
	type span struct {
		from, to int // [from, to)
		name     string
	}
	spans := make([]span, 0, len(r.Fields)+1)
	if l.TypeLength > 0 {
		if l.TypeStart+l.TypeLength-1 > r.Length {
			return bad(r.Type, "", "type field (%d-%d) ends past the record length %d", l.TypeStart, l.TypeStart+l.TypeLength-1, r.Length)
		}
		spans = append(spans, span{l.TypeStart - 1, l.TypeStart - 1 + l.TypeLength, "(record type)"})
	}
	for _, f := range r.Fields {
		if f.End() > r.Length {
			return bad(r.Type, f.Name, "columns %d-%d end past the record length %d", f.Start, f.End(), r.Length)
		}
		spans = append(spans, span{f.off, f.off + f.Length, f.Name})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	pos := 0
	r.gaps = r.gaps[:0]
	for i, s := range spans {
		if i > 0 && s.from < spans[i-1].to {
			p := spans[i-1]
			return bad(r.Type, s.name, "columns %d-%d overlap %s (columns %d-%d)", s.from+1, s.to, p.name, p.from+1, p.to)
		}
		if s.from > pos {
			r.gaps = append(r.gaps, [2]int{pos, s.from})
		}
		pos = s.to
	}
	if pos < r.Length {
		r.gaps = append(r.gaps, [2]int{pos, r.Length})
	}
	return nil
}

// Want names a field a package needs from a layout, and where to put it.
type Want struct {
	Name string
	Type Type
	Into **Field
}

// bindFields looks up the fields want names in the record of type recType,
// in order, and fails naming the first one missing or of another type.
func (l *Layout) bindFields(recType string, want []Want) error {
	r := l.byType[recType]
	if r == nil {
		return &DefinitionError{Layout: l.Name, Record: recType, Msg: "record type is missing"}
	}
	for _, w := range want {
		f := r.byName[w.Name]
		if f == nil {
			return &DefinitionError{Layout: l.Name, Record: recType, Field: w.Name, Msg: "field is missing"}
		}
		if f.Type != w.Type {
			return &DefinitionError{Layout: l.Name, Record: recType, Field: w.Name, Msg: fmt.Sprintf("has type %q, want %q", f.Type, w.Type)}
		}
		*w.Into = f
	}
	return nil
}

// onlyFields fails naming a field of the record that used does not name:
// a field no one reads would be lost.
func (l *Layout) onlyFields(recType string, used []string) error {
	r := l.byType[recType]
	if r == nil {
		return nil // reported by bindFields
	}
	for _, f := range r.Fields {
		found := false
		for _, u := range used {
			found = found || u == f.Name
		}
		if !found {
			return &DefinitionError{Layout: l.Name, Record: recType, Field: f.Name,
				Msg: "is not a field of this file kind; its values would be lost, so the layout is refused"}
		}
	}
	return nil
}

// OnlyTypes fails when the layout has a record type not in types.
func (l *Layout) OnlyTypes(types ...string) error {
	for _, r := range l.Records {
		found := false
		for _, t := range types {
			found = found || r.Type == t
		}
		if !found {
			return &DefinitionError{Layout: l.Name, Record: r.Type, Msg: "is not a record type of this file kind (want " + strings.Join(types, ", ") + ")"}
		}
	}
	return nil
}

// MustBind compiles a package's built-in layout and binds it; it panics
// only on a broken built-in definition, which the package's tests load.
func MustBind[T any](def []byte, bind func(*Layout) (T, error)) T {
	v, err := bind(MustParse(string(def)))
	if err != nil {
		panic(err)
	}
	return v
}

// LoadBound reads a JSON layout definition and binds it with a package's
// bind function: a user-edited layout is checked both as a layout and for
// the fields the package needs.
func LoadBound[T any](r io.Reader, bind func(*Layout) (T, error)) (T, error) {
	l, err := Load(r)
	if err != nil {
		var zero T
		return zero, err
	}
	return bind(l)
}
