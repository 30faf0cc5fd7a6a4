package durable

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestRenameAndSync(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	from, to := filepath.Join(dir, "a.tmp"), filepath.Join(sub, "a.txt")
	os.WriteFile(from, []byte("PH"), 0o644)
	if err := Rename(from, to); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(to); err != nil || string(b) != "PH" {
		t.Fatalf("renamed: %q %v", b, err)
	}
	if _, err := os.Stat(from); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the old name is still there: %v", err)
	}
	if err := Rename(from, to); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("renaming a missing file: %v", err)
	}
	if err := SyncDir(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("syncing a missing folder: %v", err)
	}
	if err := SyncParents(to, filepath.Join(sub, "b.txt"), from); err != nil {
		t.Fatal(err)
	}
}
