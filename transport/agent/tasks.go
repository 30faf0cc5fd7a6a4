package agent

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"time"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/folder"
)

// TasksFile is the agent's configuration, as JSON: where files travel
// (transports, by name), the tasks with their schedules, and the folder
// the agent keeps its journals and state in. Relative paths are relative
// to the tasks file.
//
//	{
//	  "state_folder": "state",
//	  "transports": {
//	    "stratus": {"type": "sftp", "url": "sftp://spanfork@stratus.example:22/", "key_file": "biller_ed25519", "known_hosts": "known_hosts"},
//	    "clerk":   {"type": "email", "smtp": "mail.city.example:587", "from": "agent@city.example", "to": ["clerk@city.example"]}
//	  },
//	  "tasks": [
//	    {"name": "invoices", "type": "upload", "every": "daily", "start": "2026-11-25 06:30",
//	     "local_folder": "out/ToInvoiceCloud/Invoices/UB", "extension": "txt",
//	     "transport": "stratus", "remote_folder": "ToInvoiceCloud/Invoices/UB"},
//	    {"name": "payments", "type": "download", "every": "daily", "start": "2026-11-25 07:00", "end": "2027-11-25",
//	     "transport": "stratus", "remote_folder": "FromInvoiceCloud/Payments", "local_folder": "in/Payments"}
//	  ]
//	}
//
// Unknown keys, unknown transports and settings that cannot work are
// refused when the file is loaded (LoadTasks, ParseTasks); a missing
// upload folder or folder transport when Service opens it (a download's
// local folder is made). Each error names the task or transport.
type TasksFile struct {
	State      string                   `json:"state_folder"`
	Transports map[string]TransportSpec `json:"transports"`
	Tasks      []TaskSpec               `json:"tasks"`
	dir        string                   // the tasks file's folder
}

// TransportSpec says how to reach a place. Type "folder" (Path) is
// opened by the agent itself; "sftp" and "email" by the Opener given to
// Service (the icbatch command has one), which is handed the spec with
// its file paths (path, key_file, known_hosts, ca_file) resolved against
// the tasks file's folder.
type TransportSpec struct {
	Type string `json:"type"` // folder, sftp or email
	Path string `json:"path,omitempty"`
	// sftp
	URL         string `json:"url,omitempty"` // sftp://user@host:port/root
	KeyFile     string `json:"key_file,omitempty"`
	KnownHosts  string `json:"known_hosts,omitempty"`
	HostKey     string `json:"host_key,omitempty"`     // SHA256:… fingerprint
	PasswordEnv string `json:"password_env,omitempty"` // sftp and email
	// email
	SMTP     string   `json:"smtp,omitempty"` // host:port
	From     string   `json:"from,omitempty"`
	To       []string `json:"to,omitempty"`
	Username string   `json:"username,omitempty"`
	TLS      string   `json:"tls,omitempty"` // starttls (default) or tls
	Subject  string   `json:"subject,omitempty"`
	CAFile   string   `json:"ca_file,omitempty"` // PEM certificates to trust for the server instead of the system's (a relay with a private CA)
}

// TaskSpec is one task of a tasks file.
type TaskSpec struct {
	Name         string    `json:"name"`
	Type         string    `json:"type"` // upload or download
	Every        Frequency `json:"every"`
	Start        string    `json:"start"`         // "2026-11-25 06:30", local time
	End          string    `json:"end,omitempty"` // "2027-11-25": the last day it runs
	LocalFolder  string    `json:"local_folder"`
	Extension    string    `json:"extension,omitempty"` // upload
	Transport    string    `json:"transport"`
	RemoteFolder string    `json:"remote_folder,omitempty"`
	MinAge       string    `json:"min_age,omitempty"` // "2m": a file modified more recently waits for a later run
	// NoCheck (upload) sends files without vetting them: the icbatch
	// agent vets each Invoice Cloud file it can read (it must validate),
	// as icbatch send does without --no-check.
	NoCheck bool `json:"no_check,omitempty"`
}

// LoadTasks reads and checks a tasks file.
func LoadTasks(path string) (*TasksFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("agent: tasks file: %w", err)
	}
	tf, err := ParseTasks(bytes.NewReader(data), filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return tf, nil
}

// ParseTasks reads a tasks file whose relative paths are relative to dir.
func ParseTasks(r io.Reader, dir string) (*TasksFile, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var tf TasksFile
	if err := dec.Decode(&tf); err != nil {
		return nil, fmt.Errorf("agent: tasks file: %w", err)
	}
	tf.dir = dir
	return &tf, tf.Check()
}

