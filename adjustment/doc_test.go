package adjustment_test

import (
	"strings"
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"

	"github.com/icbatch/caselle/adjustment"
)

func TestDocShowsLayout(t *testing.T) {
	layouttest.DocShowsLayout(t, adjustment.DefaultLayout().Markdown())
}

func TestDefaultLayoutLoadsFromItsJSON(t *testing.T) {
	l, err := adjustment.LoadLayout(strings.NewReader(string(adjustment.DefaultLayout().JSON())))
	if err != nil || l.Markdown() != adjustment.DefaultLayout().Markdown() {
		t.Fatalf("%v", err)
	}
}
