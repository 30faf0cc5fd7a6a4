package lockbox_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/lockbox"
	"github.com/shopspring/decimal"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestValidFiles(t *testing.T) {
	deposit := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	b1 := lockbox.Batch{Number: 1, Lockbox: 4400123, Deposit: deposit, Store: "ANIMAL"}
	b2 := lockbox.Batch{Number: 2, Lockbox: 4400123, Deposit: deposit, Store: "PERMITS"}
	want := []lockbox.Payment{
		{Batch: b1, Item: 1, Amount: d("25.00"), Confirmation: "6f1c2d3e-0a1b-4c2d-8e3f-000000000001", Payer: "José Peña",
			Distributions: []lockbox.Distribution{
				{Sequence: 1, ItemCode: "DOGLIC", GLAccount: "10-41-110", Quantity: 1, Amount: d("15.00"), Description: "Dog license, 1 year"},
				{Sequence: 2, ItemCode: "DOGLICSN", GLAccount: "10-41-111", Quantity: 1, Amount: d("10.00"), Description: "Dog license, spayed/neutered"}}},
		{Batch: b1, Item: 2, Amount: d("15.00"), Confirmation: "6f1c2d3e-0a1b-4c2d-8e3f-000000000002", Payer: "Mary Johnson",
			Distributions: []lockbox.Distribution{
				{Sequence: 1, ItemCode: "DOGLIC", GLAccount: "10-41-110", Quantity: 1, Amount: d("15.00"), Description: "Dog license, 1 year"}}},
		{Batch: b2, Item: 1, Amount: d("75.00"), Confirmation: "6f1c2d3e-0a1b-4c2d-8e3f-000000000003", Payer: "Günther Groß",
			Distributions: []lockbox.Distribution{
				{Sequence: 1, ItemCode: "BLDPERMIT", GLAccount: "10-42-120", Quantity: 1, Amount: d("75.00"), Description: "Building permit"}}},
	}
	for _, name := range []string{"valid.txt", "valid_lf.txt", "valid_no_final_eol.txt", "valid_short_lines.txt"} {
		t.Run(name, func(t *testing.T) {
			ps, errs, r := readAll(t, name, readFile(t, name), &lockbox.Options{MaxErrors: -1})
			if len(errs) > 0 {
				t.Fatalf("problems: %v", errs)
			}
			if diff := cmp.Diff(want, ps); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
			h, _ := r.Header()
			if h.Destination != "SPANFORK" || h.Origin != "INVCLOUD" || !h.Created.Equal(time.Date(2026, 11, 25, 6, 45, 0, 0, time.UTC)) {
				t.Fatalf("header %+v", h)
			}
			tot, ok := r.Totals()
			if !ok || tot != (lockbox.Totals{Lockbox: 4400123, Batches: 2, Payments: 3, Amount: tot.Amount, Records: 14}) || !tot.Amount.Equal(d("115")) {
				t.Fatalf("totals %+v", tot)
			}
		})
	}
}

