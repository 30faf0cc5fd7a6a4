package invoice

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"
)

// scanned is one token as both tokenizers are compared on it: what it
// holds, and the line and offset after it.
type scanned struct {
	tok          string
	line, offset int64
}

func (s scanned) String() string {
	return fmt.Sprintf("%s (line %d, offset %d)", s.tok, s.line, s.offset)
}

// scanAll reads data with the reader's scanner (its limit out of the
// way) and returns its tokens and the error that ended them (io.EOF at
// a clean end).
func scanAll(data []byte) ([]scanned, error) {
	r := NewClarityReader(bytes.NewReader(data), nil)
	sc := r.sc
	sc.max = 1 << 30
	var out []scanned
	for {
		err := sc.next()
		if err != nil {
			return out, err
		}
		var tok string
		switch sc.kind {
		case tokStart:
			tok = describe(sc.start())
		case tokEnd:
			tok = describe(xml.EndElement{Name: sc.name})
		case tokText:
			tok = describe(xml.CharData(sc.text))
		default:
			tok = "other"
		}
		out = append(out, scanned{tok, int64(sc.posLine()), sc.offset()})
	}
}

// decodeAll reads data with encoding/xml's strict Decoder, set up as the
// reader is (newTestDecoder).
func decodeAll(data []byte) ([]scanned, error) {
	d := newTestDecoder(data)
	var out []scanned
	for {
		tok, err := d.Token()
		if err != nil {
			return out, err
		}
		line, _ := d.InputPos()
		out = append(out, scanned{describe(tok), int64(line), d.InputOffset()})
	}
}

func describe(tok xml.Token) string {
	switch t := tok.(type) {
	case xml.StartElement:
		var b strings.Builder
		fmt.Fprintf(&b, "<{%s}%s", t.Name.Space, t.Name.Local)
		for _, a := range t.Attr {
			fmt.Fprintf(&b, " {%s}%s=%q", a.Name.Space, a.Name.Local, a.Value)
		}
		return b.String() + ">"
	case xml.EndElement:
		return fmt.Sprintf("</{%s}%s>", t.Name.Space, t.Name.Local)
	case xml.CharData:
		return fmt.Sprintf("text %q", t)
	}
	return "other"
}

// scanAgrees holds the scanner to encoding/xml on data: the same tokens
// with the same lines and offsets after each, and the same end — a clean
// end, or the same error message. The scanner may refuse where the
// Decoder does not only for markup XML forbids (a markupError); where
// both refuse a text, the scanner names the first bad character and the
// Decoder looks at characters only once the text has been read, so a
// text with a bad character and a bad entity may be refused for either.
func scanAgrees(t *testing.T, data []byte) {
	t.Helper()
	got, errS := scanAll(data)
	want, errD := decodeAll(data)
	n := min(len(got), len(want))
	for i := range n {
		if got[i] != want[i] {
			t.Fatalf("token %d: scanner %v, encoding/xml %v", i, got[i], want[i])
		}
	}
	var me *markupError
	if errors.As(errS, &me) && len(got) <= len(want) {
		return
	}
	if len(got) != len(want) {
		t.Fatalf("scanner read %d tokens (%v), encoding/xml %d (%v)", len(got), errS, len(want), errD)
	}
	if (errS == io.EOF) != (errD == io.EOF) {
		t.Fatalf("after %d tokens: scanner %v, encoding/xml %v", n, errS, errD)
	}
	var se, de *xml.SyntaxError
	switch {
	case errors.As(errS, &se) && errors.As(errD, &de):
		if se.Msg != de.Msg && !textRefusals(se.Msg, de.Msg) {
			t.Fatalf("after %d tokens: scanner %q, encoding/xml %q", n, se.Msg, de.Msg)
		}
		if se.Line != de.Line && !textRefusals(se.Msg, de.Msg) {
			t.Fatalf("after %d tokens, %q: scanner line %d, encoding/xml %d", n, se.Msg, se.Line, de.Line)
		}
	case errS.Error() != errD.Error():
		t.Fatalf("after %d tokens: scanner %v, encoding/xml %v", n, errS, errD)
	}
}

// textRefusals: both messages refuse a text's content, where the two may
// meet different faults first.
func textRefusals(a, b string) bool {
	text := func(m string) bool {
		return strings.HasPrefix(m, "illegal character code") || m == "invalid UTF-8" ||
			strings.HasPrefix(m, "invalid character entity") || m == "unescaped ]]> not in CDATA section" ||
			m == "unescaped < inside quoted string" || m == "unexpected EOF"
	}
	return text(a) && text(b) && (strings.HasPrefix(a, "illegal character code") || a == "invalid UTF-8" ||
		strings.HasPrefix(b, "illegal character code") || b == "invalid UTF-8")
}

