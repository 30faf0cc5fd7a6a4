package email

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/icbatch/caselle/transport/email/emailtest"
)

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

func config(s *emailtest.Server) Config {
	return Config{Addr: s.Addr, From: "invoicecloud@example.com", To: []string{"clerk@spanishfork.example"},
		TLSConfig: s.TLSConfig(), First: time.Millisecond, Timeout: 10 * time.Second}
}

func TestAttachmentArrivesByteExact(t *testing.T) {
	s := emailtest.Start(t, true)
	c := config(s)
	c.Username, c.Password = emailtest.User, emailtest.Password
	data := append(append([]byte(nil), lockboxFile...), 0x1A)
	if err := Send(context.Background(), c, Message{Subject: "Lockbox 2026-11-25 — SPANFORK", Body: "Attached: today's CloudStore lockbox file."}, "SPANFORK_LBX_20261125_001.txt", data); err != nil {
		t.Fatal(err)
	}
	msgs := s.Messages()
	if len(msgs) != 1 || s.Logins() != 1 {
		t.Fatalf("%d messages, %d logins; want 1 and 1", len(msgs), s.Logins())
	}
	name, got := attachment(t, msgs[0])
	if name != "SPANFORK_LBX_20261125_001.txt" || !bytes.Equal(got, data) {
		t.Fatalf("attachment %q differs (%d bytes, sent %d)", name, len(got), len(data))
	}
	if !strings.Contains(string(msgs[0]), "Subject: =?utf-8?q?Lockbox_2026-11-25_=E2=80=94_SPANFORK?=") {
		t.Errorf("subject not encoded: %s", msgs[0][:300])
	}
}

func TestSTARTTLSIsRequired(t *testing.T) {
	s := emailtest.Start(t, false)
	err := Send(context.Background(), config(s), Message{}, "a.txt", []byte("x"))
	var pe *PermanentError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "STARTTLS") || len(s.Messages()) != 0 {
		t.Fatalf("got %v", err)
	}
	// Clear text only when the policy says so, loudly.
	c := config(s)
	c.TLS = NoTLSForTestsOnly
	if err := Send(context.Background(), c, Message{}, "a.txt", []byte("x")); err != nil || len(s.Messages()) != 1 {
		t.Fatalf("no-TLS policy: %v", err)
	}
}

func TestRetriesTemporaryFailuresOnly(t *testing.T) {
	s := emailtest.Start(t, true)
	s.FailNext(451, 421)
	if err := Send(context.Background(), config(s), Message{}, "a.txt", lockboxFile); err != nil {
		t.Fatal(err)
	}
	if s.Attempts() != 3 || len(s.Messages()) != 1 {
		t.Fatalf("%d attempts, %d delivered; want 3 and 1", s.Attempts(), len(s.Messages()))
	}
	s.FailNext(550)
	err := Send(context.Background(), config(s), Message{}, "a.txt", lockboxFile)
	var pe *PermanentError
	if !errors.As(err, &pe) || s.Attempts() != 1 {
		t.Fatalf("a 550: %v after %d attempts; want a permanent error after 1", err, s.Attempts())
	}
}

// TestImplicitTLS: on a port that speaks TLS from the first byte (465),
// ImplicitTLS sends; STARTTLS there, or ImplicitTLS to a STARTTLS port,
// fails without sending.
func TestImplicitTLS(t *testing.T) {
	s := emailtest.StartTLS(t)
	c := config(s)
	c.TLS, c.Username, c.Password = ImplicitTLS, emailtest.User, emailtest.Password
	if err := Send(context.Background(), c, Message{Subject: "Lockbox"}, "SPANFORK_LBX_20261125_001.txt", lockboxFile); err != nil {
		t.Fatal(err)
	}
	if msgs := s.Messages(); len(msgs) != 1 || s.Logins() != 1 {
		t.Fatalf("%d messages, %d logins; want 1 and 1", len(msgs), s.Logins())
	} else if _, got := attachment(t, msgs[0]); !bytes.Equal(got, lockboxFile) {
		t.Fatal("the attachment differs")
	}
	c.TLS, c.Attempts, c.Timeout = RequireSTARTTLS, 1, 300*time.Millisecond
	if err := Send(context.Background(), c, Message{}, "a.txt", []byte("x")); err == nil {
		t.Fatal("STARTTLS on a TLS port sent")
	}
	plain := emailtest.Start(t, true)
	c = config(plain)
	c.TLS, c.Attempts, c.Timeout = ImplicitTLS, 1, 300*time.Millisecond
	if err := Send(context.Background(), c, Message{}, "a.txt", []byte("x")); err == nil || len(plain.Messages()) != 0 {
		t.Fatalf("TLS to a STARTTLS port: %v", err)
	}
}

// TestRefusedLoginIsNotRetried: a wrong password is a permanent error
// after one try; retrying would count towards a mail server's account
// lockout.
func TestRefusedLoginIsNotRetried(t *testing.T) {
	s := emailtest.Start(t, true)
	c := config(s)
	c.Username, c.Password = emailtest.User, "wrong"
	err := Send(context.Background(), c, Message{}, "a.txt", []byte("x"))
	var pe *PermanentError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "authentication") || s.LoginsRefused() != 1 || len(s.Messages()) != 0 {
		t.Fatalf("%v after %d refused logins; want a permanent authentication error after 1", err, s.LoginsRefused())
	}
}

func TestBadInputIsRefused(t *testing.T) {
	s := emailtest.Start(t, true)
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
