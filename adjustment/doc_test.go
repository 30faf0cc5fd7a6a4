package adjustment_test

import (
	"os"
	"strings"
	"testing"

	"github.com/icbatch/caselle/adjustment"
)

func TestDocShowsLayout(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(adjustment.DefaultLayout().Markdown()), "\n") {
		if line != "" && !strings.Contains(string(src), "//\t"+line+"\n") {
			t.Errorf("doc.go lacks the layout line %q", line)
		}
	}
}

func TestDefaultLayoutLoadsFromItsJSON(t *testing.T) {
	l, err := adjustment.LoadLayout(strings.NewReader(string(adjustment.DefaultLayout().JSON())))
	if err != nil || l.Markdown() != adjustment.DefaultLayout().Markdown() {
		t.Fatalf("%v", err)
	}
}
