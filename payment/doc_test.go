package payment_test

import (
	"strings"
	"testing"

	"github.com/icbatch/caselle/payment"
)

func TestDefaultLayoutLoadsFromItsJSON(t *testing.T) {
	l, err := payment.LoadLayout(strings.NewReader(string(payment.DefaultLayout().JSON())))
	if err != nil {
		t.Fatal(err)
	}
	if l.Markdown() != payment.DefaultLayout().Markdown() {
		t.Fatal("the layout changed through its JSON")
	}
}
