package billimage

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// DebugSVG draws page p as the template sees it, for a person fixing a
// template: every text run in place (grey boxes), each field's label
// (blue) and rectangle (dashed), the values found in green, and the
// fields not found on this page listed in red at the top.
func (t *Template) DebugSVG(w io.Writer, p *Page) error {
	bw := bufio.NewWriter(w)
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	y := func(v float64) float64 { return p.Height - v }
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="sans-serif">`+"\n",
		p.Width, p.Height, p.Width, p.Height)
	fmt.Fprintf(bw, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(bw, `<text x="4" y="10" font-size="7" fill="#555">%s: page %d, template %s</text>`+"\n", esc(t.Name), p.Number, esc(t.Name))
	for _, l := range p.Lines {
		for _, r := range l.Runs {
			fmt.Fprintf(bw, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="#ccc" stroke-width="0.5"/>`,
				r.X, y(r.Y+r.Size*0.8), r.W, r.Size)
			fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" font-size="%.1f">%s</text>`+"\n", r.X, y(r.Y), r.Size, esc(r.Text))
		}
	}
	var missing []string
	for _, name := range t.order {
		f := t.Fields[name]
		label := f.RightOf + f.Below
		if label != "" {
			for _, l := range p.Lines {
				if i, end, ok := labelAt(l, label); ok {
					fmt.Fprintf(bw, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="blue" stroke-width="0.8"><title>%s: label %s</title></rect>`+"\n",
						l.Runs[0].X, y(l.Y+l.Runs[i].Size), end-l.Runs[0].X, l.Runs[i].Size*1.2, esc(name), esc(label))
					break
				}
			}
		}
		if f.Rect != nil {
			fmt.Fprintf(bw, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="purple" stroke-dasharray="3,2"><title>%s: rect</title></rect>`+"\n",
				f.Rect[0], y(f.Rect[3]), f.Rect[2]-f.Rect[0], f.Rect[3]-f.Rect[1], esc(name))
		}
		v, ok := f.locate(p)
		if !ok || strings.TrimSpace(v) == "" {
			missing = append(missing, name)
			continue
		}
		for _, l := range p.Lines {
			for _, r := range l.Runs {
				if strings.Contains(v, r.Text) && (label == "" || !strings.Contains(label, r.Text)) {
					fmt.Fprintf(bw, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="green" fill-opacity="0.25" stroke="green"><title>%s = %s</title></rect>`+"\n",
						r.X, y(r.Y+r.Size*0.8), r.W, r.Size, esc(name), esc(v))
				}
			}
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(bw, `<text x="4" y="20" font-size="8" fill="red">not found on this page: %s</text>`+"\n", esc(strings.Join(missing, ", ")))
	}
	bw.WriteString("</svg>\n")
	return bw.Flush()
}
