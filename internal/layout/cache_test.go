package layout

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestCacheKeyIsExact checks that a cache key tells values apart byte by
// byte: at every length a key can hold, a value and a copy of it (in
// memory laid out differently) share a key, and changing any one byte
// changes it.
func TestCacheKeyIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for n := 1; n <= 19; n++ {
		for range 200 {
			v := make([]byte, n)
			for i := range v {
				v[i] = byte(r.Uint32())
			}
			// The same bytes inside a longer buffer: what lies past the
			// value must not count.
			buf := make([]byte, n+8)
			for i := range buf {
				buf[i] = byte(r.Uint32())
			}
			copy(buf[3:], v)
			k1, ok1 := keyOf(v)
			k2, ok2 := keyOf(buf[3 : 3+n])
			if !ok1 || !ok2 || k1 != k2 {
				t.Fatalf("% X: keys %v and %v differ for the same bytes", v, k1, k2)
			}
			for i := range v {
				w := append([]byte(nil), v...)
				w[i] ^= byte(1 + r.IntN(255))
				if k, _ := keyOf(w); k == k1 {
					t.Fatalf("% X and % X share a key", v, w)
				}
			}
			if k, _ := keyOf(v[:n-1]); n > 1 && k == k1 {
				t.Fatalf("% X and its first %d bytes share a key", v, n-1)
			}
		}
	}
	for _, b := range [][]byte{nil, {}, make([]byte, 20)} {
		if _, ok := keyOf(b); ok {
			t.Errorf("a %d-byte value has a key", len(b))
		}
	}
}

// TestCachedAmountsAreTheirOwn reads amounts that differ from each other
// in one digit, repeated in a shuffled order so that most come from the
// cache, and checks each against its own digits.
func TestCachedAmountsAreTheirOwn(t *testing.T) {
	l := MustParse(fixedJSON)
	dt := l.Record("DT")
	var values []string
	for pos := range 7 {
		for d := range 3 {
			digits := []byte("1234567")
			digits[pos] = byte('0' + d)
			values = append(values, "+"+string(digits))
		}
	}
	r := rand.New(rand.NewPCG(8, 8))
	var sb strings.Builder
	var want []string
	for range 2000 {
		v := values[r.IntN(len(values))]
		want = append(want, v)
		fmt.Fprintf(&sb, "DTname      %s+00150001Y\n", v)
	}
	rd := NewReader(l, strings.NewReader(sb.String()), "f.txt")
	i := 0
	eachRow(t, rd, func(row *Row) {
		got := row.Money(dt.Field("amount"))
		if err := row.Err(); err != nil {
			t.Fatal(err)
		}
		if exp := decimal.RequireFromString(want[i][1:]).Shift(-2); !got.Equal(exp) {
			t.Fatalf("line %d: %s read as %s", i+1, want[i], got)
		}
		i++
	})
	if i != len(want) {
		t.Fatalf("read %d rows, want %d", i, len(want))
	}
}
