// Package sftp is the transport to an SFTP server — Stratus, Invoice
// Cloud's transfer agent, speaks SFTP — on github.com/pkg/sftp and
// golang.org/x/crypto/ssh (well-kept implementations of both protocols;
// writing our own would be neither smaller nor safer).
//
// The common task, connecting as the command line does:
//
//	cfg, err := sftp.ParseURL("sftp://spanfork@sftp.invoicecloud.example:22/")
//	cfg.KnownHosts = "known_hosts"
//	cfg.Signer, err = sftp.LoadKey("id_ed25519")
//	f, err := sftp.Dial(ctx, cfg) // a *transport.FS
//
// The server's host key is always verified, against a known_hosts file or
// a configured SHA-256 fingerprint; skipping it exists only as the loudly
// named Config.InsecureIgnoreHostKeyForTestsOnly.
//
// A Put writes a partial file (hidden from List), checks its size on the
// server, and publishes it without ever overwriting, using what the server
// offers: a hard link (hardlink@openssh.com), which fails if the name
// exists, when the server advertises it; else the plain SFTPv3 rename,
// which refuses an existing target (OpenSSH, ProFTPD's mod_sftp and most
// managed-file-transfer servers), made safe against a second publisher of
// the same name by a lock file created with SSH_FXF_EXCL, because servers
// such as ProFTPD check the target and rename in two steps.
// posix-rename@openssh.com is never used: it replaces an existing file.
// A dropped connection never leaves a partial file visible; what it leaves
// hidden, transport.FS.Sweep removes.
//
// A connection that drops is not used again: the next operation dials a
// new one, so a caller's retry goes over a live connection.
package sftp

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"
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

// Dial connects, logs in and returns the transport. Close it when done.
func Dial(ctx context.Context, c Config) (*transport.FS, error) {
	d, err := newDriver(ctx, c, false)
	if err != nil {
		return nil, err
	}
	return transport.New(d), nil
}

// driver is a transport.Driver over one live SFTP session at a time.
type driver struct {
	cfg     Config
	hostKey ssh.HostKeyCallback
	auth    []ssh.AuthMethod

	mu     sync.Mutex
	cur    *session // nil when none is live
	closed bool

	// noHardlink makes the driver publish by plain rename even when the
	// server offers hard links (tests of that path).
	noHardlink bool
	// For tests of the lock: this machine's clock (nil: time.Now), and
	// how long to wait for another publisher (0: lockWait).
	clock    func() time.Time
	lockWait time.Duration
}

// session is one SSH connection and its SFTP client.
type session struct {
	conn     *ssh.Client
	client   *sftp.Client
	hardlink atomic.Bool   // publish by hard link
	ahead    atomic.Int64  // how far the server's clock is ahead of ours (ns), as the last upload's time showed
	done     chan struct{} // closed when the connection has ended
	stop     chan struct{} // closed to stop the keep-alives
	once     sync.Once
}

var (
	_ transport.Driver   = (*driver)(nil)
	_ transport.DirMaker = (*driver)(nil)
)

func newDriver(ctx context.Context, c Config, noHardlink bool) (*driver, error) {
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
		return nil, &PermanentError{errors.New("sftp: no credentials: give a key or a password")}
	}
	d := &driver{cfg: c, hostKey: cb, auth: auth, noHardlink: noHardlink}
	s, err := d.dial(ctx)
	if err != nil {
		return nil, err
	}
	d.cur = s
	return d, nil
}

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
	return nil, errors.New("sftp: no way to verify the server: give a known_hosts file or the host key's SHA256 fingerprint")
}

func (d *driver) String() string { return "sftp " + d.cfg.User + "@" + d.cfg.Addr }

