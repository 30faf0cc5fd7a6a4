package adjustment_test

import (
	"bytes"
	"testing"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/internal/layouttest"
)

// TestWriteJSONGolden: testdata/valid.txt as JSON Lines, in the one shape
// of every kind (README, "JSON"); testdata/valid.jsonl was written by
// go test -update and read.
func TestWriteJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := adjustment.WriteJSON(&buf, adjustment.NewReader(bytes.NewReader(layouttest.ReadFile(t, "valid.txt")), &adjustment.Options{Name: "valid.txt"})); err != nil {
		t.Fatal(err)
	}
	layouttest.Golden(t, "valid.jsonl", buf.Bytes())
}
