package invoicecloud_test

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/icbatch/caselle/examples/invoicecloud"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/transport/memory"
)

// Invoice Cloud's side of a day: it reads the invoices the biller sent and
// answers with payments, paperless changes and CloudStore orders.
func ExampleStandIn_Run() {
	ctx := context.Background()
	tree := memory.New()
	var inv bytes.Buffer
	invoicetest.WriteConnect(&inv, invoicetest.Options{Seed: 1, Invoices: 30})
	tree.Put(ctx, "ToInvoiceCloud/Invoices/UB/SPANFORK_INV_UB_20261101_001.txt", &inv)

	ic := &invoicecloud.StandIn{Root: tree.FS, Seed: 1}
	day, err := ic.Run(ctx, time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(day.Bills), "bills presented")
	for _, name := range day.Wrote {
		fmt.Println(name)
	}
	// Output:
	// 30 bills presented
	// FromInvoiceCloud/Payments/SPANFORK_PMT_20261102_001.txt
	// FromInvoiceCloud/ChangeLogs/SPANFORK_OPTOUT_20261102_001.csv
	// FromInvoiceCloud/Lockbox/SPANFORK_LBX_20261102_001.txt
}
