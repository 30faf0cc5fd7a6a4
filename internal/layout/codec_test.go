package layout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

type codecCode string

// codecModel has a field of every kind a Codec moves.
type codecModel struct {
	Code    codecCode       `layout:"code,A"`
	Note    string          `layout:"note,A,omitempty"`
	Count   int             `layout:"count,N"`
	Small   int32           `layout:"small,N"`
	Amount  decimal.Decimal `layout:"amount,S"`
	Weight  decimal.Decimal `layout:"weight,Q"`
	Day     time.Time       `layout:"day,D"`
	At      time.Time       `layout:"at_date+at_time,D+T,json=at,datealso"`
	Paid    bool            `layout:"paid,F"`
	Month   testPeriod      `layout:"month,N,yyyymm"`
	Ignored string          // no tag: left alone by Read, Write and JSON
}

type testPeriod struct {
	Year  int
	Month time.Month
}

type codecKindLayout struct {
	l  *Layout            `layout:"layout"`
	m  *Codec[codecModel] `layout:""`
	mr *Record            `layout:""`
}

const codecJSON = `{"name": "codec", "format": "fixed", "records": [{"type": "", "length": 80, "fields": [
  {"name": "code", "start": 1, "length": 4, "type": "A"}, {"name": "note", "start": 5, "length": 10, "type": "A"},
  {"name": "count", "start": 15, "length": 4, "type": "N"}, {"name": "small", "start": 19, "length": 2, "type": "N"},
  {"name": "amount", "start": 21, "length": 10, "type": "S"}, {"name": "weight", "start": 31, "length": 8, "type": "Q"},
  {"name": "day", "start": 39, "length": 8, "type": "D"}, {"name": "at_date", "start": 47, "length": 8, "type": "D"},
  {"name": "at_time", "start": 55, "length": 6, "type": "T"}, {"name": "paid", "start": 61, "length": 1, "type": "F"},
  {"name": "month", "start": 62, "length": 6, "type": "N"}]}]}`

func codecLayout(t *testing.T, def string) *codecKindLayout {
	t.Helper()
	k, err := BindNew[codecKindLayout](MustParse(def))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestCodecRoundTrip: a model written by its codec reads back the same,
// its record holds the bytes the layout places, and its JSON is the
// shape's (keys from the tags, money at its scale, a pair as date-time).
func TestCodecRoundTrip(t *testing.T) {
	k := codecLayout(t, codecJSON)
	if k.m.Record() != k.mr || k.m.Field("amount") != k.mr.Field("amount") || k.m.Field("nope") != nil {
		t.Fatal("the codec's record and fields are not the layout's")
	}
	in := codecModel{Code: "AB", Note: `say "hi"`, Count: 42, Small: 7, Amount: decimal.RequireFromString("-12.30"),
		Weight: decimal.RequireFromString("6.5"), Day: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC),
		At: time.Date(2026, 11, 24, 14, 30, 15, 0, time.UTC), Paid: true, Month: testPeriod{2026, time.November}, Ignored: "kept"}
	var buf bytes.Buffer
	w := NewWriter(k.l, &buf, "out")
	b := w.Begin("")
	k.m.Write(b, &in)
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := `AB  say "hi"  004207-000001230+00065002026112520261124143015Y202611` + strings.Repeat(" ", 13) + "\r\n"
	if buf.String() != want {
		t.Fatalf("wrote\n%q\nwant\n%q", buf.String(), want)
	}
	rd := NewReader(k.l, &buf, "out")
	row, err := rd.Next()
	if err != nil {
		t.Fatal(err)
	}
	got := codecModel{Ignored: "stale"}
	k.m.Read(row, &got)
	if err := row.Err(); err != nil {
		t.Fatal(err)
	}
	in.Ignored = ""
	if diff := cmp.Diff(in, got); diff != "" {
		t.Errorf("read back (-wrote +read):\n%s", diff)
	}
	wantJSON := `{"record":"R","line":3,"code":"AB","note":"say \"hi\"","count":42,"small":7,"amount":"-12.30","weight":"6.500",` +
		`"day":"2026-11-25","at_date":"2026-11-24","at":"2026-11-24T14:30:15","paid":true,"month":"2026-11","more":1}`
	js := JSONRecord("R", 3, func(b []byte) []byte { return append(k.m.AppendJSON(b, &got), `,"more":1`...) })
	if string(js) != wantJSON || !json.Valid(js) {
		t.Errorf("JSON\n%s\nwant\n%s", js, wantJSON)
	}
	if obj := string(k.m.AppendObject([]byte("["), &got)); !strings.HasPrefix(obj, `[{"code":"AB",`) || !strings.HasSuffix(obj, `"month":"2026-11"}`) {
		t.Errorf("as an object of its own: %s", obj)
	}
	got.Note = ""
	if js := string(k.m.JSON(&got, 3)); !strings.Contains(js, `"code":"AB","count":42`) || !strings.HasPrefix(js, `{"record":"","line":3,`) {
		t.Errorf("omitempty note, record named by its type: %s", js)
	}
}