// TestRules reads each hand-made file that breaks one rule of FORMATS §8
// and checks the first problem: line, record, field and kind.
func TestRules(t *testing.T) {
	tests := []struct {
		file          string
		line          int
		record, field string
		kind          error
		msg           string
	}{
		{"distributions_do_not_add_up.txt", 3, "6", "amount", lockbox.ErrTotals, "distributions add up to 24.00, the payment is 25.00"},
		{"batch_item_count.txt", 8, "7", "item_count", lockbox.ErrTotals, "says 3 payments, the batch has 2"},
		{"batch_amount.txt", 8, "7", "batch_amount", lockbox.ErrTotals, "says 40.01, the batch adds up to 40.00"},
		{"batch_number_mismatch.txt", 8, "7", "batch", lockbox.ErrInvalid, "7 total of batch 3 closes batch 1"},
		{"batch_deposit_mismatch.txt", 8, "7", "deposit_date", lockbox.ErrInvalid, "deposit date 2026-11-26"},
		{"lockbox_batch_count.txt", 13, "8", "batch_count", lockbox.ErrTotals, "3 batches, the file has 2"},
		{"lockbox_item_count.txt", 13, "8", "item_count", lockbox.ErrTotals, "4 payments, the file has 3"},
		{"lockbox_total_amount.txt", 13, "8", "total_amount", lockbox.ErrTotals, "116.00, the file adds up to 115.00"},
		{"lockbox_number_mismatch.txt", 13, "8", "lockbox", lockbox.ErrInvalid, "lockbox 4400124, the batches say 4400123"},
		{"trailer_record_count.txt", 14, "9", "record_count", lockbox.ErrTotals, "99 records, the file has 14"},
		{"payment_without_distributions.txt", 6, "6", "", lockbox.ErrInvalid, "no 4 distributions"},
		{"distribution_without_gl_account.txt", 4, "4", "gl_account", lockbox.ErrUnmapped, "GL account is required"},
		{"distribution_of_another_item.txt", 7, "4", "item", lockbox.ErrInvalid, "distribution of batch 1 item 1 follows the payment of batch 1 item 2"},
		{"distribution_sequence.txt", 5, "4", "sequence", lockbox.ErrInvalid, "sequence 3, want 2"},
		{"distribution_zero_quantity.txt", 4, "4", "quantity", lockbox.ErrInvalid, "at least 1"},
		{"item_numbers_skip.txt", 6, "6", "item", lockbox.ErrInvalid, "item number 3, want 2"},
		{"payment_in_another_batch.txt", 6, "6", "batch", lockbox.ErrInvalid, "payment says batch 2, inside batch 1"},
		{"payment_zero_amount.txt", 6, "6", "amount", lockbox.ErrInvalid, "more than zero"},
		{"duplicate_confirmation.txt", 6, "6", "confirmation", lockbox.ErrDuplicate, "already used on line 3"},
		{"duplicate_batch_number.txt", 9, "5", "batch", lockbox.ErrDuplicate, "already used on line 2"},
		{"lockbox_number_differs.txt", 9, "5", "lockbox", lockbox.ErrInvalid, "differs from the file's first batch (4400123)"},
		{"empty_batch.txt", 10, "7", "", lockbox.ErrInvalid, "batch 2 has no payments"},
		{"no_such_deposit_date.txt", 2, "5", "deposit_date", lockbox.ErrSyntax, "no such date"},
		{"bad_creation_time.txt", 1, "1", "creation_time", lockbox.ErrSyntax, "HHMM"},
		{"amount_not_a_number.txt", 3, "6", "amount", lockbox.ErrSyntax, "not an amount"},
		{"priority_not_01.txt", 1, "1", "priority", lockbox.ErrInvalid, "must be 01"},
		{"missing_store.txt", 2, "5", "store", lockbox.ErrInvalid, "store code is required"},
		{"missing_header.txt", 1, "5", "", lockbox.ErrOrder, "before the 1 file header"},
		{"missing_batch_total.txt", 8, "5", "", lockbox.ErrOrder, "batch header before the 7 total of batch 1"},
		{"distribution_before_payment.txt", 3, "4", "", lockbox.ErrOrder, "follows no 6 payment"},
		{"missing_lockbox_total.txt", 13, "9", "", lockbox.ErrOrder, "9 trailer comes before the 8"},
		{"record_after_trailer.txt", 15, "5", "", lockbox.ErrOrder, "after the 9 trailer"},
		{"missing_trailer.txt", 13, "", "", lockbox.ErrOrder, "without the 9 trailer"},
		{"empty.txt", 1, "", "", lockbox.ErrOrder, "empty"},
		{"unknown_record_type.txt", 2, "", "", lockbox.ErrRecordType, "unknown record type"},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".txt"), func(t *testing.T) {
			_, errs, _ := readAll(t, tt.file, readFile(t, tt.file), &lockbox.Options{MaxErrors: -1})
			if len(errs) == 0 {
				t.Fatal("no problem reported")
			}
			e := errs[0]
			type place struct {
				File, Record, Field string
				Line                int
				Kind                bool
			}
			got := place{e.File, e.Record, e.Field, e.Line, errors.Is(e, tt.kind)}
			want := place{tt.file, tt.record, tt.field, tt.line, true}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("first problem %q (-want +got):\n%s", e.Error(), diff)
			}
			if !strings.Contains(e.Error(), tt.msg) {
				t.Errorf("message %q does not say %q", e.Error(), tt.msg)
			}
		})
	}
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