// dial makes a new session.
func (d *driver) dial(ctx context.Context) (*session, error) {
	c := d.cfg
	timeout := c.ConnectTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var nd net.Dialer
	nc, err := nd.DialContext(dctx, "tcp", c.Addr)
	if err != nil {
		return nil, fmt.Errorf("sftp: connecting to %s: %w", c.Addr, err)
	}
	if dl, ok := dctx.Deadline(); ok {
		nc.SetDeadline(dl)
	}
	sc, chans, reqs, err := ssh.NewClientConn(nc, c.Addr, &ssh.ClientConfig{User: c.User, Auth: d.auth, HostKeyCallback: d.hostKey, Timeout: timeout})
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
	s := &session{conn: conn, client: client, done: make(chan struct{}), stop: make(chan struct{})}
	_, hardlink := client.HasExtension("hardlink@openssh.com")
	s.hardlink.Store(hardlink && !d.noHardlink)
	go func() {
		conn.Wait()
		close(s.done)
	}()
	if ka := c.KeepAlive; ka >= 0 {
		if ka == 0 {
			ka = 30 * time.Second
		}
		go s.keepAlive(ka)
	}
	return s, nil
}

func (s *session) keepAlive(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-s.done:
			return
		case <-t.C:
			if _, _, err := s.conn.SendRequest("keepalive@openssh.com", true, nil); err != nil {
				s.close()
				return
			}
		}
	}
}

// live reports whether s can still be used: its connection has not ended
// and it has not been retired.
func (s *session) live() bool {
	select {
	case <-s.done:
		return false
	case <-s.stop:
		return false
	default:
		return true
	}
}

func (s *session) close() error {
	var err error
	s.once.Do(func() {
		close(s.stop)
		err = s.client.Close()
		if cerr := s.conn.Close(); err == nil && !errors.Is(cerr, net.ErrClosed) {
			err = cerr
		}
	})
	return err
}

// session returns the live session, dialling a new one when the last has
// dropped.
func (d *driver) session(ctx context.Context) (*session, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil, transport.ErrClosed
	}
	if d.cur != nil && d.cur.live() {
		return d.cur, nil
	}
	if d.cur != nil {
		d.cur.close()
		d.cur = nil
	}
	s, err := d.dial(ctx)
	if err != nil {
		return nil, err
	}
	d.cur = s
	return s, nil
}

// done finishes an operation on s: an error that says the connection is
// gone retires s, so that the next operation dials again, and every error
// is given the kind transport.Permanent knows it by.
func (d *driver) done(s *session, err error) error {
	if err == nil {
		return nil
	}
	if lost(err) || !s.live() {
		s.close()
		return fmt.Errorf("%w (connection lost; the next operation reconnects)", err)
	}
	return classify(err)
}

// lost reports errors that may come from a connection that has ended:
// everything but the server's answers (status errors, which pkg/sftp turns
// into fs.ErrNotExist and fs.ErrPermission for the common ones) and this
// package's own findings. A healthy session retired by mistake costs one
// dial; a dead one kept would fail every operation after.
func lost(err error) bool {
	if errors.Is(err, sftp.ErrSSHFxConnectionLost) || errors.Is(err, sftp.ErrSSHFxNoConnection) {
		return true
	}
	var se *sftp.StatusError
	if errors.As(err, &se) {
		return false
	}
	var own *ownError
	return !errors.As(err, &own) && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrPermission) &&
		!errors.Is(err, fs.ErrExist) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// ownError is a failure this package found on a live session.
type ownError struct{ msg string }

func (e *ownError) Error() string { return e.msg }

// SFTP status codes of version 5 and later, which some servers send to a
// version 3 client anyway.
const (
	fxNoSpaceOnFilesystem = 14
	fxQuotaExceeded       = 15
	fxFileAlreadyExists   = 11
	fxWriteProtect        = 12
	fxNoSuchPath          = 10
)

// classify gives a server's status the error kind callers match:
// an unsupported operation is errors.ErrUnsupported; a full disk, a quota
// or a name too long (which SFTP version 3 can only say in words) are
// transport.ErrNoSpace and transport.ErrNameTooLong.
func classify(err error) error {
	var se *sftp.StatusError
	if !errors.As(err, &se) {
		return err
	}
	msg := strings.ToLower(err.Error())
	var kind error
	switch {
	case se.FxCode() == sftp.ErrSSHFxOpUnsupported:
		kind = errors.ErrUnsupported
	case se.Code == fxNoSpaceOnFilesystem || se.Code == fxQuotaExceeded ||
		strings.Contains(msg, "no space left") || strings.Contains(msg, "out of disk space") || strings.Contains(msg, "quota"):
		kind = transport.ErrNoSpace
	case strings.Contains(msg, "name too long"):
		kind = transport.ErrNameTooLong
	case strings.Contains(msg, "invalid filename"): // ProFTPD, for a name its file system refuses
		kind = transport.ErrBadName
	case se.Code == fxFileAlreadyExists:
		kind = fs.ErrExist
	case se.Code == fxWriteProtect:
		kind = fs.ErrPermission
	case se.Code == fxNoSuchPath:
		kind = fs.ErrNotExist
	default:
		return err
	}
	return fmt.Errorf("%w: %w", kind, err)
}

