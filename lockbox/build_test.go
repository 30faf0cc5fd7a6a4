package lockbox_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
)

func readOrdersAndGL(t *testing.T, orders, gl string) ([]lockbox.Order, lockbox.GLMap) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", orders))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	o, err := lockbox.ReadOrders(f, &lockbox.Options{Name: orders})
	if err != nil {
		t.Fatal(err)
	}
	g, err := os.Open(filepath.Join("testdata", gl))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	m, err := lockbox.ReadGLMap(g, &lockbox.Options{Name: gl})
	if err != nil {
		t.Fatal(err)
	}
	return o, m
}

func goldenConfig(gl lockbox.GLMap) lockbox.Config {
	mask, _ := lockbox.ParseMask("FF-SS-RRR")
	return lockbox.Config{Biller: "SPANFORK", Lockbox: 4400123, MaxPerBatch: 2, Mask: mask, GL: gl,
		Created: time.Date(2026, 11, 25, 6, 45, 0, 0, time.UTC)}
}

// TestBuildGolden builds testdata/orders.csv with testdata/gl.csv and
// compares with the hand-made testdata/build_golden.txt: batches by
// deposit date and store, at most MaxPerBatch payments each.
func TestBuildGolden(t *testing.T) {
	orders, gl := readOrdersAndGL(t, "orders.csv", "gl.csv")
	var buf bytes.Buffer
	built, err := lockbox.Build(context.Background(), &buf, orders, goldenConfig(gl))
	if err != nil {
		t.Fatal(err)
	}
	if built.Batches != 4 || built.Payments != 5 || built.Orders != 5 || !built.Amount.Equal(d("151")) {
		t.Fatalf("built %+v", built)
	}
	if want := readFile(t, "build_golden.txt"); !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
}

// TestBuildWriteFails: a file that cannot be written is an error naming
// it, with the writer's error in it, and no count of what was built.
func TestBuildWriteFails(t *testing.T) {
	orders, gl := readOrdersAndGL(t, "orders.csv", "gl.csv")
	cfg := goldenConfig(gl)
	cfg.Name = "SPANFORK_LBX_20261125_001.txt"
	built, err := lockbox.Build(context.Background(), failWriter{}, orders, cfg)
	if !errors.Is(err, errDiskFull) || !strings.Contains(err.Error(), "writing "+cfg.Name) || built.Payments != 0 {
		t.Fatalf("built %+v: %v; want the disk's error naming %s", built, err, cfg.Name)
	}
}

var errDiskFull = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestBuildFromCSVRules(t *testing.T) {
	orders, _ := readOrdersAndGL(t, "orders.csv", "gl.csv")
	_, noDog := readOrdersAndGL(t, "orders.csv", "gl_without_doglic.csv")
	var buf bytes.Buffer
	_, err := lockbox.Build(context.Background(), &buf, orders, goldenConfig(noDog))
	var ue *lockbox.UnmappedError
	if !errors.As(err, &ue) || len(ue.Codes) != 1 || ue.Codes[0].Code != "DOGLIC" ||
		strings.Join(ue.Codes[0].Orders, " ") != "A-0001 A-0002 A-0003" || buf.Len() != 0 {
		t.Fatalf("gl_without_doglic.csv: got %v", err)
	}
	_, offMask := readOrdersAndGL(t, "orders.csv", "gl_account_off_mask.csv")
	if _, err := lockbox.Build(context.Background(), &buf, orders, goldenConfig(offMask)); !errors.Is(err, lockbox.ErrMask) || !strings.Contains(err.Error(), "CATLIC") || buf.Len() != 0 {
		t.Fatalf("gl_account_off_mask.csv: got %v", err)
	}
}

func TestCSVFileProblems(t *testing.T) {
	tests := []struct {
		file, want string
		gl         bool
	}{
		{"gl_code_twice.csv", "gl_code_twice.csv:4: GLAccount: item DOGLIC is mapped to 10-41-110 on line 3", true},
		{"orders_store_conflict.csv", "orders_store_conflict.csv:3: StoreCode: order A-0001 has store \"ANIMAL\" on line 2", false},
		{"orders_thousands_separator.csv", "orders_thousands_separator.csv:2: Amount: not an amount: thousands separators are not allowed", false},
		{"orders_bad_header.csv", "orders_bad_header.csv:1: header row must be exactly Confirmation,Payer,DepositDate,StoreCode,ItemCode,Quantity,Amount,Description", false},
	}
	for _, tt := range tests {
		f, err := os.Open(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if tt.gl {
			_, err = lockbox.ReadGLMap(f, &lockbox.Options{Name: tt.file})
		} else {
			_, err = lockbox.ReadOrders(f, &lockbox.Options{Name: tt.file})
		}
		f.Close()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.file, err, tt.want)
		}
	}
}

// TestReadOrdersOptions: ReadOrders names the file from Options and
// collects as many problems as MaxErrors allows (up to 100 when 0).
func TestReadOrdersOptions(t *testing.T) {
	var ob bytes.Buffer
	if err := lockbox.WriteOrders(&ob, lockboxtest.Orders(lockboxtest.Options{Seed: 2, Orders: 5})); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(ob.String(), "\r\n")
	for i := 1; i <= 3; i++ {
		lines[i] = strings.Replace(lines[i], ".", ",", 1) // not an amount
	}
	bad := strings.Join(lines, "\r\n")
	for _, tt := range []struct{ max, want int }{{0, 3}, {1, 1}, {-1, 3}} {
		_, err := lockbox.ReadOrders(strings.NewReader(bad), &lockbox.Options{Name: "day.csv", MaxErrors: tt.max})
		var errs lockbox.Errors
		if !errors.As(err, &errs) || len(errs) != tt.want || errs[0].File != "day.csv" {
			t.Errorf("MaxErrors %d: %v; want %d problems in day.csv", tt.max, err, tt.want)
		}
	}
	if _, err := lockbox.ReadOrders(strings.NewReader(ob.String()), nil); err != nil {
		t.Fatalf("nil options: %v", err)
	}
}
