// Package sftptest starts real SFTP servers on loopback ports for tests:
// OpenSSH's sshd, and ProFTPD's mod_sftp with the OpenSSH extensions off.
// Each runs as root with a chrooted SFTP-only account it creates, is
// stopped when the test ends, and talks to 127.0.0.1 only. A server that
// is not installed fails the test, naming the Debian package, unless the
// environment sets ICBATCH_SKIP_SERVERS (go test hides the skips of
// passing packages, so a silent skip would read as "it ran").
package sftptest

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// User is the system account the servers log the tests in as.
const User = "icbatchsftp"

// OpenSSH is a real OpenSSH sshd on a loopback port, started by the test:
// an SFTP-only user, chrooted, with key authentication.
type OpenSSH struct {
	Addr       string
	HostKey    ssh.PublicKey
	Signer     ssh.Signer
	KeyFile    string // the client key (Signer's), OpenSSH format
	KnownHosts string // a known_hosts file with the server's key
	Chroot     string // the user's "/", on the local disk
}

func findSSHD(t testing.TB) string {
	return NeedServer(t, "OpenSSH sshd", "openssh-server", "/usr/sbin/sshd", "/usr/local/sbin/sshd")
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

// StartOpenSSH starts sshd with the account User chrooted to Chroot, where
// it may write only in /upload.
func StartOpenSSH(t testing.TB) *OpenSSH {
	t.Helper()
	sshd := findSSHD(t)
	uid, gid := Account(t)
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
`, port, hostKeyFile, filepath.Join(base, "sshd.pid"), authKeys, User, User, chroot)
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll("/run/sshd", 0o755) // privilege separation
	logs := start(t, exec.Command(sshd, "-D", "-e", "-f", cfg))
	waitListening(t, addr, logs)
	hostSigner, _ := ssh.NewSignerFromKey(hostPriv)
	clientSigner, _ := ssh.NewSignerFromKey(clientPriv)
	known := filepath.Join(base, "known_hosts")
	os.WriteFile(known, []byte(KnownHostsLine(addr, hostSigner.PublicKey())+"\n"), 0o600)
	return &OpenSSH{Addr: addr, HostKey: hostSigner.PublicKey(), Signer: clientSigner, KeyFile: keyFile, KnownHosts: known, Chroot: chroot}
}

// ProFTPD is ProFTPD's mod_sftp on a loopback port, started by the test,
// with the OpenSSH extensions (hardlink@openssh.com, posix-rename@…)
// turned off, as many managed-file-transfer servers run: only SFTPv3's
// own operations are left. Its user is chrooted to its home folder, and
// AllowOverwrite is off (ProFTPD's default).
type ProFTPD struct {
	Addr       string
	Signer     ssh.Signer
	KnownHosts string
	Home       string // the user's chroot, on the local disk
	// Logs returns what the server has logged, for a test's failure.
	Logs func() string
}

// StartProFTPD starts ProFTPD with the account User chrooted to Home.
func StartProFTPD(t testing.TB) *ProFTPD {
	t.Helper()
	proftpd := NeedServer(t, "ProFTPD", "proftpd-core proftpd-mod-crypto", "/usr/sbin/proftpd")
	NeedServer(t, "ProFTPD's mod_sftp", "proftpd-mod-crypto", "/usr/lib/proftpd/mod_sftp.so")
	uid, gid := Account(t)
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
	if err := os.WriteFile(filepath.Join(keys, User), rfc4716(clientSigner.PublicKey()), 0o644); err != nil {
		t.Fatal(err)
	}
	// Its own account files, so that nothing depends on the system's.
	os.WriteFile(filepath.Join(base, "passwd"), fmt.Appendf(nil, "%s:*:%d:%d::%s:/usr/sbin/nologin\n", User, uid, gid, home), 0o600)
	os.WriteFile(filepath.Join(base, "group"), fmt.Appendf(nil, "%s:*:%d:\n", User, gid), 0o600)
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
`, port, User, base, hostKeyFile)
	cfg := filepath.Join(base, "proftpd.conf")
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(proftpd, "-t", "-c", cfg).CombinedOutput(); err != nil {
		t.Fatalf("proftpd refuses its configuration: %v\n%s", err, out)
	}
	logs := start(t, exec.Command(proftpd, "-n", "-c", cfg))
	readLogs := func() string {
		sftpLog, _ := os.ReadFile(filepath.Join(base, "sftp.log"))
		sysLog, _ := os.ReadFile(filepath.Join(base, "system.log"))
		return logs() + string(sysLog) + string(sftpLog)
	}
	waitListening(t, addr, readLogs)
	hostSigner, _ := ssh.NewSignerFromKey(hostKey)
	known := filepath.Join(base, "known_hosts")
	os.WriteFile(known, []byte(KnownHostsLine(addr, hostSigner.PublicKey())+"\n"), 0o600)
	return &ProFTPD{Addr: addr, Signer: clientSigner, KnownHosts: known, Home: home, Logs: readLogs}
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

// SkipServers names the environment variable that lets the tests run
// without the real servers. Without it, a missing server fails the test,
// so that "ok" always means the real servers were tried: go test hides
// the output, skips included, of packages that pass.
const SkipServers = "ICBATCH_SKIP_SERVERS"

// needServer returns the first of paths that exists. When none does, the
// test fails saying how to install it, or skips when SkipServers is set.
func NeedServer(t testing.TB, what, debianPackage string, paths ...string) string {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("%s is not installed (Debian: apt-get install %s; bash .ci/run does it); set %s=1 to skip the tests against it", what, debianPackage, SkipServers)
	if os.Getenv(SkipServers) != "" {
		t.Skip(msg)
	}
	t.Fatal(msg)
	return ""
}

// Account makes (once) the system account the real servers log the
// tests in as, and returns its uid and gid.
func Account(t testing.TB) (uid, gid int) {
	t.Helper()
	if os.Geteuid() != 0 {
		msg := "the tests against real SFTP servers start them with a chroot for their own user and need root"
		if os.Getenv(SkipServers) != "" {
			t.Skip(msg)
		}
		t.Fatal(msg + "; set " + SkipServers + "=1 to skip them")
	}
	if _, err := user.Lookup(User); err != nil {
		if out, err := exec.Command("useradd", "-M", "-U", "-d", "/", "-s", "/usr/sbin/nologin", User).CombinedOutput(); err != nil {
			t.Fatalf("useradd %s: %v: %s", User, err, out)
		}
	}
	// A new account is locked ("!"), and sshd refuses even key logins to
	// a locked account; "*" allows no password but is not locked.
	if out, err := exec.Command("usermod", "-p", "*", User).CombinedOutput(); err != nil {
		t.Fatalf("usermod %s: %v: %s", User, err, out)
	}
	u, err := user.Lookup(User)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Sscan(u.Uid, &uid)
	fmt.Sscan(u.Gid, &gid)
	return uid, gid
}

// serverDir makes a folder for one server's files, owned by root and
// readable by all (servers refuse keys and chroots under /tmp's rules),
// removed when the test ends.
func serverDir(t testing.TB, prefix string) string {
	t.Helper()
	base, err := os.MkdirTemp("/var/lib", prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	os.Chmod(base, 0o755)
	return base
}

// freePort finds a free loopback port.
func freePort(t testing.TB) (addr, port string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr = ln.Addr().String()
	ln.Close()
	_, port, _ = strings.Cut(addr, ":")
	return addr, port
}

// waitListening waits for a server to accept connections on addr.
func waitListening(t testing.TB, addr string, logs func() string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server on %s did not start: %s", addr, logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// KnownHostsLine is the known_hosts line of key at addr (host:port).
func KnownHostsLine(addr string, key ssh.PublicKey) string {
	host, port, _ := strings.Cut(addr, ":")
	return "[" + host + "]:" + port + " " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key)))
}

// start starts a server and stops it when the test ends; it returns what
// the server has printed so far.
func start(t testing.TB, cmd *exec.Cmd) func() string {
	t.Helper()
	var logs syncBuilder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return logs.String
}

// syncBuilder is a strings.Builder safe for a server's two output pipes.
type syncBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuilder) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuilder) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
