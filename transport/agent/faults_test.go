package agent

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/folder"
	"github.com/icbatch/caselle/transport/memory"
	"github.com/icbatch/caselle/transport/transporttest"
)

func idOf(s string) Identity { return Identity{Size: int64(len(s)), SHA256: sha256.Sum256([]byte(s))} }

// TestStaleJournalEntryDoesNotHideANewFile: a "sent" entry left behind (a
// crash between the local rename and the done mark) is of another file; a
// new file of that name is uploaded, not renamed unsent.
func TestStaleJournalEntryDoesNotHideANewFile(t *testing.T) {
	for _, tt := range []struct {
		name  string
		entry func(j *FileJournal) error
	}{
		{"identity", func(j *FileJournal) error { return j.MarkSent("a.txt", idOf("yesterday's file")) }},
		{"first format, name only", func(j *FileJournal) error {
			return j.record("sent a.txt\n", "a.txt", func() { j.sent["a.txt"] = Identity{} })
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			local, remote := memory.New(), memory.New()
			j := journal(t)
			if err := tt.entry(j); err != nil {
				t.Fatal(err)
			}
			transporttest.Put(t, local, "a.txt", "today's file")
			u := &Upload{Local: local.FS, Ext: "txt", Remote: remote.FS, Journal: j, Retry: fast}
			res, err := u.Run(ctx)
			if err != nil || len(res.Sent) != 1 || len(res.Errors) != 0 {
				t.Fatalf("run: %+v %v", res, err)
			}
			if got := transporttest.Get(t, remote, "a.txt"); got != "today's file" {
				t.Fatalf("remote holds %q: the new file was never uploaded", got)
			}
			if _, pending, _ := j.Sent("a.txt"); pending {
				t.Fatal("the journal still has a.txt pending")
			}
		})
	}
}

// TestStaleJournalEntryAndTheOldFileStillThere: the new file cannot be
// sent because the old one of that name is still on the server; it is
// refused with a clear error and left unrenamed.
func TestStaleJournalEntryAndTheOldFileStillThere(t *testing.T) {
	local, remote := memory.New(), memory.New()
	j := journal(t)
	j.MarkSent("a.txt", idOf("old"))
	transporttest.Put(t, remote, "a.txt", "old")
	transporttest.Put(t, local, "a.txt", "new")
	res, _ := (&Upload{Local: local.FS, Ext: "txt", Remote: remote.FS, Journal: j, Retry: fast}).Run(ctx)
	if len(res.Errors) != 1 || !errors.Is(res.Errors[0], fs.ErrExist) || !strings.Contains(res.Errors[0].Error(), "a different file a.txt is already there") {
		t.Fatalf("%+v", res)
	}
	if transporttest.Get(t, local, "a.txt") != "new" || transporttest.Get(t, remote, "a.txt") != "old" {
		t.Fatal("a file was changed")
	}
}

