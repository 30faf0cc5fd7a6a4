package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/icbatch/caselle/billimage"
	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

// printFiles are generated print files by page count, made once.
var printFiles = struct {
	sync.Mutex
	dir   string
	paths map[int]string
}{paths: map[int]string{}}

// printFile returns a reference print file of about pages pages.
func printFile(b *testing.B, pages int) string {
	printFiles.Lock()
	defer printFiles.Unlock()
	if p, ok := printFiles.paths[pages]; ok {
		return p
	}
	if printFiles.dir == "" {
		dir, err := os.MkdirTemp("", "icbatch-bench-")
		if err != nil {
			b.Fatal(err)
		}
		printFiles.dir = dir
	}
	// One bill in four has two pages: 0.8 bills a page.
	invs := invoicetest.Collect(invoicetest.Options{Seed: 1, Invoices: pages * 4 / 5})
	var buf bytes.Buffer
	if _, err := billimagetest.Write(&buf, billimagetest.Options{Seed: 1, Invoices: invs}); err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(printFiles.dir, "print.pdf")
	p = p[:len(p)-4] + "-" + itoa(pages) + ".pdf"
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	printFiles.paths[pages] = p
	return p
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

// extract reads every bill of the file with the reference template.
func extract(b *testing.B, path string) int {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	d, err := billimage.OpenPDF(f, fi.Size(), filepath.Base(path))
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for bill, err := range billimage.Reference().Bills(d, nil) {
		if err != nil || len(bill.Problems) > 0 {
			b.Fatal(err, bill.Problems)
		}
		n++
	}
	return d.NumPages()
}

// BenchmarkExtract reads a 4,000-page print file with the reference
// template, and pdftotext -layout (poppler) reads the same file's text:
//
//	./ratio.sh Extract caselle pdftotext-layout 7 3x
//	./ratio.sh Extract caselle-1000 caselle 7 3x    # linear in pages: near 1
func BenchmarkExtract(b *testing.B) {
	for _, tt := range []struct {
		name  string
		pages int
	}{{"caselle", 4000}, {"caselle-1000", 1000}} {
		b.Run(tt.name, func(b *testing.B) {
			path := printFile(b, tt.pages)
			fi, _ := os.Stat(path)
			b.SetBytes(fi.Size())
			pages := 0
			for b.Loop() {
				pages = extract(b, path)
			}
			b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
	b.Run("pdftotext-layout", func(b *testing.B) {
		tool, err := exec.LookPath("pdftotext")
		if err != nil {
			b.Skip("pdftotext is not installed (Debian: poppler-utils)")
		}
		path := printFile(b, 4000)
		fi, _ := os.Stat(path)
		b.SetBytes(fi.Size())
		for b.Loop() {
			if out, err := exec.Command(tool, "-layout", path, os.DevNull).CombinedOutput(); err != nil {
				b.Fatalf("%v: %s", err, out)
			}
		}
		b.ReportMetric(4000*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	})
}
