package layout

import "unsafe"

// arenaBlock is the size of the blocks a reader cuts its strings from:
// one allocation serves about fifty records' text, and a string kept from
// a file keeps at most one block alive.
const arenaBlock = 4 << 10

// mirrorBlock is how much buffered input Line copies at once: about four
// hundred delimited records. Blocks of this size come one to an
// allocator span, where 4 KiB blocks came two: the span set-up was a tenth
// of reading an OptOut file (measured by BenchmarkOptoutRead in the bench
// module, 16 to 23 % faster with 32 KiB). A delimited record's string
// kept keeps at most this much alive.
const mirrorBlock = 32 << 10

// textArena hands out strings cut from shared blocks, so that a record's
// text costs a copy but an allocation only once a block. A block's bytes
// are written once, by the append that makes them part of a string, and
// never again: a new block is allocated when one is full, and the old one
// lives on only through the strings cut from it. That is what makes the
// unsafe.String below sound: the bytes behind a returned string never
// change.
//
// Lines still in the scanner's buffer are cheaper still: Line copies up to
// mirrorBlock of the buffered input into one string at once (string
// conversion, which need not zero its memory first) and hands out the
// lines inside it as substrings.
type textArena struct {
	blk []byte
	sc  *Scanner // the reader's

	mirror string // a copy of the input from offset mfrom on
	mfrom  int64
}

// Line returns the line raw, found at offset at of the input (-1 when it
// is not the input's own bytes), as a string.
func (a *textArena) Line(at int64, raw []byte) string {
	if at < 0 || a.sc == nil {
		return a.String(raw)
	}
	if i := at - a.mfrom; i >= 0 && i+int64(len(raw)) <= int64(len(a.mirror)) {
		return a.mirror[i : i+int64(len(raw))]
	}
	ahead := a.sc.from(at)
	if len(ahead) < len(raw) {
		return a.String(raw)
	}
	a.mirror = string(ahead[:max(len(raw), min(len(ahead), mirrorBlock))])
	a.mfrom = at
	return a.mirror[:len(raw)]
}

// String returns b as a string.
func (a *textArena) String(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > arenaBlock/8 {
		return string(b)
	}
	if cap(a.blk)-len(a.blk) < len(b) {
		a.blk = make([]byte, 0, arenaBlock)
	}
	start := len(a.blk)
	a.blk = append(a.blk, b...)
	return unsafe.String(&a.blk[start], len(b))
}
