package layout

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"
)

// A Codec moves the values of a file kind's model struct T — Payment,
// Adjustment — to and from one record type, as the struct's tags say, the
// way encoding/json moves a struct to and from an object:
//
//	Confirmation string          `layout:"confirmation,A"`
//	Amount       decimal.Decimal `layout:"amount,S"`
//	Original     string          `layout:"original_confirmation,A,omitempty"`
//	Paid         time.Time       `layout:"payment_date+payment_time,D+T,json=paid"`
//
// A tag names the layout field and its type code (FORMATS §1), which the
// layout must give it; "DATE+CLOCK" with type "D+T" (or "d+T") holds one
// time.Time in a date field and a time-of-day field. The Go type goes with
// the code: a string type with A; an int type with N; decimal.Decimal with
// S, U, Q and M; time.Time with D, d, MDY, MDYT and D+T; bool with F. A
// billing period or usage month, held as YYYYMM in an N field, goes to a
// struct of two fields, Year int and Month time.Month, with the option
// yyyymm. Options for JSON: json=KEY names the key (the field's name by
// default; required for a pair), omitempty leaves out an empty text or a
// zero number, datealso writes a pair's date alone under its date field's
// name as well. With custom the field is the kind's to read, write and
// write in JSON (a list packed in a text column, a money column that may
// be empty): the codec only checks the layout has it and leaves its place
// in JSON to the kind (AppendJSONWith). A typed layout's `layout:"REC,KEY"`
// reads the model's tags under KEY instead of layout, for a model a second
// format binds (an invoice's BIF columns, under bif).
//
// A struct field of struct type, or a slice of them, tagged "@REC" holds a
// part of the record kept in record type REC: the invoice's customer (a
// Connect NA record) or its charge lines (LI records). Its own tags bind
// it to REC. A part of the same record is read and written with the rest;
// one of another record is only written in JSON, as an object (a slice:
// an array of them) under its json= key, or with inline its fields among
// the record's own.
//
// The record's fields are the tags': a struct field per layout field, so
// that adding a field to a record is a line in the layout and a line in
// the model. A kind's typed layout gets its codecs from BindStruct, by a
// field `layout:"PD"` of type *Codec[Payment].
type Codec[T any] struct{ sc *structCodec }

// structCodec is a Codec compiled for a struct type.
type structCodec struct {
	rec  *Record
	ops  []codecOp
	keys []codecKey // ops[i]'s JSON
	// byKind holds the ops again by kind, for Read: a loop a kind, each
	// calling one accessor, runs faster than a switch a field.
	byKind [codecCustom + 1][]fieldAt
	parts  []codecPart
	// whole says the tags cover every field of the struct, so that Read
	// need not clear it first.
	whole bool
}

// codecPart is a struct field holding a part of the record, or of
// another record (see Codec).
type codecPart struct {
	sub      *structCodec
	off      uintptr
	same     bool    // the same record: read and written with it
	slice    bool    // a slice of them, elemSize apart
	elemSize uintptr //
	inline   bool    // JSON: its fields among the record's own
	key      string  // JSON: `,"key":`
}

type codecKind uint8

const (
	codecText codecKind = iota
	codecInt
	codecMoney
	codecDate
	codecDateTime
	codecDateClock
	codecFlag
	codecPeriod
	codecSub    // a part: aux is its index in parts
	codecCustom // read, written and put in JSON by the kind itself
)

// codecOp moves one struct field: its offset in T and the layout field (and
// the time-of-day field of a pair).
type codecOp struct {
	f, clock *Field
	off      uintptr
	aux      uintptr // a period: its Month, from off; a part: its index in parts
	kind     codecKind
	size     uint8 // of an int type
}

// fieldAt is an op as Read needs it: its field and where its value goes
// (aux: an int's size, a period's Month at off+aux, a pair's index in ops).
type fieldAt struct {
	f   *Field
	off uintptr
	aux uintptr
}

