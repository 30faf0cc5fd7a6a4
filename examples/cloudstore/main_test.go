package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/transport/email"
	"github.com/icbatch/caselle/transport/email/emailtest"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.TempDir(), 80, 3, nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SPANFORK_LBX_20261125_001.txt: 80 orders → 80 payments", "10-41-110", "the accounts add up to the lockbox total"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestRunEmails builds the lockbox file and e-mails it to an SMTP server
// on 127.0.0.1; the file arrives whole.
func TestRunEmails(t *testing.T) {
	s := emailtest.Start(t, false)
	dir := t.TempDir()
	var out bytes.Buffer
	cfg := &email.Config{Addr: s.Addr, From: "cloudstore@invoicecloud.example", To: []string{"clerk@city.example"}, TLS: email.NoTLSForTestsOnly}
	if err := run(dir, 20, 5, cfg, &out); err != nil {
		t.Fatal(err)
	}
	file, _ := os.ReadFile(filepath.Join(dir, "FromInvoiceCloud", "Lockbox", "SPANFORK_LBX_20261125_001.txt"))
	msgs := s.Messages()
	if !strings.Contains(out.String(), "e-mailed SPANFORK_LBX_20261125_001.txt to clerk@city.example") || len(msgs) != 1 || len(msgs[0]) < len(file) {
		t.Fatalf("output %s; %d messages received for a %d-byte file", out.String(), len(msgs), len(file))
	}
}
