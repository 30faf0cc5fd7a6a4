package payment_test

import (
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/payment"
)

func TestDefaultLayoutLoadsFromItsJSON(t *testing.T) {
	layouttest.LoadsItsOwnJSON(t, payment.DefaultLayout(), payment.LoadLayout)
}
