package layout

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/icbatch/caselle/internal/jsonl"
	"github.com/shopspring/decimal"
)

// A Codec's JSON: the shape every kind shares (package jsonl), each field
// under the key its tag gives, in the struct's order.

// JSON returns *v as one object of the JSON shape every kind shares
// (package jsonl): "record" (the record type), "line", then each field
// under its key in the struct's order.
func (c *Codec[T]) JSON(v *T, line int) json.RawMessage {
	return JSONRecord(c.sc.rec.Type, line, func(b []byte) []byte { return c.AppendJSON(b, v) })
}

// JSONRecord returns one object of the shared JSON shape: "record",
// "line", then what fill appends (each key starting with a comma, as
// AppendJSON writes them).
func JSONRecord(record string, line int, fill func([]byte) []byte) json.RawMessage {
	b := AppendJSONString(append(make([]byte, 0, 256), `{"record":`...), record)
	b = strconv.AppendInt(append(b, `,"line":`...), int64(line), 10)
	return append(fill(b), '}')
}

// AppendObject appends *v as an object of its own, {"key":value,...}: a
// part of a record (a lockbox payment's distributions).
func (c *Codec[T]) AppendObject(b []byte, v *T) []byte {
	return c.sc.appendObject(b, unsafe.Pointer(v))
}

func (c *structCodec) appendObject(b []byte, base unsafe.Pointer) []byte {
	n := len(b)
	b = c.appendJSON(b, base, nil)
	if len(b) == n {
		return append(b, "{}"...)
	}
	b[n] = '{'
	return append(b, '}')
}

// AppendJSON appends *v's fields to an object being written: each as
// ,"key":value.
func (c *Codec[T]) AppendJSON(b []byte, v *T) []byte {
	return c.sc.appendJSON(b, unsafe.Pointer(v), nil)
}

// AppendJSONWith is AppendJSON with the fields tagged custom written by
// custom, given the key (`,"key":`) and the layout field's name, in their
// places among the others.
func (c *Codec[T]) AppendJSONWith(b []byte, v *T, custom func(b []byte, key, field string) []byte) []byte {
	return c.sc.appendJSON(b, unsafe.Pointer(v), custom)
}

func (c *structCodec) appendJSON(b []byte, base unsafe.Pointer, custom func(b []byte, key, field string) []byte) []byte {
	for i := range c.ops {
		o, k := &c.ops[i], &c.keys[i]
		p := unsafe.Add(base, o.off)
		switch o.kind {
		case codecText:
			s := *(*string)(p)
			if s == "" && k.omitEmpty {
				continue
			}
			b = AppendJSONString(append(b, k.key...), s)
		case codecInt:
			n := getInt(p, o.size)
			if n == 0 && k.omitEmpty {
				continue
			}
			b = strconv.AppendInt(append(b, k.key...), n, 10)
		case codecMoney:
			d := *(*decimal.Decimal)(p)
			s := jsonl.Money(d)
			if o.f.places == 3 {
				s = jsonl.Quantity(d)
			}
			b = append(append(append(append(b, k.key...), '"'), s...), '"')
		case codecDate:
			b = AppendJSONString(append(b, k.key...), jsonl.Date(*(*time.Time)(p)))
		case codecDateTime, codecDateClock:
			t := *(*time.Time)(p)
			if k.dateKey != "" {
				b = AppendJSONString(append(b, k.dateKey...), jsonl.Date(t))
			}
			b = AppendJSONString(append(b, k.key...), jsonl.DateTime(t))
		case codecFlag:
			b = strconv.AppendBool(append(b, k.key...), *(*bool)(p))
		case codecPeriod:
			y, m := *(*int)(p), int(*(*time.Month)(unsafe.Add(p, o.aux)))
			b = AppendJSONString(append(b, k.key...), fmt.Sprintf("%04d-%02d", y, m))
		case codecSub:
			b = c.parts[o.aux].appendJSON(b, p)
		case codecCustom:
			if custom != nil {
				b = custom(b, k.key, o.f.Name)
			}
		}
	}
	return b
}

// appendJSON writes a part: its fields, an object, or an array of them.
func (part *codecPart) appendJSON(b []byte, p unsafe.Pointer) []byte {
	switch {
	case part.inline:
		return part.sub.appendJSON(b, p, nil)
	case !part.slice:
		return part.sub.appendObject(append(b, part.key...), p)
	}
	s := (*struct {
		data     unsafe.Pointer
		len, cap int
	})(p)
	b = append(append(b, part.key...), '[')
	for i := range s.len {
		if i > 0 {
			b = append(b, ',')
		}
		b = part.sub.appendObject(b, unsafe.Add(s.data, uintptr(i)*part.elemSize))
	}
	return append(b, ']')
}

// AppendJSONString appends s as a JSON string, as encoding/json writes it
// with HTML escaping off.
func AppendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c == '\b':
				b = append(b, '\\', 'b')
			case c == '\f':
				b = append(b, '\\', 'f')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&15])
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}