// TestTornJournalLineIsRecovered: a journal whose last line a crash cut
// short opens, drops that line and says so; the events before it stand.
func TestTornJournalLineIsRecovered(t *testing.T) {
	for _, torn := range []string{"sen", "sent 3 ab", "done a.t"} {
		p := filepath.Join(t.TempDir(), "journal")
		whole := sentLine("a.txt", idOf("abc"))
		if err := os.WriteFile(p, []byte(whole+torn), 0o644); err != nil {
			t.Fatal(err)
		}
		j, err := OpenJournal(p)
		if err != nil {
			t.Fatalf("torn %q: %v", torn, err)
		}
		if !strings.Contains(j.Recovered, "cut short") {
			t.Errorf("torn %q: Recovered = %q", torn, j.Recovered)
		}
		if id, ok, _ := j.Sent("a.txt"); !ok || id != idOf("abc") {
			t.Errorf("torn %q: the whole line before it is lost: %v %v", torn, id, ok)
		}
		if err := j.MarkDone("a.txt"); err != nil {
			t.Fatal(err)
		}
		j.Close()
		b, _ := os.ReadFile(p)
		if string(b) != whole+"done a.txt\n" {
			t.Errorf("torn %q: journal now %q", torn, b)
		}
	}
	// A bad line that is not the last is damage, not a crash: refused.
	hash := strings.Repeat("ab", 32)
	for _, bad := range []string{"garbage", "done", "sent", "sent 12 " + hash[2:] + " a.txt", "sent -1 " + hash + " a.txt",
		"sent 12 " + strings.Repeat("zz", 32) + " a.txt", "sent x " + hash + " a.txt"} {
		p := filepath.Join(t.TempDir(), "journal")
		os.WriteFile(p, []byte(bad+"\n"+sentLine("a.txt", idOf("abc"))), 0o644)
		if _, err := OpenJournal(p); err == nil || !strings.Contains(err.Error(), p+":1:") || !strings.Contains(err.Error(), strconv.Quote(bad)) {
			t.Errorf("a bad first line %q: %v", bad, err)
		}
	}
}

// TestJournalOfTheFirstFormat: a journal line of the first format ("sent
// NAME", no size or hash) is still read as pending; the run compares the
// remote file with the local one and, the same, only renames it.
func TestJournalOfTheFirstFormat(t *testing.T) {
	p := filepath.Join(t.TempDir(), "journal")
	os.WriteFile(p, []byte("sent a.txt\n"), 0o644)
	j, err := OpenJournal(p)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if id, pending, _ := j.Sent("a.txt"); !pending || id != (Identity{}) {
		t.Fatalf("first-format entry: %v %v", id, pending)
	}
	local, remote := memory.New(), memory.New()
	transporttest.Put(t, local, "a.txt", "payments")
	transporttest.Put(t, remote, "a.txt", "payments")
	res, err := (&Upload{Local: local.FS, Ext: "txt", Remote: remote.FS, Journal: j, Retry: fast}).Run(ctx)
	if err != nil || len(res.Sent) != 1 || len(res.Errors) != 0 {
		t.Fatalf("%+v %v", res, err)
	}
	if _, err := local.Stat(ctx, "a.txt.snt"); err != nil {
		t.Fatal(err)
	}
	if _, pending, _ := j.Sent("a.txt"); pending {
		t.Fatal("still pending")
	}
}

func TestJournalCompacts(t *testing.T) {
	p := filepath.Join(t.TempDir(), "journal")
	j, err := OpenJournal(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		n := fmt.Sprintf("f%d.txt", i)
		j.MarkSent(n, idOf(n))
		if i != 7 {
			j.MarkDone(n)
		}
	}
	j.Close()
	if j, err = OpenJournal(p); err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	b, _ := os.ReadFile(p)
	if string(b) != sentLine("f7.txt", idOf("f7.txt")) {
		t.Fatalf("compacted journal: %q", b)
	}
	if _, ok, _ := j.Sent("f7.txt"); !ok {
		t.Fatal("the pending entry was lost")
	}
}

