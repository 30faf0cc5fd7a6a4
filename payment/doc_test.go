package payment_test

import (
	"os"
	"strings"
	"testing"

	"github.com/icbatch/caselle/payment"
)

// TestDocShowsLayout keeps the package documentation's layout tables the
// same as the layout the code reads and writes.
func TestDocShowsLayout(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	for _, line := range strings.Split(strings.TrimSpace(payment.DefaultLayout().Markdown()), "\n") {
		if line == "" {
			continue
		}
		if !strings.Contains(doc, "//\t"+line+"\n") {
			t.Errorf("doc.go lacks the layout line %q; paste DefaultLayout().Markdown() into it", line)
		}
	}
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
