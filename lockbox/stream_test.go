package lockbox_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
)

func streamAll(data []byte) ([]lockbox.Order, []error) {
	var orders []lockbox.Order
	var errs []error
	for o, err := range lockbox.StreamOrders(bytes.NewReader(data), &lockbox.Options{Name: "day.csv"}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		orders = append(orders, o)
	}
	return orders, errs
}

// TestStreamOrders: the stream yields the orders ReadOrders reads, one at
// a time; a row of an order that ended earlier is a problem naming the
// line the order began on, and row problems come as they are found.
func TestStreamOrders(t *testing.T) {
	var buf bytes.Buffer
	want := lockboxtest.Orders(lockboxtest.Options{Seed: 8, Orders: 300, Days: 3})
	if err := lockbox.WriteOrders(&buf, want); err != nil {
		t.Fatal(err)
	}
	got, errs := streamAll(buf.Bytes())
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	lines := strings.Split(buf.String(), "\r\n")
	apart := strings.Join(append(append([]string{}, lines[:len(lines)-1]...), lines[1], ""), "\r\n")
	_, errs = streamAll([]byte(apart))
	var e *lockbox.Error
	if len(errs) != 1 || !errors.As(errs[0], &e) || !errors.Is(e, lockbox.ErrOrder) || e.Line != len(lines) ||
		!strings.Contains(e.Msg, "began on line 2 and another order came between") {
		t.Fatalf("apart rows: %v", errs)
	}
	if _, err := lockbox.ReadOrders(strings.NewReader(apart), nil); err != nil {
		t.Fatalf("ReadOrders takes rows apart: %v", err)
	}
}

// FuzzOrders: on any input, the stream and ReadOrders agree: where the
// stream finds no problem, ReadOrders reads the same orders; where
// ReadOrders finds one, so does the stream. What is read writes back and
// reads the same (read → write → read).
func FuzzOrders(f *testing.F) {
	layouttest.AddSeeds(f, "orders*.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		streamed, serrs := streamAll(data)
		read, rerr := lockbox.ReadOrders(bytes.NewReader(data), &lockbox.Options{MaxErrors: -1})
		if rerr != nil && len(serrs) == 0 {
			t.Fatalf("ReadOrders: %v; the stream found nothing", rerr)
		}
		if len(serrs) > 0 {
			return
		}
		if diff := cmp.Diff(read, streamed); diff != "" {
			t.Fatalf("(-ReadOrders +stream):\n%s", diff)
		}
		var buf bytes.Buffer
		if err := lockbox.WriteOrders(&buf, read); err != nil {
			return // a value the CSV writer refuses (a control character, say)
		}
		again, err := lockbox.ReadOrders(&buf, nil)
		if err != nil {
			t.Fatalf("reading what was written: %v", err)
		}
		if diff := cmp.Diff(read, again); diff != "" {
			t.Fatalf("read → write → read (-first +again):\n%s", diff)
		}
	})
}

// TestBuildFilesStopsOnAReadFailure: when the orders cannot be read to
// their end (a disk or network failure, not a problem of a row), the build
// stops with that failure and leaves nothing.
func TestBuildFilesStopsOnAReadFailure(t *testing.T) {
	var buf bytes.Buffer
	if err := lockbox.WriteOrders(&buf, lockboxtest.Orders(lockboxtest.Options{Seed: 8, Orders: 3000})); err != nil {
		t.Fatal(err)
	}
	broken := errors.New("connection reset")
	in := io.MultiReader(bytes.NewReader(buf.Bytes()[:buf.Len()/2]), iotest.ErrReader(broken))
	dir := t.TempDir()
	cfg := lockboxtest.Config()
	cfg.MaxPerBatch = 1
	files, err := lockbox.BuildFiles(context.Background(), dir, lockbox.StreamOrders(in, &lockbox.Options{Name: "day.csv"}), cfg)
	if !errors.Is(err, broken) || files != nil {
		t.Fatalf("got %v, %v; want the read failure", files, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("%d entries left", len(entries))
	}
}
