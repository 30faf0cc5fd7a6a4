package main

import (
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/icbatch/caselle/transport/email"
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
	var mu sync.Mutex
	var got []byte
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sink{mu: &mu, got: &got}, nil }))
	srv.Domain, srv.ReadTimeout, srv.WriteTimeout = "localhost", 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	dir := t.TempDir()
	var out bytes.Buffer
	cfg := &email.Config{Addr: ln.Addr().String(), From: "cloudstore@invoicecloud.example", To: []string{"clerk@city.example"}, TLS: email.NoTLSForTestsOnly}
	if err := run(dir, 20, 5, cfg, &out); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	file, _ := os.ReadFile(filepath.Join(dir, "FromInvoiceCloud", "Lockbox", "SPANFORK_LBX_20261125_001.txt"))
	if !strings.Contains(out.String(), "e-mailed SPANFORK_LBX_20261125_001.txt to clerk@city.example") || len(got) < len(file) {
		t.Fatalf("output %s; %d bytes received for a %d-byte file", out.String(), len(got), len(file))
	}
}

type sink struct {
	mu  *sync.Mutex
	got *[]byte
}

func (s *sink) Reset()                               {}
func (s *sink) Logout() error                        { return nil }
func (s *sink) Mail(string, *smtp.MailOptions) error { return nil }
func (s *sink) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *sink) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.mu.Lock()
	*s.got = b
	s.mu.Unlock()
	return err
}
