package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/transport/email/emailtest"
	"github.com/icbatch/caselle/transport/sftp/sftptest"
)

// TestAgentOverSFTPAndEmail: icbatch agent with a tasks file whose
// transports are a real OpenSSH server and an SMTP server with a private
// CA, their key, known_hosts and CA files named relative to the tasks
// file (not to the folder the agent runs in): the file is sent to each,
// once, logging in to both.
func TestAgentOverSFTPAndEmail(t *testing.T) {
	o := sftptest.StartOpenSSH(t)
	mail := emailtest.Start(t, true)
	dir := t.TempDir()
	key, _ := os.ReadFile(o.KeyFile)
	hosts, _ := os.ReadFile(o.KnownHosts)
	for name, data := range map[string][]byte{
		"keys/id":                            key,
		"known_hosts":                        hosts,
		"ca.pem":                             mail.CertPEM,
		"out/SPANFORK_BAF_20261125_001.txt":  []byte("H,SPANFORK\r\n"),
		"mail/SPANFORK_LBX_20261125_001.txt": []byte("1 SPANFORK\r\n"),
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("ICBATCH_TEST_SMTP_PASSWORD", emailtest.Password)
	tasks := filepath.Join(dir, "tasks.json")
	os.WriteFile(tasks, []byte(`{"state_folder": "state", "transports": {
	    "stratus": {"type": "sftp", "url": "sftp://`+sftptest.User+`@`+o.Addr+`/upload", "key_file": "keys/id", "known_hosts": "known_hosts"},
	    "clerk": {"type": "email", "smtp": "`+mail.Addr+`", "from": "agent@city.example", "to": ["clerk@city.example"],
	      "username": "`+emailtest.User+`", "password_env": "ICBATCH_TEST_SMTP_PASSWORD", "ca_file": "ca.pem", "subject": "Lockbox file"}},
	  "tasks": [
	    {"name": "adjustments", "type": "upload", "every": "daily", "start": "2026-11-25 06:30",
	     "local_folder": "out", "extension": "txt", "transport": "stratus", "remote_folder": "ToInvoiceCloud/Adjustments"},
	    {"name": "clerk", "type": "upload", "every": "daily", "start": "2026-11-25 06:30",
	     "local_folder": "mail", "extension": "txt", "transport": "clerk"}]}`), 0o644)
	for run := 1; run <= 2; run++ {
		if code, _, logs := icbatch(t, "agent", "--tasks", tasks, "--once"); code != 0 {
			t.Fatalf("run %d: exit %d:\n%s", run, code, logs)
		}
	}
	if got, err := os.ReadFile(filepath.Join(o.Chroot, "upload/ToInvoiceCloud/Adjustments/SPANFORK_BAF_20261125_001.txt")); err != nil || string(got) != "H,SPANFORK\r\n" {
		t.Fatalf("on the SFTP server: %q, %v", got, err)
	}
	msgs := mail.Messages()
	if len(msgs) != 1 || mail.Logins() != 1 || !strings.Contains(string(msgs[0]), "Subject: Lockbox file") || !strings.Contains(string(msgs[0]), "SPANFORK_LBX_20261125_001.txt") {
		t.Fatalf("%d messages, %d logins; want one of each:\n%s", len(msgs), mail.Logins(), msgs)
	}

	// A CA file that holds no certificate is refused, naming it.
	os.WriteFile(filepath.Join(dir, "ca.pem"), []byte("not a certificate"), 0o600)
	if code, _, errs := icbatch(t, "agent", "--tasks", tasks, "--once"); code != 2 || !strings.Contains(errs, "ca_file "+filepath.Join(dir, "ca.pem")+": no PEM certificate") {
		t.Fatalf("a bad CA file: exit %d: %s", code, errs)
	}
}

// TestAgentVetsWhatItSends: the agent sends an invoice file that
// validates and refuses one cut short, on every run, leaving it by its
// name; a task with no_check sends it as it is.
func TestAgentVetsWhatItSends(t *testing.T) {
	dir := t.TempDir()
	out, ic := filepath.Join(dir, "out"), filepath.Join(dir, "ic")
	os.MkdirAll(out, 0o755)
	os.Mkdir(ic, 0o755)
	good, cut := filepath.Join(out, "SPANFORK_INV_UB_20261125_001.txt"), filepath.Join(out, "SPANFORK_INV_UB_20261125_002.txt")
	mustRun(t, "generate", "--kind", "connect", "--count", "5", "--out", good)
	data, _ := os.ReadFile(good)
	os.WriteFile(cut, data[:len(data)/2], 0o644)
	tasks := filepath.Join(dir, "tasks.json")
	write := func(noCheck bool) {
		os.WriteFile(tasks, []byte(fmt.Sprintf(`{"transports": {"ic": {"type": "folder", "path": "ic"}},
		  "tasks": [{"name": "invoices", "type": "upload", "every": "daily", "start": "2026-11-25 06:30",
		    "local_folder": "out", "extension": "txt", "transport": "ic", "no_check": %v}]}`, noCheck)), 0o644)
	}
	write(false)
	for run := 1; run <= 2; run++ {
		code, _, errs := icbatch(t, "agent", "--tasks", tasks, "--once")
		if code != 1 || !strings.Contains(errs, "SPANFORK_INV_UB_20261125_002.txt: refused, not sent: it does not validate: SPANFORK_INV_UB_20261125_002.txt:") {
			t.Fatalf("run %d: exit %d: %s", run, code, errs)
		}
		if _, err := os.Stat(cut); err != nil {
			t.Fatalf("run %d: the refused file lost its name: %v", run, err)
		}
	}
	if _, err := os.Stat(filepath.Join(ic, "SPANFORK_INV_UB_20261125_001.txt")); err != nil {
		t.Fatalf("the valid file was not sent: %v", err)
	}
	if _, err := os.Stat(filepath.Join(ic, "SPANFORK_INV_UB_20261125_002.txt")); err == nil {
		t.Fatal("the file cut short was sent")
	}
	write(true)
	if code, _, errs := icbatch(t, "agent", "--tasks", tasks, "--once"); code != 0 {
		t.Fatalf("no_check: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(ic, "SPANFORK_INV_UB_20261125_002.txt")); err != nil {
		t.Fatalf("no_check did not send it: %v", err)
	}
}
