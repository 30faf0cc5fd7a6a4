package payment_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
)

func openLedger(t *testing.T, path string) *payment.FileLedger {
	t.Helper()
	led, err := payment.OpenFileLedger(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { led.Close() })
	return led
}

func dayFile(t *testing.T, seed uint64, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := paymenttest.Write(&b, paymenttest.Options{Seed: seed, Payments: n}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSecondLedgerOnOnePathIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.tsv")
	first := openLedger(t, path)
	if _, err := payment.OpenFileLedger(path); !errors.Is(err, payment.ErrLedgerInUse) || !strings.Contains(err.Error(), path) {
		t.Fatalf("second opener: %v, want ErrLedgerInUse naming the file", err)
	}
	first.Close()
	openLedger(t, path) // free again once closed
}

// TestConcurrentPostsOfOneNumber: of many goroutines posting the same
// numbers, one calls post for each number; the others see ErrPosted.
func TestConcurrentPostsOfOneNumber(t *testing.T) {
	led := openLedger(t, filepath.Join(t.TempDir(), "ledger.tsv"))
	var mu sync.Mutex
	calls := map[string]int{}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				c := fmt.Sprint("C", i)
				_, err := led.Post(context.Background(), payment.Posting{Confirmation: c}, func(context.Context) error {
					mu.Lock()
					calls[c]++
					mu.Unlock()
					return nil
				})
				if err != nil && !errors.Is(err, payment.ErrPosted) {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if len(calls) != 50 {
		t.Fatalf("%d numbers posted, want 50", len(calls))
	}
	for c, n := range calls {
		if n != 1 {
			t.Fatalf("%s posted %d times", c, n)
		}
	}
}

func TestLedgerTornLastLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.tsv")
	led := openLedger(t, path)
	if _, err := led.Post(context.Background(), payment.Posting{Confirmation: "A1"}, func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
	led.Close()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o644)
	f.WriteString("claim\tB2\t2026-12-")
	f.Close()
	led = openLedger(t, path)
	if r := led.Recovered(); len(r) != 1 || !strings.Contains(r[0], "cut short") {
		t.Fatalf("recovered: %q", r)
	}
	if _, posted, _ := led.Lookup("A1"); !posted {
		t.Fatal("A1 forgotten")
	}
	called := false
	if _, err := led.Post(context.Background(), payment.Posting{Confirmation: "B2"}, func(context.Context) error { called = true; return nil }); err != nil || !called {
		t.Fatalf("B2, whose claim never reached the disk: %v (posted %v)", err, called)
	}
	led.Close()
	b, _ := os.ReadFile(path)
	if strings.Count(string(b), "\n") != 4 || strings.Contains(string(b), "2026-12-\n") {
		t.Fatalf("file after recovery:\n%s", b)
	}
}

func TestLedgerReadsEarlierVersions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.tsv")
	os.WriteFile(path, []byte("X9\t2026-11-25T10:00:00Z\t2\t\"old.txt\"\n"), 0o644)
	led := openLedger(t, path)
	pg, err := led.Post(context.Background(), payment.Posting{Confirmation: "X9"}, func(context.Context) error {
		t.Fatal("posted again")
		return nil
	})
	if !errors.Is(err, payment.ErrPosted) || pg.File != "old.txt" || pg.Line != 2 {
		t.Fatalf("%+v %v", pg, err)
	}
}

// TestLedgerRefusesGarbage: a ledger file that is not what the ledger
// wrote is refused, naming its line, rather than read as something else.
func TestLedgerRefusesGarbage(t *testing.T) {
	const claim = "claim\tQ1\t2026-11-25T06:30:00Z\t2\t\"pay.txt\"\n"
	for _, c := range []struct{ data, want string }{
		{"posted\tQ1\nhello\n", ":1: posted Q1 with no claim"},
		{claim + "free\tQ2\n", ":2: free Q2 with no claim"},
		{claim + claim, ":2: claim of Q1, which is already claimed"},
		{claim + "posted\tQ1\n" + claim, ":3: claim of Q1, which is already posted"},
		{claim + "posted\tQ1\nposted\tQ1\n", ":3: posted Q1 with no claim"},
		{"claim\tQ1\tyesterday\t2\t\"pay.txt\"\n", `:1: bad time "yesterday"`},
		{"claim\tQ1\t2026-11-25T06:30:00Z\ttwo\t\"pay.txt\"\n", `:1: bad line "two"`},
		{"claim\tQ1\t2026-11-25T06:30:00Z\t2\tpay.txt\n", `:1: bad file name pay.txt`},
		{claim + "hello\n", `:2: cannot read "hello"`},
	} {
		path := filepath.Join(t.TempDir(), "ledger.tsv")
		os.WriteFile(path, []byte(c.data), 0o644)
		if led, err := payment.OpenFileLedger(path); err == nil || !strings.Contains(err.Error(), path+c.want) {
			if err == nil {
				led.Close()
			}
			t.Errorf("%q: got %v, want %s%s", c.data, err, path, c.want)
		}
	}
}

