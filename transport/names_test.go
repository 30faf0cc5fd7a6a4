package transport_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/memory"
)

func TestICNames(t *testing.T) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		n    transport.ICName
		path string
	}{
		{transport.ICName{Kind: transport.Invoices, Biller: "SPANFORK", Category: "UB", Date: day, Seq: 1, Ext: "xml"}, "ToInvoiceCloud/Invoices/UB/SPANFORK_INV_UB_20261125_001.xml"},
		{transport.ICName{Kind: transport.Adjustments, Biller: "SPANFORK", Category: "UB", Date: day, Seq: 12, Ext: "txt"}, "ToInvoiceCloud/Adjustments/UB/SPANFORK_BAF_UB_20261125_012.txt"},
		{transport.ICName{Kind: transport.BillImages, Biller: "SPANFORK", Category: "MV", Date: day, Seq: 3, Ext: "csv"}, "ToInvoiceCloud/PDFs/MV/SPANFORK_IMG_MV_20261125_003.csv"},
		{transport.ICName{Kind: transport.Payments, Biller: "SPANFORK", Date: day, Seq: 1, Ext: "txt"}, "FromInvoiceCloud/Payments/SPANFORK_PMT_20261125_001.txt"},
		{transport.ICName{Kind: transport.ChangeLogs, Biller: "SPANFORK", Date: day, Seq: 1, Ext: "csv"}, "FromInvoiceCloud/ChangeLogs/SPANFORK_OPTOUT_20261125_001.csv"},
		{transport.ICName{Kind: transport.Lockbox, Biller: "SPANFORK", Date: day, Seq: 999, Ext: "txt"}, "FromInvoiceCloud/Lockbox/SPANFORK_LBX_20261125_999.txt"},
	} {
		if err := tt.n.Check(); err != nil {
			t.Errorf("%s: %v", tt.path, err)
		}
		if got := tt.n.Path(); got != tt.path {
			t.Errorf("got %s, want %s", got, tt.path)
		}
		back, err := transport.ParseICName(tt.path)
		if err != nil || back.Path() != tt.path {
			t.Errorf("parse %s: %+v %v", tt.path, back, err)
		}
	}
	for _, bad := range []string{"SPANFORK_PMT_20261125_1.txt", "SPANFORK_PMT_20261131_001.txt", "spanfork_PMT_20261125_001.txt",
		"SPANFORK_INV_XX_20261125_001.txt", "SPANFORK_PMT_UB_20261125_001.txt", "SPANFORK_LBX_20261125_001.csv", "SPANFORK_ZZZ_20261125_001.txt", "notes.txt"} {
		if _, err := transport.ParseICName(bad); err == nil {
			t.Errorf("%s parsed", bad)
		}
	}
}

// TestICNameCheck: each part of a name Invoice Cloud would refuse is
// refused, saying which.
func TestICNameCheck(t *testing.T) {
	good := transport.ICName{Kind: transport.Invoices, Biller: "SPANFORK", Category: "UB", Date: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), Seq: 1, Ext: "txt"}
	for want, edit := range map[string]func(*transport.ICName){
		"without a kind":                    func(n *transport.ICName) { n.Kind = transport.FileKind{} },
		`biller code "spanfork"`:            func(n *transport.ICName) { n.Biller = "spanfork" },
		`biller code "SPANISHFORK"`:         func(n *transport.ICName) { n.Biller = "SPANISHFORK" },
		`invoice category "XX"`:             func(n *transport.ICName) { n.Category = "XX" },
		"PMT files have no category":        func(n *transport.ICName) { n.Kind, n.Category = transport.Payments, "UB" },
		"file date is required":             func(n *transport.ICName) { n.Date = time.Time{} },
		"sequence 1000: want 1-999":         func(n *transport.ICName) { n.Seq = 1000 },
		"sequence 0: want 1-999":            func(n *transport.ICName) { n.Seq = 0 },
		"INV files end in .txt, .xml, .bif": func(n *transport.ICName) { n.Ext = "csv" },
	} {
		n := good
		edit(&n)
		if err := n.Check(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: %v, want %q", n, err, want)
		}
	}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestHiddenNameFitsAFileSystem(t *testing.T) {
	for _, base := range []string{"a.txt", strings.Repeat("x", 255), strings.Repeat("é", 127) + "z"} {
		got := transport.HiddenName("In/"+base, "-0123456789abcdef")
		dir, b, _ := strings.Cut(got, "/")
		if dir != "In" || len(b) > 255 || !transport.IsPartial(got) || !utf8.ValidString(b) {
			t.Errorf("HiddenName of a %d-byte name: %q (%d bytes)", len(base), got, len(b))
		}
		if len(base) < 200 && b != transport.PartialPrefix+base+"-0123456789abcdef" {
			t.Errorf("a short name was cut: %q", got)
		}
	}
}

func TestNextName(t *testing.T) {
	f := memory.New()
	ctx := context.Background()
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	n := transport.ICName{Kind: transport.Payments, Biller: "SPANFORK", Date: day, Ext: "txt"}
	got, err := transport.NextName(ctx, f.FS, n)
	if err != nil || got.Seq != 1 {
		t.Fatalf("an empty tree: %v %v", got, err)
	}
	for _, name := range []string{"SPANFORK_PMT_20261125_001.txt", "SPANFORK_PMT_20261125_004.txt.snt", "SPANFORK_PMT_20261124_009.txt", "OTHER_PMT_20261125_007.txt", "notes.txt"} {
		f.Put(ctx, "FromInvoiceCloud/Payments/"+name, strings.NewReader("x"))
	}
	if got, err := transport.NextName(ctx, f.FS, n); err != nil || got.String() != "SPANFORK_PMT_20261125_005.txt" {
		t.Fatalf("got %v %v, want sequence 5", got, err)
	}
}
