package transport_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/memory"
)

// The next free name for a file to send: the sequence after every file of
// the same kind, biller and date already in its folder, sent ones included.
func ExampleNextName() {
	ctx := context.Background()
	tree := memory.New()
	tree.Put(ctx, "ToInvoiceCloud/Invoices/UB/SPANFORK_INV_UB_20261101_001.txt.snt", strings.NewReader("sent yesterday"))

	n := transport.ICName{Kind: transport.Invoices, Biller: "SPANFORK", Category: "UB",
		Date: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Ext: "txt"}
	next, err := transport.NextName(ctx, tree.FS, n)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(next.Path())

	// A name Invoice Cloud would refuse is refused here first.
	_, err = transport.ParseICName("spanfork invoices.txt")
	fmt.Println(err != nil)
	// Output:
	// ToInvoiceCloud/Invoices/UB/SPANFORK_INV_UB_20261101_002.txt
	// true
}

// Copy moves a file between two trees with Put's guarantees: the copy is
// whole or absent, and a file already at the name is never replaced.
func ExampleCopy() {
	ctx := context.Background()
	local, remote := memory.New(), memory.New()
	local.Put(ctx, "SPANFORK_ADJ_20261125_001.txt", strings.NewReader("H,...\r\n"))

	err := transport.Copy(ctx, remote.FS, "SPANFORK_ADJ_20261125_001.txt", local.FS, "SPANFORK_ADJ_20261125_001.txt")
	fmt.Println(err)
	err = transport.Copy(ctx, remote.FS, "SPANFORK_ADJ_20261125_001.txt", local.FS, "SPANFORK_ADJ_20261125_001.txt")
	fmt.Println(errors.Is(err, fs.ErrExist))
	// Output:
	// <nil>
	// true
}
