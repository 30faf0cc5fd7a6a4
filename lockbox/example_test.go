package lockbox_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
	"github.com/shopspring/decimal"
)

func ExampleBuild() {
	mask, _ := lockbox.ParseMask("FF-SS-RRR")
	cfg := lockbox.Config{
		Biller: "SPANFORK", Lockbox: 4400123, Mask: mask, MaxPerBatch: 100,
		Created: time.Date(2026, 11, 25, 6, 45, 0, 0, time.UTC),
		GL:      lockbox.GLMap{"DOGLIC": "10-41-110", "BLDPERMIT": "10-42-120"},
	}
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	orders := []lockbox.Order{
		{Confirmation: "6f1c2d3e-0a1b-4c2d-8e3f-000000000001", Payer: "Jose Pena", Deposit: day, Store: "ANIMAL",
			Items: []lockbox.Item{{Code: "DOGLIC", Quantity: 2, Amount: decimal.RequireFromString("30.00"), Description: "Dog license, 1 year"}}},
		{Confirmation: "6f1c2d3e-0a1b-4c2d-8e3f-000000000002", Payer: "Mary Johnson", Deposit: day, Store: "PERMITS",
			Items: []lockbox.Item{{Code: "BLDPERMIT", Quantity: 1, Amount: decimal.RequireFromString("75.00"), Description: "Building permit"}}},
	}
	var file bytes.Buffer
	built, err := lockbox.Build(context.Background(), &file, orders, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(strings.TrimSpace(file.String()), "\r\n") {
		fmt.Println(strings.TrimRight(line, " "))
	}
	fmt.Println(built.Orders, "orders,", built.Payments, "payments,", built.Batches, "batches,", built.Amount.StringFixed(2))

	// An item without a GL account stops the build, naming it and its orders.
	orders[1].Items[0].Code = "FENCEPRMT"
	_, err = lockbox.Build(context.Background(), &file, orders, cfg)
	fmt.Println(strings.ReplaceAll(err.Error(), "6f1c2d3e-0a1b-4c2d-8e3f-", "…"))
	// Output:
	// 101SPANFORK  INVCLOUD  2611250645
	// 50014400123261125ANIMAL
	// 600100100000030006f1c2d3e-0a1b-4c2d-8e3f-000000000001Jose Pena
	// 400100101DOGLIC    10-41-110      00020000003000Dog license, 1 year
	// 7001440012326112500010000003000
	// 50024400123261125PERMITS
	// 600200100000075006f1c2d3e-0a1b-4c2d-8e3f-000000000002Mary Johnson
	// 400200101BLDPERMIT 10-42-120      00010000007500Building permit
	// 7002440012326112500010000007500
	// 84400123000200002000000010500
	// 9000011
	// 2 orders, 2 payments, 2 batches, 105.00
	// lockbox: 1 item code(s) have no GL account; add them to the GL map (nothing was written): FENCEPRMT (order …000000000002)
}

// A day of orders streamed from its CSV file into as many lockbox files
// as it needs: with one payment a batch, 1,200 orders pass the 999
// batches one file holds.
func ExampleBuildFiles() {
	var csv bytes.Buffer
	lockbox.WriteOrders(&csv, lockboxtest.Orders(lockboxtest.Options{Seed: 1, Orders: 1200}))
	dir, err := os.MkdirTemp("", "lockbox")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	cfg := lockboxtest.Config()
	cfg.MaxPerBatch = 1
	files, err := lockbox.BuildFiles(context.Background(), dir, lockbox.StreamOrders(&csv, &lockbox.Options{Name: "orders.csv"}), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range files {
		fmt.Println(f.Name, f.Payments, "payments in", f.Batches, "batches")
	}
	// Output:
	// SPANFORK_LBX_20261125_001.txt 999 payments in 999 batches
	// SPANFORK_LBX_20261125_002.txt 201 payments in 201 batches
}
