package folder_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/icbatch/caselle/transport/folder"
)

// A local folder as a transport tree: a file put is whole or absent, and
// listings come in name order without partial files.
func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "folder-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	f, err := folder.Open(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	for _, name := range []string{"b.txt", "a.txt"} {
		if err := f.Put(ctx, "Outbox/"+name, strings.NewReader(name)); err != nil {
			fmt.Println(err)
			return
		}
	}
	entries, _ := f.List(ctx, "Outbox")
	for _, e := range entries {
		fmt.Println(e.Name, e.Size)
	}
	// A name that would leave the tree is refused.
	fmt.Println(f.Put(ctx, "../escape.txt", strings.NewReader("x")) != nil)
	// Output:
	// Outbox/a.txt 5
	// Outbox/b.txt 5
	// true
}
