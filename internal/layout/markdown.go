package layout

import (
	"fmt"
	"strings"
)

// Markdown documents the layout as one table per record type, in the
// shape of FORMATS.md, so documentation is made from the same data that
// reads and writes the files.
func (l *Layout) Markdown() string {
	var b strings.Builder
	for i := range l.Records {
		r := &l.Records[i]
		title := r.Type
		if r.Name != "" {
			title = strings.TrimSpace(r.Type + " " + r.Name)
		}
		if l.Format == Fixed {
			fmt.Fprintf(&b, "%s (%d bytes)\n\n| pos | len | type | field |\n| --- | --- | --- | --- |\n", title, r.Length)
			type row struct {
				from, to  int
				typ, name string
			}
			rows := []row{}
			if l.TypeLength > 0 {
				rows = append(rows, row{l.TypeStart, l.TypeStart + l.TypeLength - 1, "A", "`" + r.Type + "`"})
			}
			for _, f := range r.Fields {
				name := f.Name
				if f.Doc != "" {
					name += ": " + f.Doc
				}
				rows = append(rows, row{f.Start, f.End(), string(f.Type), name})
			}
			for _, g := range r.gaps {
				rows = append(rows, row{g[0] + 1, g[1], "", "spaces"})
			}
			for i := 1; i < len(rows); i++ {
				for j := i; j > 0 && rows[j].from < rows[j-1].from; j-- {
					rows[j], rows[j-1] = rows[j-1], rows[j]
				}
			}
			for _, x := range rows {
				pos := fmt.Sprintf("%d-%d", x.from, x.to)
				if x.from == x.to {
					pos = fmt.Sprint(x.from)
				}
				fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", pos, x.to-x.from+1, x.typ, x.name)
			}
		} else {
			fmt.Fprintf(&b, "%s\n\n| column | type | field |\n| --- | --- | --- |\n", title)
			if l.TypeColumn > 0 {
				fmt.Fprintf(&b, "| %d | A | `%s` |\n", l.TypeColumn, r.Type)
			}
			for c := 1; c <= r.cols; c++ {
				for _, f := range r.Fields {
					if f.Column == c {
						name := f.Name
						if f.Doc != "" {
							name += ": " + f.Doc
						}
						fmt.Fprintf(&b, "| %d | %s | %s |\n", c, f.Type, name)
					}
				}
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