// TestDotFilesAreNeverUploaded: the journal, the lock and any hidden file
// stay home whatever the extension.
func TestDotFilesAreNeverUploaded(t *testing.T) {
	dir := t.TempDir()
	local, err := folder.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	j, err := OpenJournal(filepath.Join(dir, ".icbatch-send.journal.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	transporttest.Put(t, local, ".hidden.txt", "x")
	transporttest.Put(t, local, "a.txt", "a")
	remote := memory.New()
	res, err := (&Upload{Local: local, Ext: "txt", Remote: remote.FS, Journal: j, Retry: fast}).Run(ctx)
	if err != nil || strings.Join(res.Sent, " ") != "a.txt" {
		t.Fatalf("%+v %v", res, err)
	}
	es, _ := remote.List(ctx, "")
	if len(es) != 1 {
		t.Fatalf("remote holds %v", es)
	}
}

// growing is a server on which the file name is still being written:
// every Open lets the writer add more.
type growing struct {
	transport.Driver
	mu   sync.Mutex
	name string
	data []byte
	more []string
	// staleList, when set, lists the size the file had before the last Open.
	staleList bool
	listed    int
}

func (g *growing) List(ctx context.Context, dir string) ([]transport.Entry, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	es, err := g.Driver.List(ctx, dir)
	es = append(es, transport.Entry{Name: g.name, Size: int64(len(g.data)), ModTime: time.Unix(int64(len(g.data)), 0)})
	g.listed = len(g.data)
	return es, err
}

func (g *growing) Stat(ctx context.Context, name string) (transport.Entry, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if name != "Payments/"+g.name {
		return g.Driver.Stat(ctx, name)
	}
	return transport.Entry{Name: name, Size: int64(len(g.data)), ModTime: time.Unix(int64(len(g.data)), 0)}, nil
}

func (g *growing) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if name != "Payments/"+g.name {
		return g.Driver.Open(ctx, name)
	}
	now := append([]byte(nil), g.data...)
	if len(g.more) > 0 {
		g.data = append(g.data, g.more[0]...)
		g.more = g.more[1:]
		if g.staleList {
			now = append([]byte(nil), g.data...)
		}
	}
	return io.NopCloser(bytes.NewReader(now)), nil
}

// TestDownloadOfAFileStillBeingWritten: a file that grows between the
// listing and the end of the copy is never saved short; it waits for a
// run that finds it still, then is saved whole.
func TestDownloadOfAFileStillBeingWritten(t *testing.T) {
	for _, stale := range []bool{false, true} {
		t.Run(fmt.Sprint("grows after the read: ", !stale), func(t *testing.T) {
			base := memory.New()
			base.MkdirAll(ctx, "Payments")
			g := &growing{Driver: base.Driver(), name: "S_PMT_1.txt", data: []byte("PH\r\nPD 1\r\n"), more: []string{"PD 2\r\n", "PT\r\n"}, staleList: stale}
			local := memory.New()
			d := &Download{Remote: transport.New(g), RemoteDir: "Payments", Local: local.FS, Retry: fast}
			for run := 1; run <= 2; run++ {
				res, err := d.Run(ctx)
				if err != nil || len(res.Later) != 1 || len(res.Sent) != 0 || len(res.Errors) != 0 {
					t.Fatalf("run %d while the file grows: %+v %v", run, res, err)
				}
				if _, err := local.Stat(ctx, "S_PMT_1.txt"); !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("run %d saved a file still being written: %v", run, err)
				}
			}
			res, err := d.Run(ctx)
			if err != nil || len(res.Sent) != 1 {
				t.Fatalf("run after the writer finished: %+v %v", res, err)
			}
			if got := transporttest.Get(t, local, "S_PMT_1.txt"); got != "PH\r\nPD 1\r\nPD 2\r\nPT\r\n" {
				t.Fatalf("saved %q", got)
			}
		})
	}
}

// TestMinAge: a file modified less than MinAge ago waits, to be sent or
// saved by a run that finds it quiet that long.
func TestMinAge(t *testing.T) {
	for _, kind := range []string{"upload", "download"} {
		from, to := memory.New(), memory.New()
		transporttest.Put(t, from, "Payments/S_PMT_1.txt", "PH")
		var task Runner = &Download{Remote: from.FS, RemoteDir: "Payments", Local: to.FS, Retry: fast, MinAge: time.Minute}
		if kind == "upload" {
			task = &Upload{Local: from.FS, LocalDir: "Payments", Ext: "txt", Remote: to.FS, Journal: journal(t), Retry: fast, MinAge: time.Minute}
		}
		if res, err := task.Run(ctx); err != nil || len(res.Later) != 1 || len(res.Sent) != 0 {
			t.Fatalf("%s of a file modified just now: %+v %v", kind, res, err)
		}
		from.SetModTime("Payments/S_PMT_1.txt", time.Now().Add(-2*time.Minute))
		if res, err := task.Run(ctx); err != nil || len(res.Sent) != 1 {
			t.Fatalf("%s of a file quiet for two minutes: %+v %v", kind, res, err)
		}
	}
}

