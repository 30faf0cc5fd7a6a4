package sftp

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"strings"
	"testing"
	"time"
)

// skipServers names the environment variable that lets the tests run
// without the real servers. Without it, a missing server fails the test,
// so that "ok" always means the real servers were tried: go test hides
// the output, skips included, of packages that pass.
const skipServers = "ICBATCH_SKIP_SERVERS"

// needServer returns the first of paths that exists. When none does, the
// test fails saying how to install it, or skips when skipServers is set.
func needServer(t testing.TB, what, debianPackage string, paths ...string) string {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("%s is not installed (Debian: apt-get install %s; bash .ci/run does it); set %s=1 to skip the tests against it", what, debianPackage, skipServers)
	if os.Getenv(skipServers) != "" {
		t.Skip(msg)
	}
	t.Fatal(msg)
	return ""
}

// sftpAccount makes (once) the system account the real servers log the
// tests in as, and returns its uid and gid.
func sftpAccount(t testing.TB) (uid, gid int) {
	t.Helper()
	if os.Geteuid() != 0 {
		msg := "the tests against real SFTP servers start them with a chroot for their own user and need root"
		if os.Getenv(skipServers) != "" {
			t.Skip(msg)
		}
		t.Fatal(msg + "; set " + skipServers + "=1 to skip them")
	}
	if _, err := user.Lookup(sftpUser); err != nil {
		if out, err := exec.Command("useradd", "-M", "-U", "-d", "/", "-s", "/usr/sbin/nologin", sftpUser).CombinedOutput(); err != nil {
			t.Fatalf("useradd %s: %v: %s", sftpUser, err, out)
		}
	}
	// A new account is locked ("!"), and sshd refuses even key logins to
	// a locked account; "*" allows no password but is not locked.
	if out, err := exec.Command("usermod", "-p", "*", sftpUser).CombinedOutput(); err != nil {
		t.Fatalf("usermod %s: %v: %s", sftpUser, err, out)
	}
	u, err := user.Lookup(sftpUser)
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
