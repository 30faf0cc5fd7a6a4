package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/seen"
	"github.com/icbatch/caselle/invoice"
)

// problemLine formats a problem as FILE:LINE: RECORD FIELD: message.
func problemLine(name string, e *layout.Error) string {
	file := e.File
	if file == "" {
		file = name
	}
	line := e.Line
	head := fmt.Sprintf("%s:%d:", file, line)
	if line == 0 {
		head = file + ":"
	}
	place := strings.TrimSpace(e.Record + " " + e.Field)
	if place != "" {
		place = " " + place + ":"
	}
	return head + place + " " + e.Message()
}

// problemJSON is one problem as a JSON object on a line of its own.
func problemJSON(name string, e *layout.Error) []byte {
	file := e.File
	if file == "" {
		file = name
	}
	kind := ""
	if e.Err != nil {
		kind = e.Err.Error()
	}
	type columns struct {
		Start int `json:"start,omitempty"`
		End   int `json:"end,omitempty"`
	}
	v := struct {
		File    string   `json:"file"`
		Line    int      `json:"line,omitempty"`
		Record  string   `json:"record,omitempty"`
		Field   string   `json:"field,omitempty"`
		Columns *columns `json:"columns,omitempty"`
		Column  int      `json:"column,omitempty"`
		Value   string   `json:"value,omitempty"`
		Kind    string   `json:"kind,omitempty"`
		Message string   `json:"message"`
	}{File: file, Line: e.Line, Record: e.Record, Field: e.Field, Column: e.Column, Value: e.Value, Kind: kind, Message: e.Msg}
	if v.Message == "" {
		v.Message = e.Message()
	}
	if e.Start > 0 {
		v.Columns = &columns{e.Start, e.End}
	}
	b, _ := json.Marshal(v)
	return append(b, '\n')
}

// detect reads the first bytes of a file to tell its kind.
func detect(name string, br *bufio.Reader) (*kind, error) {
	head, err := br.Peek(64)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	for _, n := range kindNames() {
		if kinds[n].sniff(head) {
			return kinds[n], nil
		}
	}
	return nil, usagef("%s: cannot tell what kind of file this is; give --kind (%v)", name, kindNames())
}

func validateCmd(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlags("validate")
	kindName := fs.String("kind", "", "file kind (default: told from the file)")
	layoutFile := fs.String("layout", "", "JSON layout definition to use instead of the default")
	maxErrors := fs.Int("max-errors", 1000, "stop reading a file after this many problems (negative: never)")
	mask := fs.String("mask", "", "lockbox: Caselle GL account mask every account must fit, e.g. FF-SS-RRR")
	format := fs.String("format", "text", "problems as text (FILE:LINE: …) or json (one object a line, for programs and CI)")
	if err := parse(fs, args); err != nil {
		return exitUsage, err
	}
	if *format != "text" && *format != "json" {
		return exitUsage, usagef("--format %q: want text or json", *format)
	}
	files := fs.Args()
	if len(files) == 0 {
		return exitUsage, usagef("no files given")
	}
	if *maxErrors == 0 {
		*maxErrors = 1
	}
	var k *kind
	if *kindName != "" {
		var err error
		if k, err = lookupKind(*kindName); err != nil {
			return exitUsage, err
		}
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	opt := kindOptions{layoutFile: *layoutFile, maxErrors: *maxErrors, mask: *mask, json: *format == "json"}
	return validateAll(files, k, opt, out, stderr), nil
}

// validateAll validates files on as many cores as there are (a file a
// core), printing each file's problems in the order the files were
// given: the first unfinished file's output goes straight out, the
// others' waits in memory until their turn (bounded by --max-errors).
func validateAll(files []string, k *kind, opt kindOptions, out *bufio.Writer, stderr io.Writer) int {
	workers := min(runtime.GOMAXPROCS(0), len(files))
	if workers > 1 {
		limitMemory(largest(files, workers))
	}
	o := newOrdered(out, len(files))
	next := make(chan int)
	codes := make([]int, len(files))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				c, err := validateFile(files[i], k, opt, o.writer(i))
				if err != nil {
					o.fail(i, func() { out.Flush(); fmt.Fprintf(stderr, "icbatch validate: %s\n", ioMessage(files[i], err)) })
				}
				codes[i] = c
				o.done(i)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	code := exitOK
	for _, c := range codes {
		code = max(code, c)
	}
	return code
}

// largest is the sum of the sizes of the n largest files, what n files
// validated at once hold in memory at most.
func largest(files []string, n int) int64 {
	sizes := make([]int64, 0, len(files))
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			sizes = append(sizes, fi.Size())
		}
	}
	slices.Sort(sizes)
	var sum int64
	for _, s := range sizes[max(0, len(sizes)-n):] {
		sum += s
	}
	return sum
}

