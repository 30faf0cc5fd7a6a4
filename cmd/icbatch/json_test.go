package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/internal/layouttest"
)

// TestConvertToJSONGolden: each kind's valid file as JSON Lines through
// convert --to json (its package's WriteJSON), in the one shape of the
// README's "JSON" section; the .jsonl files beside them are golden files
// (go test -update writes them; read the diff).
func TestConvertToJSONGolden(t *testing.T) {
	for _, f := range []string{"payment/testdata/valid.txt", "adjustment/testdata/valid.txt", "optout/testdata/valid.txt",
		"lockbox/testdata/valid.txt", "invoice/testdata/connect_valid.txt", "invoice/testdata/clarity_valid.xml",
		"invoice/testdata/bif_valid.bif"} {
		path := filepath.Join("..", "..", f)
		code, out, errs := icbatch(t, "convert", "--to", "json", path)
		if code != 0 {
			t.Fatalf("%s: exit %d %s", f, code, errs)
		}
		layouttest.Golden(t, strings.TrimSuffix(path, filepath.Ext(path))+".jsonl", []byte(out))
	}
}