// codecKey is how an op's value is written in JSON.
type codecKey struct {
	key       string // `,"key":`
	dateKey   string // datealso: `,"date_field":`
	omitEmpty bool
}

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	timeType    = reflect.TypeFor[time.Time]()
	monthType   = reflect.TypeFor[time.Month]()
)

// codecKinds gives, for each type code, the kind of Go value it holds.
var codecKinds = map[Type]codecKind{
	Text: codecText, Number: codecInt, Flag: codecFlag,
	Money: codecMoney, UMoney: codecMoney, Quantity: codecMoney, Decimal: codecMoney,
	Date: codecDate, ShortDate: codecDate, MDY: codecDate, MDYTime: codecDateTime,
}

// goFits reports whether a struct field of type t can hold kind k.
func goFits(t reflect.Type, k codecKind) bool {
	switch k {
	case codecText:
		return t.Kind() == reflect.String
	case codecInt:
		switch t.Kind() {
		case reflect.Int, reflect.Int64, reflect.Int32:
			return true
		}
	case codecMoney:
		return t == decimalType
	case codecDate, codecDateTime, codecDateClock:
		return t == timeType
	case codecFlag:
		return t.Kind() == reflect.Bool
	case codecPeriod:
		return t.Kind() == reflect.Struct && t.NumField() == 2 && t.Field(0).Name == "Year" && t.Field(0).Type.Kind() == reflect.Int &&
			t.Field(1).Name == "Month" && t.Field(1).Type == monthType
	}
	return false
}

// Record returns the record type the codec reads and writes.
func (c *Codec[T]) Record() *Record { return c.sc.rec }

// Field returns the record's field named name, for a rule to name in a
// problem; nil (the whole record) when there is none.
func (c *Codec[T]) Field(name string) *Field { return c.sc.rec.Field(name) }

// bindRecord compiles the codec for record type rec of l and returns the
// names of the fields it uses. BindStruct calls it.
func (c *Codec[T]) bindRecord(l *Layout, rec, key string) ([]string, error) {
	sc, used, err := compileStruct(l, rec, reflect.TypeFor[T](), key, nil)
	c.sc = sc
	return used, err
}

// compileStruct compiles the tags (under key) of struct type t for record
// type rec; outer are the struct types whose parts t is, refused again (a
// part of itself would never end).
func compileStruct(l *Layout, rec string, t reflect.Type, key string, outer []reflect.Type) (*structCodec, []string, error) {
	if slices.Contains(outer, t) {
		return nil, nil, fmt.Errorf("layout: %s is a part of itself", t)
	}
	outer = append(outer, t)
	r := l.byType[rec]
	if r == nil {
		return nil, nil, &DefinitionError{Layout: l.Name, Record: rec, Msg: "record type is missing"}
	}
	c := &structCodec{rec: r, whole: true}
	var used []string
	for i := range t.NumField() {
		sf := t.Field(i)
		tag, ok := sf.Tag.Lookup(key)
		if !ok || !sf.IsExported() {
			c.whole = false
			continue
		}
		where := t.Name() + "." + sf.Name
		if strings.HasPrefix(tag, "@") {
			part, k, names, err := compilePart(l, r, where, sf, tag, key, outer)
			if err != nil {
				return nil, nil, err
			}
			c.ops = append(c.ops, codecOp{kind: codecSub, off: sf.Offset, aux: uintptr(len(c.parts))})
			c.keys = append(c.keys, k)
			c.parts = append(c.parts, part)
			if part.same {
				c.byKind[codecSub] = append(c.byKind[codecSub], fieldAt{off: sf.Offset, aux: uintptr(len(c.parts) - 1)})
			} else {
				c.whole = false // Read does not set it
			}
			used = append(used, names...)
			continue
		}
		op, k, names, err := compileOp(l, r, where, sf, tag)
		if err != nil {
			return nil, nil, err
		}
		c.ops, c.keys = append(c.ops, op), append(c.keys, k)
		if op.kind == codecCustom {
			c.whole = false // Read does not set it
			c.byKind[codecCustom] = append(c.byKind[codecCustom], fieldAt{f: op.f, off: op.off})
			used = append(used, names...)
			continue
		}
		at := fieldAt{f: op.f, off: op.off, aux: op.aux}
		switch op.kind {
		case codecInt:
			at.aux = uintptr(op.size)
		case codecDateClock:
			at.aux = uintptr(len(c.ops) - 1)
		}
		c.byKind[op.kind] = append(c.byKind[op.kind], at)
		used = append(used, names...)
	}
	return c, used, nil
}

