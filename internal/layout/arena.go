package layout

import "unsafe"

// arenaBlock is the size of the blocks a reader cuts its strings from:
// one allocation serves about fifty records' text, and a string kept from
// a file keeps at most one block alive.
const arenaBlock = 4 << 10

// textArena hands out strings cut from shared blocks, so that a record's
// text costs a copy but an allocation only once a block. A block's bytes
// are written once, by the append that makes them part of a string, and
// never again: a new block is allocated when one is full, and the old one
// lives on only through the strings cut from it. That is what makes the
// unsafe.String below sound: the bytes behind a returned string never
// change.
type textArena struct {
	blk []byte
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
