package sftptest_test

import (
	"crypto/ed25519"
	"fmt"

	"github.com/icbatch/caselle/transport/sftp/sftptest"
	"golang.org/x/crypto/ssh"
)

// The known_hosts line a test writes for the server it started, so the
// client checks the host key as it would in production. (StartOpenSSH and
// StartProFTPD start the servers themselves; they need a *testing.T.)
func ExampleKnownHostsLine() {
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)).Public()
	pub, err := ssh.NewPublicKey(key)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sftptest.KnownHostsLine("127.0.0.1:2222", pub))
	// Output:
	// [127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop
}
