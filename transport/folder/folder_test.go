package folder_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/folder"
	"github.com/icbatch/caselle/transport/transporttest"
)

func TestConformance(t *testing.T) {
	transporttest.Run(t, func(t *testing.T) transport.Driver {
		f, err := folder.Open(filepath.Join(t.TempDir(), "root"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f.Driver()
	})
}

// TestConfinedToRoot: nothing lands outside the folder, whatever the name,
// and a symbolic link inside cannot lead out (os.Root).
func TestConfinedToRoot(t *testing.T) {
	base := t.TempDir()
	f, err := folder.Open(filepath.Join(base, "root"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx := context.Background()
	for _, name := range transporttest.HostileNames {
		f.Put(ctx, name, strings.NewReader("x"))
	}
	if err := os.Symlink(base, filepath.Join(base, "root", "escape")); err != nil {
		t.Fatal(err)
	}
	if err := f.Put(ctx, "escape/out.txt", strings.NewReader("x")); err == nil {
		t.Fatal("a Put through a symbolic link out of the folder succeeded")
	}
	entries, _ := os.ReadDir(base)
	if len(entries) != 1 || entries[0].Name() != "root" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("files landed outside the folder: %v", names)
	}
	if _, err := os.Stat(filepath.Join(base, "out.txt")); err == nil {
		t.Fatal("out.txt escaped")
	}
}

// TestOpenExisting: a missing folder is refused (fs.ErrNotExist) and not
// made, a file is not a folder, and one that is there opens as Open would.
func TestOpenExisting(t *testing.T) {
	base := t.TempDir()
	missing := filepath.Join(base, "Invocies")
	if _, err := folder.OpenExisting(missing); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Fatalf("missing: %v, want fs.ErrNotExist naming it", err)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("the missing folder was made")
	}
	file := filepath.Join(base, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, err := folder.OpenExisting(file); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Fatalf("a file: %v", err)
	}
	f, err := folder.OpenExisting(base)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := transporttest.Get(t, f, "file"); got != "x" {
		t.Fatalf("read %q", got)
	}
}
