package invoice

import "errors"

// The limits that keep the Clarity reader at flat memory on any input.
// The scanner (clarity_scan.go) holds a whole token (a start tag with its
// attributes, a run of text) before it returns it, so a file of zeros or
// a huge attribute would be held whole; it refuses such a token once it
// passes ClarityMaxToken bytes instead. The fields of FORMATS §3
// are a few dozen characters, a whole invoice a few KiB.
const (
	// ClarityMaxToken is the most bytes one token may take: a start tag
	// with all its attributes, an end tag, or a run of text between two
	// tags (an element's text read in pieces around comments or CDATA
	// counts together).
	ClarityMaxToken = 1 << 20
	// ClarityMaxInvoice is the most bytes one Invoice element may take.
	ClarityMaxInvoice = 4 << 20
)

// errTokenTooLong is what the scanner returns when a token passes
// ClarityMaxToken; the reader turns it into a problem naming the line.
var errTokenTooLong = errors.New("token too long")
