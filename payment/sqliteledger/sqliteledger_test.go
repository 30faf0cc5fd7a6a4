package sqliteledger_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
	"github.com/icbatch/caselle/payment/sqliteledger"
)

var ctx = context.Background()

// Cash Receipting, for the tests: a table in the ledger's database.
const receipts = `CREATE TABLE IF NOT EXISTS receipts (confirmation TEXT NOT NULL, account TEXT NOT NULL, amount TEXT NOT NULL)`

func open(t testing.TB, path string) *sqliteledger.Ledger {
	t.Helper()
	l, err := sqliteledger.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.DB().ExecContext(ctx, receipts); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// postReceipt writes the payment to Cash Receipting in the ledger's
// transaction.
func postReceipt(ctx context.Context, p payment.Payment) error {
	tx := sqliteledger.Tx(ctx)
	if tx == nil {
		return errors.New("no transaction")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO receipts VALUES (?, ?, ?)`, p.Confirmation, p.Account, p.Amount.String())
	return err
}

func day(t testing.TB, n int) []byte {
	var b bytes.Buffer
	if _, err := paymenttest.Write(&b, paymenttest.Options{Seed: 3, Payments: n}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func importDay(l payment.Ledger, data []byte, post func(context.Context, payment.Payment) error) (payment.ImportResult, error) {
	return payment.Import(ctx, payment.NewReader(bytes.NewReader(data), &payment.Options{Name: "day.txt"}), l, post)
}

// receiptsOf counts the receipts and the distinct numbers among them.
func receiptsOf(t testing.TB, l *sqliteledger.Ledger) (rows, distinct int) {
	t.Helper()
	if err := l.DB().QueryRowContext(ctx, `SELECT count(*), count(DISTINCT confirmation) FROM receipts`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	return rows, distinct
}

func TestImportTwicePostsOnce(t *testing.T) {
	l := open(t, filepath.Join(t.TempDir(), "cr.db"))
	data := day(t, 30)
	res, err := importDay(l, data, postReceipt)
	if err != nil || len(res.Posted) != 30 {
		t.Fatalf("%d posted: %v", len(res.Posted), err)
	}
	res, err = importDay(l, data, postReceipt)
	if err != nil || len(res.Posted) != 0 || len(res.Skipped) != 30 || !strings.Contains(res.Skipped[0].Error(), "from day.txt line 2") {
		t.Fatalf("again: posted %d skipped %d: %v", len(res.Posted), len(res.Skipped), err)
	}
	if rows, distinct := receiptsOf(t, l); rows != 30 || distinct != 30 {
		t.Fatalf("receipts %d (%d distinct)", rows, distinct)
	}
	pg, ok, err := l.Lookup(ctx, res.Skipped[0].Value)
	if err != nil || !ok || pg.Line != 2 || pg.File != "day.txt" {
		t.Fatalf("lookup: %+v %v %v", pg, ok, err)
	}
}

// TestConcurrentImporters: importers, each with its own connection pool,
// import the same file at once; every payment is posted exactly once.
func TestConcurrentImporters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cr.db")
	open(t, path)
	data := day(t, 40)
	var wg sync.WaitGroup
	posted := make([]int, 4)
	for i := range posted {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, err := sqliteledger.Open(ctx, path)
			if err != nil {
				t.Error(err)
				return
			}
			defer l.Close()
			res, err := importDay(l, data, postReceipt)
			if err != nil {
				t.Error(err)
			}
			posted[i] = len(res.Posted)
		}()
	}
	wg.Wait()
	sum := 0
	for _, n := range posted {
		sum += n
	}
	if rows, distinct := receiptsOf(t, open(t, path)); sum != 40 || rows != 40 || distinct != 40 {
		t.Fatalf("importers posted %v; receipts %d (%d distinct); want 40 once each", posted, rows, distinct)
	}
}

// TestImportersInManyProcesses: the same, one process each.
func TestImportersInManyProcesses(t *testing.T) {
	if dir := os.Getenv("SQLITELEDGER_CHILD"); dir != "" {
		child(t, dir)
		return
	}
	dir := t.TempDir()
	open(t, filepath.Join(dir, "cr.db"))
	os.WriteFile(filepath.Join(dir, "day.txt"), day(t, 40), 0o644)
	cmds := make([]*exec.Cmd, 3)
	outs := make([]bytes.Buffer, 3)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run", "^TestImportersInManyProcesses$")
		cmds[i].Env = append(os.Environ(), "SQLITELEDGER_CHILD="+dir, "SQLITELEDGER_MODE=all")
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	sum := 0
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("importer %d: %v\n%s", i, err, outs[i].String())
		}
		_, after, _ := strings.Cut(outs[i].String(), "posted=")
		n, _ := strconv.Atoi(strings.Fields(after + " x")[0])
		sum += n
	}
	if rows, distinct := receiptsOf(t, open(t, filepath.Join(dir, "cr.db"))); sum != 40 || rows != 40 || distinct != 40 {
		t.Fatalf("importers posted %d; receipts %d (%d distinct); want 40 once each", sum, rows, distinct)
	}
}

// TestCrashBetweenPostAndCommit kills the importer inside post, after it
// wrote the receipt and before the commit: the receipt and the record go
// together, and the rerun posts it once.
func TestCrashBetweenPostAndCommit(t *testing.T) {
	dir := t.TempDir()
	open(t, filepath.Join(dir, "cr.db"))
	data := day(t, 20)
	os.WriteFile(filepath.Join(dir, "day.txt"), data, 0o644)
	cmd := exec.Command(os.Args[0], "-test.run", "^TestImportersInManyProcesses$")
	cmd.Env = append(os.Environ(), "SQLITELEDGER_CHILD="+dir, "SQLITELEDGER_MODE=die-at-6")
	out, err := cmd.CombinedOutput()
	if !killed(err) {
		t.Fatalf("the importer was to be killed: %v\n%s", err, out)
	}
	l := open(t, filepath.Join(dir, "cr.db"))
	if rows, _ := receiptsOf(t, l); rows != 5 {
		t.Fatalf("%d receipts survived the crash, want the 5 committed", rows)
	}
	res, err := importDay(l, data, postReceipt)
	if err != nil || len(res.Posted) != 15 || len(res.Skipped) != 5 || len(res.InDoubt) != 0 {
		t.Fatalf("rerun: posted %d skipped %d in doubt %d: %v", len(res.Posted), len(res.Skipped), len(res.InDoubt), err)
	}
	if rows, distinct := receiptsOf(t, l); rows != 20 || distinct != 20 {
		t.Fatalf("receipts %d (%d distinct), want 20 once each", rows, distinct)
	}
}

func child(t *testing.T, dir string) {
	l, err := sqliteledger.Open(ctx, filepath.Join(dir, "cr.db"))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "day.txt"))
	n := 0
	res, err := importDay(l, data, func(ctx context.Context, p payment.Payment) error {
		n++
		err := postReceipt(ctx, p)
		if n == 6 && os.Getenv("SQLITELEDGER_MODE") == "die-at-6" {
			killSelf()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("posted=%d\n", len(res.Posted))
}

func TestPostErrorAndPanicRollBack(t *testing.T) {
	l := open(t, filepath.Join(t.TempDir(), "cr.db"))
	pg := payment.Posting{Confirmation: "C1", File: "f", Line: 2}
	write := func(ctx context.Context) error {
		_, err := sqliteledger.Tx(ctx).ExecContext(ctx, `INSERT INTO receipts VALUES ('C1', 'A', '1')`)
		return err
	}
	if _, err := l.Post(ctx, pg, func(ctx context.Context) error { write(ctx); return errors.New("cash receipting said no") }); err == nil || !strings.Contains(err.Error(), "said no") {
		t.Fatalf("got %v", err)
	}
	if _, err := l.Post(ctx, pg, func(ctx context.Context) error { write(ctx); panic("driver bug") }); err == nil || !strings.Contains(err.Error(), "driver bug") {
		t.Fatalf("got %v", err)
	}
	if rows, _ := receiptsOf(t, l); rows != 0 {
		t.Fatalf("%d receipts kept from rolled-back posts", rows)
	}
	if _, err := l.Post(ctx, pg, write); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Post(ctx, pg, write); !errors.Is(err, payment.ErrPosted) {
		t.Fatalf("posted twice: %v", err)
	}
}
