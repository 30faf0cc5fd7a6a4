package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRunTwice(t *testing.T) {
	dir := t.TempDir()
	var first, second bytes.Buffer
	if err := run(dir, 300, 4, "2026-11-25", &first); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SPANFORK_PMT_20261125_001.txt", "valid: 302 records", "deposit summary", "total", "import: 300 posted"} {
		if !strings.Contains(first.String(), want) {
			t.Errorf("first run lacks %q:\n%s", want, first.String())
		}
	}
	if err := run(dir, 300, 4, "2026-11-25", &second); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(second.String(), "import: 0 posted") || !strings.Contains(second.String(), "300 skipped as posted before") ||
		!strings.Contains(second.String(), "Duplicate Confirmation Number") {
		t.Errorf("second run posted again:\n%s", second.String())
	}
}
