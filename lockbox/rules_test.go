package lockbox_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/lockbox"
	"github.com/shopspring/decimal"
)

var readFile = layouttest.ReadFile

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// want is what testdata/valid.txt holds, written out by hand in
// testdata/valid_want.json (the trailer is the file's Totals).
func want(t testing.TB) layouttest.Valid[lockbox.Header, lockbox.Payment, lockbox.Totals] {
	t.Helper()
	return layouttest.Want[lockbox.Header, lockbox.Payment, lockbox.Totals](t, "valid_want.json")
}

func TestValidFiles(t *testing.T) {
	want := want(t)
	for _, name := range []string{"valid.txt", "valid_lf.txt", "valid_no_final_eol.txt", "valid_short_lines.txt"} {
		t.Run(name, func(t *testing.T) {
			ps, errs, r := readAll(t, name, readFile(t, name), &lockbox.Options{MaxErrors: -1})
			if len(errs) > 0 {
				t.Fatalf("problems: %v", errs)
			}
			if diff := cmp.Diff(want.Records, ps); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
			h, _ := r.Header()
			if diff := cmp.Diff(want.Header, h); diff != "" {
				t.Fatalf("header (-want +got):\n%s", diff)
			}
			tot, ok := r.Totals()
			if diff := cmp.Diff(want.Trailer, tot); !ok || diff != "" {
				t.Fatalf("totals (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRules reads each hand-made file that breaks one rule of FORMATS §8
// and checks the first problem: line, record, field and kind.
func TestRules(t *testing.T) {
	tests := layouttest.Rules(t, "rules.json", map[string]error{"ErrUnmapped": lockbox.ErrUnmapped}) // the bad files' cases, beside them
	layouttest.CheckRules(t, tests, func(t *testing.T, name string, data []byte) []*layout.Error {
		_, errs, _ := readAll(t, name, data, &lockbox.Options{MaxErrors: -1})
		return errs
	})
}

func TestReaderChecksMask(t *testing.T) {
	m, err := lockbox.ParseMask("FF-SS-RRRR")
	if err != nil || m.String() != "FF-SS-RRRR" || m.IsZero() || !(lockbox.Mask{}).IsZero() {
		t.Fatalf("mask %q (zero %v): %v", m, m.IsZero(), err)
	}
	_, errs, _ := readAll(t, "valid.txt", readFile(t, "valid.txt"), &lockbox.Options{Mask: m})
	if len(errs) == 0 || !errors.Is(errs[0], lockbox.ErrMask) || errs[0].Line != 4 || errs[0].Field != "gl_account" {
		t.Fatalf("got %v, want a mask problem on line 4", errs)
	}
	if _, err := lockbox.ParseMask("12-34"); err == nil {
		t.Fatal("a mask without letters was accepted")
	}
}
