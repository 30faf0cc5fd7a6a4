package adjustment_test

import (
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/adjustment"
)

func TestDefaultLayoutLoadsFromItsJSON(t *testing.T) {
	layouttest.LoadsItsOwnJSON(t, adjustment.DefaultLayout(), adjustment.LoadLayout)
}
