//go:build !unix

package durable

import "os"

func syncDir(*os.File) error { return nil }
