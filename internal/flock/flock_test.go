package flock

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestSecondOpenIsRefusedUntilUnlocked(t *testing.T) {
	p := filepath.Join(t.TempDir(), "lock")
	a, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := Lock(a); err != nil {
		t.Fatal(err)
	}
	if err := Lock(b); !errors.Is(err, ErrHeld) {
		t.Fatalf("second open: %v, want ErrHeld", err)
	}
	if err := Unlock(a); err != nil {
		t.Fatal(err)
	}
	if err := Lock(b); err != nil {
		t.Fatalf("after unlock: %v", err)
	}
}

// TestLockDiesWithTheProcess: a process killed while it holds the lock
// leaves it free.
func TestLockDiesWithTheProcess(t *testing.T) {
	if os.Getenv("FLOCK_HOLDER") != "" {
		f, err := os.OpenFile(os.Getenv("FLOCK_HOLDER"), os.O_RDWR, 0)
		if err != nil || Lock(f) != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString("held\n")
		select {}
	}
	p := filepath.Join(t.TempDir(), "lock")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockDiesWithTheProcess$")
	cmd.Env = append(os.Environ(), "FLOCK_HOLDER="+p)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := out.Read(buf); err != nil || string(buf) != "held\n" {
		t.Fatalf("child: %q %v", buf, err)
	}
	f, _ := os.Open(p)
	defer f.Close()
	if err := Lock(f); !errors.Is(err, ErrHeld) {
		t.Fatalf("while the child holds it: %v", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if err := Lock(f); err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
}
