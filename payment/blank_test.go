package payment_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
)

// TestBlankLineIsOneProblem: a blank line between payment records is
// reported once, and not counted as a record by the trailer check.
func TestBlankLineIsOneProblem(t *testing.T) {
	var file bytes.Buffer
	if _, err := paymenttest.Write(&file, paymenttest.Options{Seed: 2, Payments: 5}); err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(file.Bytes(), []byte("\r\n"))
	lines = append(lines[:3], append([][]byte{nil}, lines[3:]...)...)
	r := payment.NewReader(bytes.NewReader(bytes.Join(lines, []byte("\r\n"))), &payment.Options{Name: "day.txt", MaxErrors: -1})
	var problems []error
	n := 0
	for _, err := range r.All() {
		if err != nil {
			problems = append(problems, err)
			continue
		}
		n++
	}
	var e *payment.Error
	if len(problems) != 1 || !errors.As(problems[0], &e) || e.Line != 4 || n != 5 {
		t.Fatalf("%d payments, problems %v; want 5 and only the blank line 4", n, problems)
	}
}