// ordered hands out writers that keep the files' output in the order
// given: file head writes through; a later file's output is held until
// every file before it is done.
type ordered struct {
	mu    sync.Mutex
	out   io.Writer
	head  int
	held  []bytes.Buffer
	after [][]func() // what to do once a file's turn is over (its error message)
	fin   []bool
}

func newOrdered(out io.Writer, n int) *ordered {
	return &ordered{out: out, held: make([]bytes.Buffer, n), after: make([][]func(), n), fin: make([]bool, n)}
}

type orderedWriter struct {
	o *ordered
	i int
}

func (w orderedWriter) Write(p []byte) (int, error) {
	o := w.o
	o.mu.Lock()
	defer o.mu.Unlock()
	if w.i == o.head {
		return o.out.Write(p)
	}
	return o.held[w.i].Write(p)
}

func (o *ordered) writer(i int) io.Writer { return orderedWriter{o, i} }

// fail runs report in file i's turn, after its output.
func (o *ordered) fail(i int, report func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.after[i] = append(o.after[i], report)
}

// done marks file i finished, and lets the files after it out in turn.
func (o *ordered) done(i int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.fin[i] = true
	for o.head < len(o.fin) && o.fin[o.head] {
		for _, f := range o.after[o.head] {
			f()
		}
		o.head++
		if o.head < len(o.held) {
			o.out.Write(o.held[o.head].Bytes())
			o.held[o.head] = bytes.Buffer{}
		}
	}
}

// ioMessage names the file once: "a.txt: open: no such file or directory".
func ioMessage(name string, err error) string {
	var pe *fs.PathError
	var ue *usageError
	switch {
	case errors.As(err, &pe):
		return name + ": " + pe.Op + ": " + pe.Err.Error()
	case errors.As(err, &ue):
		return err.Error()
	}
	return name + ": " + err.Error()
}

func validateFile(name string, k *kind, opt kindOptions, out io.Writer) (int, error) {
	f, err := openIn(name)
	if err != nil {
		return exitUsage, err
	}
	defer f.Close()
	opt.size = fileSize(f)
	limitMemory(opt.size)
	return validateReader(name, f, k, opt, out)
}

// validateReader is validateFile of the file name that r reads: each
// problem on out, and the exit code; the kind is told from the file when
// k is nil (a usage error when it cannot be).
func validateReader(name string, r io.Reader, k *kind, opt kindOptions, out io.Writer) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(1)
	if err != nil && err != io.EOF {
		return exitUsage, err // a folder, or a file that cannot be read: not an empty file
	}
	if len(head) == 0 && k == nil {
		// With --kind, the kind's reader says what the file should hold.
		fmt.Fprintf(out, "%s: the file is empty\n", name)
		return exitInvalid, nil
	}
	if k == nil {
		if k, err = detect(name, br); err != nil {
			return exitUsage, err
		}
	} else if looks, err := detect(name, br); err == nil && looks.name != k.name {
		// One line, not a problem a record, for a file of another kind.
		fmt.Fprintf(out, "%s: this looks like a %s file, not %s (give --kind %s, or no --kind)\n", name, looks.name, k.name, looks.name)
		return exitInvalid, nil
	}
	problems := 0
	err = k.validate(br, name, opt, func(err error) {
		for _, e := range layout.Flatten(err) {
			problems++
			if opt.json {
				out.Write(problemJSON(name, e))
				continue
			}
			fmt.Fprintln(out, problemLine(name, e))
		}
	})
	if err != nil {
		return exitUsage, err
	}
	if problems > 0 {
		return exitInvalid, nil
	}
	return exitOK, nil
}

func convertCmd(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlags("convert")
	to := fs.String("to", "", "output format: json; for invoice files also connect, clarity or bif")
	customization := fs.String("customization", "", "BIF customization JSON, for --to bif")
	kindName := fs.String("kind", "", "file kind (default: told from the file)")
	layoutFile := fs.String("layout", "", "JSON layout definition to use instead of the default")
	outName := fs.String("out", "", "output file (default: standard output)")
	if err := parse(fs, args); err != nil {
		return exitUsage, err
	}
	switch *to {
	case "json", "connect", "clarity", "bif":
	default:
		return exitUsage, usagef("--to must be json, connect, clarity or bif, not %q", *to)
	}
	if fs.NArg() != 1 {
		return exitUsage, usagef("convert takes one file, got %d", fs.NArg())
	}
	name := fs.Arg(0)
	f, err := openIn(name)
	if err != nil {
		return exitUsage, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	k, err := kindFor(*kindName, name, br)
	if err != nil {
		return exitUsage, err
	}
	w, done, err := output(*outName, stdout)
	if err != nil {
		return exitUsage, err
	}
	if *to == "json" {
		err = k.toJSON(br, name, kindOptions{layoutFile: *layoutFile, size: fileSize(f)}, w)
	} else {
		err = convertInvoices(k, br, name, *to, *customization, w)
	}
	if derr := done(err == nil); err == nil && derr != nil {
		return exitUsage, derr
	}
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) || isIOError(err) {
			return exitUsage, err
		}
		for _, e := range layout.Flatten(err) {
			fmt.Fprintln(stderr, problemLine(name, e))
		}
		return exitInvalid, nil
	}
	return exitOK, nil
}

