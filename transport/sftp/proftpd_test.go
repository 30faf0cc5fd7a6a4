package sftp

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
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

// proFTPD is ProFTPD's mod_sftp on a loopback port, started by the test,
// with the OpenSSH extensions (hardlink@openssh.com, posix-rename@…)
// turned off, as many managed-file-transfer servers run: only SFTPv3's
// own operations are left. Its user is chrooted to its home folder, and
// AllowOverwrite is off (ProFTPD's default).
type proFTPD struct {
	Addr   string
	Signer ssh.Signer
	Known  string
	Home   string
	logs   func() string
}

func startProFTPD(t testing.TB) *proFTPD {
	t.Helper()
	proftpd := needServer(t, "ProFTPD", "proftpd-core proftpd-mod-crypto", "/usr/sbin/proftpd")
	needServer(t, "ProFTPD's mod_sftp", "proftpd-mod-crypto", "/usr/lib/proftpd/mod_sftp.so")
	uid, gid := sftpAccount(t)
	base := serverDir(t, "icbatch-proftpd-")
	home := filepath.Join(base, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(home, uid, gid); err != nil {
		t.Fatal(err)
	}
	// The host key: ECDSA in PEM, which every mod_sftp reads.
	hostKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalECPrivateKey(hostKey)
	hostKeyFile := filepath.Join(base, "host_ecdsa")
	if err := os.WriteFile(hostKeyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	// The client key, authorized in RFC 4716 form.
	_, clientPriv, _ := ed25519.GenerateKey(rand.Reader)
	clientSigner, _ := ssh.NewSignerFromKey(clientPriv)
	keys := filepath.Join(base, "authorized_keys")
	os.Mkdir(keys, 0o755)
	if err := os.WriteFile(filepath.Join(keys, sftpUser), rfc4716(clientSigner.PublicKey()), 0o644); err != nil {
		t.Fatal(err)
	}
	// Its own account files, so that nothing depends on the system's.
	os.WriteFile(filepath.Join(base, "passwd"), fmt.Appendf(nil, "%s:*:%d:%d::%s:/usr/sbin/nologin\n", sftpUser, uid, gid, home), 0o600)
	os.WriteFile(filepath.Join(base, "group"), fmt.Appendf(nil, "%s:*:%d:\n", sftpUser, gid), 0o600)
	addr, port := freePort(t)
	conf := fmt.Sprintf(`ServerName "icbatch test"
ServerType standalone
DefaultServer on
DefaultAddress 127.0.0.1
SocketBindTight on
UseIPv6 off
Port %[1]s
User %[2]s
Group %[2]s
PidFile %[3]s/proftpd.pid
ScoreboardFile %[3]s/proftpd.scoreboard
DelayTable none
WtmpLog off
TransferLog none
SystemLog %[3]s/system.log
UseReverseDNS off
AuthOrder mod_auth_file.c
AuthUserFile %[3]s/passwd
AuthGroupFile %[3]s/group
RequireValidShell off
DefaultRoot ~
Umask 022
ModulePath /usr/lib/proftpd
LoadModule mod_sftp.c
<IfModule mod_sftp.c>
  SFTPEngine on
  SFTPLog %[3]s/sftp.log
  SFTPHostKey %[4]s
  SFTPAuthMethods publickey
  SFTPAuthorizedUserKeys file:%[3]s/authorized_keys/%%u
  SFTPExtensions -hardlink -posixRename -copyFile -statvfs -fsync
</IfModule>
`, port, sftpUser, base, hostKeyFile)
	cfg := filepath.Join(base, "proftpd.conf")
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(proftpd, "-t", "-c", cfg).CombinedOutput(); err != nil {
		t.Fatalf("proftpd refuses its configuration: %v\n%s", err, out)
	}
	cmd := exec.Command(proftpd, "-n", "-c", cfg)
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	readLogs := func() string {
		sftpLog, _ := os.ReadFile(filepath.Join(base, "sftp.log"))
		sysLog, _ := os.ReadFile(filepath.Join(base, "system.log"))
		return logs.String() + string(sysLog) + string(sftpLog)
	}
	waitListening(t, addr, readLogs)
	hostSigner, _ := ssh.NewSignerFromKey(hostKey)
	known := filepath.Join(base, "known_hosts")
	os.WriteFile(known, []byte(knownHostsLine(addr, hostSigner.PublicKey())+"\n"), 0o600)
	return &proFTPD{Addr: addr, Signer: clientSigner, Known: known, Home: home, logs: readLogs}
}

// rfc4716 writes a public key the way ssh-keygen -e does.
func rfc4716(k ssh.PublicKey) []byte {
	b64 := base64.StdEncoding.EncodeToString(k.Marshal())
	var b strings.Builder
	b.WriteString("---- BEGIN SSH2 PUBLIC KEY ----\n")
	for len(b64) > 70 {
		b.WriteString(b64[:70] + "\n")
		b64 = b64[70:]
	}
	b.WriteString(b64 + "\n---- END SSH2 PUBLIC KEY ----\n")
	return []byte(b.String())
}

func (p *proFTPD) dialDriver(t testing.TB, root string) *driver {
	t.Helper()
	d, err := newDriver(context.Background(), Config{Addr: p.Addr, User: sftpUser, Signer: p.Signer, KnownHosts: p.Known, Root: root}, false)
	if err != nil {
		t.Fatalf("%v\n%s", err, p.logs())
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestProFTPDConformance(t *testing.T) {
	p := startProFTPD(t)
	n := 0
	transporttest.Run(t, func(t *testing.T) transport.Driver {
		n++
		return p.dialDriver(t, fmt.Sprintf("/t%d", n))
	})
}

// TestProFTPDOffersNoOpenSSHExtensions makes sure the conformance run
// above went through plain SFTPv3 renames.
func TestProFTPDOffersNoOpenSSHExtensions(t *testing.T) {
	p := startProFTPD(t)
	d := p.dialDriver(t, "")
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
	f := transport.New(p.dialDriver(t, ""))
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
