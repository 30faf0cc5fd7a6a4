package payment_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
)

// TestImportLogs: Import tells Options.Log each payment posted, each one
// skipped as posted before, and the outcome, as structured records.
func TestImportLogs(t *testing.T) {
	var file bytes.Buffer
	if _, err := paymenttest.Write(&file, paymenttest.Options{Seed: 4, Payments: 12, ReturnPercent: -1}); err != nil {
		t.Fatal(err)
	}
	led, err := payment.OpenFileLedger(filepath.Join(t.TempDir(), "ledger"))
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	post := func(context.Context, payment.Payment) error { return nil }
	count := func(logs *bytes.Buffer) map[string]int {
		n := map[string]int{}
		dec := json.NewDecoder(logs)
		for dec.More() {
			var rec map[string]any
			if err := dec.Decode(&rec); err != nil {
				t.Fatal(err)
			}
			if rec["file"] != "day.txt" {
				t.Fatalf("a record without the file: %v", rec)
			}
			n[rec["msg"].(string)]++
			if rec["msg"] == "payment file imported" {
				n["posted="+fmtNum(rec["posted"])]++
			}
		}
		return n
	}
	for run, want := range []map[string]int{
		{"payment posted": 12, "payment file imported": 1, "posted=12": 1},
		{"payment posted before, skipped": 12, "payment file imported": 1, "posted=0": 1},
	} {
		var logs bytes.Buffer
		r := payment.NewReader(bytes.NewReader(file.Bytes()), &payment.Options{Name: "day.txt", Log: slog.New(slog.NewJSONHandler(&logs, nil))})
		if _, err := payment.Import(context.Background(), r, led, post); err != nil {
			t.Fatal(err)
		}
		got := count(&logs)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("run %d: %d %q records, want %d (all: %v)", run+1, got[k], k, v, got)
			}
		}
	}
}

func fmtNum(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
