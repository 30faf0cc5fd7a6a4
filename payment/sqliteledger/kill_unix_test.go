//go:build unix

package sqliteledger_test

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
)

func killSelf() { syscall.Kill(os.Getpid(), syscall.SIGKILL) }

func killed(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL
}
