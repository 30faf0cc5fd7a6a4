package invoice_test

import (
	"strings"
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"

	"github.com/icbatch/caselle/invoice"
)

func TestDocShowsConnectLayout(t *testing.T) {
	layouttest.DocShowsLayout(t, invoice.DefaultConnectLayout().Markdown())
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
