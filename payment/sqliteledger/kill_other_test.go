//go:build !unix

package sqliteledger_test

import (
	"errors"
	"os"
	"os/exec"
)

func killSelf() {
	p, _ := os.FindProcess(os.Getpid())
	p.Kill()
}

func killed(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee)
}
