// Package sftp is the transport to an SFTP server — Stratus, Invoice
// Cloud's transfer agent, speaks SFTP — on github.com/pkg/sftp and
// golang.org/x/crypto/ssh (well-kept implementations of both protocols;
// writing our own would be neither smaller nor safer).
//
// The server's host key is always verified, against a known_hosts file or
// a configured SHA-256 fingerprint; skipping it exists only as the loudly
// named Config.InsecureIgnoreHostKeyForTestsOnly. A Put writes a partial
// file (hidden from List), checks its size on the server, and publishes it
// with a hard link (hardlink@openssh.com) that fails rather than
// overwrite, so a dropped connection never leaves a partial file visible
// and an existing file is never replaced.
package sftp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path"
	"strings"
	"time"

	"github.com/icbatch/caselle/transport"
	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// Config says where and how to connect.
type Config struct {
	Addr     string // host:port
	User     string
	Password string     // password authentication, if set
	Signer   ssh.Signer // public-key authentication, if set
	// KnownHosts is a known_hosts file the server's key must be in.
	KnownHosts string
	// HostKeySHA256 is the server key's fingerprint as ssh-keygen -lf
	// prints it ("SHA256:…"); used when KnownHosts is empty.
	HostKeySHA256 string
	// InsecureIgnoreHostKeyForTestsOnly accepts any server: a
	// man-in-the-middle could read every payment. Tests only.
	InsecureIgnoreHostKeyForTestsOnly bool
	ConnectTimeout                    time.Duration // default 30s
	KeepAlive                         time.Duration // default 30s; negative: none
	Root                              string        // remote folder every name is relative to; "" for the login folder
}

// PermanentError is a failure no retry can fix: authentication, host key.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string   { return e.Err.Error() }
func (e *PermanentError) Unwrap() error   { return e.Err }
func (e *PermanentError) Permanent() bool { return true }

// FS is a connection to an SFTP server. Close it when done.
type FS struct {
	conn   *ssh.Client
	client *sftp.Client
	root   string
	stop   chan struct{}
}

var (
	_ transport.FS       = (*FS)(nil)
	_ transport.DirMaker = (*FS)(nil)
)

func (c *Config) hostKeyCallback() (ssh.HostKeyCallback, error) {
	switch {
	case c.KnownHosts != "":
		cb, err := knownhosts.New(c.KnownHosts)
		if err != nil {
			return nil, fmt.Errorf("sftp: known_hosts: %w", err)
		}
		return cb, nil
	case c.HostKeySHA256 != "":
		want := c.HostKeySHA256
		return func(host string, _ net.Addr, key ssh.PublicKey) error {
			if got := ssh.FingerprintSHA256(key); got != want {
				return fmt.Errorf("sftp: host key of %s is %s, want %s: refusing to connect", host, got, want)
			}
			return nil
		}, nil
	case c.InsecureIgnoreHostKeyForTestsOnly:
		return ssh.InsecureIgnoreHostKey(), nil
	}
	return nil, errors.New("sftp: no way to verify the server: set KnownHosts or HostKeySHA256")
}

// Dial connects and logs in.
func Dial(ctx context.Context, c Config) (*FS, error) {
	cb, err := c.hostKeyCallback()
	if err != nil {
		return nil, &PermanentError{err}
	}
	var auth []ssh.AuthMethod
	if c.Signer != nil {
		auth = append(auth, ssh.PublicKeys(c.Signer))
	}
	if c.Password != "" {
		auth = append(auth, ssh.Password(c.Password))
	}
	if len(auth) == 0 {
		return nil, &PermanentError{errors.New("sftp: no credentials: set Password or Signer")}
	}
	timeout := c.ConnectTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	nc, err := d.DialContext(dctx, "tcp", c.Addr)
	if err != nil {
		return nil, fmt.Errorf("sftp: connecting to %s: %w", c.Addr, err)
	}
	if dl, ok := dctx.Deadline(); ok {
		nc.SetDeadline(dl)
	}
	sc, chans, reqs, err := ssh.NewClientConn(nc, c.Addr, &ssh.ClientConfig{User: c.User, Auth: auth, HostKeyCallback: cb, Timeout: timeout})
	if err != nil {
		nc.Close()
		// A refused host key or failed login is permanent; a dropped
		// handshake is not.
		if strings.Contains(err.Error(), "unable to authenticate") || strings.Contains(err.Error(), "host key") || strings.Contains(err.Error(), "knownhosts") {
			return nil, &PermanentError{fmt.Errorf("sftp: %s: %w", c.Addr, err)}
		}
		return nil, fmt.Errorf("sftp: %s: %w", c.Addr, err)
	}
	nc.SetDeadline(time.Time{})
	conn := ssh.NewClient(sc, chans, reqs)
	client, err := sftp.NewClient(conn, sftp.UseConcurrentWrites(true), sftp.UseConcurrentReads(true))
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("sftp: %s: starting SFTP: %w", c.Addr, err)
	}
	f := &FS{conn: conn, client: client, root: c.Root, stop: make(chan struct{})}
	if ka := c.KeepAlive; ka >= 0 {
		if ka == 0 {
			ka = 30 * time.Second
		}
		go f.keepAlive(ka)
	}
	return f, nil
}

