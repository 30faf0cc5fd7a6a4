// Package durable makes a file's name last as its bytes do. A file's data
// is synced before it is given its name; after the name is made (created,
// linked, renamed) the folder that holds it is synced too, so that a
// crash or power cut just after cannot take the name back while the
// caller has moved on (marked a file sent, posted a payment). Where a
// folder cannot be synced — Windows, whose NTFS journals names itself,
// and file systems that refuse it — syncing a folder does nothing.
package durable

import (
	"errors"
	"os"
	"path/filepath"
)

// SyncDir syncs the folder dir.
func SyncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(Sync(f), f.Close())
}

// Sync syncs f, an open folder, where folders can be synced.
func Sync(f *os.File) error { return syncDir(f) }

// Rename renames oldpath to newpath, then syncs the folders of both.
func Rename(oldpath, newpath string) error {
	if err := os.Rename(oldpath, newpath); err != nil {
		return err
	}
	return SyncParents(oldpath, newpath)
}

// SyncParents syncs the folder of each path, once each.
func SyncParents(paths ...string) error {
	done := map[string]bool{}
	for _, p := range paths {
		dir := filepath.Dir(p)
		if done[dir] {
			continue
		}
		done[dir] = true
		if err := SyncDir(dir); err != nil {
			return err
		}
	}
	return nil
}