// TestCodecReadFails: a field that does not parse is the row's problem.
func TestCodecReadFails(t *testing.T) {
	k := codecLayout(t, codecJSON)
	line := `AB  note      00x207-000001230+000650020261125202611241430` + "15Y202611" + strings.Repeat(" ", 13) + "\r\n"
	row, err := NewReader(k.l, strings.NewReader(line), "in").Next()
	if err != nil {
		t.Fatal(err)
	}
	var m codecModel
	k.m.Read(row, &m)
	errs := Flatten(row.Err())
	if len(errs) != 1 || errs[0].Field != "count" || m.Count != 0 || m.Code != "AB" {
		t.Fatalf("problems %v, model %+v", errs, m)
	}
	// A number too large for the model's int32 is a problem, never cut.
	big := MustParse(strings.Replace(codecJSON, `{"name": "small", "start": 19, "length": 2, "type": "N"}`, `{"name": "small", "start": 68, "length": 12, "type": "N"}`, 1))
	kb, err := BindNew[codecKindLayout](big)
	if err != nil {
		t.Fatal(err)
	}
	line = `AB  note      0042  -000001230+000650020261125202611241430` + "15Y202611999999999999\r\n"
	if row, err = NewReader(kb.l, strings.NewReader(line), "in").Next(); err != nil {
		t.Fatal(err)
	}
	kb.m.Read(row, &m)
	if errs := Flatten(row.Err()); len(errs) != 1 || errs[0].Field != "small" || !strings.Contains(errs[0].Msg, "too large") || m.Small != 0 {
		t.Fatalf("999999999999 into an int32: problems %v, value %d", errs, m.Small)
	}
}

// TestCodecBindRefuses: a layout without a tag's field, with the field of
// another type, or with a field no tag names is refused naming it; a tag
// that says no type, an unknown type or option, or a Go type that cannot
// hold the field's values is a programming error, named.
func TestCodecBindRefuses(t *testing.T) {
	bindRefuses[codecKindLayout](t, codecJSON, []edit{
		{`"name": "weight"`, `"name": "heft"`, `field "weight": field is missing`},
		{`"name": "weight", "start": 31, "length": 8, "type": "Q"`, `"name": "weight", "start": 31, "length": 8, "type": "S"`, `field "weight": has type "S", want "Q"`},
		{`"name": "at_time", "start": 55, "length": 6, "type": "T"`, `"name": "at_time", "start": 55, "length": 6, "type": "N"`, `field "at_time": has type "N", want "T"`},
		{`{"name": "month", "start": 62, "length": 6, "type": "N"}`, `{"name": "month", "start": 62, "length": 6, "type": "N"}, {"name": "extra", "start": 68, "length": 1, "type": "A"}`, `field "extra": is not a field of this file kind`},
	})
	l := MustParse(codecJSON)
	check := func(name string, bind func() error, want string) {
		t.Helper()
		if err := bind(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", name, err, want)
		}
	}
	check("no type", func() error {
		return BindStruct(l, &struct {
			c *Codec[struct {
				A string `layout:"code"`
			}] `layout:""`
		}{})
	}, `tag "code" has no type code`)
	check("unknown type", func() error {
		return BindStruct(l, &struct {
			c *Codec[struct {
				A string `layout:"code,Z"`
			}] `layout:""`
		}{})
	}, "unknown type code")
	check("unknown option", func() error {
		return BindStruct(l, &struct {
			c *Codec[struct {
				A string `layout:"code,A,sometimes"`
			}] `layout:""`
		}{})
	}, `unknown option "sometimes"`)
	check("Go type", func() error {
		return BindStruct(l, &struct {
			c *Codec[struct {
				A int `layout:"code,A"`
			}] `layout:""`
		}{})
	}, "does not fit a int")
	check("period not a year and month", func() error {
		return BindStruct(l, &struct {
			c *Codec[struct {
				A int `layout:"count,N,yyyymm"`
			}] `layout:""`
		}{})
	}, "does not fit a int")
	check("pair without key", func() error {
		return BindStruct(l, &struct {
			c *Codec[struct {
				A time.Time `layout:"at_date+at_time,D+T"`
			}] `layout:""`
		}{})
	}, "json= key")
}

