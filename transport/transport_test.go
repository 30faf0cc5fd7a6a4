package transport_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/transporttest"
)

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"a.txt", "ToInvoiceCloud/Invoices/UB/SPANFORK_INV_UB_20261125_001.txt", "a b.txt", "Peña.txt", ".hidden"} {
		if err := transport.CheckName(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range transporttest.HostileNames {
		if err := transport.CheckName(bad); !errors.Is(err, transport.ErrBadName) || !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if !transport.IsPartial("dir/.partial-x.txt-1234") || transport.IsPartial("dir/x.txt") {
		t.Error("IsPartial")
	}
}

func TestContextReaderStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := transport.ContextReader(ctx, strings.NewReader("abcdef"))
	buf := make([]byte, 3)
	if n, err := r.Read(buf); n != 3 || err != nil {
		t.Fatalf("first read = %d, %v; want 3, nil", n, err)
	}
	cancel()
	if n, err := r.Read(buf); n != 0 || !errors.Is(err, context.Canceled) {
		t.Fatalf("read after cancel = %d, %v; want 0, context.Canceled", n, err)
	}
}
