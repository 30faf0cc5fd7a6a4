//go:build unix

package payment_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/icbatch/caselle/payment"
)

// TestLedgerCrashWhilePosting kills a child process inside post, after
// Cash Receipting took the payment and before the ledger heard back.
// The rerun must not post it again: it is reported in doubt until
// resolved, and everything else is posted once.
func TestLedgerCrashWhilePosting(t *testing.T) {
	if os.Getenv("LEDGER_CHILD") != "" {
		ledgerChild()
		return
	}
	dir := t.TempDir()
	data := dayFile(t, 7, 20)
	os.WriteFile(filepath.Join(dir, "day.txt"), data, 0o644)
	cmd := exec.Command(os.Args[0], "-test.run", "^TestLedgerCrashWhilePosting$")
	cmd.Env = append(os.Environ(), "LEDGER_CHILD="+dir)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child was to die of SIGKILL: %v\n%s", err, out)
	}
	crPath := filepath.Join(dir, "cash-receipting.txt")
	posted := func() map[string]int {
		b, _ := os.ReadFile(crPath)
		m := map[string]int{}
		for _, c := range strings.Fields(string(b)) {
			m[c]++
		}
		return m
	}
	if n := len(posted()); n != 6 {
		t.Fatalf("the child posted %d before dying, want 6", n)
	}

	led := openLedger(t, filepath.Join(dir, "ledger.tsv"))
	doubt := led.InDoubt()
	if len(doubt) != 1 {
		t.Fatalf("in doubt: %+v, want the one posted when the child died", doubt)
	}
	cr, _ := os.OpenFile(crPath, os.O_APPEND|os.O_WRONLY, 0o644)
	defer cr.Close()
	post := func(_ context.Context, p payment.Payment) error {
		_, err := fmt.Fprintln(cr, p.Confirmation)
		return err
	}
	res, err := payment.Import(context.Background(), payment.NewReader(bytes.NewReader(data), &payment.Options{Name: "day.txt"}), led, post)
	if !errors.Is(err, payment.ErrInDoubt) || len(res.InDoubt) != 1 || res.InDoubt[0].Value != doubt[0].Confirmation || len(res.Posted) != 14 || len(res.Skipped) != 5 {
		t.Fatalf("rerun: posted %d skipped %d in doubt %v: %v", len(res.Posted), len(res.Skipped), res.InDoubt, err)
	}
	if !strings.Contains(err.Error(), "day.txt:7: PD confirmation") || !strings.Contains(err.Error(), "check Cash Receipting") {
		t.Fatalf("in doubt reported as %v", err)
	}
	// Cash Receipting has it: resolve as posted; the next run posts nothing.
	if err := led.Resolve(doubt[0].Confirmation, true); err != nil {
		t.Fatal(err)
	}
	res, err = payment.Import(context.Background(), payment.NewReader(bytes.NewReader(data), &payment.Options{Name: "day.txt"}), led, post)
	if err != nil || len(res.Posted) != 0 || len(res.Skipped) != 20 {
		t.Fatalf("after resolving: posted %d skipped %d: %v", len(res.Posted), len(res.Skipped), err)
	}
	for c, n := range posted() {
		if n != 1 {
			t.Fatalf("%s posted %d times", c, n)
		}
	}
	if len(posted()) != 20 {
		t.Fatalf("%d of 20 posted", len(posted()))
	}
}

