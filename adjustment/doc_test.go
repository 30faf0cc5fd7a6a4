package adjustment_test

import (
	"testing"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/internal/layouttest"
)

func TestDefaultLayoutLoadsFromItsJSON(t *testing.T) {
	layouttest.LoadsItsOwnJSON(t, adjustment.DefaultLayout(), adjustment.LoadLayout)
}
