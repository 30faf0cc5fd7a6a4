// Command icbatch validates, converts and generates the batch files
// exchanged between Caselle and Invoice Cloud.
//
//	icbatch validate [--kind KIND] [--layout FILE] [--max-errors N] FILE...
//	icbatch summary [--kind KIND] FILE...
//	icbatch convert --to json [--kind KIND] [--layout FILE] [--out FILE] FILE
//	icbatch generate --kind KIND [--seed N] [--count N] [--date YYYY-MM-DD] [--biller CODE] [--out FILE]
//	icbatch layout --kind KIND [--format json|markdown]
//	icbatch lockbox build --orders FILE --gl FILE --biller CODE --lockbox N [--mask FF-SS-RRR] [--max-per-batch N] [--created TIME] [--out FILE | --dir DIR]
//	icbatch lockbox sample --orders FILE --gl FILE [--seed N] [--count N]
//	icbatch send --from DIR --ext EXT --to DIR|sftp://user@host:port/folder [--remote-dir D] [--known-hosts F|--host-key SHA256:…] [--key F|--password-env VAR]
//	icbatch fetch --from DIR|sftp://… --remote-dir D --to DIR [same flags]
//	icbatch agent --tasks FILE [--once] [--log-format text|json]
//
// validate prints each problem as FILE:LINE: RECORD FIELD: message and
// exits 0 when every file is valid, 1 when any is invalid, 2 on usage or
// I/O errors. convert writes JSON Lines, one record a line, money as
// strings; invoice files convert to connect, clarity or bif too. Kinds:
// payment, lockbox, adjustment, optout, connect, clarity, bif. lockbox build turns CloudStore orders
// and a GL map (CSV files) into a lockbox file and exits 1, writing
// nothing, when an item has no GL account or an order is bad.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/icbatch/caselle/internal/durable"
	"github.com/icbatch/caselle/optout"
)

const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// usageError is a mistake in how the command was called.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

const usage = `icbatch: batch files between Caselle and Invoice Cloud

usage:
  icbatch validate [--kind KIND] [--layout FILE] [--max-errors N] [--mask FF-SS-RRR] [--format text|json] FILE...
  icbatch summary [--kind KIND] FILE...
  icbatch convert --to json|connect|clarity|bif [--customization FILE] [--kind KIND] [--out FILE] FILE
  icbatch generate --kind KIND [--seed N] [--count N] [--date YYYY-MM-DD] [--biller CODE] [--out FILE]
  icbatch layout --kind KIND [--format json|markdown]
  icbatch lockbox build --orders FILE --gl FILE --biller CODE --lockbox N [--mask FF-SS-RRR] [--max-per-batch N] [--created TIME] [--out FILE | --dir DIR]
  icbatch lockbox sample --orders FILE --gl FILE [--seed N] [--count N]
  icbatch send --from DIR --ext EXT --to DIR|sftp://user@host:port/folder [--remote-dir D] [--journal F] [--no-check] [--progress]
               [--known-hosts FILE | --host-key SHA256:...] [--key FILE | --password-env VAR]
  icbatch fetch --from DIR|sftp://... --remote-dir D --to DIR [the same flags]
  icbatch agent --tasks FILE [--once] [--log-format text|json]
  icbatch extract [--template reference|FILE.json] [--invoices FILE [--customization FILE]] [--split DIR]
                  [--debug DIR] --index OUT.csv PRINT.pdf...

send picks up *.EXT, sends each file once and renames it to .snt (Stratus);
fetch saves remote files it does not have, skipping partial ones. Both show
progress in one line on a terminal (--progress: on a pipe too).
extract finds the bills of print files (exit 0 when every bill was read and,
with --invoices, ties to its invoice; 1 when any bill or file is wrong).
agent runs the tasks of a tasks file on their schedules until SIGINT or
SIGTERM (the file in flight finishes first); --once runs each task once.
validate exits 0 when every file is valid, 1 when any is invalid, 2 on usage
or I/O errors. summary prints counts and totals per file: payments by batch,
settlement date and method; invoices by type; lockbox by GL account. Without --kind the kind is told from the file's first record.
kinds: %s
`