// compilePart compiles a field tagged "@REC[,json=KEY][,inline]".
func compilePart(l *Layout, r *Record, where string, sf reflect.StructField, tag, tagKey string, outer []reflect.Type) (p codecPart, k codecKey, names []string, err error) {
	parts := strings.Split(tag, ",")
	bad := func(why string) error {
		return fmt.Errorf("layout: %s: tag %q %s (want \"@REC[,json=KEY][,inline]\" on a struct or a slice of them)", where, tag, why)
	}
	key, rec := strings.ToLower(sf.Name), parts[0][1:]
	for _, o := range parts[1:] {
		switch {
		case o == "inline":
			p.inline = true
		case strings.HasPrefix(o, "json="):
			key = strings.TrimPrefix(o, "json=")
		default:
			return p, k, nil, bad("has an unknown option " + strconv.Quote(o))
		}
	}
	t := sf.Type
	if t.Kind() == reflect.Slice {
		p.slice, t = true, t.Elem()
		p.elemSize = t.Size()
	}
	if t.Kind() != reflect.Struct || t == timeType || t == decimalType || (p.slice && (rec == r.Type || p.inline)) {
		return p, k, nil, bad("does not fit a " + sf.Type.String())
	}
	sub, used, err := compileStruct(l, rec, t, tagKey, outer)
	if err != nil {
		return p, k, nil, err
	}
	p.sub, p.off, p.same = sub, sf.Offset, rec == r.Type
	p.key = "," + strconv.Quote(key) + ":"
	if p.same {
		names = used
	}
	return p, k, names, nil
}

// compileOp reads one struct field's tag and finds its layout fields.
func compileOp(l *Layout, r *Record, where string, sf reflect.StructField, tag string) (op codecOp, k codecKey, names []string, err error) {
	parts := strings.Split(tag, ",")
	bad := func(why string) error {
		return fmt.Errorf("layout: %s: tag %q %s (want \"name,TYPE[,omitempty][,json=KEY][,datealso][,yyyymm][,custom]\")", where, tag, why)
	}
	if len(parts) < 2 {
		return op, k, nil, bad("has no type code")
	}
	names = strings.Split(parts[0], "+")
	types := strings.Split(parts[1], "+")
	op = codecOp{off: sf.Offset, size: uint8(sf.Type.Size())}
	key := names[0]
	dateAlso, period, custom := false, false, false
	for _, o := range parts[2:] {
		switch {
		case o == "custom":
			custom = true
		case o == "yyyymm":
			period = true
		case o == "omitempty":
			k.omitEmpty = true
		case o == "datealso":
			dateAlso = true
		case strings.HasPrefix(o, "json="):
			key = strings.TrimPrefix(o, "json=")
		default:
			return op, k, nil, bad("has an unknown option " + strconv.Quote(o))
		}
	}
	switch {
	case len(names) == 1 && len(types) == 1:
		kind, ok := codecKinds[Type(types[0])]
		if !ok {
			return op, k, nil, bad("has an unknown type code")
		}
		op.kind = kind
		if period && kind == codecInt {
			op.kind = codecPeriod
		}
	case len(names) == 2 && (parts[1] == "D+T" || parts[1] == "d+T") && key != names[0]:
		op.kind = codecDateClock
	default:
		return op, k, nil, bad("does not say one field and its type, or a date and a time (D+T) with a json= key")
	}
	if custom {
		op.kind = codecCustom // any Go type: the kind moves it
	}
	if (!custom && !goFits(sf.Type, op.kind)) || (dateAlso && op.kind != codecDateClock) || (period && op.kind != codecPeriod) {
		return op, k, nil, bad("does not fit a " + sf.Type.String())
	}
	fields, err := tagFields(l, r, names, types)
	if err != nil {
		return op, k, nil, err
	}
	op.f = fields[0]
	if op.kind == codecPeriod {
		op.aux = sf.Type.Field(1).Offset
	}
	if len(fields) == 2 {
		op.clock = fields[1]
	}
	k.key = "," + strconv.Quote(key) + ":"
	if dateAlso {
		k.dateKey = "," + strconv.Quote(names[0]) + ":"
	}
	return op, k, names, nil
}

