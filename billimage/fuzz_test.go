package billimage

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

// FuzzPageText: no input makes the page-text reader or the bill finder
// panic or hang; seeded with generated print files and testdata's PDFs.
func FuzzPageText(f *testing.F) {
	var buf bytes.Buffer
	invs := invoicetest.Collect(invoicetest.Options{Seed: 1, Invoices: 1})
	invs[0].Charges, invs[0].Messages = invs[0].Charges[:1], nil // a small seed: the fuzzer minimizes what it finds
	billimagetest.Write(&buf, billimagetest.Options{Seed: 1, Invoices: invs, Uncompressed: true, TwoPages: 1000})
	f.Add(buf.Bytes())
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.pdf"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan bool)
		go func() {
			defer close(done)
			fuzzOne(data)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			os.WriteFile("/tmp/hang.pdf", data, 0o644)
			panic("hang")
		}
	})
}

func fuzzOne(data []byte) {
	{
		d, err := OpenPDF(bytes.NewReader(data), int64(len(data)), "fuzz.pdf")
		if err != nil {
			return
		}
		for n := 1; n <= min(d.NumPages(), 16); n++ {
			d.Page(n)
		}
		if d.NumPages() <= 16 {
			for range Reference().Bills(d, nil) {
			}
		}
	}
}