// TestAppendJSONString writes every string as encoding/json does (HTML
// characters as they are).
func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `q"b\s`, "tab\tnl\ncr\rbs\bff\f", "\x00\x01\x1f\x7f", "<a href='x'>&</a>",
		"José Peña", "ana.muñoz", "\u2028\u2029", "bad \xff\xfe utf8", "\xe2\x82", "€ ’ 😀"} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := string(AppendJSONString(nil, s)) + "\n"; got != want.String() {
			t.Errorf("%q: got %s, want %s", s, got, want.String())
		}
	}
}

type agreeModel struct {
	N   int64  `layout:"n,N"`
	N2  int    `layout:"n2,N"`
	Opt int32  `layout:"opt,N"`
	A   string `layout:"a,A"`
	F   bool   `layout:"f,F"`
	B   string `layout:"b,A"`
}

type agreeLayout struct {
	l *Layout            `layout:"layout"`
	c *Codec[agreeModel] `layout:""`
}

const agreeFixed = `{"name": "agree", "format": "fixed", "records": [{"type": "", "length": 40, "fields": [
  {"name": "n", "start": 1, "length": 6, "type": "N"}, {"name": "n2", "start": 7, "length": 2, "type": "N"},
  {"name": "opt", "start": 9, "length": 3, "type": "N", "optional": true}, {"name": "a", "start": 12, "length": 10, "type": "A"},
  {"name": "f", "start": 22, "length": 1, "type": "F"}, {"name": "b", "start": 23, "length": 18, "type": "A"}]}]}`

const agreeDelimited = `{"name": "agree", "format": "delimited", "records": [{"type": "", "fields": [
  {"name": "n", "column": 1, "type": "N"}, {"name": "n2", "column": 2, "type": "N", "length": 2},
  {"name": "opt", "column": 3, "type": "N", "optional": true}, {"name": "a", "column": 4, "type": "A"},
  {"name": "f", "column": 5, "type": "F"}, {"name": "b", "column": 6, "type": "A"}]}]}`

// FuzzCodecReadAgrees holds Codec.Read, which reads the common forms of
// numbers, flags and texts without calling the accessors, to what the
// accessors (Row.Number, Row.Flag, Row.Text) return and report, in fixed
// and delimited records.
func FuzzCodecReadAgrees(f *testing.F) {
	for _, s := range []string{
		"00004201  7Plain text Yrest of it", "0000420107Plain     Nmore", "12345678901234567890", "      01   José Peña Y",
		"00a00101007text      Xb", "000042 1", "", "\xff\x80\x81 01 002 caf\xe9 Y \x01", "000001ab007x         y",
		"42,01,7,Plain text,Y,rest", "42,1,,text,N,", "12345678901234567890,01,,a,Y,b", `"4,2",01,,"a ""q""",Y,b`,
		"x,01,007,a,y,b", "42,01,,caf\xe9,Y,\x01", " 42,01,,a,Y,b", "42,01,,a, ,b", "42,01", "9999999999999999999,01,,a,N,b",
	} {
		f.Add(s)
	}
	fixed := MustParse(agreeFixed)
	delim := MustParse(agreeDelimited)
	kf, err := BindNew[agreeLayout](fixed)
	if err != nil {
		f.Fatal(err)
	}
	kd, err := BindNew[agreeLayout](delim)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		for _, k := range []*agreeLayout{kf, kd} {
			read := func() *Row {
				row, err := NewReader(k.l, strings.NewReader(line+"\r\n"), "in").Next()
				if err != nil {
					return nil
				}
				return row
			}
			row := read()
			if row == nil {
				continue
			}
			var got agreeModel
			k.c.Read(row, &got)
			gotErrs := fmt.Sprint(row.Err())
			row = read()
			r := k.l.Records[0].byName
			want := agreeModel{N: int64(row.Number(r["n"])), N2: int(row.Number(r["n2"]))}
			if opt := row.Number(r["opt"]); opt > math.MaxInt32 {
				row.Fail(r["opt"], ErrSyntax, "%d is too large here (at most %d)", opt, math.MaxInt32) // never cut
			} else {
				want.Opt = int32(opt)
			}
			want.A, want.F, want.B = row.Text(r["a"]), row.Flag(r["f"]), row.Text(r["b"])
			if got != want || gotErrs != fmt.Sprint(row.Err()) {
				t.Fatalf("%s %q:\ncodec     %+v %s\naccessors %+v %v", k.l.Format, line, got, gotErrs, want, row.Err())
			}
		}
	})
}

