package billimage

import (
	"bytes"
	"encoding/xml"
	imgpng "image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

func debugPages(t *testing.T) []string {
	t.Helper()
	invs := invoicetest.Collect(invoicetest.Options{Seed: 6, Invoices: 2})
	invs[1].Number = ""
	var buf bytes.Buffer
	billimagetest.Write(&buf, billimagetest.Options{Seed: 6, Invoices: invs, TwoPages: 1000})
	d, err := open(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for n := 1; n <= d.NumPages(); n++ {
		p, _ := d.Page(n)
		var svg bytes.Buffer
		if err := Reference().DebugSVG(&svg, p); err != nil {
			t.Fatal(err)
		}
		out = append(out, svg.String())
	}
	return out
}

func TestDebugSVGShowsFoundAndMissing(t *testing.T) {
	pages := debugPages(t)
	for i, svg := range pages {
		dec := xml.NewDecoder(strings.NewReader(svg))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("page %d: not well-formed SVG: %v", i+1, err)
			}
		}
	}
	if !strings.Contains(pages[0], `fill="green"`) || strings.Contains(pages[0], "not found on this page") {
		t.Fatalf("page 1 should show every field found:\n%s", pages[0])
	}
	if !strings.Contains(pages[1], "not found on this page: invoice_number") {
		t.Fatalf("page 2 should show invoice_number missing in red")
	}
}

// TestDebugSVGRendersInChromium renders a debug page in headless
// Chromium, as a person would open it.
func TestDebugSVGRendersInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("Chromium is not installed (Debian: apt-get install chromium); the debug SVG is not rendered")
	}
	dir := t.TempDir()
	svg := filepath.Join(dir, "page-1.svg")
	os.WriteFile(svg, []byte(debugPages(t)[1]), 0o644)
	png := filepath.Join(dir, "page-1.png")
	out, err := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--screenshot="+png, "--window-size=612,792", "file://"+svg).CombinedOutput()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(png)
	if err != nil {
		t.Fatalf("no picture rendered: %v\n%s", err, out)
	}
	defer f.Close()
	img, err := imgpng.Decode(f)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	// The page drawn: found fields in green, the missing one in red.
	green, red := 0, 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			switch {
			case g > 0x6000 && r < 0x3000 && bl < 0x3000:
				green++
			case r > 0xc000 && g < 0x3000 && bl < 0x3000:
				red++
			}
		}
	}
	if green == 0 || red == 0 {
		t.Fatalf("Chromium drew %d green and %d red pixels; want the found fields green and the missing one red", green, red)
	}
}