// commands are the subcommands, in the order the usage names them.
var commands = []struct {
	name string
	run  func(args []string, stdout, stderr io.Writer) (int, error)
}{
	{"validate", validateCmd},
	{"summary", summaryCmd},
	{"convert", convertCmd},
	{"generate", func(args []string, stdout, _ io.Writer) (int, error) { return generateCmd(args, stdout) }},
	{"layout", func(args []string, stdout, _ io.Writer) (int, error) { return layoutCmd(args, stdout) }},
	{"lockbox", lockboxCmd},
	{"send", sendCmd},
	{"fetch", fetchCmd},
	{"agent", func(args []string, _, stderr io.Writer) (int, error) { return agentCmd(args, stderr) }},
	{"extract", extractCmd},
}

// command returns the subcommand called name, or nil.
func command(name string) func([]string, io.Writer, io.Writer) (int, error) {
	for _, c := range commands {
		if c.name == name {
			return c.run
		}
	}
	return nil
}

// run is the whole command, for tests: it never panics.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "icbatch: internal error: %v (please report it with the file that caused it)\n", r)
			code = exitUsage
		}
	}()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(stdout, usage, strings.Join(kindNames(), ", "))
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	var err error
	if c := command(args[0]); c != nil {
		code, err = c(args[1:], stdout, stderr)
	} else {
		names := make([]string, len(commands))
		for i, c := range commands {
			names[i] = c.name
		}
		err = usagef("unknown command %q (want %s or %s)", args[0], strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
	}
	var help *helpError
	if errors.As(err, &help) {
		help.usage(stdout)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "icbatch %s: %v\n", args[0], err)
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "run 'icbatch help' for usage\n")
		}
		return exitUsage
	}
	return code
}

// newFlags returns a flag set that reports instead of exiting.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	// Allow flags after file names: icbatch validate a.txt --kind payment.
	var flags, files []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			files = append(files, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") {
				if f := fs.Lookup(name); f != nil {
					if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); !isBool && i+1 < len(args) {
						flags = append(flags, args[i+1])
						i++
					}
				}
			}
			continue
		}
		files = append(files, a)
	}
	if err := fs.Parse(append(flags, append([]string{"--"}, files...)...)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &helpError{fs}
		}
		return usagef("%v", err)
	}
	return nil
}

// helpError is -h or --help: the command's usage, on standard output,
// and exit 0.
type helpError struct{ fs *flag.FlagSet }

func (e *helpError) Error() string { return "help requested" }

// usage prints a command's flags with their defaults.
func (e *helpError) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: icbatch %s [flags] [files]\n\nflags:\n", e.fs.Name())
	e.fs.SetOutput(w)
	e.fs.PrintDefaults()
	e.fs.SetOutput(io.Discard)
}

// openIn opens a file to read, or standard input for "-".
func openIn(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(os.Stdin), nil
	}
	return os.Open(name)
}

// output opens --out (or standard output) behind a buffer. A file is
// written under a hidden name beside it and given its name by done(true)
// only, once whole: a command that fails (done(false)) leaves a file of
// that name as it was, and --out may name the command's own input (read
// whole before it is replaced) without destroying it.
func output(name string, stdout io.Writer) (w *bufio.Writer, done func(keep bool) error, err error) {
	if name == "" || name == "-" {
		w = bufio.NewWriterSize(stdout, 64<<10)
		return w, func(bool) error { return w.Flush() }, nil
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".partial-*")
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		return nil, nil, &fs.PathError{Op: "create", Path: name, Err: pe.Err} // the name given, not the hidden one
	} else if err != nil {
		return nil, nil, err
	}
	// CreateTemp makes the file for its owner alone; give it 0644 (what
	// os.Create makes under the usual umask), or what the file it replaces
	// had, so that whoever picks it up can read it.
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(name); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, nil, err
	}
	w = bufio.NewWriterSize(f, 64<<10)
	return w, func(keep bool) error {
		err := errors.Join(w.Flush(), f.Sync())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil && keep {
			err = durable.Rename(f.Name(), name)
		}
		if err != nil || !keep {
			os.Remove(f.Name())
		}
		return err
	}, nil
}

func kindNames() []string {
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func lookupKind(name string) (*kind, error) {
	k, ok := kinds[name]
	switch name {
	case "phone", "email", "autopay":
		return nil, usagef("%v", optout.Supported(optout.Log(name)))
	}
	if !ok {
		return nil, usagef("unknown kind %q (want %s)", name, strings.Join(kindNames(), ", "))
	}
	return k, nil
}
