package transport

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"syscall"
)

// Errors drivers wrap for what no retry can fix, besides fs.ErrExist,
// fs.ErrNotExist, fs.ErrPermission, fs.ErrInvalid and errors.ErrUnsupported.
var (
	ErrNoSpace     = errors.New("transport: no space left (disk full or over quota)")
	ErrNameTooLong = errors.New("transport: file name too long")
)

// Permanent reports errors no retry can fix: a refused or too long name,
// an existing or missing file, no permission, no space, an operation the
// other side does not support, a lock held elsewhere, a cancelled context,
// and any error that says so with a Permanent() bool method (an SFTP
// authentication or host-key failure). Everything else — a dropped
// connection, a timeout, a server busy — is worth another try.
func Permanent(err error) bool {
	if err == nil {
		return false
	}
	var p interface{ Permanent() bool }
	if errors.As(err, &p) && p.Permanent() {
		return true
	}
	for _, target := range permanent {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

var permanent = []error{
	fs.ErrInvalid, fs.ErrExist, fs.ErrNotExist, fs.ErrPermission, errors.ErrUnsupported,
	ErrLocked, ErrNoSpace, ErrNameTooLong,
	syscall.ENOSPC, syscall.EDQUOT, syscall.ENAMETOOLONG, syscall.EROFS,
	context.Canceled, context.DeadlineExceeded,
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ErrClosed reports the use of a transport, reader or writer after Close.
var ErrClosed = errors.New("transport: closed")
