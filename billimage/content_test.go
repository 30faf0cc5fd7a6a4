package billimage

import (
	"fmt"
	"strings"
	"testing"
)

// contentPDF is a one-page PDF whose page shows content, in a font /F1
// of every glyph 500 units wide: made by hand, offsets counted, so that a
// test can use the text operators no producer here writes.
func contentPDF(content string) []byte {
	widths := strings.TrimSpace(strings.Repeat("500 ", 95))
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 126 /Widths [" + widths + "] >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

// TestTextOperators places each glyph as the PDF text operators say: the
// leading (TL, T*, '), word and character spacing (Tw, Tc, and " setting
// both), TJ's adjustments, the graphics state saved and restored (q, Q)
// around a scaling cm.
func TestTextOperators(t *testing.T) {
	content := `BT /F1 10 Tf 12 TL 100 700 Td (ab) Tj T* (c) Tj 20 2 (d e) " 0 Tw 0 Tc [(x) -1000 (y)] TJ ET ` +
		`q 2 0 0 2 0 0 cm BT /F1 10 Tf 10 20 Td (z) Tj ET Q BT /F1 10 Tf 5 5 Td (w) Tj ET`
	d, err := open(contentPDF(content))
	if err != nil {
		t.Fatal(err)
	}
	pg, ok := d.cur.advance()
	if !ok {
		t.Fatal("no page")
	}
	var got []string
	for _, g := range pageGlyphs(pg) {
		got = append(got, fmt.Sprintf("%s@%g,%g/%g", g.text, g.x, g.y, g.size))
	}
	// A glyph is 5 wide at size 10; "d e" has Tc 2 after every glyph and
	// Tw 20 after the space; x follows e's advance (134 + 7),
	// then 5, then TJ's -1000 moves on by 10. z is drawn at twice the
	// size by the cm, w after Q at the size again.
	want := []string{"a@100,700/10", "b@105,700/10", "c@100,688/10",
		"d@100,676/10", " @107,676/10", "e@134,676/10", "x@141,676/10", "y@156,676/10",
		"z@20,40/20", "w@5,5/10"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("glyphs\n got %s\nwant %s", strings.Join(got, " "), strings.Join(want, " "))
	}
}
