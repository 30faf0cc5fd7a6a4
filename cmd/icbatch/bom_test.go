package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// TestValidateClarityWithByteOrderMark: a Clarity file as .NET writes it,
// UTF-16 with a byte-order mark or UTF-8 with one, is told apart without
// --kind and validates.
func TestValidateClarityWithByteOrderMark(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "cp1252.xml")
	mustRun(t, "generate", "--kind", "clarity", "--count", "5", "--out", src)
	cp, _ := os.ReadFile(src)
	text, _ := charmap.Windows1252.NewDecoder().Bytes(cp)
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(bytes.Replace(text, []byte(`"windows-1252"`), []byte(`"utf-16"`), 1))
	utf8 := append([]byte("\xef\xbb\xbf"), bytes.Replace(text, []byte(`"windows-1252"`), []byte(`"utf-8"`), 1)...)
	for name, data := range map[string][]byte{"utf16.xml": utf16, "utf8.xml": utf8} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		if code, out, errs := icbatch(t, "validate", p); code != 0 {
			t.Errorf("%s: exit %d: %s%s", name, code, out, errs)
		}
	}
}
