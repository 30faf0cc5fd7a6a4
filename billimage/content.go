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
	fonts := map[string]*fontInfo{}
	st := textState{ctm: identity, th: 1}
	var stack []textState
	var tm, tlm mat
	var out []glyph
	show := func(s string) {
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
			trm := mat{st.size * st.th, 0, 0, st.size, 0, st.trise}.mul(tm).mul(st.ctm)
			tx := (w0/1000*st.size + st.tc) * st.th
			if n == 1 && code == ' ' {
				tx += st.tw * st.th
			}
			scale := trm[0]
			if st.size != 0 {
				scale = trm[0] / (st.size * st.th)
			}
			out = append(out, glyph{x: trm[4], y: trm[5], w: tx * scale, size: abs(trm[3]), font: st.font.name, text: st.font.enc.Decode(raw)})
			tm = mat{1, 0, 0, 1, tx, 0}.mul(tm)
		}
	}
	pdf.Interpret(pg.v.Key("Contents"), func(stk *pdf.Stack, op string) {
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			stack = append(stack, st)
		case "Q":
			if k := len(stack); k > 0 {
				st, stack = stack[k-1], stack[:k-1]
			}
		case "cm":
			if len(args) == 6 {
				st.ctm = mat{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(st.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tf":
			if len(args) == 2 {
				name := args[0].Name()
				fi := fonts[name]
				if fi == nil {
					fi = newFontInfo(pdf.Font{V: pg.resources.Key("Font").Key(name)})
					fonts[name] = fi
				}
				st.font, st.size = fi, num(1)
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
			tlm = mat{1, 0, 0, 1, num(0), num(1)}.mul(tlm)
			tm = tlm
		case "Tm":
			if len(args) == 6 {
				tlm = mat{num(0), num(1), num(2), num(3), num(4), num(5)}
				tm = tlm
			}
		case "T*":
			tlm = mat{1, 0, 0, 1, 0, -st.tl}.mul(tlm)
			tm = tlm
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "'", "\"":
			if op == "\"" && len(args) == 3 {
				st.tw, st.tc = num(0), num(1)
				args = args[2:]
			}
			tlm = mat{1, 0, 0, 1, 0, -st.tl}.mul(tlm)
			tm = tlm
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "TJ":
			if len(args) == 1 {
				a := args[0]
				for i := 0; i < a.Len() && i < 1<<20; i++ {
					v := a.Index(i)
					if v.Kind() == pdf.String {
						show(v.RawString())
					} else {
						tx := -v.Float64() / 1000 * st.size * st.th
						tm = mat{1, 0, 0, 1, tx, 0}.mul(tm)
					}
				}
			}
		}
	})
	return out
}
