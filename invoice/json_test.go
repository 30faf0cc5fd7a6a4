package invoice_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

// TestConnectAndClarityJSONAgree: the same invoices in Connect and in
// Clarity come out as the same objects but for record and line.
func TestConnectAndClarityJSONAgree(t *testing.T) {
	connect, clarity := both(t, invoicetest.Options{Seed: 3, Invoices: 40})
	objects := func(data []byte, name string) []map[string]any {
		var buf bytes.Buffer
		if err := invoice.WriteJSON(&buf, invoice.NewReader(bytes.NewReader(data), name)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var out []map[string]any
		dec := json.NewDecoder(&buf)
		for dec.More() {
			var m map[string]any
			if err := dec.Decode(&m); err != nil {
				t.Fatal(err)
			}
			delete(m, "record")
			delete(m, "line")
			delete(m, "record_count") // Connect's T1 counts records; a Clarity Summary has none
			out = append(out, m)
		}
		return out
	}
	a, b := objects(connect, "in.txt"), objects(clarity, "in.xml")
	if len(a) != 42 {
		t.Fatalf("%d objects, want a header, 40 invoices and a trailer", len(a))
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("(-connect +clarity):\n%s", diff)
	}
}
