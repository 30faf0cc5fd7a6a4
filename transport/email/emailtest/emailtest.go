// Package emailtest is an SMTP server on 127.0.0.1 for tests of what
// sends mail (transport/email, and the examples that use it): it keeps the
// messages it receives, can answer the next DATA commands with given
// codes, takes PLAIN authentication as User and Password, and speaks
// STARTTLS with a certificate of its own unless started without TLS, or
// TLS from the first byte (StartTLS).
package emailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// The credentials the server takes.
const (
	User     = "biller"
	Password = "secret"
)

// Server is a running test server.
type Server struct {
	Addr     string         // host:port on 127.0.0.1
	CertPool *x509.CertPool // trusts the server's certificate; nil without TLS
	CertPEM  []byte         // the server's certificate, PEM-encoded, as a CA file holds it; nil without TLS

	mu       sync.Mutex
	got      [][]byte
	failWith []int // codes for the next DATA commands
	attempts int
	logins   int
	refused  int
}

// Start starts a server, with STARTTLS when withTLS, and stops it when
// the test ends.
func Start(t testing.TB, withTLS bool) *Server {
	t.Helper()
	return start(t, withTLS, false)
}

// StartTLS starts a server that speaks TLS from the first byte, as on
// port 465 (email.ImplicitTLS), and stops it when the test ends.
func StartTLS(t testing.TB) *Server {
	t.Helper()
	return start(t, true, true)
}

func start(t testing.TB, withTLS, implicit bool) *Server {
	t.Helper()
	s := &Server{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0) // a client that hangs up is a test's business
	if withTLS {
		cert, pool := selfSigned(t)
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		s.CertPool = pool
		s.CertPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]})
	} else {
		srv.AllowInsecureAuth = true
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	if implicit {
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// TLSConfig is a client configuration that trusts the server.
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.CertPool, ServerName: "127.0.0.1"}
}

// Messages returns the messages received so far, each as sent.
func (s *Server) Messages() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.got...)
}

// FailNext answers the next DATA commands with codes, in turn, and counts
// the attempts from zero again.
func (s *Server) FailNext(codes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failWith, s.attempts = codes, 0
}

// Logins returns how many sessions authenticated as User.
func (s *Server) Logins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

// LoginsRefused returns how many logins gave wrong credentials.
func (s *Server) LoginsRefused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

// Attempts returns the DATA commands since the server started or
// FailNext was called, refused ones included.
func (s *Server) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

type session struct{ s *Server }

func (*session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (c *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		c.s.mu.Lock()
		defer c.s.mu.Unlock()
		if user == User && pass == Password {
			c.s.logins++
			return nil
		}
		c.s.refused++
		// As mail servers answer a wrong password: 535, permanent.
		return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "authentication credentials invalid"}
	}), nil
}
func (*session) Reset()                               {}
func (*session) Logout() error                        { return nil }
func (*session) Mail(string, *smtp.MailOptions) error { return nil }
func (*session) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (c *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts++
	if len(s.failWith) > 0 {
		code := s.failWith[0]
		s.failWith = s.failWith[1:]
		return &smtp.SMTPError{Code: code, Message: "injected"}
	}
	s.got = append(s.got, b)
	return nil
}

// selfSigned makes a certificate for 127.0.0.1 valid for the next hour,
// and a pool that trusts it.
func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
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
