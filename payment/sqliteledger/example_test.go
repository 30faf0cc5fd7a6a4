package sqliteledger_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
	"github.com/icbatch/caselle/payment/sqliteledger"
)

// Posting into Cash Receipting's database and recording the posting in
// one transaction: run twice, the second import posts nothing.
func Example() {
	dir, _ := os.MkdirTemp("", "ledger")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	led, err := sqliteledger.Open(ctx, filepath.Join(dir, "cash-receipting.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer led.Close()
	led.DB().ExecContext(ctx, `CREATE TABLE receipts (confirmation TEXT, account TEXT, amount TEXT)`)
	post := func(ctx context.Context, p payment.Payment) error {
		_, err := sqliteledger.Tx(ctx).ExecContext(ctx, `INSERT INTO receipts VALUES (?, ?, ?)`,
			p.Confirmation, p.Account, p.Amount.StringFixed(2))
		return err
	}
	var file bytes.Buffer
	paymenttest.Write(&file, paymenttest.Options{Seed: 1, Payments: 25})
	for run := 1; run <= 2; run++ {
		res, err := payment.Import(ctx, payment.NewReader(bytes.NewReader(file.Bytes()), nil), led, post)
		fmt.Printf("run %d: posted %d, skipped %d, err %v\n", run, len(res.Posted), len(res.Skipped), err)
	}
	// Output:
	// run 1: posted 25, skipped 0, err <nil>
	// run 2: posted 0, skipped 25, err <nil>
}