// ledgerChild imports dir/day.txt and kills itself inside the sixth post,
// after writing it to Cash Receipting.
func ledgerChild() {
	dir := os.Getenv("LEDGER_CHILD")
	data, _ := os.ReadFile(filepath.Join(dir, "day.txt"))
	led, err := payment.OpenFileLedger(filepath.Join(dir, "ledger.tsv"))
	if err != nil {
		panic(err)
	}
	cr, _ := os.OpenFile(filepath.Join(dir, "cash-receipting.txt"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	n := 0
	payment.Import(context.Background(), payment.NewReader(bytes.NewReader(data), &payment.Options{Name: "day.txt"}), led,
		func(_ context.Context, p payment.Payment) error {
			n++
			_, err := fmt.Fprintln(cr, p.Confirmation)
			if n == 6 {
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
			return err
		})
	os.Exit(0)
}

// TestLedgerWriteCutShort: a ledger line the disk takes only part of
// (here the file size limit, as a full disk would) is cut off again, so
// the posting fails without posting and the ledger's next line, and the
// file opened again, are whole. A child process runs it, under its own
// limit.
func TestLedgerWriteCutShort(t *testing.T) {
	if dir := os.Getenv("LEDGER_CUT_CHILD"); dir != "" {
		if err := cutShortChild(filepath.Join(dir, "ledger.tsv")); err != nil {
			fmt.Println("child:", err)
			os.Exit(1)
		}
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestLedgerWriteCutShort$")
	cmd.Env = append(os.Environ(), "LEDGER_CUT_CHILD="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	led := openLedger(t, filepath.Join(dir, "ledger.tsv"))
	if r := led.Recovered(); len(r) != 0 {
		t.Errorf("the ledger needed repair: %q", r)
	}
	for c, want := range map[string]bool{"P1": true, "BIG": false, "P2": true} {
		if _, posted, known := led.Lookup(c); posted != want || known != want {
			t.Errorf("%s: posted %v, known %v; want %v", c, posted, known, want)
		}
	}
}

func cutShortChild(path string) error {
	ctx := context.Background()
	led, err := payment.OpenFileLedger(path)
	if err != nil {
		return err
	}
	defer led.Close()
	ok := func(context.Context) error { return nil }
	if _, err := led.Post(ctx, payment.Posting{Confirmation: "P1", File: "day.txt"}, ok); err != nil {
		return err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	var was syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &was); err != nil {
		return err
	}
	limit := was
	// Room for most of the next line: more than the lines after it take,
	// so that what is left of it would outlast them if it stayed.
	limit.Cur = uint64(fi.Size()) + 100
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		return err
	}
	called := false
	_, err = led.Post(ctx, payment.Posting{Confirmation: "BIG", File: strings.Repeat("long-name-", 12) + ".txt"}, func(context.Context) error {
		called = true
		return nil
	})
	if err == nil || called || errors.Is(err, payment.ErrInDoubt) {
		return fmt.Errorf("posting with the disk full: %v (post called: %v); want a failure before posting", err, called)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &was); err != nil {
		return err
	}
	if _, err := led.Post(ctx, payment.Posting{Confirmation: "P2", File: "day.txt"}, ok); err != nil {
		return fmt.Errorf("posting after room was made: %w", err)
	}
	return nil
}

// TestImportStopsWhenTheLedgerCannotRecord: when the disk fills inside a
// post, after Cash Receipting took the payment, the ledger cannot record
// the outcome: Import stops there, says the payment is in doubt, and posts
// nothing more; the ledger opened again holds it in doubt. A child process
// runs the import, under its own file size limit.
func TestImportStopsWhenTheLedgerCannotRecord(t *testing.T) {
	data := dayFile(t, 11, 10)
	if dir := os.Getenv("LEDGER_FULL_CHILD"); dir != "" {
		led, err := payment.OpenFileLedger(filepath.Join(dir, "ledger.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		defer led.Close()
		var was syscall.Rlimit
		syscall.Getrlimit(syscall.RLIMIT_FSIZE, &was)
		calls := 0
		res, err := payment.Import(context.Background(), payment.NewReader(bytes.NewReader(data), &payment.Options{Name: "day.txt"}), led,
			func(context.Context, payment.Payment) error {
				if calls++; calls == 3 { // taken; now the disk is full
					fi, _ := os.Stat(filepath.Join(dir, "ledger.tsv"))
					full := was
					full.Cur = uint64(fi.Size())
					syscall.Setrlimit(syscall.RLIMIT_FSIZE, &full)
				}
				return nil
			})
		syscall.Setrlimit(syscall.RLIMIT_FSIZE, &was)
		fmt.Printf("posted=%d calls=%d indoubt=%v\n%v\n", len(res.Posted), calls, errors.Is(err, payment.ErrInDoubt), err)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestImportStopsWhenTheLedgerCannotRecord$")
	cmd.Env = append(os.Environ(), "LEDGER_FULL_CHILD="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.HasPrefix(string(out), "posted=2 calls=3 indoubt=true\n") || !strings.Contains(string(out), "line 4): whether it was posted is not known") {
		t.Fatalf("the import with the disk full: %s", out)
	}
	led := openLedger(t, filepath.Join(dir, "ledger.tsv"))
	if doubt := led.InDoubt(); len(doubt) != 1 || doubt[0].Line != 4 {
		t.Fatalf("in doubt after reopening: %+v; want the third payment (line 4)", doubt)
	}
}
