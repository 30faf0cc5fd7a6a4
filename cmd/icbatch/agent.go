package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path"
	"strings"
	"syscall"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/agent"
	"github.com/icbatch/caselle/transport/email"
)

// agentCmd runs a tasks file: icbatch agent --tasks FILE [--once].
func agentCmd(args []string, stderr io.Writer) (int, error) {
	fs := newFlags("agent")
	tasks := fs.String("tasks", "", "tasks file (JSON; see the agent package's TasksFile)")
	once := fs.Bool("once", false, "run each task once, now, and exit (for cron)")
	format := fs.String("log-format", "text", "log lines as text or json")
	if err := parse(fs, args); err != nil {
		return exitUsage, err
	}
	if *tasks == "" || fs.NArg() != 0 {
		return exitUsage, usagef("agent needs --tasks FILE and nothing else")
	}
	var h slog.Handler
	switch *format {
	case "text":
		h = slog.NewTextHandler(stderr, nil)
	case "json":
		h = slog.NewJSONHandler(stderr, nil)
	default:
		return exitUsage, usagef("--log-format %q: want text or json", *format)
	}
	tf, err := agent.LoadTasks(*tasks)
	if err != nil {
		return exitUsage, err
	}
	// The first SIGINT or SIGTERM lets the file in flight finish; a second
	// one ends the process at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // restore the default: a second signal kills
	}()
	s, closeAll, err := tf.Service(ctx, openTransport)
	if err != nil {
		return exitUsage, err
	}
	defer closeAll()
	for i, j := range s.Jobs { // in the order of the tasks
		if u, ok := j.Task.(*agent.Upload); ok && !tf.Tasks[i].NoCheck {
			u.Vet = vetOutgoing
		}
	}
	s.Log = slog.New(h)
	if *once {
		if err := s.RunOnce(ctx); err != nil {
			fmt.Fprintln(stderr, err)
			return exitInvalid, nil
		}
		return exitOK, nil
	}
	return exitOK, s.Run(ctx)
}

// openTransport opens the sftp and email transports of a tasks file.
func openTransport(ctx context.Context, name string, t agent.TransportSpec) (*transport.FS, error) {
	switch t.Type {
	case "sftp":
		return dialSFTP(ctx, t.URL, sftpAuth{knownHosts: t.KnownHosts, hostKey: t.HostKey, keyFile: t.KeyFile, passwordEnv: t.PasswordEnv}, "")
	case "email":
		c := email.Config{Addr: t.SMTP, From: t.From, To: t.To, Username: t.Username}
		if t.CAFile != "" {
			tc, err := trusting(t.CAFile, t.SMTP)
			if err != nil {
				return nil, err
			}
			c.TLSConfig = tc
		}
		if t.PasswordEnv != "" {
			if c.Password = os.Getenv(t.PasswordEnv); c.Password == "" {
				return nil, fmt.Errorf("password_env %s: the variable is empty or unset", t.PasswordEnv)
			}
		}
		switch t.TLS {
		case "", "starttls":
			c.TLS = email.RequireSTARTTLS
		case "tls":
			c.TLS = email.ImplicitTLS
		default:
			return nil, fmt.Errorf("tls %q: want starttls or tls", t.TLS)
		}
		subject := t.Subject
		if subject == "" {
			subject = "Invoice Cloud file"
		}
		return email.Outbox(c, email.Message{Subject: subject, Body: "Attached: a file from the Invoice Cloud agent."}), nil
	}
	return nil, fmt.Errorf("type %q", t.Type)
}

// trusting is a TLS configuration for the server at addr (host:port) that
// trusts the certificates of the PEM file caFile instead of the system's.
func trusting(caFile, addr string) (*tls.Config, error) {
	data, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("ca_file: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("ca_file %s: no PEM certificate in it", caFile)
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("smtp %q: want host:port", addr)
	}
	return &tls.Config{RootCAs: pool, ServerName: host}, nil
}

// vetOutgoing is the agent's Upload.Vet: an Invoice Cloud file of a kind
// icbatch reads must validate, as icbatch send checks (it is refused with
// its first problem); any other file (a bill image PDF, an index) goes
// as it is.
func vetOutgoing(_ context.Context, name string, r io.Reader) error {
	base := path.Base(name)
	if _, err := transport.ParseICName(base); err != nil {
		return nil
	}
	var problems strings.Builder
	code, err := validateReader(base, r, nil, kindOptions{maxErrors: 1}, &problems)
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		return nil // a kind icbatch does not read
	case err != nil:
		return err
	case code != exitOK:
		return fmt.Errorf("it does not validate: %s", strings.TrimSpace(problems.String()))
	}
	return nil
}
