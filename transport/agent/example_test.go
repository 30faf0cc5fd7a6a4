package agent_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/icbatch/caselle/transport/agent"
	"github.com/icbatch/caselle/transport/folder"
	"github.com/icbatch/caselle/transport/memory"
)

// An upload task sends each .txt file once and renames it to .snt.
func ExampleUpload() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	local, _ := folder.Open(filepath.Join(dir, "outbox"))
	defer local.Close()
	local.Put(context.Background(), "SPANFORK_INV_UB_20261125_001.txt", strings.NewReader("H1SPANFORK..."))
	journal, _ := agent.OpenJournal(filepath.Join(dir, "journal"))
	defer journal.Close()
	stratus := memory.New().FS // sftp.Dial(...) in production

	u := &agent.Upload{Local: local, Ext: "txt", Remote: stratus, RemoteDir: "ToInvoiceCloud/Invoices/UB", Journal: journal}
	res, err := u.Run(context.Background())
	fmt.Println(res.Sent, err)
	sent, _ := local.Stat(context.Background(), "SPANFORK_INV_UB_20261125_001.txt.snt")
	fmt.Println(sent.Name)
	res, _ = u.Run(context.Background())
	fmt.Println(len(res.Sent), "sent on the second run")
	// Output:
	// [SPANFORK_INV_UB_20261125_001.txt] <nil>
	// SPANFORK_INV_UB_20261125_001.txt.snt
	// 0 sent on the second run
}

func ExampleSchedule_Next() {
	s := agent.Schedule{Every: agent.Monthly, Start: time.Date(2026, 1, 31, 6, 0, 0, 0, time.UTC)}
	t := s.Start
	for i := 0; i < 3; i++ {
		t, _ = s.Next(t)
		fmt.Println(t.Format("2006-01-02 15:04"))
	}
	// Output:
	// 2026-02-28 06:00
	// 2026-03-31 06:00
	// 2026-04-30 06:00
}
