package sftp

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/sftp/sftptest"
	"github.com/icbatch/caselle/transport/transporttest"
	"golang.org/x/crypto/ssh"
)

func startOpenSSH(t testing.TB) *sftptest.OpenSSH { return sftptest.StartOpenSSH(t) }

func dialOpenSSH(t testing.TB, o *sftptest.OpenSSH, root string) *transport.FS {
	t.Helper()
	f, err := Dial(context.Background(), Config{Addr: o.Addr, User: sftptest.User, Signer: o.Signer, KnownHosts: o.KnownHosts, Root: root})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestOpenSSHConformance(t *testing.T) {
	o := startOpenSSH(t)
	n := 0
	transporttest.Run(t, func(t *testing.T) transport.Driver {
		n++
		root := fmt.Sprintf("/upload/t%d", n)
		return dialOpenSSH(t, o, root).Driver() // Put makes the root as it makes any parent
	})
}

func TestOpenSSHRefusesUnknownHostKey(t *testing.T) {
	o := startOpenSSH(t)
	other, _ := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(make([]byte, 32)))
	_, err := Dial(context.Background(), Config{Addr: o.Addr, User: sftptest.User, Signer: o.Signer, HostKeySHA256: ssh.FingerprintSHA256(other.PublicKey())})
	if err == nil || !strings.Contains(err.Error(), "refusing to connect") {
		t.Fatalf("got %v", err)
	}
	// The chroot keeps the user inside: "/" is the chroot.
	f := dialOpenSSH(t, o, "")
	es, err := f.List(context.Background(), "")
	if err != nil || len(es) != 1 || es[0].Name != "upload" {
		t.Fatalf("the user sees %v (%v), want only upload/", es, err)
	}
}

// BenchmarkUpload256MiB uploads 256 MiB over loopback to the same sshd
// with this package and with OpenSSH's own sftp client:
//
//	go test -run '^$' -bench Upload256MiB -benchtime 3x ./transport/sftp
func BenchmarkUpload256MiB(b *testing.B) {
	o := startOpenSSH(b)
	data := make([]byte, 256<<20)
	rand.Read(data)
	local := filepath.Join(b.TempDir(), "payload")
	if err := os.WriteFile(local, data, 0o600); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	f := dialOpenSSH(b, o, "/upload")
	n := 0
	b.Run("caselle", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			n++
			name := fmt.Sprintf("c%d.bin", n)
			if err := f.Put(ctx, name, bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			f.Remove(ctx, name)
			b.StartTimer()
		}
	})
	sftpCmd, err := exec.LookPath("sftp")
	if err != nil {
		b.Skip("no sftp client (Debian: openssh-client) to compare with")
	}
	_, port, _ := strings.Cut(o.Addr, ":")
	b.Run("openssh-sftp", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			n++
			batch := filepath.Join(b.TempDir(), "batch")
			os.WriteFile(batch, []byte(fmt.Sprintf("put %s /upload/o%d.bin\n", local, n)), 0o600)
			cmd := exec.Command(sftpCmd, "-q", "-b", batch, "-i", o.KeyFile, "-P", port,
				"-o", "UserKnownHostsFile="+o.KnownHosts, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
				sftptest.User+"@127.0.0.1")
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("sftp: %v: %s", err, out)
			}
			b.StopTimer()
			os.Remove(filepath.Join(o.Chroot, "upload", fmt.Sprintf("o%d.bin", n)))
			b.StartTimer()
		}
	})
}
