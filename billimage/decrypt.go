package billimage

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// isAES256 reports the library's refusal of AES-256 encryption (V 5,
// R 5 or 6), which it does not implement.
func isAES256(err error) bool {
	s := err.Error()
	return strings.Contains(s, "encryption version V=5") || strings.Contains(s, "encryption revision R=6") ||
		strings.Contains(s, "encryption revision R=5") || strings.Contains(s, "256-bit encryption key")
}

// decryptAES256 decrypts an AES-256 file with the empty user password —
// how report writers often protect print files ("no copying"), which
// anyone may open — into memory, with pdfcpu, which implements it.
func decryptAES256(r io.ReaderAt, size int64) (_ io.ReaderAt, _ int64, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("decrypting: %v", v)
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.UserPW, conf.OwnerPW = "", ""
	var out bytes.Buffer
	if err := api.Decrypt(io.NewSectionReader(r, 0, size), &out, conf); err != nil {
		return nil, 0, fmt.Errorf("AES-256 encrypted, and not with an empty user password (a password is needed): %w", err)
	}
	return bytes.NewReader(out.Bytes()), int64(out.Len()), nil
}
