package sftp

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/transporttest"
	"golang.org/x/crypto/ssh"
)

const sftpUser = "icbatchsftp"

// openSSH is a real OpenSSH sshd on a loopback port, started by the test:
// an SFTP-only user, chrooted, with key authentication.
type openSSH struct {
	Addr      string
	HostKey   ssh.PublicKey
	Signer    ssh.Signer
	KeyFile   string // the client key, OpenSSH format, for the sftp command
	KnownFile string
	Chroot    string
}

func findSSHD(t testing.TB) string {
	return needServer(t, "OpenSSH sshd", "openssh-server", "/usr/sbin/sshd", "/usr/local/sbin/sshd")
}

func writeKey(t testing.TB, path string, priv ed25519.PrivateKey) {
	t.Helper()
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
}

func startOpenSSH(t testing.TB) *openSSH {
	t.Helper()
	sshd := findSSHD(t)
	uid, gid := sftpAccount(t)
	// sshd wants every component of a chroot owned by root and not
	// writable by others, so not under /tmp.
	base := serverDir(t, "icbatch-sshd-")
	chroot := filepath.Join(base, "chroot")
	upload := filepath.Join(chroot, "upload")
	if err := os.MkdirAll(upload, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(upload, uid, gid); err != nil {
		t.Fatal(err)
	}
	_, hostPriv, _ := ed25519.GenerateKey(rand.Reader)
	clientPub, clientPriv, _ := ed25519.GenerateKey(rand.Reader)
	hostKeyFile, keyFile := filepath.Join(base, "host_ed25519"), filepath.Join(base, "client_ed25519")
	writeKey(t, hostKeyFile, hostPriv)
	writeKey(t, keyFile, clientPriv)
	sshPub, _ := ssh.NewPublicKey(clientPub)
	authKeys := filepath.Join(base, "authorized_keys")
	if err := os.WriteFile(authKeys, ssh.MarshalAuthorizedKey(sshPub), 0o644); err != nil {
		t.Fatal(err)
	}
	addr, port := freePort(t)
	cfg := filepath.Join(base, "sshd_config")
	conf := fmt.Sprintf(`Port %s
ListenAddress 127.0.0.1
HostKey %s
PidFile %s
AuthorizedKeysFile %s
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
UsePAM no
StrictModes no
AllowUsers %s
Subsystem sftp internal-sftp
Match User %s
  ChrootDirectory %s
  ForceCommand internal-sftp
  AllowTcpForwarding no
  X11Forwarding no
`, port, hostKeyFile, filepath.Join(base, "sshd.pid"), authKeys, sftpUser, sftpUser, chroot)
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll("/run/sshd", 0o755) // privilege separation
	cmd := exec.Command(sshd, "-D", "-e", "-f", cfg)
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	waitListening(t, addr, func() string { return logs.String() })
	hostSigner, _ := ssh.NewSignerFromKey(hostPriv)
	clientSigner, _ := ssh.NewSignerFromKey(clientPriv)
	known := filepath.Join(base, "known_hosts")
	os.WriteFile(known, []byte(knownHostsLine(addr, hostSigner.PublicKey())+"\n"), 0o600)
	return &openSSH{Addr: addr, HostKey: hostSigner.PublicKey(), Signer: clientSigner, KeyFile: keyFile, KnownFile: known, Chroot: chroot}
}

func (o *openSSH) dial(t testing.TB, root string) *transport.FS {
	t.Helper()
	f, err := Dial(context.Background(), Config{Addr: o.Addr, User: sftpUser, Signer: o.Signer, KnownHosts: o.KnownFile, Root: root})
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
		return o.dial(t, root).Driver() // Put makes the root as it makes any parent
	})
}

func TestOpenSSHRefusesUnknownHostKey(t *testing.T) {
	o := startOpenSSH(t)
	other, _ := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(make([]byte, 32)))
	_, err := Dial(context.Background(), Config{Addr: o.Addr, User: sftpUser, Signer: o.Signer, HostKeySHA256: ssh.FingerprintSHA256(other.PublicKey())})
	if err == nil || !strings.Contains(err.Error(), "refusing to connect") {
		t.Fatalf("got %v", err)
	}
	// The chroot keeps the user inside: "/" is the chroot.
	f := o.dial(t, "")
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
	f := o.dial(b, "/upload")
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
				"-o", "UserKnownHostsFile="+o.KnownFile, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
				sftpUser+"@127.0.0.1")
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("sftp: %v: %s", err, out)
			}
			b.StopTimer()
			os.Remove(filepath.Join(o.Chroot, "upload", fmt.Sprintf("o%d.bin", n)))
			b.StartTimer()
		}
	})
}
