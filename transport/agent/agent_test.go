package agent

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/folder"
	"github.com/icbatch/caselle/transport/memory"
	"github.com/icbatch/caselle/transport/transporttest"
)

var ctx = context.Background()

func journal(t *testing.T) *FileJournal {
	j, err := OpenJournal(filepath.Join(t.TempDir(), "journal"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	return j
}

var fast = Retry{Attempts: 3, First: time.Millisecond, Max: 2 * time.Millisecond}

func TestUploadSendsOnceAndRenames(t *testing.T) {
	local, err := folder.Open(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	remote := memory.New()
	transporttest.Put(t, local, "Payments/A_PMT_1.txt", "one")
	transporttest.Put(t, local, "Payments/B_PMT_2.TXT", "two")
	transporttest.Put(t, local, "Payments/notes.csv", "not mine")
	u := &Upload{Local: local, LocalDir: "Payments", Ext: "txt", Remote: remote.FS, RemoteDir: "FromInvoiceCloud/Payments", Journal: journal(t), Retry: fast}
	res, err := u.Run(ctx)
	if err != nil || len(res.Sent) != 2 || len(res.Errors) != 0 {
		t.Fatalf("run: %+v %v", res, err)
	}
	if transporttest.Get(t, remote.FS, "FromInvoiceCloud/Payments/A_PMT_1.txt") != "one" || transporttest.Get(t, remote.FS, "FromInvoiceCloud/Payments/B_PMT_2.TXT") != "two" {
		t.Fatal("remote content")
	}
	for _, n := range []string{"Payments/A_PMT_1.txt.snt", "Payments/B_PMT_2.TXT.snt", "Payments/notes.csv"} {
		if _, err := local.Stat(ctx, n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	res, err = u.Run(ctx)
	if err != nil || len(res.Sent) != 0 {
		t.Fatalf("second run sent %v (%v)", res.Sent, err)
	}
}

func TestSntIsNeverAnExtension(t *testing.T) {
	u := &Upload{Local: memory.New().FS, Remote: memory.New().FS, Journal: journal(t), Ext: ".SNT"}
	if _, err := u.Run(ctx); err == nil || !strings.Contains(err.Error(), "cannot be an upload extension") {
		t.Fatalf("got %v", err)
	}
}

// TestCrashAfterCommitBeforeRename: the local rename fails after the
// remote file is committed; the rerun renames and sends nothing again.
func TestCrashAfterCommitBeforeRename(t *testing.T) {
	local, remote := memory.New(), memory.New()
	transporttest.Put(t, local, "a.txt", "payments")
	j := journal(t)
	// No sweep: the test counts remote operations.
	u := &Upload{Local: local.FS, Ext: "txt", Remote: remote.FS, Journal: j, Retry: Retry{Attempts: 1}, SweepAfter: -1}
	local.FailOp(5, nil) // Lock, List, Open, Stat (unchanged since listed?), then the Rename fails
	res, err := u.Run(ctx)
	if err != nil || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "not renamed") {
		t.Fatalf("first run: %+v %v", res, err)
	}
	if transporttest.Get(t, remote, "a.txt") != "payments" {
		t.Fatal("not committed remotely")
	}
	remoteOps := remote.Ops()
	res, err = u.Run(ctx)
	if err != nil || len(res.Errors) != 0 || len(res.Sent) != 1 {
		t.Fatalf("rerun: %+v %v", res, err)
	}
	if remote.Ops() != remoteOps {
		t.Fatalf("the rerun touched the remote (%d operations), it must only rename", remote.Ops()-remoteOps)
	}
	if _, err := local.Stat(ctx, "a.txt.snt"); err != nil {
		t.Fatal(err)
	}
}

type failingJournal struct {
	Journal
	fail int
}

func (f *failingJournal) MarkSent(name string, id Identity) error {
	if f.fail > 0 {
		f.fail--
		return errors.New("disk full")
	}
	return f.Journal.MarkSent(name, id)
}

// TestCrashBeforeJournal: the remote file is committed but the journal
// entry is lost; the rerun finds the same file there and only renames.
func TestCrashBeforeJournal(t *testing.T) {
	local, remote := memory.New(), memory.New()
	transporttest.Put(t, local, "a.txt", "payments")
	u := &Upload{Local: local.FS, Ext: "txt", Remote: remote.FS, Journal: &failingJournal{journal(t), 1}, Retry: fast}
	res, _ := u.Run(ctx)
	if len(res.Errors) != 1 {
		t.Fatalf("first run: %+v", res)
	}
	res, err := u.Run(ctx)
	if err != nil || len(res.Sent) != 1 || len(res.Errors) != 0 {
		t.Fatalf("rerun: %+v %v", res, err)
	}
	// A different file of the same name is never overwritten.
	transporttest.Put(t, local, "b.txt", "mine")
	transporttest.Put(t, remote, "b.txt", "theirs")
	res, _ = u.Run(ctx)
	if len(res.Errors) != 1 || !errors.Is(res.Errors[0], fs.ErrExist) || transporttest.Get(t, remote, "b.txt") != "theirs" {
		t.Fatalf("conflict: %+v", res)
	}
}

func TestCutTransferIsRetriedWhole(t *testing.T) {
	local, remote := memory.New(), memory.New()
	data := strings.Repeat("PD", 50000)
	transporttest.Put(t, local, "big.txt", data)
	remote.CutNextPut(1000)
	var last, total int64
	u := &Upload{Local: local.FS, Ext: "txt", Remote: remote.FS, Journal: journal(t), Retry: fast,
		Progress: func(name string, sent, size int64) { last, total = sent, size }}
	res, err := u.Run(ctx)
	if err != nil || len(res.Sent) != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if transporttest.Get(t, remote, "big.txt") != data {
		t.Fatal("the retried transfer is not whole")
	}
	if last != int64(len(data)) || total != int64(len(data)) {
		t.Fatalf("progress ended at %d of %d, want %d", last, total, len(data))
	}
}

func TestPermanentErrorsAreNotRetried(t *testing.T) {
	n := 0
	err := fast.do(ctx, func() error { n++; return fs.ErrExist })
	if n != 1 || !errors.Is(err, fs.ErrExist) {
		t.Fatalf("%d attempts: %v", n, err)
	}
	n = 0
	err = fast.do(ctx, func() error { n++; return errors.New("connection reset") })
	if n != 3 || err == nil {
		t.Fatalf("%d attempts: %v", n, err)
	}
}

// hostileLister lists names a hostile server could send.
type hostileLister struct{ transport.Driver }

func (h hostileLister) List(ctx context.Context, dir string) ([]transport.Entry, error) {
	es, err := h.Driver.List(ctx, dir)
	return append(es, transport.Entry{Name: "../x"}, transport.Entry{Name: `a\b`}, transport.Entry{Name: "../../etc/passwd"}), err
}

func TestDownload(t *testing.T) {
	remote := memory.New()
	transporttest.Put(t, remote, "Lockbox/S_LBX_1.txt", "lockbox")
	transporttest.Put(t, remote, "Lockbox/S_LBX_2.txt.filepart", "half")
	remote.PutPartial("Lockbox/S_LBX_3.txt", []byte("half"))
	transporttest.Put(t, remote, "Lockbox/S_LBX_4.txt", "new")
	dir := t.TempDir()
	local, err := folder.Open(filepath.Join(dir, "in"))
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	transporttest.Put(t, local, "S_LBX_4.txt", "old") // as long as the remote one: taken as already here
	d := &Download{Remote: transport.New(hostileLister{remote.Driver()}), RemoteDir: "Lockbox", Local: local, Retry: fast}
	res, err := d.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Sent, " ") != "Lockbox/S_LBX_1.txt" {
		t.Fatalf("sent %v", res.Sent)
	}
	if transporttest.Get(t, local, "S_LBX_4.txt") != "old" {
		t.Fatal("a local file was overwritten")
	}
	es, _ := local.List(ctx, "")
	es = slices.DeleteFunc(es, func(e transport.Entry) bool { return e.Name == LockName })
	if len(es) != 2 {
		t.Fatalf("local folder holds %v", es)
	}
	if len(res.Errors) != 3 {
		t.Fatalf("hostile names not all refused: %v", res.Errors)
	}
	for _, err := range res.Errors {
		if !errors.Is(err, transport.ErrBadName) {
			t.Errorf("%v: want ErrBadName", err)
		}
	}
}

// TestDownloadReportsALocalCopyThatDiffers: a local file of the remote
// file's name but another size (saved short by an earlier run, or another
// file) is reported on every run, never skipped silently nor overwritten.
func TestDownloadReportsALocalCopyThatDiffers(t *testing.T) {
	remote, local := memory.New(), memory.New()
	transporttest.Put(t, remote, "Payments/S_PMT_1.txt", "the whole payment file")
	transporttest.Put(t, local, "S_PMT_1.txt", "the whole")
	d := &Download{Remote: remote.FS, RemoteDir: "Payments", Local: local.FS, Retry: fast}
	reportedEveryRun(t, d, local, "holds 9 bytes and the remote file 22", "the whole")
}

// reportedEveryRun runs d twice: each run must report the one file with
// an error saying want, save nothing, and leave the local copy holding keep.
func reportedEveryRun(t *testing.T, d *Download, local *memory.FS, want, keep string) {
	t.Helper()
	for run := 1; run <= 2; run++ {
		res, err := d.Run(ctx)
		if err != nil || len(res.Errors) != 1 || len(res.Sent) != 0 || !strings.Contains(res.Errors[0].Error(), want) {
			t.Fatalf("run %d: %+v %v; want an error saying %q", run, res, err, want)
		}
	}
	if got := transporttest.Get(t, local, "S_PMT_1.txt"); got != keep {
		t.Fatalf("the local copy was overwritten: %q", got)
	}
}

// TestDownloadReportsAReissuedFileOfTheSameSize: a remote file written
// again after its copy was saved here, holding other bytes of the same
// size (a corrected fixed-width file of as many records), is reported on
// every run and the local copy kept; written again with the same bytes,
// it is the copy, skipped.
func TestDownloadReportsAReissuedFileOfTheSameSize(t *testing.T) {
	remote, local := memory.New(), memory.New()
	transporttest.Put(t, remote, "Payments/S_PMT_1.txt", "PD 12.34")
	d := &Download{Remote: remote.FS, RemoteDir: "Payments", Local: local.FS, Retry: fast}
	if res, err := d.Run(ctx); err != nil || len(res.Sent) != 1 {
		t.Fatalf("first run: %+v %v", res, err)
	}
	later := time.Now().Add(time.Minute)
	remote.SetModTime("Payments/S_PMT_1.txt", later) // touched, the same bytes
	if res, err := d.Run(ctx); err != nil || len(res.Skipped) != 1 || len(res.Errors) != 0 {
		t.Fatalf("touched: %+v %v", res, err)
	}
	remote.Remove(ctx, "Payments/S_PMT_1.txt")
	transporttest.Put(t, remote, "Payments/S_PMT_1.txt", "PD 43.21")
	remote.SetModTime("Payments/S_PMT_1.txt", later)
	reportedEveryRun(t, d, local, "now holds other bytes of the same size", "PD 12.34")
}

// TestCancelStopsTheRun: a run whose context ends during a transfer
// returns the context's error and tries no other file.
func TestCancelStopsTheRun(t *testing.T) {
	local, remote := memory.New(), memory.New()
	transporttest.Put(t, local, "a.txt", "first")
	transporttest.Put(t, local, "b.txt", "second")
	run, cancel := context.WithCancel(ctx)
	defer cancel()
	var tried []string
	u := &Upload{Local: local.FS, Ext: "txt", Remote: remote.FS, Journal: journal(t), Retry: fast, SweepAfter: -1,
		Progress: func(name string, sent, total int64) {
			if sent == 0 {
				tried = append(tried, name)
				cancel()
			}
		}}
	res, err := u.Run(run)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("run: %v, want context.Canceled (%+v)", err, res)
	}
	if !slices.Equal(tried, []string{"a.txt"}) || len(res.Sent) != 0 || !slices.Equal(res.Skipped, []string{"a.txt"}) {
		t.Fatalf("tried %v, result %+v", tried, res)
	}
}
