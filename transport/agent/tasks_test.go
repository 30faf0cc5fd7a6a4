package agent

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/memory"
)

func TestTasksFileRunsItsTasks(t *testing.T) {
	dir := t.TempDir()
	// in/Payments, where the download puts its files, is made by it.
	for _, d := range []string{"out/Invoices", "stratus/FromInvoiceCloud/Payments"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	os.WriteFile(filepath.Join(dir, "out/Invoices/SPANFORK_INV_20261125_001.txt"), []byte("H1"), 0o644)
	os.WriteFile(filepath.Join(dir, "stratus/FromInvoiceCloud/Payments/SPANFORK_PMT_20261125_001.txt"), []byte("PH"), 0o644)
	tasks := `{
	  "state_folder": "state",
	  "transports": {"stratus": {"type": "folder", "path": "stratus"}},
	  "tasks": [
	    {"name": "invoices", "type": "upload", "every": "daily", "start": "2026-11-25 06:30",
	     "local_folder": "out/Invoices", "extension": "txt", "transport": "stratus", "remote_folder": "ToInvoiceCloud/Invoices/UB"},
	    {"name": "payments", "type": "download", "every": "daily", "start": "2026-11-25 07:00", "end": "2027-11-25",
	     "transport": "stratus", "remote_folder": "FromInvoiceCloud/Payments", "local_folder": "in/Payments"}
	  ]}`
	path := filepath.Join(dir, "tasks.json")
	os.WriteFile(path, []byte(tasks), 0o644)
	tf, err := LoadTasks(path)
	if err != nil {
		t.Fatal(err)
	}
	s, closeAll, err := tf.Service(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	if err := s.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"stratus/ToInvoiceCloud/Invoices/UB/SPANFORK_INV_20261125_001.txt", "out/Invoices/SPANFORK_INV_20261125_001.txt.snt",
		"in/Payments/SPANFORK_PMT_20261125_001.txt", "state/invoices.journal"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("after the run: %v", err)
		}
	}
	if got := s.Jobs[1].Schedule.End.Format("2006-01-02 15:04"); got != "2027-11-25 23:59" {
		t.Errorf("the end date's whole day: %s", got)
	}
}

// TestOpenerGetsPathsOfTheTasksFile: the opener of an sftp or e-mail
// transport is handed its files' paths resolved against the tasks file's
// folder, as the TasksFile documents, not left to the working folder.
func TestOpenerGetsPathsOfTheTasksFile(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "out"), 0o755)
	abs := filepath.Join(t.TempDir(), "known_hosts")
	tf, err := ParseTasks(strings.NewReader(`{"transports": {
	    "stratus": {"type": "sftp", "url": "sftp://u@127.0.0.1:22/", "key_file": "keys/id", "known_hosts": "`+abs+`"},
	    "clerk": {"type": "email", "smtp": "127.0.0.1:25", "from": "a@city.example", "to": ["b@city.example"], "ca_file": "ca.pem"}},
	  "tasks": [
	    {"name": "a", "type": "upload", "every": "daily", "start": "2026-11-25 06:30", "local_folder": "out", "extension": "txt", "transport": "stratus"},
	    {"name": "b", "type": "upload", "every": "daily", "start": "2026-11-25 06:30", "local_folder": "out", "extension": "txt", "transport": "clerk"}]}`), dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]TransportSpec{}
	_, closeAll, err := tf.Service(context.Background(), func(_ context.Context, name string, spec TransportSpec) (*transport.FS, error) {
		got[name] = spec
		return memory.New().FS, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	if s := got["stratus"]; s.KeyFile != filepath.Join(dir, "keys/id") || s.KnownHosts != abs {
		t.Errorf("sftp: key_file %q, known_hosts %q; want %q, %q", s.KeyFile, s.KnownHosts, filepath.Join(dir, "keys/id"), abs)
	}
	if s := got["clerk"]; s.CAFile != filepath.Join(dir, "ca.pem") {
		t.Errorf("email: ca_file %q, want %q", s.CAFile, filepath.Join(dir, "ca.pem"))
	}
}

// TestServiceNamesAMissingFolder: an upload's local folder or a folder
// transport that is not there stops Service, naming the task or the
// transport (TestTasksFileRunsItsTasks: a download's is made).
func TestServiceNamesAMissingFolder(t *testing.T) {
	for _, c := range []struct{ make, want string }{
		{"ic", `agent: task "up": `},
		{"out", `agent: transport "ic": `},
	} {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, c.make), 0o755)
		tf, err := ParseTasks(strings.NewReader(`{"transports": {"ic": {"type": "folder", "path": "ic"}},
		  "tasks": [{"name": "up", "type": "upload", "every": "daily", "start": "2026-11-25 06:30", "local_folder": "out", "extension": "txt", "transport": "ic"}]}`), dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := tf.Service(context.Background(), nil); err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("only %s/ there: %v; want an error starting %q, fs.ErrNotExist", c.make, err, c.want)
		}
	}
}

func TestTasksFileRefusesWhatIsWrong(t *testing.T) {
	for _, tt := range []struct{ json, want string }{
		{`{"tasks": [], "transport": {}}`, `unknown field "transport"`},
		{`{"transports": {"s": {"type": "ftp"}}}`, `transport "s": type "ftp"`},
		{`{"transports": {"s": {"type": "folder", "path": "x"}}, "tasks": [{"name": "a", "type": "upload", "every": "daily", "start": "2026-11-25 06:30", "local_folder": "o", "transport": "t"}]}`, `task 1 ("a"): transport "t" is not in transports`},
		{`{"transports": {"s": {"type": "folder", "path": "x"}}, "tasks": [{"name": "a", "type": "upload", "every": "daily", "start": "2026-11-25 06:30", "local_folder": "o", "transport": "s"}]}`, `an upload needs an extension`},
		{`{"transports": {"s": {"type": "folder", "path": "x"}}, "tasks": [{"name": "a", "type": "download", "every": "hourly", "start": "2026-11-25 06:30", "local_folder": "o", "transport": "s"}]}`, `frequency "hourly"`},
		{`{"transports": {"s": {"type": "folder", "path": "x"}}, "tasks": [{"name": "a", "type": "download", "every": "daily", "start": "tomorrow", "local_folder": "o", "transport": "s"}]}`, `start "tomorrow"`},
		{`{"transports": {"s": {"type": "folder", "path": "x"}}, "tasks": [{"name": "../a", "type": "download", "every": "daily", "start": "2026-11-25 06:30", "local_folder": "o", "transport": "s"}]}`, `names the task's journal`},
		{`{"transports": {"m": {"type": "email", "smtp": "h:25", "from": "a@b", "to": ["c@d"]}}, "tasks": [{"name": "a", "type": "download", "every": "daily", "start": "2026-11-25 06:30", "local_folder": "o", "transport": "m"}]}`, `e-mail can only deliver`},
	} {
		_, err := ParseTasks(strings.NewReader(tt.json), t.TempDir())
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.json, err, tt.want)
		}
	}
}