// TestErrorsNoRetryCanFix are tried once; the rest as often as allowed.
func TestErrorsNoRetryCanFix(t *testing.T) {
	for _, err := range []error{
		errors.ErrUnsupported, transport.ErrNameTooLong, transport.ErrNoSpace, transport.ErrBadName, transport.ErrLocked,
		fs.ErrPermission, fs.ErrExist, &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC},
		&os.PathError{Op: "open", Path: "x", Err: syscall.ENAMETOOLONG}, fmt.Errorf("sftp: %w", syscall.EDQUOT),
	} {
		n := 0
		got := fast.do(ctx, func() error { n++; return fmt.Errorf("put: %w", err) })
		if n != 1 || !errors.Is(got, err) {
			t.Errorf("%v: %d attempts (%v), want 1", err, n, got)
		}
	}
	n := 0
	if err := fast.do(ctx, func() error { n++; return errors.New("connection reset") }); n != 3 || err == nil {
		t.Fatalf("a transient error: %d attempts: %v", n, err)
	}
}

// blockingPut holds every Put until release is closed.
type blockingPut struct {
	transport.Driver
	entered chan struct{}
	release chan struct{}
	once    sync.Once
}

func (b *blockingPut) Put(ctx context.Context, name string, r io.Reader) error {
	b.once.Do(func() { close(b.entered) })
	<-b.release
	return b.Driver.Put(ctx, name, r)
}

// TestSecondAgentOnAFolderSaysRunning: while one agent works on a folder
// a second one, on its own handle of the folder, says so and does nothing.
func TestSecondAgentOnAFolderSaysRunning(t *testing.T) {
	dir := t.TempDir()
	open := func() *transport.FS {
		f, err := folder.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	first, second := open(), open()
	transporttest.Put(t, first, "a.txt", "a")
	remote := memory.New()
	slow := &blockingPut{Driver: remote.Driver(), entered: make(chan struct{}), release: make(chan struct{})}
	j1 := journal(t)
	done := make(chan error)
	go func() {
		res, err := (&Upload{Local: first, Ext: "txt", Remote: transport.New(slow), Journal: j1, Retry: fast}).Run(ctx)
		if err == nil && len(res.Sent) != 1 {
			err = fmt.Errorf("first agent: %+v", res)
		}
		done <- err
	}()
	<-slow.entered
	res, err := (&Upload{Local: second, Ext: "txt", Remote: remote.FS, Journal: journal(t), Retry: fast}).Run(ctx)
	if !errors.Is(err, ErrRunning) || len(res.Sent)+len(res.Errors) != 0 || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
		t.Fatalf("second agent: %+v %v", res, err)
	}
	close(slow.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// Once the first is done, the folder is free again.
	if _, err := (&Upload{Local: second, Ext: "txt", Remote: remote.FS, Journal: journal(t), Retry: fast}).Run(ctx); err != nil {
		t.Fatalf("after the first agent finished: %v", err)
	}
}

func TestUploadSweepsOldPartials(t *testing.T) {
	local, remote := memory.New(), memory.New()
	remote.MkdirAll(ctx, "In")
	old := remote.PutPartial("In/a.txt", []byte("half"))
	remote.SetModTime(old, time.Now().Add(-48*time.Hour))
	young := remote.PutPartial("In/b.txt", []byte("in progress"))
	res, err := (&Upload{Local: local.FS, Ext: "txt", Remote: remote.FS, RemoteDir: "In", Journal: journal(t), Retry: fast}).Run(ctx)
	if err != nil || len(res.Swept) != 1 || res.Swept[0] != old {
		t.Fatalf("%+v %v", res, err)
	}
	if _, err := remote.Driver().Stat(ctx, young); err != nil {
		t.Fatalf("a young partial file was swept: %v", err)
	}
}

// TestRenameCutShortIsFinished: a crash inside the local rename (the new
// name linked, the old not yet removed) leaves both names; the rerun
// removes the old one instead of failing for ever on "exists".
func TestRenameCutShortIsFinished(t *testing.T) {
	local, remote := memory.New(), memory.New()
	j := journal(t)
	transporttest.Put(t, local, "a.txt", "a")
	transporttest.Put(t, local, "a.txt.snt", "a")
	transporttest.Put(t, remote, "a.txt", "a")
	j.MarkSent("a.txt", idOf("a"))
	res, err := (&Upload{Local: local.FS, Ext: "txt", Remote: remote.FS, Journal: j, Retry: fast}).Run(ctx)
	if err != nil || len(res.Sent) != 1 || len(res.Errors) != 0 {
		t.Fatalf("%+v %v", res, err)
	}
	if _, err := local.Stat(ctx, "a.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a.txt is still there: %v", err)
	}
}