// Close ends the session; the transport cannot be used after.
func (d *driver) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	if d.cur == nil {
		return nil
	}
	err := d.cur.close()
	d.cur = nil
	return err
}

func (d *driver) path(name string) string {
	if d.cfg.Root == "" {
		return name
	}
	return path.Join(d.cfg.Root, name)
}

func (d *driver) Put(ctx context.Context, name string, r io.Reader) error {
	s, err := d.session(ctx)
	if err != nil {
		return err
	}
	return d.done(s, d.put(s, d.path(name), d.path(transport.PartialName(name)), r))
}

func (d *driver) put(s *session, full, tmp string, r io.Reader) error {
	if dir := path.Dir(full); dir != "." && dir != "/" {
		if err := s.client.MkdirAll(dir); err != nil {
			return err
		}
	}
	if _, err := s.client.Lstat(full); err == nil {
		return fs.ErrExist
	}
	w, err := s.client.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
	if err != nil {
		return err
	}
	defer s.client.Remove(tmp) // published, or abandoned (a dead connection leaves it to Sweep)
	// Concurrent writes whatever the reader: plain ReadFrom only goes
	// concurrent when it can tell the size up front.
	n, err := w.ReadFromWithConcurrency(r, 0)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fi, err := s.client.Stat(tmp)
	if err != nil {
		return err
	}
	if fi.Size() != n {
		return &ownError{fmt.Sprintf("the server holds %d bytes of %d written", fi.Size(), n)}
	}
	s.ahead.Store(int64(fi.ModTime().Sub(d.now()))) // the file was written just now, by the server's clock
	return d.publish(s, tmp, full)
}

// publish gives the file at tmp the name full, never overwriting, and
// leaves nothing at tmp when it succeeds.
func (d *driver) publish(s *session, tmp, full string) error {
	if s.hardlink.Load() {
		err := s.client.Link(tmp, full)
		if err == nil {
			return s.client.Remove(tmp)
		}
		if _, serr := s.client.Lstat(full); serr == nil {
			return fs.ErrExist
		}
		var se *sftp.StatusError
		if !errors.As(err, &se) || se.FxCode() != sftp.ErrSSHFxOpUnsupported {
			return err
		}
		s.hardlink.Store(false) // advertised but refused, as some servers do
	}
	unlock, err := d.lockName(s, full)
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := s.client.Lstat(full); err == nil {
		return fs.ErrExist
	}
	if err := s.client.Rename(tmp, full); err != nil {
		if _, serr := s.client.Lstat(full); serr == nil {
			return fs.ErrExist
		}
		return err
	}
	return nil
}

// Publishing by plain rename waits this long at most for another
// publisher of the same name, and takes a lock file older than staleLock
// (by the server's clock, which may be minutes off ours) for one left by
// a crash.
const (
	lockWait  = 10 * time.Second
	staleLock = time.Minute
)

