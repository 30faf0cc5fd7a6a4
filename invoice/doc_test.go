package invoice_test

import (
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/invoice"
)

func TestDefaultLayoutsLoad(t *testing.T) {
	layouttest.LoadsItsOwnJSON(t, invoice.DefaultConnectLayout(), invoice.LoadConnectLayout)
	layouttest.LoadsItsOwnJSON(t, invoice.DefaultBIFLayout(), invoice.LoadBIFLayout)
}
