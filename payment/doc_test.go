package payment_test

import (
	"strings"
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"

	"github.com/icbatch/caselle/payment"
)

// TestDocShowsLayout keeps the package documentation's layout tables the
// same as the layout the code reads and writes.
func TestDocShowsLayout(t *testing.T) {
	layouttest.DocShowsLayout(t, payment.DefaultLayout().Markdown())
}

func TestDefaultLayoutLoadsFromItsJSON(t *testing.T) {
	l, err := payment.LoadLayout(strings.NewReader(string(payment.DefaultLayout().JSON())))
	if err != nil {
		t.Fatal(err)
	}
	if l.Markdown() != payment.DefaultLayout().Markdown() {
		t.Fatal("the layout changed through its JSON")
	}
}
