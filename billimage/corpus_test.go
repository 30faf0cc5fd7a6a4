package billimage

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRealProducers reads the corpus testdata/make.sh made with real
// producers (groff + ghostscript, Chromium, LibreOffice, cairo, qpdf's
// object streams, linearization and AES-256) with the reference
// template: every value of every bill must be right.
func TestRealProducers(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "expected.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	want = want[1:]
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.pdf"))
	producers := map[string]bool{}
	for _, p := range paths {
		producers[strings.TrimSuffix(filepath.Base(p), ".pdf")] = true
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			d, err := open(data)
			if err != nil {
				t.Fatal(err)
			}
			bills := allBills(t, d)
			for i, b := range bills {
				if i >= len(want) {
					t.Fatalf("an extra bill: %+v", b)
				}
				w := want[i]
				got := []string{b.Account, b.Number, b.BillDate.Format("01/02/2006"), b.DueDate.Format("01/02/2006"), b.AmountDue.StringFixed(2),
					strconv.Itoa(b.First), strconv.Itoa(b.Last)}
				if len(b.Problems) > 0 {
					t.Errorf("bill %d: %v\npage text:\n%s", i+1, b.Problems, pageText(d, b.First))
				} else if strings.Join(got, ",") != strings.Join(w, ",") {
					t.Errorf("bill %d:\n got %v\nwant %v", i+1, got, w)
				}
			}
			if len(bills) != len(want) {
				t.Errorf("%d bills, want %d", len(bills), len(want))
			}
		})
	}
	for _, p := range []string{"groff-ghostscript", "chromium", "libreoffice", "cairo", "qpdf-objstm-linearized", "qpdf-aes256"} {
		if !producers[p] {
			t.Errorf("testdata has no %s.pdf (bash billimage/testdata/make.sh makes it)", p)
		}
	}
}

func pageText(d *Document, n int) string {
	p, err := d.Page(n)
	if err != nil {
		return err.Error()
	}
	return p.Text()
}
