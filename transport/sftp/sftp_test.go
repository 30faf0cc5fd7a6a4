package sftp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/sftp/sftptest"
	"github.com/icbatch/caselle/transport/transporttest"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

func (s *testServer) config(root string) Config {
	return Config{Addr: s.Addr, User: "biller", Password: "secret", HostKeySHA256: ssh.FingerprintSHA256(s.HostKey), Root: root}
}

// dialDriver connects to the in-process server; noHardlink makes it
// publish by plain rename as it must where the server offers no links.
func dialDriver(t testing.TB, c Config, noHardlink bool) *driver {
	t.Helper()
	d, err := newDriver(context.Background(), c, noHardlink)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func dial(t *testing.T, s *testServer, root string) *transport.FS {
	return transport.New(dialDriver(t, s.config(root), false))
}

func TestConformance(t *testing.T) {
	for _, noHardlink := range []bool{false, true} {
		t.Run(map[bool]string{false: "HardLink", true: "PlainRename"}[noHardlink], func(t *testing.T) {
			dir := t.TempDir()
			s := startServer(t, dir)
			n := 0
			transporttest.Run(t, func(t *testing.T) transport.Driver {
				n++
				root := filepath.Join(dir, "t", strings.Repeat("x", n))
				if err := os.MkdirAll(root, 0o755); err != nil {
					t.Fatal(err)
				}
				d := dialDriver(t, s.config(root), noHardlink)
				if d.cur.hardlink.Load() == noHardlink {
					t.Fatalf("publishing by hard link: %v, want %v", d.cur.hardlink.Load(), !noHardlink)
				}
				return d
			})
		})
	}
}

func TestHostKeyIsVerified(t *testing.T) {
	s := startServer(t, t.TempDir())
	ctx := context.Background()
	_, err := Dial(ctx, Config{Addr: s.Addr, User: "biller", Password: "secret", HostKeySHA256: "SHA256:not-the-key"})
	var pe *PermanentError
	if err == nil || !errors.As(err, &pe) || !pe.Permanent() {
		t.Fatalf("a wrong fingerprint: %v, want a permanent error", err)
	}
	if _, err := Dial(ctx, Config{Addr: s.Addr, User: "biller", Password: "secret"}); err == nil || !strings.Contains(err.Error(), "no way to verify") {
		t.Fatalf("no host key configured: %v", err)
	}
	// A known_hosts file with another key for this address.
	other := startServer(t, t.TempDir())
	kh := filepath.Join(t.TempDir(), "known_hosts")
	line := sftptest.KnownHostsLine(s.Addr, other.HostKey)
	os.WriteFile(kh, []byte(line+"\n"), 0o600)
	_, err = Dial(ctx, Config{Addr: s.Addr, User: "biller", Password: "secret", KnownHosts: kh})
	var ke *knownhosts.KeyError // reached through the PermanentError: the key known for the address
	if !errors.As(err, &pe) || !errors.As(err, &ke) || len(ke.Want) != 1 {
		t.Fatalf("a changed host key: %v, want a permanent error holding the key known", err)
	}
	// And the right one.
	os.WriteFile(kh, []byte(sftptest.KnownHostsLine(s.Addr, s.HostKey)+"\n"), 0o600)
	f, err := Dial(ctx, Config{Addr: s.Addr, User: "biller", Password: "secret", KnownHosts: kh})
	if err != nil {
		t.Fatalf("the right known_hosts: %v", err)
	}
	f.Close()
	// A wrong password is permanent too.
	if _, err := Dial(ctx, Config{Addr: s.Addr, User: "biller", Password: "guess", HostKeySHA256: ssh.FingerprintSHA256(s.HostKey)}); !errors.As(err, &pe) {
		t.Fatalf("a wrong password: %v, want a permanent error", err)
	}
}

// dropAfter reads n bytes, then cuts the server's connections.
type dropAfter struct {
	r io.Reader
	n int
	s *testServer
}

func (d *dropAfter) Read(p []byte) (int, error) {
	if d.n <= 0 {
		d.s.DropAll()
		return 0, errors.New("connection dropped")
	}
	if len(p) > d.n {
		p = p[:d.n]
	}
	n, err := d.r.Read(p)
	d.n -= n
	return n, err
}

func TestDroppedUploadLeavesNothingVisible(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	f := dial(t, s, dir)
	data := strings.Repeat("PD payment record\r\n", 100000)
	err := f.Put(context.Background(), "Payments/day.txt", &dropAfter{r: strings.NewReader(data), n: 500000, s: s})
	if err == nil {
		t.Fatal("an upload whose connection dropped succeeded")
	}
	g := dial(t, s, dir)
	es, err := g.List(context.Background(), "Payments")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	if len(es) != 0 {
		t.Fatalf("visible after a dropped upload: %v", es)
	}
	if err := g.Put(context.Background(), "Payments/day.txt", strings.NewReader(data)); err != nil {
		t.Fatalf("the retry: %v", err)
	}
}

// TestDroppedConnectionIsRedialled: after the network drops the session,
// the next operations run on a new connection, not on the dead one.
func TestDroppedConnectionIsRedialled(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	f := dial(t, s, dir)
	ctx := context.Background()
	if err := f.Put(ctx, "a.txt", strings.NewReader("a")); err != nil {
		t.Fatal(err)
	}
	s.DropAll()
	failed := 0
	for i := 0; i < 5; i++ {
		err := f.Put(ctx, fmt.Sprintf("b%d.txt", i), strings.NewReader("b"))
		if err != nil {
			if transport.Permanent(err) {
				t.Fatalf("a dropped connection reported as permanent: %v", err)
			}
			failed++
		}
	}
	if failed > 1 {
		t.Fatalf("%d of 5 uploads after the drop failed; at most the first may", failed)
	}
	s.mu.Lock()
	conns := len(s.conns)
	s.mu.Unlock()
	if conns != 2 {
		t.Fatalf("%d connections, want the first and one redial", conns)
	}
}

// TestPublishLock: where a server has no hard links, a Put publishes under
// a lock file. One left by a publisher that died (older than staleLock by
// the server's clock) is taken over; a live one is waited for, and never
// taken for stale because this machine's clock runs minutes ahead of the
// server's.
func TestPublishLock(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := startServer(t, dir)
	d := dialDriver(t, s.config(dir), true)
	d.lockWait = time.Second
	f := transport.New(d)
	lockOf := func(name string) string { return transport.HiddenName(filepath.Join(dir, name), ".lock") }

	// A lock left by a crash two minutes ago.
	os.WriteFile(lockOf("a.txt"), nil, 0o644)
	old := time.Now().Add(-2 * time.Minute)
	os.Chtimes(lockOf("a.txt"), old, old)
	if err := f.Put(ctx, "a.txt", strings.NewReader("PH")); err != nil {
		t.Fatalf("under a stale lock: %v", err)
	}
	if _, err := os.Stat(lockOf("a.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the stale lock is still there: %v", err)
	}

	// A live lock, this machine five minutes ahead of the server.
	d.clock = func() time.Time { return time.Now().Add(5 * time.Minute) }
	os.WriteFile(lockOf("b.txt"), nil, 0o644)
	err := f.Put(ctx, "b.txt", strings.NewReader("PH"))
	if err == nil || !strings.Contains(err.Error(), "another upload has been publishing") {
		t.Fatalf("under a live lock: %v", err)
	}
	if _, err := os.Stat(lockOf("b.txt")); err != nil {
		t.Fatalf("the live lock was taken: %v", err)
	}
	if _, err := f.Stat(ctx, "b.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("published under another's lock: %v", err)
	}

	// Released while waited for: published then.
	go func() {
		time.Sleep(50 * time.Millisecond)
		os.Remove(lockOf("b.txt"))
	}()
	if err := f.Put(ctx, "b.txt", strings.NewReader("PH")); err != nil {
		t.Fatalf("after the lock was released: %v", err)
	}
	if got := transporttest.Get(t, f, "b.txt"); got != "PH" {
		t.Fatalf("b.txt holds %q", got)
	}
}

// TestOpenIsCopiedWhole: io.Copy from an opened file (which takes the
// reader's WriteTo) gives the file's bytes.
func TestOpenIsCopiedWhole(t *testing.T) {
	dir := t.TempDir()
	f := dial(t, startServer(t, dir), dir)
	data := strings.Repeat("PD 0000012345\r\n", 20000) // several SFTP packets
	transporttest.Put(t, f, "a.txt", data)
	rc, err := f.Open(context.Background(), "a.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if _, ok := rc.(io.WriterTo); !ok {
		t.Fatal("the reader has no WriteTo: io.Copy would not use it")
	}
	var buf bytes.Buffer
	if n, err := io.Copy(&buf, rc); err != nil || n != int64(len(data)) || buf.String() != data {
		t.Fatalf("copied %d bytes (%v), want the %d written", n, err, len(data))
	}
}
