package billimage

import (
	"strings"

	"github.com/ledongthuc/pdf"
)

// glyph is one character shown on a page: where it starts, how far it
// advances, in page points.
type glyph struct {
	x, y, w, size float64
	font, text    string
}

// fontInfo is what placing a font's glyphs needs: how to cut a string
// into codes, each code's width (per 1000 units of text space) and text.
type fontInfo struct {
	name     string
	twoByte  bool // a Type0 font with a two-byte CMap (Identity-H/V)
	first    int
	widths   []float64
	cidW     map[int]float64
	defaultW float64
	enc      pdf.TextEncoding
}

func newFontInfo(f pdf.Font) *fontInfo {
	fi := &fontInfo{name: f.BaseFont(), defaultW: 0}
	if i := strings.IndexByte(fi.name, '+'); i >= 0 {
		fi.name = fi.name[i+1:]
	}
	fi.enc = f.Encoder()
	if f.V.Key("Subtype").Name() == "Type0" {
		enc := f.V.Key("Encoding").Name()
		fi.twoByte = enc == "" || strings.HasPrefix(enc, "Identity") || strings.HasSuffix(enc, "-H") || strings.HasSuffix(enc, "-V")
		desc := f.V.Key("DescendantFonts").Index(0)
		fi.defaultW = 1000
		if dw := desc.Key("DW"); dw.Kind() != pdf.Null {
			fi.defaultW = dw.Float64()
		}
		fi.cidW = map[int]float64{}
		w := desc.Key("W")
		for i := 0; i < w.Len() && i < 1<<16; {
			c := int(w.Index(i).Int64())
			next := w.Index(i + 1)
			if next.Kind() == pdf.Array {
				for j := 0; j < next.Len() && j < 1<<16; j++ {
					fi.cidW[c+j] = next.Index(j).Float64()
				}
				i += 2
				continue
			}
			last := int(next.Int64())
			for c2 := c; c2 <= last && c2-c < 1<<16; c2++ {
				fi.cidW[c2] = w.Index(i + 2).Float64()
			}
			i += 3
		}
		return fi
	}
	fi.first = f.FirstChar()
	fi.widths = f.Widths()
	if mw := f.V.Key("FontDescriptor").Key("MissingWidth"); mw.Kind() != pdf.Null {
		fi.defaultW = mw.Float64()
	}
	if len(fi.widths) == 0 && fi.defaultW == 0 {
		fi.defaultW = 500 // a standard font given without widths: an average glyph
	}
	return fi
}

func (fi *fontInfo) width(code int) float64 {
	if fi.twoByte {
		if w, ok := fi.cidW[code]; ok {
			return w
		}
		return fi.defaultW
	}
	if i := code - fi.first; i >= 0 && i < len(fi.widths) {
		return fi.widths[i]
	}
	return fi.defaultW
}

type mat [6]float64 // a b c d e f

func (m mat) mul(n mat) mat {
	return mat{m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3], m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5]}
}

var identity = mat{1, 0, 0, 1, 0, 0}

type textState struct {
	ctm                   mat
	tc, tw, th, tl, trise float64
	font                  *fontInfo
	size                  float64
}

// pageGlyphs interprets a page's content stream for its text, placing
// each glyph by the font's own widths (/Widths, or a CID font's /W and
// /DW), which the PDF library's own Content does not read for CID fonts.
func pageGlyphs(pg pageRef) []glyph {
	if pg.v.Key("Contents").Kind() == pdf.Null {
		return nil
	}
	t := &textRun{pg: pg, fonts: map[string]*fontInfo{}, st: textState{ctm: identity, th: 1}}
	pdf.Interpret(pg.v.Key("Contents"), func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		t.op(op, args)
	})
	return t.out
}

// textRun is the state of a content stream's text as pageGlyphs reads it:
// the graphics state and its saved copies, the text and line matrices,
// the page's fonts as met, and the glyphs placed so far.
type textRun struct {
	pg      pageRef
	fonts   map[string]*fontInfo
	st      textState
	stack   []textState
	tm, tlm mat
	out     []glyph
}