// scanSeeds reach every branch of the scanner: each kind of token, the
// encodings, name spaces, and each refusal.
var scanSeeds = []string{
	`<?xml version="1.0" encoding="windows-1252"?>` + "\n<a b=\"Pe\xf1a \x80\x81\">Pe\xf1a</a>",
	`<?xml version="1.0" encoding="utf-8"?><a>Peña €</a>`,
	`<?xml version='1.0' encoding='UTF8'?><a/>`,
	`<?xml version="1.1"?><a/>`,
	`<?xml encoding="latin-1"?><a/>`,
	`<?xml encoding="utf-16"?><a/>`,
	`<?xml version=version="2.0"?><a/>`,
	"<a/>\n<?xml version=\"1.0\"?>",
	"<?pi some data?><?pi?><?x:y ?><a/>",
	"<? pi?>", "<?pi", "<?\u00e9t\u00e9 x?><a/>", "<?9x?>",
	"<a>\r\nx\ry\r</a>", "<a b='\r\n\t'\n c\n=\n\"2\"/>",
	"<a>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x1F600;&#xD800;</a>",
	"<a>&#0;</a>", "<a>&#;</a>", "<a>&#x;</a>", "<a>&#12</a>", "<a>&#1114112;</a>", "<a>&#99999999999999999999999;</a>",
	"<a>&nbsp;</a>", "<a>&;</a>", "<a>& </a>", "<a>&lt</a>", "<a>&", "<a>&#", "<a>&#x", "<a b='&lt;&#9;'/>",
	"<a>]]></a>", "<a>]] ></a>", "<a b=']]>'/>", "<a b='<'/>", "<a b=\"it's\" c='say \"x\"'/>",
	"<a>\x01</a>", "<a>\x7f\u0085\ufffe</a>", "<a>\xff</a>", "<a>\xe2\x82</a>", "<a b='\x00'/>", "<a b='\xe2\x82'/>",
	"<a><![CDATA[<x>&amp;\r\n]]]]></a>", "<a><![CDATA[x", "<a><![CDAT[x]]></a>", "<a><![CDATA[\x01]]></a>",
	"<a><!-- c - d --></a>", "<a><!-- a -- b --></a>", "<a><!--->--></a>", "<a><!-x --></a>", "<a><!--",
	"<!DOCTYPE a [<!ENTITY e 'x>'> <!-- > --> <b> ]><a/>", "<!DOCTYPE a <>>", "<!DOCTYPE a '>'>", "<!'>'><a/>", "<!DOCTYPE",
	"<!DOCTYPE a <!-- x --> <!-", "<!DOCTYPE a <!- >",
	"<a xmlns='urn:d' xmlns:p='urn:p'><p:b p:c='1' c='2' xml:lang='en'/><b/></a>",
	"<a xmlns:p='urn:1'><b xmlns:p='urn:2'><p:c/></b><p:c/></a>",
	"<p:a></p:a>", "<p:a></q:a>", "<a></b>", "</a>", "<a>", "<a></a></a>", "<a:b:c/>", "<a b:c:d='1'/>", "<:a/>", "<a:/>",
	"<a b='1' b='2'/>", "<a b='1'c='2'/>", "<a b/>", "<a b=1/>", "<a b='1'", "<a b='1", "<a/ >", "<a / >", "< a/>",
	"<1a/>", "<a\u00e9/>", "<\u00e9/>", "<a \u00e9='1'/>", "<a>text</a>tail", "<", "<a", "<a ", "</", "</a", "</a x>",
	"<a>\u00e9\n\u00e9</a>", "<a b='\u00e9\n'\n/>",
}

func TestScannerAgreesWithDecoder(t *testing.T) {
	for _, s := range scanSeeds {
		t.Run(s, func(t *testing.T) { scanAgrees(t, []byte(s)) })
	}
}

func FuzzScannerAgreesWithDecoder(f *testing.F) {
	layouttest.AddSeeds(f, "clarity_*.xml")
	for _, s := range scanSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(scanAgrees)
}

// TestScannerRefusesALateDeclaration: an XML declaration anywhere but at
// the start is markup XML forbids (encoding/xml reads it, and would
// switch encodings in the middle of the file).
func TestScannerRefusesALateDeclaration(t *testing.T) {
	_, err := scanAll([]byte("<a/>\n<?xml version=\"1.0\" encoding=\"windows-1252\"?>"))
	var me *markupError
	if !errors.As(err, &me) || me.line != 2 {
		t.Fatalf("got %v", err)
	}
}

// TestScannerReadsInSmallPieces: a token cut by the end of a read is read
// again whole — every seed read one byte at a time gives what it gives
// read at once.
func TestScannerReadsInSmallPieces(t *testing.T) {
	for _, s := range scanSeeds {
		whole, errW := scanAll([]byte(s))
		r := NewClarityReader(&oneByte{s: s}, nil)
		var pieces []scanned
		var err error
		for {
			if err = r.sc.next(); err != nil {
				break
			}
			pieces = append(pieces, scanned{fmt.Sprint(r.sc.kind, string(r.sc.text)), int64(r.sc.posLine()), r.sc.offset()})
		}
		if len(pieces) != len(whole) || fmt.Sprint(err) != fmt.Sprint(errW) {
			t.Errorf("%q: %d tokens, %v; at once %d, %v", s, len(pieces), err, len(whole), errW)
		}
		for i := range min(len(pieces), len(whole)) {
			if pieces[i].line != whole[i].line || pieces[i].offset != whole[i].offset {
				t.Errorf("%q token %d: %v; at once %v", s, i, pieces[i], whole[i])
			}
		}
	}
}

type oneByte struct{ s string }

func (o *oneByte) Read(p []byte) (int, error) {
	if len(o.s) == 0 {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = o.s[0]
	o.s = o.s[1:]
	return 1, nil
}

// TestScannerWindows1252AcrossFills: windows-1252 characters decoded to
// two and three bytes of UTF-8 at every place against the end of the
// buffer are read as encoding/xml reads them.
func TestScannerWindows1252AcrossFills(t *testing.T) {
	for pad := range 4 {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="windows-1252"?><a>` + strings.Repeat("x", pad))
		for range 20000 {
			b.WriteString("\xe9\x80")
		}
		b.WriteString("</a>")
		scanAgrees(t, []byte(b.String()))
	}
}
