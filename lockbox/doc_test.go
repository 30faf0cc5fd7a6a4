package lockbox_test

import (
	"strings"
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"

	"github.com/icbatch/caselle/lockbox"
)

// TestDocShowsLayout keeps the package documentation's layout tables the
// same as the layout the code reads and writes.
func TestDocShowsLayout(t *testing.T) {
	layouttest.DocShowsLayout(t, lockbox.DefaultLayout().Markdown())
}

func TestDefaultLayoutLoadsFromItsJSON(t *testing.T) {
	l, err := lockbox.LoadLayout(strings.NewReader(string(lockbox.DefaultLayout().JSON())))
	if err != nil {
		t.Fatal(err)
	}
	if l.Markdown() != lockbox.DefaultLayout().Markdown() {
		t.Fatal("the layout changed through its JSON")
	}
}
