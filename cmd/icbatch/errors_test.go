package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/optout"
	"github.com/icbatch/caselle/payment"
)

// TestErrorSurface: every kind package gives what a user needs of its
// errors without the engine: Flatten for joined and wrapped problems, and
// LayoutError for a layout definition LoadLayout refuses.
func TestErrorSurface(t *testing.T) {
	bad := `{"name": "x", "format": "fixed", "records": []}`
	for name, load := range map[string]func() error{
		"payment":    func() error { _, err := payment.LoadLayout(strings.NewReader(bad)); return err },
		"adjustment": func() error { _, err := adjustment.LoadLayout(strings.NewReader(bad)); return err },
		"optout":     func() error { _, err := optout.LoadLayout(strings.NewReader(bad)); return err },
		"lockbox":    func() error { _, err := lockbox.LoadLayout(strings.NewReader(bad)); return err },
		"connect":    func() error { _, err := invoice.LoadConnectLayout(strings.NewReader(bad)); return err },
		"bif":        func() error { _, err := invoice.LoadBIFLayout(strings.NewReader(bad)); return err },
	} {
		var le *payment.LayoutError // the same type in every package
		if err := load(); !errors.As(err, &le) {
			t.Errorf("%s: LoadLayout(bad) = %v, not a LayoutError", name, err)
		}
	}
	// The writers whose Close ends the file (OptOut's and BIF's only flush,
	// and may be written to again).
	var pb, ab strings.Builder
	created := time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)
	pw, err := payment.NewWriter(&pb, payment.Header{BillerCode: "SPANFORK", Created: created, Sequence: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	aw, err := adjustment.NewWriter(&ab, adjustment.Header{BillerCode: "SPANFORK", Created: created, Period: adjustment.Period{Year: 2026, Month: 11}, PeriodClosed: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pw.Close()
	aw.Close()
	for name, err := range map[string]error{"payment": pw.Write(payment.Payment{}), "adjustment": aw.Write(adjustment.Adjustment{})} {
		if !errors.Is(err, payment.ErrClosed) {
			t.Errorf("%s: Write after Close = %v, want ErrClosed", name, err)
		}
	}
	e1 := &payment.Error{File: "a.txt", Line: 1, Err: payment.ErrSyntax, Msg: "one"}
	e2 := &payment.Error{File: "a.txt", Line: 2, Err: payment.ErrTotals, Msg: "two"}
	e3 := &payment.Error{File: "a.txt", Line: 3, Err: payment.ErrOrder, Msg: "three"}
	joined := fmt.Errorf("reading: %w", errors.Join(e1, payment.Errors{e2, e3}))
	for name, flatten := range map[string]func(error) []*payment.Error{
		"payment": payment.Flatten, "adjustment": adjustment.Flatten, "optout": optout.Flatten,
		"lockbox": lockbox.Flatten, "invoice": invoice.Flatten,
	} {
		got := flatten(joined)
		if len(got) != 3 || got[0] != e1 || got[2] != e3 {
			t.Errorf("%s.Flatten: %v", name, got)
		}
	}
}
