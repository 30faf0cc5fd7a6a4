package billimage

import (
	"os/exec"
	"strings"
	"testing"
)

// TestFileKindsImportNoPDFCode: only billimage (and what uses it) pulls in
// PDF libraries.
func TestFileKindsImportNoPDFCode(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list dependencies with")
	}
	for _, pkg := range []string{"payment", "invoice", "adjustment", "optout", "lockbox"} {
		out, err := exec.Command(gobin, "list", "-deps", "github.com/icbatch/caselle/"+pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list: %v\n%s", err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.Contains(dep, "pdf") || strings.Contains(dep, "crypto/ssh") || strings.Contains(dep, "sqlite") {
				t.Errorf("%s imports %s", pkg, dep)
			}
		}
	}
}
