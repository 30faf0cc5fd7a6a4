package sftp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/sftp/sftptest"
	"github.com/icbatch/caselle/transport/transporttest"
)

func startProFTPD(t testing.TB) *sftptest.ProFTPD { return sftptest.StartProFTPD(t) }

func dialProFTPD(t testing.TB, p *sftptest.ProFTPD, root string) *driver {
	t.Helper()
	d, err := newDriver(context.Background(), Config{Addr: p.Addr, User: sftptest.User, Signer: p.Signer, KnownHosts: p.KnownHosts, Root: root}, false)
	if err != nil {
		t.Fatalf("%v\n%s", err, p.Logs())
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestProFTPDConformance(t *testing.T) {
	p := startProFTPD(t)
	n := 0
	transporttest.Run(t, func(t *testing.T) transport.Driver {
		n++
		return dialProFTPD(t, p, fmt.Sprintf("/t%d", n))
	})
}

// TestProFTPDOffersNoOpenSSHExtensions makes sure the conformance run
// above went through plain SFTPv3 renames.
func TestProFTPDOffersNoOpenSSHExtensions(t *testing.T) {
	p := startProFTPD(t)
	d := dialProFTPD(t, p, "")
	s, err := d.session(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer d.done(s, nil)
	for _, ext := range []string{"hardlink@openssh.com", "posix-rename@openssh.com"} {
		if _, ok := s.client.HasExtension(ext); ok {
			t.Errorf("ProFTPD offers %s; the test is to run without it", ext)
		}
	}
	if s.hardlink.Load() {
		t.Error("the driver means to publish by hard link")
	}
}

// TestProFTPDErrorsNoRetryCanFix: a name too long for the server's file
// system and a full disk come back as the errors transport.Permanent
// knows, not as a bare SSH_FX_FAILURE to be retried.
func TestProFTPDErrorsNoRetryCanFix(t *testing.T) {
	p := startProFTPD(t)
	ctx := context.Background()
	f := transport.New(dialProFTPD(t, p, ""))
	err := f.Put(ctx, strings.Repeat("n", 300)+".txt", strings.NewReader("PH"))
	if !(errors.Is(err, transport.ErrNameTooLong) || errors.Is(err, transport.ErrBadName)) || !transport.Permanent(err) {
		t.Errorf("a 304-byte name: %v, want ErrNameTooLong or ErrBadName", err)
	}
	// A name that fits the file system is taken, though its partial name
	// would not fit uncut.
	long := strings.Repeat("l", 250) + ".txt"
	if err := f.Put(ctx, long, strings.NewReader("PH")); err != nil {
		t.Errorf("a 254-byte name: %v", err)
	}
	// A full disk: a small tmpfs as the user's home.
	full := filepath.Join(p.Home, "full")
	os.Mkdir(full, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=256k,mode=0777", "tmpfs", full).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (%v: %s); the full-disk case is not tried", err, out)
	}
	defer exec.Command("umount", full).Run()
	err = f.Put(ctx, "full/day.txt", strings.NewReader(strings.Repeat("PD payment record\r\n", 1<<16)))
	if !errors.Is(err, transport.ErrNoSpace) || !transport.Permanent(err) {
		t.Errorf("a full disk: %v, want ErrNoSpace", err)
	}
	if es, _ := f.Driver().List(ctx, "full"); len(es) != 0 {
		t.Errorf("left on the full disk: %v", es)
	}
}