// op applies one operator of the content stream, with its operands.
func (t *textRun) op(op string, args []pdf.Value) {
	num := func(i int) float64 {
		if i < len(args) {
			return args[i].Float64()
		}
		return 0
	}
	st := &t.st
	switch op {
	case "q":
		t.stack = append(t.stack, *st)
	case "Q":
		if k := len(t.stack); k > 0 {
			*st, t.stack = t.stack[k-1], t.stack[:k-1]
		}
	case "cm":
		if len(args) == 6 {
			st.ctm = mat{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(st.ctm)
		}
	case "BT":
		t.tm, t.tlm = identity, identity
	case "Tf":
		if len(args) == 2 {
			st.font, st.size = t.font(args[0].Name()), num(1)
		}
	case "Tc":
		st.tc = num(0)
	case "Tw":
		st.tw = num(0)
	case "Tz":
		st.th = num(0) / 100
	case "TL":
		st.tl = num(0)
	case "Ts":
		st.trise = num(0)
	case "Td", "TD":
		if op == "TD" {
			st.tl = -num(1)
		}
		t.tlm = mat{1, 0, 0, 1, num(0), num(1)}.mul(t.tlm)
		t.tm = t.tlm
	case "Tm":
		if len(args) == 6 {
			t.tlm = mat{num(0), num(1), num(2), num(3), num(4), num(5)}
			t.tm = t.tlm
		}
	case "T*":
		t.nextLine()
	case "Tj":
		if len(args) == 1 {
			t.show(args[0].RawString())
		}
	case "'", "\"":
		if op == "\"" && len(args) == 3 {
			st.tw, st.tc = num(0), num(1)
			args = args[2:]
		}
		t.nextLine()
		if len(args) == 1 {
			t.show(args[0].RawString())
		}
	case "TJ":
		if len(args) == 1 {
			t.showArray(args[0])
		}
	}
}

// font is the page's font of that resource name, read once.
func (t *textRun) font(name string) *fontInfo {
	fi := t.fonts[name]
	if fi == nil {
		fi = newFontInfo(pdf.Font{V: t.pg.resources.Key("Font").Key(name)})
		t.fonts[name] = fi
	}
	return fi
}

// nextLine moves to the start of the next line, by the leading.
func (t *textRun) nextLine() {
	t.tlm = mat{1, 0, 0, 1, 0, -t.st.tl}.mul(t.tlm)
	t.tm = t.tlm
}

// showArray shows a TJ array: strings, and the adjustments between them
// in thousandths of a text space unit.
func (t *textRun) showArray(a pdf.Value) {
	for i := 0; i < a.Len() && i < 1<<20; i++ {
		v := a.Index(i)
		if v.Kind() == pdf.String {
			t.show(v.RawString())
		} else {
			tx := -v.Float64() / 1000 * t.st.size * t.st.th
			t.tm = mat{1, 0, 0, 1, tx, 0}.mul(t.tm)
		}
	}
}

// show places the glyphs of a shown string, one or two bytes a code by
// the font, and moves the text matrix past each.
func (t *textRun) show(s string) {
	st := &t.st
	if st.font == nil {
		return
	}
	for i := 0; i < len(s); {
		n := 1
		if st.font.twoByte && i+1 < len(s) {
			n = 2
		}
		raw := s[i : i+n]
		code := int(raw[0])
		if n == 2 {
			code = code<<8 | int(raw[1])
		}
		i += n
		w0 := st.font.width(code)
		trm := mat{st.size * st.th, 0, 0, st.size, 0, st.trise}.mul(t.tm).mul(st.ctm)
		tx := (w0/1000*st.size + st.tc) * st.th
		if n == 1 && code == ' ' {
			tx += st.tw * st.th
		}
		scale := trm[0]
		if st.size != 0 {
			scale = trm[0] / (st.size * st.th)
		}
		t.out = append(t.out, glyph{x: trm[4], y: trm[5], w: tx * scale, size: abs(trm[3]), font: st.font.name, text: st.font.enc.Decode(raw)})
		t.tm = mat{1, 0, 0, 1, tx, 0}.mul(t.tm)
	}
}