// tagFields finds the fields a tag names, each of the type it gives (one
// type for one field, or a type each for a date and a time).
func tagFields(l *Layout, r *Record, names, types []string) ([]*Field, error) {
	fields := make([]*Field, len(names))
	for i, name := range names {
		f := r.byName[name]
		if f == nil {
			return nil, &DefinitionError{Layout: l.Name, Record: r.Type, Field: name, Msg: "field is missing"}
		}
		if want := Type(types[min(i, len(types)-1)]); f.Type != want {
			return nil, &DefinitionError{Layout: l.Name, Record: r.Type, Field: name, Msg: fmt.Sprintf("has type %q, want %q", f.Type, want)}
		}
		fields[i] = f
	}
	return fields, nil
}

func getInt(p unsafe.Pointer, size uint8) int64 {
	switch size {
	case 4:
		return int64(*(*int32)(p))
	default:
		return *(*int64)(p)
	}
}

// Read replaces *v with the values of row; a field that does not parse is
// a problem on the row (Row.Err) and leaves its value zero. Problems come
// in the order of the fields' places in the record.
func (c *Codec[T]) Read(row *Row, v *T) { c.ReadWith(row, v, nil) }

// ReadWith is Read with the fields tagged custom read by custom, given the
// layout field, among the others, so that every problem of the row comes
// in field order.
func (c *Codec[T]) ReadWith(row *Row, v *T, custom func(f *Field)) {
	if !c.sc.whole {
		*v = *new(T)
	}
	c.sc.read(row, unsafe.Pointer(v), custom)
}