// appending is a local folder in which the ERP is still writing a file:
// each Open of it lets the writer add the next piece, while the file is
// read (the reader sees it) or just after the read reached its end.
type appending struct {
	transport.Driver
	path, name string // the file on disk, and its name in the folder
	more       []string
	afterRead  bool
}

func (a *appending) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	rc, err := a.Driver.Open(ctx, name)
	if err != nil || name != a.name || len(a.more) == 0 {
		return rc, err
	}
	piece := a.more[0]
	a.more = a.more[1:]
	write := func() {
		f, err := os.OpenFile(a.path, os.O_APPEND|os.O_WRONLY, 0)
		if err == nil {
			f.WriteString(piece)
			f.Close()
		}
	}
	if !a.afterRead {
		write()
		return rc, nil
	}
	return struct {
		io.Reader
		io.Closer
	}{readThen(rc, write), rc}, nil
}

// readThen returns r, calling then once when r reaches its end.
func readThen(r io.Reader, then func()) io.Reader {
	return &thenReader{r: r, then: then}
}

type thenReader struct {
	r    io.Reader
	then func()
}

func (t *thenReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err == io.EOF && t.then != nil {
		t.then()
		t.then = nil
	}
	return n, err
}

// TestUploadOfAFileStillBeingWritten: a local file the ERP writes on
// while it is sent, or just after it was read, is not sent (nothing on
// the remote, not renamed, not journaled): it waits for a run that finds
// it still, and is then sent whole.
func TestUploadOfAFileStillBeingWritten(t *testing.T) {
	for _, afterRead := range []bool{false, true} {
		t.Run(fmt.Sprint("written after the read: ", afterRead), func(t *testing.T) {
			dir := t.TempDir()
			const name, whole = "SPANFORK_INV_UB_20261125_001.txt", "H1\r\nD1 1\r\nD1 2\r\nT1\r\n"
			os.WriteFile(filepath.Join(dir, name), []byte("H1\r\n"), 0o644)
			base, err := folder.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer base.Close()
			a := &appending{Driver: base.Driver(), path: filepath.Join(dir, name), name: name, more: []string{"D1 1\r\n", "D1 2\r\n", "T1\r\n"}, afterRead: afterRead}
			remote := memory.New()
			u := &Upload{Local: transport.New(a), Ext: "txt", Remote: remote.FS, Journal: journal(t), Retry: fast}
			for run := 1; run <= 3; run++ {
				res, err := u.Run(ctx)
				if err != nil || len(res.Later) != 1 || len(res.Sent) != 0 || len(res.Errors) != 0 {
					t.Fatalf("run %d while the file is written: %+v %v", run, res, err)
				}
				if es, _ := remote.List(ctx, ""); len(es) != 0 {
					t.Fatalf("run %d sent a file still being written: %v", run, es)
				}
				if _, pending, _ := u.Journal.Sent(name); pending {
					t.Fatalf("run %d journaled it as sent", run)
				}
			}
			res, err := u.Run(ctx)
			if err != nil || len(res.Sent) != 1 {
				t.Fatalf("run after the writer finished: %+v %v", res, err)
			}
			if got := transporttest.Get(t, remote, name); got != whole {
				t.Fatalf("sent %q, want %q", got, whole)
			}
			if _, err := os.Stat(filepath.Join(dir, name+".snt")); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestFileRewrittenAfterItWasSent: a file the ERP writes anew after it was
// sent, before the agent renames it .snt, keeps its name — the new content
// is never taken for sent — and the next run reports that another file of
// that name is already on the remote, never overwriting it.
func TestFileRewrittenAfterItWasSent(t *testing.T) {
	dir := t.TempDir()
	const name = "SPANFORK_INV_UB_20261125_001.txt"
	os.WriteFile(filepath.Join(dir, name), []byte("H1 first export\r\n"), 0o644)
	local, err := folder.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	remote := memory.New()
	u := &Upload{Local: local, Ext: "txt", Remote: remote.FS, Journal: journal(t), Retry: fast}
	hook = func(s string) {
		if s == "journaled" {
			later := time.Now().Add(time.Second)
			os.WriteFile(filepath.Join(dir, name), []byte("H1 second export, longer\r\n"), 0o644)
			os.Chtimes(filepath.Join(dir, name), later, later)
		}
	}
	defer func() { hook = nil }()
	res, err := u.Run(ctx)
	if err != nil || len(res.Sent) != 0 || len(res.Later) != 1 {
		t.Fatalf("run with the file rewritten: %+v %v", res, err)
	}
	hook = nil
	if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
		t.Fatalf("the rewritten file lost its name: %v", err)
	}
	if got := transporttest.Get(t, remote, name); got != "H1 first export\r\n" {
		t.Fatalf("the remote holds %q", got)
	}
	res, err = u.Run(ctx)
	if err != nil || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "a different file") {
		t.Fatalf("next run: %+v %v; want an error saying another file of that name is there", res, err)
	}
	if got := transporttest.Get(t, remote, name); got != "H1 first export\r\n" {
		t.Fatalf("overwritten: the remote holds %q", got)
	}
}

// TestUploadVetRefuses: a file Vet refuses is not sent nor renamed, and
// is reported on every run; the others go.
func TestUploadVetRefuses(t *testing.T) {
	local, remote := memory.New(), memory.New()
	transporttest.Put(t, local, "a.txt", "H1 whole")
	transporttest.Put(t, local, "b.txt", "H1 cut sh")
	vetted := 0
	u := &Upload{Local: local.FS, Ext: "txt", Remote: remote.FS, Journal: journal(t), Retry: fast,
		Vet: func(_ context.Context, name string, r io.Reader) error {
			vetted++
			b, err := io.ReadAll(r)
			if err != nil || !strings.HasSuffix(string(b), "whole") {
				return fmt.Errorf("%s: the file ends without its trailer", name)
			}
			return nil
		}}
	for run := 1; run <= 2; run++ {
		res, err := u.Run(ctx)
		if err != nil || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "b.txt: refused, not sent: b.txt: the file ends without its trailer") {
			t.Fatalf("run %d: %+v %v", run, res, err)
		}
		if _, err := remote.Stat(ctx, "b.txt"); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("run %d sent the refused file: %v", run, err)
		}
		if _, err := local.Stat(ctx, "b.txt"); err != nil {
			t.Fatalf("run %d: the refused file lost its name: %v", run, err)
		}
	}
	if transporttest.Get(t, remote, "a.txt") != "H1 whole" || vetted != 3 {
		t.Fatalf("a.txt not sent once (files vetted: %d, want 3)", vetted)
	}
}
