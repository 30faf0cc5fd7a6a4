package email

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// smtpServer is an in-process SMTP server on 127.0.0.1 that keeps what it
// receives and can answer the first DATA commands with a given code.
type smtpServer struct {
	Addr     string
	CertPool *x509.CertPool
	mu       sync.Mutex
	got      [][]byte
	failWith []int // codes for the next DATA commands
	attempts int
}

type session struct {
	s    *smtpServer
	auth bool
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user == "biller" && pass == "secret" {
			s.auth = true
			return nil
		}
		return errors.New("bad credentials")
	}), nil
}
func (s *session) Reset()                               {}
func (s *session) Logout() error                        { return nil }
func (s *session) Mail(string, *smtp.MailOptions) error { return nil }
func (s *session) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.s.mu.Lock()
	defer s.s.mu.Unlock()
	s.s.attempts++
	if len(s.s.failWith) > 0 {
		code := s.s.failWith[0]
		s.s.failWith = s.s.failWith[1:]
		return &smtp.SMTPError{Code: code, Message: "injected"}
	}
	s.s.got = append(s.s.got, b)
	return nil
}

func startSMTP(t *testing.T, withTLS bool) *smtpServer {
	t.Helper()
	s := &smtpServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	if withTLS {
		cert, pool := selfSigned(t)
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		s.CertPool = pool
	} else {
		srv.AllowInsecureAuth = true
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(c)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// attachment returns the file attached to a received message.
func attachment(t *testing.T, raw []byte) (string, []byte) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatalf("no attachment: %v", err)
		}
		if p.FileName() != "" {
			b, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
			if err != nil {
				t.Fatal(err)
			}
			return p.FileName(), b
		}
	}
}

// lockboxFile is a file with CRLF lines, Windows-1252 bytes and a 0x1A.
var lockboxFile = bytes.Repeat([]byte("600100100000025006f1c2d3e Jos\xe9 Pe\xf1a            \r\n"), 500)

func config(s *smtpServer) Config {
	return Config{Addr: s.Addr, From: "invoicecloud@example.com", To: []string{"clerk@spanishfork.example"},
		TLSConfig: &tls.Config{RootCAs: s.CertPool, ServerName: "127.0.0.1"}, First: time.Millisecond, Timeout: 10 * time.Second}
}

func TestAttachmentArrivesByteExact(t *testing.T) {
	s := startSMTP(t, true)
	c := config(s)
	c.Username, c.Password = "biller", "secret"
	data := append(append([]byte(nil), lockboxFile...), 0x1A)
	if err := Send(context.Background(), c, Message{Subject: "Lockbox 2026-11-25 — SPANFORK", Body: "Attached: today's CloudStore lockbox file."}, "SPANFORK_LBX_20261125_001.txt", data); err != nil {
		t.Fatal(err)
	}
	if len(s.got) != 1 {
		t.Fatalf("%d messages", len(s.got))
	}
	name, got := attachment(t, s.got[0])
	if name != "SPANFORK_LBX_20261125_001.txt" || !bytes.Equal(got, data) {
		t.Fatalf("attachment %q differs (%d bytes, sent %d)", name, len(got), len(data))
	}
	if !strings.Contains(string(s.got[0]), "Subject: =?utf-8?q?Lockbox_2026-11-25_=E2=80=94_SPANFORK?=") {
		t.Errorf("subject not encoded: %s", s.got[0][:300])
	}
}

func TestSTARTTLSIsRequired(t *testing.T) {
	s := startSMTP(t, false)
	err := Send(context.Background(), config(s), Message{}, "a.txt", []byte("x"))
	var pe *PermanentError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "STARTTLS") || len(s.got) != 0 {
		t.Fatalf("got %v", err)
	}
	// Clear text only when the policy says so, loudly.
	c := config(s)
	c.TLS = NoTLSForTestsOnly
	if err := Send(context.Background(), c, Message{}, "a.txt", []byte("x")); err != nil || len(s.got) != 1 {
		t.Fatalf("no-TLS policy: %v", err)
	}
}

func TestRetriesTemporaryFailuresOnly(t *testing.T) {
	s := startSMTP(t, true)
	s.failWith = []int{451, 421}
	if err := Send(context.Background(), config(s), Message{}, "a.txt", lockboxFile); err != nil {
		t.Fatal(err)
	}
	if s.attempts != 3 || len(s.got) != 1 {
		t.Fatalf("%d attempts, %d delivered; want 3 and 1", s.attempts, len(s.got))
	}
	s.failWith, s.attempts = []int{550}, 0
	err := Send(context.Background(), config(s), Message{}, "a.txt", lockboxFile)
	var pe *PermanentError
	if !errors.As(err, &pe) || s.attempts != 1 {
		t.Fatalf("a 550: %v after %d attempts; want a permanent error after 1", err, s.attempts)
	}
}

func TestBadInputIsRefused(t *testing.T) {
	s := startSMTP(t, true)
	for _, c := range []Config{{}, {Addr: s.Addr, From: "x@example.com"}, {Addr: s.Addr, From: "x@example.com", To: []string{"a@b\r\nBcc: evil@example.com"}}, {Addr: s.Addr, From: "x@example.com", To: []string{"a@b.c"}, TLS: "maybe"}} {
		var pe *PermanentError
		if err := Send(context.Background(), c, Message{}, "a.txt", nil); !errors.As(err, &pe) {
			t.Errorf("%+v: %v", c, err)
		}
	}
	var pe *PermanentError
	if err := Send(context.Background(), config(s), Message{}, "../a.txt", nil); !errors.As(err, &pe) {
		t.Errorf("attachment name with a slash: %v", err)
	}
}
