package optout_test

import (
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"

	"github.com/icbatch/caselle/optout"
)

func TestDocShowsLayout(t *testing.T) { layouttest.DocShowsLayout(t, optout.Markdown()) }
