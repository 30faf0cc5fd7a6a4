package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/agent"
	"github.com/icbatch/caselle/transport/folder"
	"github.com/icbatch/caselle/transport/sftp"
)

// remoteFlags are how to reach the other side.
type remoteFlags struct {
	knownHosts, hostKey, keyFile, passwordEnv *string
}

func addRemoteFlags(fs interface {
	String(name, value, usage string) *string
}) remoteFlags {
	return remoteFlags{
		knownHosts:  fs.String("known-hosts", "", "sftp: known_hosts file the server's key must be in"),
		hostKey:     fs.String("host-key", "", "sftp: the server key's SHA256 fingerprint (ssh-keygen -lf)"),
		keyFile:     fs.String("key", "", "sftp: private key file (OpenSSH format, unencrypted)"),
		passwordEnv: fs.String("password-env", "", "sftp: name of the environment variable holding the password"),
	}
}

// openRemote opens a local folder, or sftp://user@host:port/root.
func openRemote(ctx context.Context, spec string, rf remoteFlags) (*transport.FS, func() error, error) {
	if !strings.HasPrefix(spec, "sftp://") {
		f, err := folder.OpenExisting(spec)
		if err != nil {
			return nil, nil, err
		}
		return f, f.Close, nil
	}
	f, err := dialSFTP(ctx, spec, sftpAuth{knownHosts: *rf.knownHosts, hostKey: *rf.hostKey, keyFile: *rf.keyFile, passwordEnv: *rf.passwordEnv}, "--")
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

// sftpAuth is how to check the server and log in.
type sftpAuth struct{ knownHosts, hostKey, keyFile, passwordEnv string }

// dialSFTP connects to sftp://user@host:port/root; flag is how errors
// name the settings ("--" for flags, "" for a tasks file's keys).
func dialSFTP(ctx context.Context, spec string, a sftpAuth, flag string) (*transport.FS, error) {
	name := func(f, key string) string {
		if flag == "" {
			return key
		}
		return flag + f
	}
	cfg, err := sftp.ParseURL(spec)
	if err != nil {
		return nil, usagef("remote %q: want sftp://user@host:port/folder", spec)
	}
	cfg.KnownHosts, cfg.HostKeySHA256 = a.knownHosts, a.hostKey
	if cfg.KnownHosts == "" && cfg.HostKeySHA256 == "" {
		return nil, usagef("%s: give %s or %s so that the server can be checked", spec, name("known-hosts", "known_hosts"), name("host-key", "host_key"))
	}
	if a.keyFile != "" {
		if cfg.Signer, err = sftp.LoadKey(a.keyFile); err != nil {
			return nil, usagef("%s %s: %v", name("key", "key_file"), a.keyFile, err)
		}
	}
	if a.passwordEnv != "" {
		cfg.Password = os.Getenv(a.passwordEnv)
		if cfg.Password == "" {
			return nil, usagef("%s %s: the variable is empty or unset", name("password-env", "password_env"), a.passwordEnv)
		}
	}
	if cfg.Signer == nil && cfg.Password == "" {
		return nil, usagef("%s: give %s or %s to log in", spec, name("key", "key_file"), name("password-env", "password_env"))
	}
	return sftp.Dial(ctx, cfg)
}

// sendCmd runs a Stratus-style upload: icbatch send --from DIR --ext txt --to REMOTE.
func sendCmd(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlags("send")
	from := fs.String("from", "", "local folder to pick files up from")
	ext := fs.String("ext", "", "extension of the files to send (never snt)")
	to := fs.String("to", "", "remote: a folder, or sftp://user@host:port/folder")
	remoteDir := fs.String("remote-dir", "", "folder under the remote root, e.g. ToInvoiceCloud/Invoices/UB")
	journal := fs.String("journal", "", "journal file (default: .icbatch-send.journal in --from)")
	noCheck := fs.Bool("no-check", false, "send files that are not Invoice Cloud file names or do not validate")
	minAge := minAgeFlag(fs, "Caselle")
	showProgress := fs.Bool("progress", false, "show progress when standard error is not a terminal too (on a terminal it always shows)")
	rf := addRemoteFlags(fs)
	if err := parse(fs, args); err != nil {
		return exitUsage, err
	}
	if *from == "" || *to == "" || *ext == "" {
		return exitUsage, usagef("send needs --from, --ext and --to")
	}
	if strings.EqualFold(strings.TrimPrefix(*ext, "."), agent.SentExt) {
		return exitUsage, usagef("--ext %q cannot be an upload extension: sent files are renamed to .%s", *ext, agent.SentExt)
	}
	if !*noCheck {
		if bad, err := checkOutgoing(*from, *ext, stderr); err != nil {
			return exitUsage, err
		} else if bad > 0 {
			fmt.Fprintf(stderr, "icbatch send: %d files refused, nothing sent (--no-check sends them anyway)\n", bad)
			return exitInvalid, nil
		}
	}
	ctx := context.Background()
	local, remote, closeBoth, err := openEnds(ctx, *from, false, *to, rf)
	if err != nil {
		return exitUsage, err
	}
	defer closeBoth()
	jpath := *journal
	if jpath == "" {
		jpath = filepath.Join(*from, ".icbatch-send.journal")
	}
	j, err := agent.OpenJournal(jpath)
	if err != nil {
		return exitUsage, err
	}
	defer j.Close()
	u := &agent.Upload{Local: local, Ext: *ext, Remote: remote, RemoteDir: *remoteDir, Journal: j, MinAge: *minAge,
		Retry: agent.Retry{First: time.Second, Max: 30 * time.Second}}
	p := newProgress(stderr, *showProgress)
	u.Progress = p.bytes
	res, err := u.Run(ctx)
	p.done()
	return report(res, err, "sent", stdout, stderr)
}

// fetchCmd runs a Stratus-style download.
func fetchCmd(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlags("fetch")
	from := fs.String("from", "", "remote: a folder, or sftp://user@host:port/folder")
	remoteDir := fs.String("remote-dir", "", "folder under the remote root, e.g. FromInvoiceCloud/Payments")
	to := fs.String("to", "", "local folder to save into")
	minAge := minAgeFlag(fs, "Invoice Cloud")
	showProgress := fs.Bool("progress", false, "show progress when standard error is not a terminal too (on a terminal it always shows)")
	rf := addRemoteFlags(fs)
	if err := parse(fs, args); err != nil {
		return exitUsage, err
	}
	if *from == "" || *to == "" {
		return exitUsage, usagef("fetch needs --from and --to")
	}
	ctx := context.Background()
	local, remote, closeBoth, err := openEnds(ctx, *to, true, *from, rf)
	if err != nil {
		return exitUsage, err
	}
	defer closeBoth()
	p := newProgress(stderr, *showProgress)
	res, err := (&agent.Download{Remote: remote, RemoteDir: *remoteDir, Local: local, Progress: p.bytes, MinAge: *minAge}).Run(ctx)
	p.done()
	return report(res, err, "saved", stdout, stderr)
}

// openEnds opens the two ends of a send or a fetch: the local folder dir
// (made when missing if create, for a fetch) and the remote spec (a folder
// must exist); closeBoth closes them.
func openEnds(ctx context.Context, dir string, create bool, spec string, rf remoteFlags) (local, remote *transport.FS, closeBoth func(), err error) {
	open := folder.OpenExisting
	if create {
		open = folder.Open
	}
	local, err = open(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	remote, closeRemote, err := openRemote(ctx, spec, rf)
	if err != nil {
		local.Close()
		return nil, nil, nil, err
	}
	return local, remote, func() { closeRemote(); local.Close() }, nil
}

// minAgeFlag is --min-age: a file modified more recently waits for a
// later run, as one who (Caselle, Invoice Cloud) may still be writing.
func minAgeFlag(fs *flag.FlagSet, who string) *time.Duration {
	return fs.Duration("min-age", 0, "leave files modified less than this long ago (e.g. 2m) for a later run, as ones "+who+" may still be writing")
}

func report(res agent.Result, err error, verb string, stdout, stderr io.Writer) (int, error) {
	if err != nil {
		return exitUsage, err
	}
	for _, n := range res.Sent {
		fmt.Fprintf(stdout, "%s %s\n", verb, n)
	}
	for _, n := range res.Later {
		fmt.Fprintf(stderr, "%s: left for a later run: modified too recently, or changed while it was read\n", n)
	}
	for _, e := range res.Errors {
		fmt.Fprintln(stderr, e)
	}
	if len(res.Errors) > 0 {
		return exitInvalid, nil
	}
	return exitOK, nil
}

// checkOutgoing checks every file send would pick up: an Invoice Cloud
// file name (FORMATS §1) and a file that validates. It reports each
// refused file in one line and returns how many were.
func checkOutgoing(dir, ext string, stderr io.Writer) (int, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	suffix := "." + strings.ToLower(strings.TrimPrefix(ext, "."))
	bad := 0
	for _, e := range es {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(strings.ToLower(name), suffix) {
			continue
		}
		if _, err := transport.ParseICName(name); err != nil {
			fmt.Fprintf(stderr, "%s: refused: %v\n", name, err)
			bad++
			continue
		}
		var problems strings.Builder
		code, err := validateFile(filepath.Join(dir, name), nil, kindOptions{maxErrors: 1}, &problems)
		if err != nil || code != exitOK {
			why := strings.TrimSpace(problems.String())
			if err != nil {
				why = ioMessage(name, err)
			}
			fmt.Fprintf(stderr, "%s: refused: it does not validate: %s\n", name, why)
			bad++
		}
	}
	return bad, nil
}