func (f *FS) keepAlive(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-f.stop:
			return
		case <-t.C:
			if _, _, err := f.conn.SendRequest("keepalive@openssh.com", true, nil); err != nil {
				return
			}
		}
	}
}

// Close ends the session.
func (f *FS) Close() error {
	close(f.stop)
	err := f.client.Close()
	if cerr := f.conn.Close(); err == nil && !errors.Is(cerr, net.ErrClosed) {
		err = cerr
	}
	return err
}

func (f *FS) path(name string) string {
	if f.root == "" {
		return name
	}
	return path.Join(f.root, name)
}

// wrap names the operation and keeps fs.ErrNotExist matchable.
func wrap(op, name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("sftp: %s %s: %w", op, name, err)
}

func check(ctx context.Context, name string) error {
	if err := transport.CheckName(name); err != nil {
		return err
	}
	return ctx.Err()
}

// Put implements transport.FS.
func (f *FS) Put(ctx context.Context, name string, r io.Reader) error {
	if err := check(ctx, name); err != nil {
		return err
	}
	full := f.path(name)
	if dir := path.Dir(full); dir != "." && dir != "/" {
		if err := f.client.MkdirAll(dir); err != nil {
			return wrap("put", name, err)
		}
	}
	if _, err := f.client.Lstat(full); err == nil {
		return wrap("put", name, fs.ErrExist)
	}
	var rnd [8]byte
	rand.Read(rnd[:])
	dir, base := path.Split(full)
	tmp := dir + transport.PartialPrefix + base + "-" + hex.EncodeToString(rnd[:])
	w, err := f.client.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
	if err != nil {
		return wrap("put", name, err)
	}
	defer f.client.Remove(tmp) // published by link, or abandoned
	// Concurrent writes whatever the reader: plain ReadFrom only goes
	// concurrent when it can tell the size up front.
	n, err := w.ReadFromWithConcurrency(transport.ContextReader(ctx, r), 0)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return wrap("put", name, err)
	}
	fi, err := f.client.Stat(tmp)
	if err != nil {
		return wrap("put", name, err)
	}
	if fi.Size() != n {
		return wrap("put", name, fmt.Errorf("the server holds %d bytes of %d written", fi.Size(), n))
	}
	if err := f.client.Link(tmp, full); err != nil {
		if _, serr := f.client.Lstat(full); serr == nil {
			return wrap("put", name, fs.ErrExist)
		}
		return wrap("put", name, err)
	}
	return nil
}

// Open implements transport.FS.
func (f *FS) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	if err := check(ctx, name); err != nil {
		return nil, err
	}
	fi, err := f.client.Stat(f.path(name))
	if err != nil {
		return nil, wrap("open", name, err)
	}
	if fi.IsDir() {
		return nil, wrap("open", name, fmt.Errorf("is a folder: %w", fs.ErrInvalid))
	}
	r, err := f.client.Open(f.path(name))
	return r, wrap("open", name, err)
}

// Stat implements transport.FS.
func (f *FS) Stat(ctx context.Context, name string) (transport.Entry, error) {
	if err := check(ctx, name); err != nil {
		return transport.Entry{}, err
	}
	fi, err := f.client.Stat(f.path(name))
	if err != nil {
		return transport.Entry{}, wrap("stat", name, err)
	}
	return transport.FileEntry(name, fi), nil
}

// List implements transport.FS.
func (f *FS) List(ctx context.Context, dir string) ([]transport.Entry, error) {
	dir, err := transport.ListDir(dir)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fis, err := f.client.ReadDir(f.path(dir))
	if err != nil {
		return nil, wrap("list", dir, err)
	}
	var out []transport.Entry
	for _, fi := range fis {
		if transport.IsPartial(fi.Name()) {
			continue
		}
		out = append(out, transport.FileEntry(path.Join(dir, fi.Name()), fi))
	}
	transport.SortEntries(out)
	return out, nil
}

// MkdirAll implements transport.DirMaker.
func (f *FS) MkdirAll(ctx context.Context, dir string) error {
	if err := check(ctx, dir); err != nil {
		return err
	}
	return wrap("mkdir", dir, f.client.MkdirAll(f.path(dir)))
}

// Remove implements transport.FS.
func (f *FS) Remove(ctx context.Context, name string) error {
	if err := check(ctx, name); err != nil {
		return err
	}
	return wrap("remove", name, f.client.Remove(f.path(name)))
}

// Rename implements transport.FS: a hard link to the new name (which
// fails if it exists), then removing the old one.
func (f *FS) Rename(ctx context.Context, oldname, newname string) error {
	if err := check(ctx, oldname); err != nil {
		return err
	}
	if err := check(ctx, newname); err != nil {
		return err
	}
	if _, err := f.client.Lstat(f.path(oldname)); err != nil {
		return wrap("rename", oldname, err)
	}
	if err := f.client.Link(f.path(oldname), f.path(newname)); err != nil {
		if _, serr := f.client.Lstat(f.path(newname)); serr == nil {
			return wrap("rename", oldname, fs.ErrExist)
		}
		return wrap("rename", oldname, err)
	}
	return wrap("rename", oldname, f.client.Remove(f.path(oldname)))
}
