// Package email sends a file as an e-mail attachment over SMTP — how a
// CloudStore lockbox file reaches a biller who does not use Stratus. It
// uses the standard library's net/smtp; the TLS policy is explicit, a
// temporary failure (4xx) is retried with capped backoff, and a permanent
// one (5xx) never is.
package email

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"net/textproto"
	"path"
	"strings"
	"time"

	"github.com/icbatch/caselle/transport"
)

// TLSPolicy says how the connection is protected.
type TLSPolicy string

const (
	// RequireSTARTTLS upgrades the connection and fails if the server
	// cannot (the default).
	RequireSTARTTLS TLSPolicy = "starttls"
	// ImplicitTLS connects with TLS from the start (port 465).
	ImplicitTLS TLSPolicy = "tls"
	// NoTLSForTestsOnly sends in clear text: a file of payments would cross
	// the network readable. Tests against a local server only.
	NoTLSForTestsOnly TLSPolicy = "none-tests-only"
)

// Config says where and how to send.
type Config struct {
	Addr      string // host:port
	From      string
	To        []string
	Username  string // PLAIN authentication when set
	Password  string
	TLS       TLSPolicy   // default RequireSTARTTLS
	TLSConfig *tls.Config // nil: system roots, ServerName from Addr
	Timeout   time.Duration
	// Attempts, First and Max shape retries of temporary (4xx) failures:
	// default 4 attempts, 2s first wait, 1 minute cap.
	Attempts int
	First    time.Duration
	Max      time.Duration
}

// Message is what is sent besides the attachment.
type Message struct {
	Subject string
	Body    string
}

// PermanentError is a failure that no retry can fix (a 5xx reply, a bad
// configuration, a refused certificate).
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string   { return e.Err.Error() }
func (e *PermanentError) Unwrap() error   { return e.Err }
func (e *PermanentError) Permanent() bool { return true }

// Send sends data as an attachment named filename.
func Send(ctx context.Context, c Config, msg Message, filename string, data []byte) error {
	if err := c.check(); err != nil {
		return &PermanentError{err}
	}
	if strings.ContainsAny(filename, "/\\\r\n\"") || filename == "" {
		return &PermanentError{fmt.Errorf("email: attachment name %q", filename)}
	}
	body, err := compose(c, msg, filename, data)
	if err != nil {
		return &PermanentError{err}
	}
	attempts, wait, maxWait := c.Attempts, c.First, c.Max
	if attempts < 1 {
		attempts = 4
	}
	if wait <= 0 {
		wait = 2 * time.Second
	}
	if maxWait <= 0 {
		maxWait = time.Minute
	}
	for i := 1; ; i++ {
		err = c.send(ctx, body)
		if err == nil {
			return nil
		}
		var tp *textproto.Error
		switch {
		case errors.As(err, &tp) && tp.Code >= 500:
			return &PermanentError{fmt.Errorf("email: %s refused the message (not retried): %w", c.Addr, err)}
		case errors.As(err, new(*PermanentError)):
			return err
		case i >= attempts:
			return fmt.Errorf("email: after %d attempts: %w", attempts, err)
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, maxWait)
	}
}

func (c *Config) check() error {
	switch {
	case c.Addr == "":
		return errors.New("email: no server address")
	case c.From == "" || len(c.To) == 0:
		return errors.New("email: From and To are required")
	}
	for _, a := range append([]string{c.From}, c.To...) {
		if strings.ContainsAny(a, "\r\n<>") || !strings.Contains(a, "@") {
			return fmt.Errorf("email: address %q", a)
		}
	}
	switch c.TLS {
	case "", RequireSTARTTLS, ImplicitTLS, NoTLSForTestsOnly:
	default:
		return fmt.Errorf("email: TLS policy %q (want %q, %q or %q)", c.TLS, RequireSTARTTLS, ImplicitTLS, NoTLSForTestsOnly)
	}
	return nil
}

