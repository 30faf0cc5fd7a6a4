// Package flock takes exclusive locks on open files that the operating
// system releases when the process ends, however it ends: flock(2) on
// Unix, LockFileEx on Windows. A lock belongs to the open file, so two
// opens of one path conflict even inside one process.
package flock

import (
	"errors"
	"os"
)

// ErrHeld reports a lock that another open file holds.
var ErrHeld = errors.New("lock held")

// Lock takes an exclusive lock on f without waiting: ErrHeld when it is
// held elsewhere.
func Lock(f *os.File) error { return lock(f) }

// Unlock releases a lock taken with Lock. Closing f releases it too.
func Unlock(f *os.File) error { return unlock(f) }
