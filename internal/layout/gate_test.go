package layout

import (
	"errors"
	"testing"
)

// TestGate: a record's problem leaves a writer open, a failure to write
// breaks it for every later call, and Close ends a file once.
func TestGate(t *testing.T) {
	var g Gate
	if err := g.Open("payment"); err != nil {
		t.Fatal(err)
	}
	problem := &Error{Line: 2, Err: ErrInvalid, Msg: "bad"}
	if err := g.Keep(problem); err != problem || g.Open("payment") != nil {
		t.Fatalf("a record's problem broke the writer: %v", g.Err)
	}
	disk := errors.New("disk full")
	if g.Keep(disk); g.Open("payment") != disk {
		t.Fatalf("a failure to write did not break the writer")
	}
	if g.Close() {
		t.Fatal("a broken writer's Close ends the file")
	}
	var h Gate
	if !h.Close() || h.Close() {
		t.Fatal("Close ends a file once")
	}
	if err := h.Open("lockbox"); !errors.Is(err, ErrClosed) || err.Error() != "lockbox: write after Close" {
		t.Fatalf("Write after Close: %v", err)
	}
}
