package billimage

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"time"

	"github.com/icbatch/caselle/internal/cp1252"
)

// IndexHeader is the header row of the bill image index (FORMATS §9).
var IndexHeader = []string{"AccountNumber", "InvoiceNumber", "InvoiceTypeID", "BillDate", "DueDate", "AmountDue", "SourceFile", "FirstPage", "LastPage", "BillFile"}

// IndexWriter writes the bill image index, a row a bill, as it goes: a
// print file of any size is indexed at flat memory. Windows-1252, CRLF.
type IndexWriter struct {
	bw   *bufio.Writer
	w    *csv.Writer
	rows int
}

// NewIndexWriter returns a writer of the index to w; it writes the header.
func NewIndexWriter(w io.Writer) *IndexWriter {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	iw := &IndexWriter{bw: bw, w: cw}
	cw.Write(IndexHeader)
	return iw
}

// ErrName reports a per-bill file name with a character outside
// A-Z a-z 0-9 . _ - (FORMATS §10): refused, never rewritten.
var ErrName = errors.New("not a bill file name")

var safeName = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// FileName returns the per-bill file's name, <account>_<invoice number>.pdf.
func FileName(b Bill) (string, error) {
	name := b.Account + "_" + b.Number + ".pdf"
	if !safeName.MatchString(name) || b.Account == "" || b.Number == "" {
		return "", &Error{File: b.File, Page: b.First, Field: "account", Value: name, Err: ErrName,
			Msg: "the per-bill file name would hold a character outside A-Z a-z 0-9 . _ - (refused, not rewritten)"}
	}
	return name, nil
}

// Write writes a bill's row; billFile is its per-bill file's name, or "".
// A bill with problems is not indexed: the error says why.
func (w *IndexWriter) Write(b Bill, billFile string) error {
	if len(b.Problems) > 0 {
		return b.Problems[0]
	}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("01/02/2006")
	}
	amount := ""
	if b.HasAmount {
		amount = b.AmountDue.StringFixed(2)
	}
	row := []string{b.Account, b.Number, fmt.Sprintf("%02d", b.TypeID), date(b.BillDate), date(b.DueDate), amount,
		b.File, strconv.Itoa(b.First), strconv.Itoa(b.Last), billFile}
	for i, v := range row {
		if n, r := cp1252.Encodable(v, false); n >= 0 {
			return &Error{File: b.File, Page: b.First, Field: IndexHeader[i], Value: v, Err: ErrValue,
				Msg: fmt.Sprintf("%q cannot be written in Windows-1252", r)}
		}
		row[i] = encode(v)
	}
	w.rows++
	return w.w.Write(row)
}

// encode turns a string cp1252.Encodable accepted into Windows-1252 bytes.
func encode(s string) string {
	out, _, _ := cp1252.Append(nil, s, false)
	return string(out)
}

// Rows returns the rows written.
func (w *IndexWriter) Rows() int { return w.rows }

// Close flushes the index.
func (w *IndexWriter) Close() error {
	w.w.Flush()
	if err := w.w.Error(); err != nil {
		return err
	}
	return w.bw.Flush()
}
