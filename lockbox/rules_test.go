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
	tests := []layouttest.Rule{
		{File: "distributions_do_not_add_up.txt", Line: 3, Record: "6", Field: "amount", Kind: lockbox.ErrTotals, Msg: "distributions add up to 24.00, the payment is 25.00"},
		{File: "batch_item_count.txt", Line: 8, Record: "7", Field: "item_count", Kind: lockbox.ErrTotals, Msg: "says 3 payments, the batch has 2"},
		{File: "batch_amount.txt", Line: 8, Record: "7", Field: "batch_amount", Kind: lockbox.ErrTotals, Msg: "says 40.01, the batch adds up to 40.00"},
		{File: "batch_number_mismatch.txt", Line: 8, Record: "7", Field: "batch", Kind: lockbox.ErrInvalid, Msg: "7 total of batch 3 closes batch 1"},
		{File: "batch_deposit_mismatch.txt", Line: 8, Record: "7", Field: "deposit_date", Kind: lockbox.ErrInvalid, Msg: "deposit date 2026-11-26"},
		{File: "lockbox_batch_count.txt", Line: 13, Record: "8", Field: "batch_count", Kind: lockbox.ErrTotals, Msg: "3 batches, the file has 2"},
		{File: "lockbox_item_count.txt", Line: 13, Record: "8", Field: "item_count", Kind: lockbox.ErrTotals, Msg: "4 payments, the file has 3"},
		{File: "lockbox_total_amount.txt", Line: 13, Record: "8", Field: "total_amount", Kind: lockbox.ErrTotals, Msg: "116.00, the file adds up to 115.00"},
		{File: "lockbox_number_mismatch.txt", Line: 13, Record: "8", Field: "lockbox", Kind: lockbox.ErrInvalid, Msg: "lockbox 4400124, the batches say 4400123"},
		{File: "trailer_record_count.txt", Line: 14, Record: "9", Field: "record_count", Kind: lockbox.ErrTotals, Msg: "99 records, the file has 14"},
		{File: "payment_without_distributions.txt", Line: 6, Record: "6", Field: "", Kind: lockbox.ErrInvalid, Msg: "no 4 distributions"},
		{File: "distribution_without_gl_account.txt", Line: 4, Record: "4", Field: "gl_account", Kind: lockbox.ErrUnmapped, Msg: "GL account is required"},
		{File: "distribution_of_another_item.txt", Line: 7, Record: "4", Field: "item", Kind: lockbox.ErrInvalid, Msg: "distribution of batch 1 item 1 follows the payment of batch 1 item 2"},
		{File: "distribution_sequence.txt", Line: 5, Record: "4", Field: "sequence", Kind: lockbox.ErrInvalid, Msg: "sequence 3, want 2"},
		{File: "distribution_zero_quantity.txt", Line: 4, Record: "4", Field: "quantity", Kind: lockbox.ErrInvalid, Msg: "at least 1"},
		{File: "item_numbers_skip.txt", Line: 6, Record: "6", Field: "item", Kind: lockbox.ErrInvalid, Msg: "item number 3, want 2"},
		{File: "payment_in_another_batch.txt", Line: 6, Record: "6", Field: "batch", Kind: lockbox.ErrInvalid, Msg: "payment says batch 2, inside batch 1"},
		{File: "payment_zero_amount.txt", Line: 6, Record: "6", Field: "amount", Kind: lockbox.ErrInvalid, Msg: "more than zero"},
		{File: "duplicate_confirmation.txt", Line: 6, Record: "6", Field: "confirmation", Kind: lockbox.ErrDuplicate, Msg: "already used on line 3"},
		{File: "duplicate_batch_number.txt", Line: 9, Record: "5", Field: "batch", Kind: lockbox.ErrDuplicate, Msg: "already used on line 2"},
		{File: "lockbox_number_differs.txt", Line: 9, Record: "5", Field: "lockbox", Kind: lockbox.ErrInvalid, Msg: "differs from the file's first batch (4400123)"},
		{File: "empty_batch.txt", Line: 10, Record: "7", Field: "", Kind: lockbox.ErrInvalid, Msg: "batch 2 has no payments"},
		{File: "no_such_deposit_date.txt", Line: 2, Record: "5", Field: "deposit_date", Kind: lockbox.ErrSyntax, Msg: "no such date"},
		{File: "bad_creation_time.txt", Line: 1, Record: "1", Field: "creation_time", Kind: lockbox.ErrSyntax, Msg: "HHMM"},
		{File: "amount_not_a_number.txt", Line: 3, Record: "6", Field: "amount", Kind: lockbox.ErrSyntax, Msg: "not an amount"},
		{File: "priority_not_01.txt", Line: 1, Record: "1", Field: "priority", Kind: lockbox.ErrInvalid, Msg: "must be 01"},
		{File: "missing_store.txt", Line: 2, Record: "5", Field: "store", Kind: lockbox.ErrInvalid, Msg: "store code is required"},
		{File: "missing_header.txt", Line: 1, Record: "5", Field: "", Kind: lockbox.ErrOrder, Msg: "before the 1 file header"},
		{File: "missing_batch_total.txt", Line: 8, Record: "5", Field: "", Kind: lockbox.ErrOrder, Msg: "batch header before the 7 total of batch 1"},
		{File: "distribution_before_payment.txt", Line: 3, Record: "4", Field: "", Kind: lockbox.ErrOrder, Msg: "follows no 6 payment"},
		{File: "missing_lockbox_total.txt", Line: 13, Record: "9", Field: "", Kind: lockbox.ErrOrder, Msg: "9 trailer comes before the 8"},
		{File: "record_after_trailer.txt", Line: 15, Record: "5", Field: "", Kind: lockbox.ErrOrder, Msg: "after the 9 trailer"},
		{File: "missing_trailer.txt", Line: 13, Record: "", Field: "", Kind: lockbox.ErrOrder, Msg: "without the 9 trailer"},
		{File: "empty.txt", Line: 1, Record: "", Field: "", Kind: lockbox.ErrOrder, Msg: "empty"},
		{File: "unknown_record_type.txt", Line: 2, Record: "", Field: "", Kind: lockbox.ErrRecordType, Msg: "unknown record type"},
	}
	layouttest.CheckRules(t, tests, func(t *testing.T, name string, data []byte) []*layout.Error {
		_, errs, _ := readAll(t, name, data, &lockbox.Options{MaxErrors: -1})
		return errs
	})
}

func TestReaderChecksMask(t *testing.T) {
	m, err := lockbox.ParseMask("FF-SS-RRRR")
	if err != nil {
		t.Fatal(err)
	}
	_, errs, _ := readAll(t, "valid.txt", readFile(t, "valid.txt"), &lockbox.Options{Mask: m})
	if len(errs) == 0 || !errors.Is(errs[0], lockbox.ErrMask) || errs[0].Line != 4 || errs[0].Field != "gl_account" {
		t.Fatalf("got %v, want a mask problem on line 4", errs)
	}
	if _, err := lockbox.ParseMask("12-34"); err == nil {
		t.Fatal("a mask without letters was accepted")
	}
}
