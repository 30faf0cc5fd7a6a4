package invoice_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/invoice"
)

// TestClarityRuleFiles: each file breaks one rule, reported at the line
// of the value at fault (the second line of a tag written over two, the
// line of a text element), not the line of its Invoice.
func TestClarityRuleFiles(t *testing.T) {
	invs, errs, _ := readClarity(t, "clarity_valid.xml", layouttest.ReadFile(t, "clarity_valid.xml"))
	if len(errs) > 0 || len(invs) != 1 || invs[0].Customer.Name != "José Peña" || len(invs[0].Usage[0].Months) != 2 {
		t.Fatalf("valid: %+v %v", invs, errs)
	}
	tests := layouttest.Rules(t, "clarity_rules.json", nil) // the bad files' cases, beside them
	layouttest.CheckRules(t, tests, func(t *testing.T, name string, data []byte) []*layout.Error {
		_, errs, _ := readClarity(t, name, data)
		return errs
	})
}

func readBIF(t testing.TB, name string, data []byte) ([]invoice.BIFRow, []*invoice.Error) {
	t.Helper()
	return layouttest.Drain(t, invoice.NewBIFReader(bytes.NewReader(data), &invoice.BIFOptions{Name: name, MaxErrors: -1}).Read)
}

func TestBIFRuleFiles(t *testing.T) {
	rows, errs := readBIF(t, "bif_valid.bif", layouttest.ReadFile(t, "bif_valid.bif"))
	if len(errs) > 0 || len(rows) != 1 || rows[0].HasMinimum || len(rows[0].NotifyDates) != 2 || rows[0].Customer.Name != "José Peña" {
		t.Fatalf("valid: %+v %v", rows, errs)
	}
	tests := layouttest.Rules(t, "bif_rules.json", nil) // the bad files' cases, beside them
	layouttest.CheckRules(t, tests, func(t *testing.T, name string, data []byte) []*layout.Error {
		_, errs := readBIF(t, name, data)
		return errs
	})
}

func FuzzClarityReadWriteRead(f *testing.F) {
	layouttest.AddSeeds(f, "clarity_*.xml")
	f.Fuzz(func(t *testing.T, data []byte) {
		invs, _, r := readClarity(t, "fuzz", data)
		h, herr := r.Header()
		if herr != nil {
			return // without a header there is nothing to write back
		}
		writesBack(t, h, invs, func(w io.Writer, h invoice.Header) (invoiceWriter, error) { return invoice.NewClarityWriter(w, h, nil) },
			func(data []byte) ([]invoice.Invoice, []*invoice.Error) {
				invs, errs, _ := readClarity(t, "again", data)
				return invs, errs
			})
	})
}

func FuzzBIFReadWriteRead(f *testing.F) {
	layouttest.AddSeeds(f, "bif_*.bif")
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, _ := readBIF(t, "fuzz", data)
		var out bytes.Buffer
		w, _ := invoice.NewBIFWriter(&out, nil)
		layouttest.WriteAll(t, w, rows)
		rows2, errs := readBIF(t, "again", out.Bytes())
		if len(errs) > 0 {
			t.Fatalf("reading what the writer wrote: %v", errs)
		}
		if diff := cmp.Diff(rows, rows2); diff != "" {
			t.Fatalf("rows changed:\n%s", diff)
		}
	})
}
