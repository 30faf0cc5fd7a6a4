package lockbox_test

import (
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/lockbox"
)

func TestDefaultLayoutLoadsFromItsJSON(t *testing.T) {
	layouttest.LoadsItsOwnJSON(t, lockbox.DefaultLayout(), lockbox.LoadLayout)
}