var taskName = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]*$`)

// Check says what is wrong with the tasks file, or nil.
func (tf *TasksFile) Check() error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(tf.Transports)) {
		t := tf.Transports[name]
		switch {
		case t.Type == "folder" && t.Path == "":
			errs = append(errs, fmt.Errorf("transport %q: a folder needs a path", name))
		case t.Type == "sftp" && t.URL == "":
			errs = append(errs, fmt.Errorf("transport %q: sftp needs a url (sftp://user@host:port/folder)", name))
		case t.Type == "email" && (t.SMTP == "" || t.From == "" || len(t.To) == 0):
			errs = append(errs, fmt.Errorf("transport %q: email needs smtp, from and to", name))
		case t.Type != "folder" && t.Type != "sftp" && t.Type != "email":
			errs = append(errs, fmt.Errorf("transport %q: type %q: want folder, sftp or email", name, t.Type))
		}
	}
	seen := map[string]bool{}
	for i, t := range tf.Tasks {
		where := fmt.Sprintf("task %d (%q)", i+1, t.Name)
		if _, err := t.schedule(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		}
		tr, ok := tf.Transports[t.Transport]
		switch {
		case t.Name == "" || seen[t.Name]:
			errs = append(errs, fmt.Errorf("%s: every task needs a name of its own", where))
		case !taskName.MatchString(t.Name):
			errs = append(errs, fmt.Errorf("%s: a name is letters, digits, '.', '_' and '-' (it names the task's journal)", where))
		case t.Type != "upload" && t.Type != "download":
			errs = append(errs, fmt.Errorf("%s: type %q: want upload or download", where, t.Type))
		case t.LocalFolder == "":
			errs = append(errs, fmt.Errorf("%s: no local_folder", where))
		case !ok:
			errs = append(errs, fmt.Errorf("%s: transport %q is not in transports", where, t.Transport))
		case t.Type == "upload" && t.Extension == "":
			errs = append(errs, fmt.Errorf("%s: an upload needs an extension", where))
		case t.Type == "download" && tr.Type == "email":
			errs = append(errs, fmt.Errorf("%s: e-mail can only deliver (upload), not be downloaded from", where))
		}
		if t.MinAge != "" {
			if _, err := time.ParseDuration(t.MinAge); err != nil {
				errs = append(errs, fmt.Errorf("%s: min_age %q: want a duration such as 2m", where, t.MinAge))
			}
		}
		seen[t.Name] = true
	}
	return errors.Join(errs...)
}

func (t TaskSpec) schedule() (Schedule, error) {
	start, err := time.ParseInLocation("2006-01-02 15:04", t.Start, time.Local)
	if err != nil {
		return Schedule{}, fmt.Errorf("start %q: want YYYY-MM-DD HH:MM", t.Start)
	}
	s := Schedule{Every: t.Every, Start: start}
	if t.End != "" {
		end, err := time.ParseInLocation("2006-01-02", t.End, time.Local)
		if err != nil {
			return Schedule{}, fmt.Errorf("end %q: want YYYY-MM-DD", t.End)
		}
		s.End = end.AddDate(0, 0, 1).Add(-time.Nanosecond) // the whole last day
	}
	return s, s.Check()
}

// Path resolves a path of the tasks file.
func (tf *TasksFile) Path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(tf.dir, p)
}

// resolved returns s with its file paths resolved by Path.
func (tf *TasksFile) resolved(s TransportSpec) TransportSpec {
	s.Path, s.KeyFile, s.KnownHosts, s.CAFile = tf.Path(s.Path), tf.Path(s.KeyFile), tf.Path(s.KnownHosts), tf.Path(s.CAFile)
	return s
}

// Opener opens a transport that is not a folder (sftp, email).
type Opener func(ctx context.Context, name string, spec TransportSpec) (*transport.FS, error)

// Service opens every transport and local folder the tasks need and
// returns the service that runs them, and how to close what it opened.
func (tf *TasksFile) Service(ctx context.Context, open Opener) (*Service, func() error, error) {
	var closers []func() error
	closeAll := func() error {
		var errs []error
		for _, c := range closers {
			errs = append(errs, c())
		}
		return errors.Join(errs...)
	}
	fail := func(err error) (*Service, func() error, error) {
		closeAll()
		return nil, nil, err
	}
	state := tf.Path(tf.State)
	if state == "" {
		state = tf.Path(".icbatch-agent")
	}
	if err := os.MkdirAll(state, 0o755); err != nil {
		return fail(err)
	}
	remotes := map[string]*transport.FS{}
	remote := func(name string) (*transport.FS, error) {
		if f, ok := remotes[name]; ok {
			return f, nil
		}
		spec := tf.resolved(tf.Transports[name])
		var f *transport.FS
		var err error
		switch {
		case spec.Type == "folder":
			f, err = folder.OpenExisting(spec.Path)
		case open == nil:
			err = fmt.Errorf("transport %q: %s is not available here", name, spec.Type)
		default:
			f, err = open(ctx, name, spec)
		}
		if err != nil {
			return nil, fmt.Errorf("agent: transport %q: %w", name, err)
		}
		remotes[name] = f
		closers = append(closers, f.Close)
		return f, nil
	}
	s := &Service{State: filepath.Join(state, "schedule.json")}
	for _, t := range tf.Tasks {
		sched, _ := t.schedule()
		r, err := remote(t.Transport)
		if err != nil {
			return fail(err)
		}
		openLocal := folder.OpenExisting // an upload's: a misspelt one would send nothing
		if t.Type == "download" {
			openLocal = folder.Open // where files arrive: made when missing
		}
		local, err := openLocal(tf.Path(t.LocalFolder))
		if err != nil {
			return fail(fmt.Errorf("agent: task %q: %w", t.Name, err))
		}
		closers = append(closers, local.Close)
		var task Runner
		minAge, _ := time.ParseDuration(t.MinAge) // checked by Check
		if t.Type == "upload" {
			j, err := OpenJournal(filepath.Join(state, t.Name+".journal"))
			if err != nil {
				return fail(fmt.Errorf("agent: task %q: %w", t.Name, err))
			}
			closers = append(closers, j.Close)
			task = &Upload{Local: local, Ext: t.Extension, Remote: r, RemoteDir: t.RemoteFolder, Journal: j, MinAge: minAge}
		} else {
			task = &Download{Remote: r, RemoteDir: t.RemoteFolder, Local: local, MinAge: minAge}
		}
		s.Jobs = append(s.Jobs, Job{Name: t.Name, Schedule: sched, Task: task})
	}
	return s, closeAll, nil
}
