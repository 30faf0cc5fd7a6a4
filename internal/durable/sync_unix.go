//go:build unix

package durable

import (
	"errors"
	"os"
	"syscall"
)

func syncDir(f *os.File) error {
	err := f.Sync()
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		return nil // a file system that cannot sync folders
	}
	return err
}