type partLine struct {
	Item   string          `layout:"item,A"`
	Amount decimal.Decimal `layout:"amount,S"`
}

type partTotals struct {
	Count int             `layout:"count,N"`
	Sum   decimal.Decimal `layout:"sum,S"`
}

type partHead struct {
	Name string `layout:"name,A"`
}

type partOrder struct {
	Head   partHead   `layout:"@H,inline"`
	Number string     `layout:"number,A"`
	Totals partTotals `layout:"@O,json=totals"`
	Lines  []partLine `layout:"@L,json=lines"`
	Note   string
}

// partLoop is a part of itself (through another record).
type partLoop struct {
	Loops []partLoop `layout:"@O"`
	Item  string     `layout:"item,A"`
}

type partKind struct {
	l *Layout           `layout:"layout"`
	h *Codec[partHead]  `layout:"H"`
	o *Codec[partOrder] `layout:"O"`
	i *Codec[partLine]  `layout:"L"`
}

const partJSON = `{"name": "parts", "format": "fixed", "typeStart": 1, "typeLength": 1, "records": [
  {"type": "H", "length": 20, "fields": [{"name": "name", "start": 2, "length": 10, "type": "A"}]},
  {"type": "O", "length": 20, "fields": [{"name": "number", "start": 2, "length": 5, "type": "A"},
    {"name": "count", "start": 7, "length": 3, "type": "N"}, {"name": "sum", "start": 10, "length": 8, "type": "S"}]},
  {"type": "L", "length": 20, "fields": [{"name": "item", "start": 2, "length": 8, "type": "A"}, {"name": "amount", "start": 10, "length": 8, "type": "S"}]}]}`

// TestCodecParts: a part of the same record is read and written with it
// and written in JSON as an object; parts of other records (a struct
// inline, a slice) only in JSON; a part tag that does not fit is refused.
func TestCodecParts(t *testing.T) {
	k, err := BindNew[partKind](MustParse(partJSON))
	if err != nil {
		t.Fatal(err)
	}
	if k.h.Record().Type != "H" || k.i.Record().Type != "L" || k.o.Record().Type != "O" {
		t.Fatal("the codecs are not bound to their records")
	}
	in := partOrder{Head: partHead{"Shop"}, Number: "A1", Totals: partTotals{2, decimal.RequireFromString("3.50")},
		Lines: []partLine{{"pen", decimal.RequireFromString("1.25")}, {"ink", decimal.RequireFromString("2.25")}}, Note: "kept"}
	var buf bytes.Buffer
	w := NewWriter(k.l, &buf, "out")
	k.o.Write(w.Begin("O"), &in)
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "OA1   002+0000350   \r\n"; buf.String() != want {
		t.Fatalf("wrote %q, want %q (the totals with the order, nothing of the head or the lines)", buf.String(), want)
	}
	row, err := NewReader(k.l, &buf, "out").Next()
	if err != nil {
		t.Fatal(err)
	}
	got := partOrder{Note: "stale", Head: partHead{"stale"}}
	k.o.Read(row, &got)
	if err := row.Err(); err != nil || got.Number != "A1" || got.Totals.Count != 2 || !got.Totals.Sum.Equal(in.Totals.Sum) || got.Note != "" || got.Head.Name != "" || got.Lines != nil {
		t.Fatalf("read back %+v (%v)", got, err)
	}
	want := `{"record":"O","line":1,"name":"Shop","number":"A1","totals":{"count":2,"sum":"3.50"},"lines":[{"item":"pen","amount":"1.25"},{"item":"ink","amount":"2.25"}]}`
	if js := string(k.o.JSON(&in, 1)); js != want {
		t.Errorf("JSON\n%s\nwant\n%s", js, want)
	}
	in.Lines = nil
	if js := string(k.o.JSON(&in, 1)); !strings.HasSuffix(js, `"lines":[]}`) {
		t.Errorf("no lines: %s", js)
	}
	l := MustParse(partJSON)
	for _, tt := range []struct {
		bind func() error
		want string
	}{
		{func() error {
			return BindStruct(l, &struct {
				h, i *Record `layout:"H"`
				c    *Codec[struct {
					L []partLine `layout:"@O"`
				}] `layout:"O"`
				l *Record `layout:"L"`
			}{})
		}, "does not fit a []layout.partLine"},
		{func() error {
			return BindStruct(l, &struct {
				h, i *Record `layout:"H"`
				c    *Codec[struct {
					L string `layout:"@L"`
				}] `layout:"O"`
				l *Record `layout:"L"`
			}{})
		}, "does not fit a string"},
		{func() error {
			return BindStruct(l, &struct {
				h, i *Record `layout:"H"`
				c    *Codec[struct {
					L partLine `layout:"@L,flat"`
				}] `layout:"O"`
				l *Record `layout:"L"`
			}{})
		}, `unknown option "flat"`},
		{func() error {
			return BindStruct(l, &struct {
				h, i *Record `layout:"H"`
				c    *Codec[struct {
					L partLine `layout:"@X"`
				}] `layout:"O"`
				l *Record `layout:"L"`
			}{})
		}, `record "X": record type is missing`},
		{func() error {
			return BindStruct(l, &struct {
				h, i *Record `layout:"H"`
				c    *Codec[struct {
					L []partLoop `layout:"@L"`
				}] `layout:"O"`
				l *Record `layout:"L"`
			}{})
		}, "layout.partLoop is a part of itself"},
	} {
		if err := tt.bind(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v, want %q", err, tt.want)
		}
	}
}

