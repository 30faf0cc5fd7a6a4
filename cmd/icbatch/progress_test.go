package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProgressLine: on a terminal one line updated in place, at most ten
// times a second, with percent, rate and time left, cleared at the end.
func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	p := &progress{w: &buf, on: true, tty: true, now: func() time.Time { return clock }}
	const total = 1000 << 20
	for sent := int64(0); sent <= total; sent += 1 << 20 {
		p.bytes("big.txt", sent, total)
		clock = clock.Add(10 * time.Millisecond) // 100 MiB/s
	}
	p.done()
	out := buf.String()
	if strings.Contains(out, "\n") {
		t.Fatalf("a terminal gets no new lines: %q", out[:200])
	}
	shown := strings.Count(out, "\r") - 1 // the last \r clears
	if shown < 50 || shown > 120 {
		t.Fatalf("%d updates for 10 s of transfer; want about 100", shown)
	}
	if !strings.Contains(out, "big.txt: 500.0 MiB of 1000.0 MiB (50%), 100.0 MiB/s, 5s left") {
		t.Fatalf("no halfway line with rate and time left in %q", out[:300])
	}
	if !strings.Contains(out, "(100%)") || !strings.HasSuffix(out, "\r\033[K") {
		t.Fatalf("the end is not shown, then cleared: %q", out[len(out)-120:])
	}
}

// TestSendProgress: nothing on a pipe unless asked; asked, a few plain
// lines, the last at 100%.
func TestSendProgress(t *testing.T) {
	for _, asked := range []bool{false, true} {
		dir := t.TempDir()
		out := filepath.Join(dir, "out")
		os.MkdirAll(out, 0o755)
		os.Mkdir(filepath.Join(dir, "ic"), 0o755)
		os.WriteFile(filepath.Join(out, "notes.txt"), bytes.Repeat([]byte("x"), 5<<20), 0o644)
		args := []string{"send", "--no-check", "--from", out, "--ext", "txt", "--to", filepath.Join(dir, "ic")}
		if asked {
			args = append(args, "--progress")
		}
		code, o, errs := icbatch(t, args...)
		if code != 0 || !strings.Contains(o, "sent notes.txt") {
			t.Fatalf("exit %d: %s %s", code, o, errs)
		}
		lines := strings.Count(errs, "\n")
		switch {
		case !asked && errs != "":
			t.Fatalf("progress on a pipe without --progress: %q", errs)
		case asked && (lines < 1 || lines > 6 || !strings.Contains(errs, "notes.txt: 5.0 MiB of 5.0 MiB (100%)")):
			t.Fatalf("--progress on a pipe: %q", errs)
		}
	}
}
