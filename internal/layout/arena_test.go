package layout

import (
	"bytes"
	"fmt"
	"testing"
)

// TestArenaStringsNeverChange cuts many strings of varied sizes, reusing
// one source buffer as a reader does, and checks that every string made
// earlier still holds what it was made from.
func TestArenaStringsNeverChange(t *testing.T) {
	var a textArena
	var kept []string
	var want []string
	src := make([]byte, 0, 2*arenaBlock)
	for i := range 3000 {
		src = append(src[:0], bytes.Repeat([]byte(fmt.Sprintf("%d,", i)), i%97)...)
		if i%500 == 0 {
			src = append(src, bytes.Repeat([]byte{'x'}, arenaBlock)...) // too big for a block
		}
		s := a.String(src)
		for j := range src {
			src[j] = '#' // the reader's buffer is overwritten by the next line
		}
		kept = append(kept, s)
		want = append(want, string(bytes.Repeat([]byte(fmt.Sprintf("%d,", i)), i%97)))
		if i%500 == 0 {
			want[i] += string(bytes.Repeat([]byte{'x'}, arenaBlock))
		}
	}
	for i := range kept {
		if kept[i] != want[i] {
			t.Fatalf("string %d changed: %.40q, want %.40q", i, kept[i], want[i])
		}
	}
	if a.String(nil) != "" {
		t.Fatal("empty input")
	}
}

func TestArenaAllocatesOncePerBlock(t *testing.T) {
	var a textArena
	line := bytes.Repeat([]byte("a"), 64)
	allocs := testing.AllocsPerRun(1000, func() { _ = a.String(line) })
	if want := 64.0 / arenaBlock * 1.5; allocs > want {
		t.Fatalf("%.3f allocations a string, want at most %.3f", allocs, want)
	}
}
