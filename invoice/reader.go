package invoice

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"iter"
)

// Reader is what both invoice readers do, ConnectReader and ClarityReader:
// what NewReader returns when the caller does not care which product wrote
// the file.
type Reader interface {
	// Header reads as far as the file header and returns it.
	Header() (Header, error)
	// Read returns the next invoice, or a problem, or io.EOF.
	Read() (Invoice, error)
	// All returns the invoices as an iterator.
	All() iter.Seq2[Invoice, error]
	// Summary returns the trailer (Connect T1, Clarity Summary), once read.
	Summary() (Summary, bool)
	// Line returns the line the invoice returned last starts on.
	Line() int
}

// NewReader reads a Connect or a Clarity invoice file, whichever r holds:
// a file that starts with a UTF-16 byte-order mark, or whose first byte
// after an optional UTF-8 one and white space is '<', is Clarity XML, any
// other Connect. name is used in
// errors; the readers' other options keep their defaults (use
// NewConnectReader or NewClarityReader to set them).
func NewReader(r io.Reader, name string) Reader {
	br := bufio.NewReader(r)
	if isXML(br) {
		return NewClarityReader(br, &ClarityOptions{Name: name})
	}
	return NewConnectReader(br, &ConnectOptions{Name: name})
}

// isXML peeks at the start of the file without consuming it.
func isXML(br *bufio.Reader) bool {
	head, _ := br.Peek(512)
	return LooksLikeClarity(head)
}

// LooksLikeClarity tells a Clarity file from the first bytes of a file: a
// UTF-16 byte-order mark (no Connect file has one), or '<' first after an
// optional UTF-8 one and white space.
func LooksLikeClarity(head []byte) bool {
	if bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) {
		return true
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	return len(head) > 0 && head[0] == '<'
}

// ToBIF converts a Connect or Clarity invoice file (as NewReader tells
// them apart) to a Biller Invoice File under the customization c, one
// invoice at a time at flat memory. It returns the rows written; the first
// problem of the input or of the output stops it, as does ctx's end. The
// BIF has no bill
// image names: give them with Customization.BIF and a BIFWriter when the
// bills have images.
func ToBIF(ctx context.Context, dst io.Writer, src io.Reader, name string, c Customization) (int, error) {
	return WriteBIF(ctx, dst, NewReader(src, name).All(), c)
}

// WriteBIF writes a BIF row for each invoice of invs under the
// customization c and returns the rows written; the first problem stops
// it, as does ctx's end.
func WriteBIF(ctx context.Context, dst io.Writer, invs iter.Seq2[Invoice, error], c Customization) (int, error) {
	if err := c.Check(); err != nil {
		return 0, err
	}
	w, _ := NewBIFWriter(dst, nil)
	n := 0
	for inv, err := range invs {
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			return n, err
		}
		row, err := c.BIF(inv, "")
		if err == nil {
			err = w.Write(row)
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, w.Close()
}
