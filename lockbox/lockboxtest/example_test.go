package lockboxtest_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
)

// A CloudStore day's orders built into a lockbox file with the catalogue's
// GL map.
func ExampleOrders() {
	orders := lockboxtest.Orders(lockboxtest.Options{Seed: 1, Orders: 4})
	for _, o := range orders {
		fmt.Println(o.Store, len(o.Items), "items")
	}
	var file bytes.Buffer
	built, err := lockbox.Build(context.Background(), &file, orders, lockboxtest.Config())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(built.Payments, "payments in", built.Batches, "batches,", built.Amount.StringFixed(2))
	// Output:
	// PERMITS 2 items
	// PERMITS 1 items
	// PARKS 3 items
	// ANIMAL 2 items
	// 4 payments in 3 batches, 780.00
}