// lockName takes the lock file of name: a hidden partial name, created
// with SSH_FXF_EXCL, which the server creates atomically or refuses.
func (d *driver) lockName(s *session, full string) (func(), error) {
	lock := transport.HiddenName(full, ".lock")
	wait := cmp.Or(d.lockWait, lockWait)
	deadline := d.now().Add(wait)
	for {
		f, err := s.client.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
		if err == nil {
			f.Close()
			return func() { s.client.Remove(lock) }, nil
		}
		fi, serr := s.client.Lstat(lock)
		switch {
		case serr != nil && errors.Is(serr, fs.ErrNotExist):
			continue // released meanwhile
		case serr != nil:
			return nil, err
		case d.now().Add(time.Duration(s.ahead.Load())).Sub(fi.ModTime()) > staleLock:
			s.client.Remove(lock) // left by a publisher that died
			continue
		case d.now().After(deadline):
			return nil, &ownError{fmt.Sprintf("another upload has been publishing %s for over %s (lock %s)", full, wait, lock)}
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (d *driver) now() time.Time {
	if d.clock != nil {
		return d.clock()
	}
	return time.Now()
}

func (d *driver) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	s, err := d.session(ctx)
	if err != nil {
		return nil, err
	}
	fi, err := s.client.Stat(d.path(name))
	if err != nil {
		return nil, d.done(s, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("is a folder: %w", fs.ErrInvalid)
	}
	r, err := s.client.Open(d.path(name))
	if err != nil {
		return nil, d.done(s, err)
	}
	return &reader{File: r, d: d, s: s}, nil
}

// reader retires its session when a read finds the connection gone.
type reader struct {
	*sftp.File
	d *driver
	s *session
}

func (r *reader) Read(p []byte) (int, error) {
	n, err := r.File.Read(p)
	if err != nil && err != io.EOF {
		err = r.d.done(r.s, err)
	}
	return n, err
}

// WriteTo hides File.WriteTo, which would bypass Read.
func (r *reader) WriteTo(w io.Writer) (int64, error) {
	return io.Copy(w, struct{ io.Reader }{r})
}

func (d *driver) Stat(ctx context.Context, name string) (transport.Entry, error) {
	s, err := d.session(ctx)
	if err != nil {
		return transport.Entry{}, err
	}
	fi, err := s.client.Stat(d.path(name))
	if err != nil {
		return transport.Entry{}, d.done(s, err)
	}
	return transport.FileEntry(name, fi), nil
}

func (d *driver) List(ctx context.Context, dir string) ([]transport.Entry, error) {
	s, err := d.session(ctx)
	if err != nil {
		return nil, err
	}
	fis, err := s.client.ReadDir(d.path(dir))
	if err != nil {
		return nil, d.done(s, err)
	}
	out := make([]transport.Entry, 0, len(fis))
	for _, fi := range fis {
		out = append(out, transport.FileEntry(fi.Name(), fi))
	}
	return out, nil
}

func (d *driver) MkdirAll(ctx context.Context, dir string) error {
	s, err := d.session(ctx)
	if err != nil {
		return err
	}
	return d.done(s, s.client.MkdirAll(d.path(dir)))
}

func (d *driver) Remove(ctx context.Context, name string) error {
	s, err := d.session(ctx)
	if err != nil {
		return err
	}
	return d.done(s, s.client.Remove(d.path(name)))
}

// Rename publishes the old file under the new name as Put does (a hard
// link, or a locked plain rename), never overwriting.
func (d *driver) Rename(ctx context.Context, oldname, newname string) error {
	s, err := d.session(ctx)
	if err != nil {
		return err
	}
	if _, err := s.client.Lstat(d.path(oldname)); err != nil {
		return d.done(s, err)
	}
	return d.done(s, d.publish(s, d.path(oldname), d.path(newname)))
}

// ParseURL reads sftp://user@host[:port]/folder into the address, user
// and root of a Config (port 22 when none is given); the caller adds how
// to check the server and log in.
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "sftp" || u.Hostname() == "" || u.User == nil || u.User.Username() == "" {
		return Config{}, &PermanentError{fmt.Errorf("sftp: %q: want sftp://user@host:port/folder", raw)}
	}
	if _, set := u.User.Password(); set {
		return Config{}, &PermanentError{fmt.Errorf("sftp: %q: a password does not belong in the URL", u.Redacted())}
	}
	port := u.Port()
	if port == "" {
		port = "22"
	}
	return Config{Addr: net.JoinHostPort(u.Hostname(), port), User: u.User.Username(), Root: u.Path}, nil
}

// LoadKey reads an unencrypted private key file (OpenSSH or PEM form).
func LoadKey(path string) (ssh.Signer, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, &PermanentError{fmt.Errorf("sftp: key: %w", err)}
	}
	s, err := ssh.ParsePrivateKey(pem)
	if err != nil {
		return nil, &PermanentError{fmt.Errorf("sftp: key %s: %w", path, err)}
	}
	return s, nil
}
