package optout_test

import (
	"os"
	"strings"
	"testing"

	"github.com/icbatch/caselle/optout"
)

func TestDocShowsLayout(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(optout.Markdown()), "\n") {
		if line != "" && !strings.Contains(string(src), "//\t"+line+"\n") {
			t.Errorf("doc.go lacks the layout line %q", line)
		}
	}
}