func (c *structCodec) read(row *Row, base unsafe.Pointer, custom func(f *Field)) {
	n := len(row.errs)
	k := &c.byKind
	if texts := k[codecText]; len(texts) > 0 {
		readTexts(row, base, texts)
	}
	for i := range k[codecInt] {
		o := &k[codecInt][i]
		// The common case, the digits the field should hold, without the
		// call; anything else (blank, too long, not digits) as Number says.
		b := row.bytes(o.f)
		v, ok := digits(b)
		if !ok || len(b) > 18 || (!row.fixed && o.f.Length > 0 && len(b) != o.f.Length) {
			v = row.Number(o.f)
		}
		if o.aux == 4 {
			if v > math.MaxInt32 {
				// An N field holds up to 18 digits; a 32-bit int does not.
				row.Fail(o.f, ErrSyntax, "%d is too large here (at most %d)", v, math.MaxInt32)
				v = 0
			}
			*(*int32)(unsafe.Add(base, o.off)) = int32(v)
		} else {
			*(*int64)(unsafe.Add(base, o.off)) = int64(v)
		}
	}
	for i := range k[codecMoney] {
		o := &k[codecMoney][i]
		*(*decimal.Decimal)(unsafe.Add(base, o.off)) = row.Money(o.f)
	}
	for i := range k[codecDate] {
		o := &k[codecDate][i]
		*(*time.Time)(unsafe.Add(base, o.off)) = row.Date(o.f)
	}
	for i := range k[codecDateTime] {
		o := &k[codecDateTime][i]
		*(*time.Time)(unsafe.Add(base, o.off)) = row.DateTime(o.f)
	}
	for i := range k[codecDateClock] {
		o := &c.ops[k[codecDateClock][i].aux]
		*(*time.Time)(unsafe.Add(base, o.off)) = At(row.Date(o.f), row.Clock(o.clock))
	}
	for i := range k[codecFlag] {
		o := &k[codecFlag][i]
		switch b := row.bytes(o.f); {
		case len(b) == 1 && b[0] == 'Y':
			*(*bool)(unsafe.Add(base, o.off)) = true
		case len(b) == 1 && b[0] == 'N':
			*(*bool)(unsafe.Add(base, o.off)) = false
		default:
			*(*bool)(unsafe.Add(base, o.off)) = row.Flag(o.f)
		}
	}
	for i := range k[codecPeriod] {
		o := &k[codecPeriod][i]
		p, n := unsafe.Add(base, o.off), row.Number(o.f)
		*(*int)(p), *(*time.Month)(unsafe.Add(p, o.aux)) = int(n/100), time.Month(n%100)
	}
	for i := range k[codecSub] {
		o := &k[codecSub][i]
		c.parts[o.aux].sub.read(row, unsafe.Add(base, o.off), nil)
	}
	if custom != nil {
		for i := range k[codecCustom] {
			custom(k[codecCustom][i].f)
		}
	}
	if len(row.errs) > n+1 {
		// Read by kind, several problems are put back in field order.
		slices.SortStableFunc(row.errs[n:], func(a, b *Error) int { return (a.Start + a.Column) - (b.Start + b.Column) })
	}
}

// readTexts sets the text fields of a row, as Row.Text returns them: the
// row's text is made once, and each field is cut from it; a field that
// could not be decoded goes through Row.Text, which reports it.
func readTexts(row *Row, base unsafe.Pointer, texts []fieldAt) {
	if !row.textOK {
		row.buildText()
	}
	for i := range texts {
		o := &texts[i]
		p := (*string)(unsafe.Add(base, o.off))
		switch {
		case row.ascii:
			if j := 2 * (o.f.Column - 1); j+1 < len(row.cols) {
				*p = row.text[row.cols[j]:row.cols[j+1]]
			} else {
				*p = ""
			}
		case row.spans[o.f.textIdx].start >= 0:
			sp := row.spans[o.f.textIdx]
			*p = row.text[sp.start:sp.end]
		default:
			*p = row.Text(o.f)
		}
	}
}

// Write sets the fields of the record b builds from *v; a value that does
// not fit is a problem on b, which the Writer's Commit returns.
func (c *Codec[T]) Write(b *Builder, v *T) { c.sc.write(b, unsafe.Pointer(v)) }

func (c *structCodec) write(b *Builder, base unsafe.Pointer) {
	for i := range c.ops {
		o := &c.ops[i]
		p := unsafe.Add(base, o.off)
		switch o.kind {
		case codecText:
			b.Text(o.f, *(*string)(p))
		case codecInt:
			b.Int(o.f, getInt(p, o.size))
		case codecMoney:
			b.Money(o.f, *(*decimal.Decimal)(p))
		case codecDate:
			b.Date(o.f, *(*time.Time)(p))
		case codecDateTime:
			b.DateTime(o.f, *(*time.Time)(p))
		case codecDateClock:
			t := *(*time.Time)(p)
			b.Date(o.f, t)
			b.Clock(o.clock, TimeOfDay(t))
		case codecFlag:
			b.Flag(o.f, *(*bool)(p))
		case codecPeriod:
			b.Int(o.f, int64(*(*int)(p)*100+int(*(*time.Month)(unsafe.Add(p, o.aux)))))
		case codecSub:
			if part := &c.parts[o.aux]; part.same {
				part.sub.write(b, p)
			}
		case codecCustom: // the kind writes it
		}
	}
}
