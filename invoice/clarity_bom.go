package invoice

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// byteOrderMark reads the byte-order mark a Clarity file may start with,
// as .NET writes them: XmlWriter a UTF-8 one by default, StringWriter
// UTF-16. It returns what the XML decoder is to read (a UTF-8 mark
// dropped, UTF-16 turned into UTF-8), the mark's encoding ("" for none),
// and an error when the XML declaration names an encoding the mark
// contradicts.
func byteOrderMark(r io.Reader) (io.Reader, string, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(3)
	var rd *bufio.Reader
	mark := ""
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		rd, mark = br, "utf-8"
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		rd, mark = bufio.NewReader(transform.NewReader(br, dec)), "utf-16"
	default:
		return br, "", nil
	}
	decl, _ := rd.Peek(256)
	enc := strings.ToLower(declaredEncoding(decl))
	ok := enc == "" || (mark == "utf-8" && (enc == "utf-8" || enc == "utf8")) ||
		(mark == "utf-16" && (enc == "utf-16" || enc == "utf-16le" || enc == "utf-16be"))
	if !ok {
		return rd, mark, fmt.Errorf("the file starts with a %s byte-order mark but its XML declaration says encoding=%q; one of them is wrong", strings.ToUpper(mark), enc)
	}
	return rd, mark, nil
}

// declaredEncoding is the encoding named by the XML declaration at the
// start of head, or "".
func declaredEncoding(head []byte) string {
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := head[:end]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	j := bytes.IndexByte(rest[1:], q)
	if j < 0 {
		return ""
	}
	return string(rest[1 : 1+j])
}
