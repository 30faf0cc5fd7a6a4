package email_test

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/transport/agent"
	"github.com/icbatch/caselle/transport/email"
	"github.com/icbatch/caselle/transport/email/emailtest"
	"github.com/icbatch/caselle/transport/folder"
)

// TestOutboxAsAnUploadTask: an agent upload task whose remote is the
// e-mail outbox sends each file once, as its own message, and renames it.
func TestOutboxAsAnUploadTask(t *testing.T) {
	s := emailtest.Start(t, true)
	dir := t.TempDir()
	local, err := folder.Open(filepath.Join(dir, "Lockbox"))
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	ctx := context.Background()
	for _, name := range []string{"SPANFORK_LBX_20261125_001.txt", "SPANFORK_LBX_20261126_001.txt"} {
		if err := local.Put(ctx, name, strings.NewReader("101 lockbox "+name+"\r\n")); err != nil {
			t.Fatal(err)
		}
	}
	j, err := agent.OpenJournal(filepath.Join(dir, "journal"))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	out := email.Outbox(email.Config{Addr: s.Addr, From: "invoicecloud@example.com", To: []string{"clerk@city.example"},
		TLSConfig: s.TLSConfig()}, email.Message{Subject: "Lockbox"})
	task := &agent.Upload{Local: local, Ext: "txt", Remote: out, Journal: j}
	for run := 1; run <= 2; run++ {
		res, err := task.Run(ctx)
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("run %d: %+v %v", run, res, err)
		}
		if want := map[int]int{1: 2, 2: 0}[run]; len(res.Sent) != want {
			t.Fatalf("run %d sent %v, want %d", run, res.Sent, want)
		}
	}
	if n := len(s.Messages()); n != 2 {
		t.Fatalf("%d messages, want one a file", n)
	}
	es, _ := local.List(ctx, "")
	for _, e := range es {
		if filepath.Ext(e.Name) != ".snt" && e.Name != agent.LockName {
			t.Fatalf("%s not renamed", e.Name)
		}
	}
}

// TestOutboxHoldsNothing: the outbox only sends: a file is never there to
// stat or list, and reading, removing or renaming is unsupported, so that
// an agent cannot take it for a folder it could download from.
func TestOutboxHoldsNothing(t *testing.T) {
	ctx := context.Background()
	out := email.Outbox(email.Config{Addr: "127.0.0.1:1", From: "a@city.example", To: []string{"b@city.example"}}, email.Message{})
	if _, err := out.Stat(ctx, "a.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat: %v, want fs.ErrNotExist", err)
	}
	if es, err := out.List(ctx, ""); err != nil || len(es) != 0 {
		t.Errorf("List: %v %v, want nothing", es, err)
	}
	if _, err := out.Open(ctx, "a.txt"); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Open: %v, want errors.ErrUnsupported", err)
	}
	if err := out.Remove(ctx, "a.txt"); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Remove: %v, want errors.ErrUnsupported", err)
	}
	if err := out.Rename(ctx, "a.txt", "b.txt"); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Rename: %v, want errors.ErrUnsupported", err)
	}
}