// limitMemory sets a soft memory limit (unless GOMEMLIMIT is set) so that
// validating a large file stays small: the garbage of streaming is
// collected long before the heap would double. The limit leaves 14 MiB
// beyond the duplicate check's table for a file of this size.
func limitMemory(size int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	// The duplicate set grows with the file; 14 MiB above it leaves the
	// reader room enough not to collect all the time, and keeps a 1 GB
	// payment file under 64 MiB of RSS (61 MiB, 52 MiB limit); 48 MiB is
	// the least, for the small files whose set is small.
	const floor = 48 << 20
	want := max(floor, seen.Bytes(int(size/252))+14<<20)
	if cur := debug.SetMemoryLimit(-1); cur == math.MaxInt64 || cur < want {
		debug.SetMemoryLimit(want)
	}
}

// fileSize returns the size of a regular file, else 0.
func fileSize(r io.Reader) int64 {
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	}
	return 0
}

func kindFor(name, file string, br *bufio.Reader) (*kind, error) {
	if name != "" {
		return lookupKind(name)
	}
	return detect(file, br)
}

func generateCmd(args []string, stdout io.Writer) (int, error) {
	fs := newFlags("generate")
	kindName := fs.String("kind", "", "file kind")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same file")
	count := fs.Int("count", 200, "number of detail records")
	date := fs.String("date", "2026-11-25", "file date, YYYY-MM-DD")
	biller := fs.String("biller", "SPANFORK", "biller code")
	outName := fs.String("out", "", "output file (default: standard output)")
	from := fs.String("from", "", "invoice file (Connect or Clarity) the day starts from: payments, adjustments and paperless changes are for its invoices and accounts")
	if err := parse(fs, args); err != nil {
		return exitUsage, err
	}
	if fs.NArg() != 0 {
		return exitUsage, usagef("generate takes no file arguments; use --out")
	}
	var invs []invoice.Invoice
	if *from != "" {
		var err error
		if invs, err = readInvoices(*from); err != nil {
			return exitInvalid, err
		}
	}
	k, err := lookupKind(*kindName)
	if err != nil {
		return exitUsage, err
	}
	d, err := time.Parse("2006-01-02", *date)
	if err != nil {
		return exitUsage, usagef("--date %q: want YYYY-MM-DD", *date)
	}
	if *count < 0 {
		return exitUsage, usagef("--count must not be negative")
	}
	if *count == 0 {
		*count = -1 // the generators read 0 as "default"
	}
	w, done, err := output(*outName, stdout)
	if err != nil {
		return exitUsage, err
	}
	err = k.generate(w, genOptions{seed: *seed, count: *count, date: d, biller: *biller, invoices: invs})
	if derr := done(err == nil); err == nil {
		err = derr
	}
	if err != nil {
		return exitUsage, err
	}
	return exitOK, nil
}

func layoutCmd(args []string, stdout io.Writer) (int, error) {
	fs := newFlags("layout")
	kindName := fs.String("kind", "", "file kind")
	format := fs.String("format", "json", "json or markdown")
	if err := parse(fs, args); err != nil {
		return exitUsage, err
	}
	k, err := lookupKind(*kindName)
	if err != nil {
		return exitUsage, err
	}
	js, md := k.layout()
	switch *format {
	case "json":
		if len(js) == 0 {
			// Not a record layout the engine reads: say so, never print nothing.
			first, _, _ := strings.Cut(strings.TrimSpace(md), "\n")
			return exitUsage, usagef("%s has no JSON layout to edit (%s); --format markdown describes it", k.name, strings.TrimSpace(first))
		}
		_, err = stdout.Write(js)
	case "markdown", "md":
		_, err = io.WriteString(stdout, md)
	default:
		return exitUsage, usagef("--format must be json or markdown, not %q", *format)
	}
	return exitOK, err
}