// compose builds a MIME message: a text part and the file, base64.
func compose(c Config, msg Message, filename string, data []byte) ([]byte, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	var id [12]byte
	rand.Read(id[:])
	host := "icbatch.local"
	if at := strings.LastIndexByte(c.From, '@'); at >= 0 {
		host = c.From[at+1:]
	}
	hdr := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=%q\r\n\r\n",
		c.From, strings.Join(c.To, ", "), mime.QEncoding.Encode("utf-8", msg.Subject), time.Now().Format(time.RFC1123Z),
		hex.EncodeToString(id[:]), host, mw.Boundary())
	var out bytes.Buffer
	out.WriteString(hdr)
	text, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"}, "Content-Transfer-Encoding": {"quoted-printable"}})
	if err != nil {
		return nil, err
	}
	qp := quotedprintable.NewWriter(text)
	io.WriteString(qp, msg.Body)
	qp.Close()
	att, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {mime.FormatMediaType("application/octet-stream", map[string]string{"name": path.Base(filename)})},
		"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": path.Base(filename)})},
		"Content-Transfer-Encoding": {"base64"},
	})
	if err != nil {
		return nil, err
	}
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		io.WriteString(att, enc[:76]+"\r\n")
		enc = enc[76:]
	}
	io.WriteString(att, enc+"\r\n")
	if err := mw.Close(); err != nil {
		return nil, err
	}
	out.Write(buf.Bytes())
	return out.Bytes(), nil
}

func (c Config) send(ctx context.Context, body []byte) error {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return &PermanentError{fmt.Errorf("email: address %q: %w", c.Addr, err)}
	}
	tc := c.TLSConfig
	if tc == nil {
		tc = &tls.Config{ServerName: host}
	}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var conn net.Conn
	if c.TLS == ImplicitTLS {
		conn, err = (&tls.Dialer{Config: tc}).DialContext(dctx, "tcp", c.Addr)
	} else {
		conn, err = (&net.Dialer{}).DialContext(dctx, "tcp", c.Addr)
	}
	if err != nil {
		return fmt.Errorf("email: connecting to %s: %w", c.Addr, err)
	}
	conn.SetDeadline(time.Now().Add(timeout))
	cl, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("email: %s: %w", c.Addr, err)
	}
	defer cl.Close()
	if c.TLS == "" || c.TLS == RequireSTARTTLS {
		if ok, _ := cl.Extension("STARTTLS"); !ok {
			return &PermanentError{fmt.Errorf("email: %s does not offer STARTTLS and the policy requires it", c.Addr)}
		}
		if err := cl.StartTLS(tc); err != nil {
			return &PermanentError{fmt.Errorf("email: STARTTLS with %s: %w", c.Addr, err)}
		}
	}
	if c.Username != "" {
		if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, host)); err != nil {
			return fmt.Errorf("email: authentication: %w", err)
		}
	}
	if err := cl.Mail(c.From); err != nil {
		return err
	}
	for _, to := range c.To {
		if err := cl.Rcpt(to); err != nil {
			return err
		}
	}
	w, err := cl.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return cl.Quit()
}

// Outbox is the e-mail delivery as a transport: each file put is sent as
// one message, attached under its base name, so that an agent upload task
// delivers a folder's files by e-mail with the journal and .snt renames
// of any other upload. It holds nothing: Stat always says not there,
// List is empty, and Open, Remove and Rename are unsupported. Files are
// read whole before sending (lockbox files are small; MaxSize bounds it).
func Outbox(c Config, msg Message) *transport.FS {
	return transport.New(&outbox{c: c, msg: msg})
}

// MaxSize is the largest file Outbox sends: 20 MiB, under the message
// size limits of common mail servers once base64 has grown it by a third.
const MaxSize = 20 << 20

type outbox struct {
	c   Config
	msg Message
}

func (o *outbox) String() string { return "email " + strings.Join(o.c.To, ",") }

func (o *outbox) Put(ctx context.Context, name string, r io.Reader) error {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return err
	}
	if len(data) > MaxSize {
		return &PermanentError{fmt.Errorf("email: %s is over %d MiB, too large to e-mail", name, MaxSize>>20)}
	}
	return Send(ctx, o.c, o.msg, path.Base(name), data)
}

func (o *outbox) Open(context.Context, string) (io.ReadCloser, error) {
	return nil, errors.ErrUnsupported
}

func (o *outbox) Stat(context.Context, string) (transport.Entry, error) {
	return transport.Entry{}, fs.ErrNotExist
}

func (o *outbox) List(context.Context, string) ([]transport.Entry, error) { return nil, nil }
func (o *outbox) Remove(context.Context, string) error                    { return errors.ErrUnsupported }
func (o *outbox) Rename(context.Context, string, string) error            { return errors.ErrUnsupported }
