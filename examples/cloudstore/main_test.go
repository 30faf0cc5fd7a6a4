package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.TempDir(), 80, 3, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SPANFORK_LBX_20261125_001.txt: 80 orders → 80 payments", "10-41-110", "the accounts add up to the lockbox total"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
