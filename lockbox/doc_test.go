package lockbox_test

import (
	"os"
	"strings"
	"testing"

	"github.com/icbatch/caselle/lockbox"
)

// TestDocShowsLayout keeps the package documentation's layout tables the
// same as the layout the code reads and writes.
func TestDocShowsLayout(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(lockbox.DefaultLayout().Markdown()), "\n") {
		if line != "" && !strings.Contains(string(src), "//\t"+line+"\n") {
			t.Errorf("doc.go lacks the layout line %q; paste DefaultLayout().Markdown() into it", line)
		}
	}
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