type customModel struct {
	Name  string   `alt:"name,A"`
	Tags  []string `alt:"tags,A,custom,json=tag_list"`
	Count int      `alt:"count,N"`
}

type customKind struct {
	l *Layout             `layout:"layout"`
	c *Codec[customModel] `layout:",alt"`
}

// TestCodecCustomAndTagKey: a typed layout may read the model's tags under
// another key; a custom field is checked against the layout but left to the
// kind by Read and Write, and written in JSON by its hook in its place.
func TestCodecCustomAndTagKey(t *testing.T) {
	def := `{"name": "custom", "format": "fixed", "records": [{"type": "", "length": 20, "fields": [
	  {"name": "name", "start": 1, "length": 5, "type": "A"}, {"name": "tags", "start": 6, "length": 10, "type": "A"},
	  {"name": "count", "start": 16, "length": 3, "type": "N"}]}]}`
	k, err := BindNew[customKind](MustParse(def))
	if err != nil {
		t.Fatal(err)
	}
	row, err := NewReader(k.l, strings.NewReader("Ann  a;b       007  \r\n"), "in").Next()
	if err != nil {
		t.Fatal(err)
	}
	m := customModel{Tags: []string{"stale"}}
	k.c.Read(row, &m)
	if m.Name != "Ann" || m.Count != 7 || m.Tags != nil {
		t.Fatalf("read %+v: the custom field is cleared, not read", m)
	}
	m.Tags = []string{"a", "b"}
	js := JSONRecord("x", 1, func(b []byte) []byte {
		return k.c.AppendJSONWith(b, &m, func(b []byte, key, field string) []byte {
			return AppendJSONString(append(b, key...), field+":"+strings.Join(m.Tags, "|"))
		})
	})
	if want := `{"record":"x","line":1,"name":"Ann","tag_list":"tags:a|b","count":7}`; string(js) != want {
		t.Errorf("JSON %s, want %s", js, want)
	}
	if js := string(k.c.JSON(&m, 1)); strings.Contains(js, "tag_list") {
		t.Errorf("without a hook the custom field is left out: %s", js)
	}
	// ReadWith reads custom fields among the others: problems in field order.
	row, err = NewReader(k.l, strings.NewReader("Ann  a;b       0x7  \r\n"), "in").Next()
	if err != nil {
		t.Fatal(err)
	}
	k.c.ReadWith(row, &m, func(f *Field) { row.Fail(f, ErrSyntax, "not a tag list") })
	if errs := Flatten(row.Err()); len(errs) != 2 || errs[0].Field != "tags" || errs[1].Field != "count" {
		t.Errorf("problems %v, want tags then count", errs)
	}
	if _, err := BindNew[customKind](MustParse(strings.Replace(def, `"name": "tags"`, `"name": "labels"`, 1))); err == nil || !strings.Contains(err.Error(), `field "tags": field is missing`) {
		t.Errorf("a custom field missing from the layout: %v", err)
	}
}