// TestInDoubtOldestFirst: the postings in doubt are listed oldest first
// (confirmation number between two of one time), and the same after the
// ledger is opened again.
func TestInDoubtOldestFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.tsv")
	led := openLedger(t, path)
	day := time.Date(2026, 11, 25, 6, 30, 0, 0, time.UTC)
	for _, pg := range []payment.Posting{
		{Confirmation: "C", Posted: day.Add(2 * time.Minute)},
		{Confirmation: "B", Posted: day},
		{Confirmation: "D", Posted: day.Add(time.Minute)},
		{Confirmation: "A", Posted: day},
	} {
		if _, err := led.Post(context.Background(), pg, func(context.Context) error { panic("crashed") }); !errors.Is(err, payment.ErrInDoubt) {
			t.Fatalf("%s: %v", pg.Confirmation, err)
		}
	}
	order := func(ps []payment.Posting) string {
		var b strings.Builder
		for _, p := range ps {
			b.WriteString(p.Confirmation)
		}
		return b.String()
	}
	if got := order(led.InDoubt()); got != "ABDC" {
		t.Fatalf("in doubt %s, want ABDC", got)
	}
	led.Close()
	if got := order(openLedger(t, path).InDoubt()); got != "ABDC" {
		t.Fatalf("opened again, in doubt %s, want ABDC", got)
	}
}

// TestPanickingPostIsInDoubt: a post that panics may or may not have
// posted; the number is held in doubt, and the panic never reaches the
// caller.
func TestPanickingPostIsInDoubt(t *testing.T) {
	led := openLedger(t, filepath.Join(t.TempDir(), "ledger.tsv"))
	_, err := led.Post(context.Background(), payment.Posting{Confirmation: "P1"}, func(context.Context) error { panic("driver bug") })
	if !errors.Is(err, payment.ErrInDoubt) || !strings.Contains(err.Error(), "driver bug") {
		t.Fatalf("got %v", err)
	}
	if _, err := led.Post(context.Background(), payment.Posting{Confirmation: "P1"}, func(context.Context) error { return nil }); !errors.Is(err, payment.ErrInDoubt) {
		t.Fatalf("second try: %v", err)
	}
	if err := led.Resolve("P1", false); err != nil {
		t.Fatal(err)
	}
	if _, err := led.Post(context.Background(), payment.Posting{Confirmation: "P1"}, func(context.Context) error { return nil }); err != nil {
		t.Fatalf("after resolving as not posted: %v", err)
	}
	if err := led.Resolve("P1", true); err == nil {
		t.Fatal("resolved a posted number")
	}
}

// TestFailedPostIsFreeAfterReopening: a post that fails frees its number,
// in the file too: the ledger opened again does not know it, and the
// next import posts it. Resolve refuses a number it does not hold.
func TestFailedPostIsFreeAfterReopening(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.tsv")
	led := openLedger(t, path)
	ctx := context.Background()
	refused := errors.New("cash receipting refused the batch")
	if _, err := led.Post(ctx, payment.Posting{Confirmation: "P1"}, func(context.Context) error { return refused }); !errors.Is(err, refused) {
		t.Fatalf("failed post: %v", err)
	}
	led.Close()
	led = openLedger(t, path)
	if _, _, known := led.Lookup("P1"); known {
		t.Fatal("a failed post is known after reopening")
	}
	if err := led.Resolve("P1", true); err == nil || !strings.Contains(err.Error(), "P1 is not in the ledger") {
		t.Fatalf("resolving a number not held: %v", err)
	}
	if _, err := led.Post(ctx, payment.Posting{Confirmation: "P1"}, func(context.Context) error { return nil }); err != nil {
		t.Fatalf("posting it again: %v", err)
	}
	if _, posted, _ := led.Lookup("P1"); !posted {
		t.Fatal("not posted")
	}
}
