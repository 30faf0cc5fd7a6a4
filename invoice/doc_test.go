package invoice_test

import (
	"os"
	"strings"
	"testing"

	"github.com/icbatch/caselle/invoice"
)

func TestDocShowsConnectLayout(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(invoice.DefaultConnectLayout().Markdown()), "\n") {
		if line != "" && !strings.Contains(string(src), "//\t"+line+"\n") {
			t.Errorf("doc.go lacks the layout line %q", line)
		}
	}
}

func TestDefaultLayoutsLoad(t *testing.T) {
	l, err := invoice.LoadConnectLayout(strings.NewReader(string(invoice.DefaultConnectLayout().JSON())))
	if err != nil || l.Markdown() != invoice.DefaultConnectLayout().Markdown() {
		t.Fatalf("%v", err)
	}
	b, err := invoice.LoadBIFLayout(strings.NewReader(string(invoice.DefaultBIFLayout().JSON())))
	if err != nil || b.Markdown() != invoice.DefaultBIFLayout().Markdown() {
		t.Fatalf("BIF: %v", err)
	}
}
