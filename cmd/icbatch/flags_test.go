package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRemoteErrorsSpeakFlags: what is missing to reach an SFTP server is
// said in the command's own flags, not the SDK's field names, before any
// connection is tried.
func TestRemoteErrorsSpeakFlags(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	os.Unsetenv("ICBATCH_TEST_EMPTY")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "give --known-hosts or --host-key so that the server can be checked"},
		{[]string{"--host-key", "SHA256:abc"}, "give --key or --password-env to log in"},
		{[]string{"--host-key", "SHA256:abc", "--password-env", "ICBATCH_TEST_EMPTY"}, "--password-env ICBATCH_TEST_EMPTY: the variable is empty or unset"},
		{[]string{"--host-key", "SHA256:abc", "--key", filepath.Join(dir, "missing_key")}, "--key " + filepath.Join(dir, "missing_key") + ":"},
	} {
		args := append([]string{"send", "--no-check", "--from", dir, "--ext", "txt", "--to", "sftp://spanfork@127.0.0.1:1/"}, tt.args...)
		code, _, errs := icbatch(t, args...)
		if code != 2 || !strings.Contains(errs, tt.want) || strings.Contains(errs, "Signer") || strings.Contains(errs, "Password") {
			t.Errorf("%v: exit %d: %q; want %q", tt.args, code, errs, tt.want)
		}
	}
}
