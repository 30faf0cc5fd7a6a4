package layout

import (
	"encoding/binary"
	"time"

	"github.com/shopspring/decimal"
)

// The value cache: speed work, fenced here. A reader keeps, for each date
// and money field, the last few values it parsed, keyed by their bytes;
// Row.Date and Row.Money (through viaCache) hand a cached value out again
// instead of parsing it. Nothing outside this file and those two
// accessors knows the cache is there; without it (Row.cache nil) every
// value is parsed, with the same results.

// fieldCache holds the last values parsed for a date or money field:
// files repeat them (a day's payments share a few dates, fees take a few
// values), and a decimal is immutable, so one parsed value can be handed
// out again.
type fieldCache struct {
	e    [4]cacheEntry
	next uint8
}

type cacheEntry struct {
	k cacheKey // n == 0: unused
	t time.Time
	m decimal.Decimal
}

// cacheKey is a value of up to 19 bytes as words, so that a lookup
// compares a few integers instead of calling for a byte comparison: the
// bytes' length, and the words from byte 0, from byte len-8 and (past 16
// bytes) from byte 8, which overlap but together hold every byte. A value
// shorter than a word is its bytes in the low end of a.
type cacheKey struct {
	a, b, c uint64
	n       int
}

// keyOf returns b's key, or false when b is empty or too long to cache.
func keyOf(b []byte) (cacheKey, bool) {
	n := len(b)
	var k cacheKey
	switch {
	case n == 0 || n > 19:
		return k, false
	case n < 8:
		for i := n - 1; i >= 0; i-- {
			k.a = k.a<<8 | uint64(b[i])
		}
	default:
		k.a, k.b = binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[n-8:])
		if n > 16 {
			k.c = binary.LittleEndian.Uint64(b[8:])
		}
	}
	k.n = n
	return k, true
}

// hit returns the entry holding the value of key k, or nil.
func (c *fieldCache) hit(k cacheKey) *cacheEntry {
	if c == nil {
		return nil
	}
	for i := range c.e {
		if e := &c.e[i]; e.k == k {
			return e
		}
	}
	return nil
}

// keep returns an entry to hold the value of key k.
func (c *fieldCache) keep(k cacheKey) *cacheEntry {
	e := &c.e[c.next%uint8(len(c.e))]
	c.next++
	e.k = k
	return e
}

func (r *Row) cached(f *Field) *fieldCache {
	if r.cache == nil {
		return nil
	}
	return &r.cache[f.idx]
}

// viaCache parses field f, or takes its value from the reader's cache
// when the same bytes were parsed lately; at picks T's place in an entry.
// parse is a method expression, not a method value, so that nothing is
// allocated per call.
func viaCache[T any](r *Row, f *Field, at func(*cacheEntry) *T, parse func(*Row, *Field, []byte) T) T {
	b := r.bytes(f)
	c := r.cached(f)
	k, ok := keyOf(b)
	if c == nil || !ok {
		return parse(r, f, b)
	}
	if e := c.hit(k); e != nil {
		return *at(e)
	}
	n := len(r.errs)
	v := parse(r, f, b)
	if len(r.errs) == n {
		*at(c.keep(k)) = v
	}
	return v
}

func entryAmount(e *cacheEntry) *decimal.Decimal { return &e.m }
func entryTime(e *cacheEntry) *time.Time         { return &e.t }
