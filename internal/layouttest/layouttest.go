// Package layouttest holds the test helpers every file kind's tests share:
// draining a reader into its records and problems, checking that the
// first problem of a hand-made bad file is the one its rule reports, and
// golden files.
package layouttest

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layout"
)

// Drain reads until io.EOF, returning the records and every problem.
func Drain[T any](t testing.TB, read func() (T, error)) ([]T, []*layout.Error) {
	t.Helper()
	var vs []T
	var errs []*layout.Error
	for {
		v, err := read()
		if err == io.EOF {
			return vs, errs
		}
		if err != nil {
			var es layout.Errors
			var e *layout.Error
			switch {
			case errors.As(err, &es):
				errs = append(errs, es...)
			case errors.As(err, &e):
				errs = append(errs, e)
			default:
				t.Fatalf("error of type %T: %v", err, err)
			}
			continue
		}
		vs = append(vs, v)
	}
}

// ReadFile returns testdata/name.
func ReadFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Rule is what a hand-made file breaking one rule must report first.
type Rule struct {
	File          string
	Line          int
	Record, Field string
	Kind          error
	Msg           string // part of the message
}

// kinds are the error kinds every package shares, by name, for Rules.
var kinds = map[string]error{
	"ErrSyntax": layout.ErrSyntax, "ErrTooLong": layout.ErrTooLong, "ErrEncoding": layout.ErrEncoding,
	"ErrRecordType": layout.ErrRecordType, "ErrOrder": layout.ErrOrder, "ErrTotals": layout.ErrTotals,
	"ErrInvalid": layout.ErrInvalid, "ErrDuplicate": layout.ErrDuplicate, "ErrTooMany": layout.ErrTooMany,
}

// Rules reads the rule cases of the package's hand-made bad files from
// testdata/name: a JSON array of {"File", "Line", "Record", "Field",
// "Kind", "Msg"}, the first problem each file must bring, beside the files
// (a case added is a file and its line here, no code). Kind names an
// error kind: one every package has (ErrTotals), or one of extra, the
// package's own.
func Rules(t testing.TB, name string, extra map[string]error) []Rule {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		File, Record, Field, Kind, Msg string
		Line                           int
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cases); err != nil {
		t.Fatalf("testdata/%s: %v", name, err)
	}
	rules := make([]Rule, len(cases))
	for i, c := range cases {
		kind := kinds[c.Kind]
		if k, ok := extra[c.Kind]; ok {
			kind = k
		}
		if kind == nil || c.File == "" || c.Line < 1 {
			t.Fatalf("testdata/%s: case %d (%s): want a file, a line and a known kind, not %q", name, i+1, c.File, c.Kind)
		}
		rules[i] = Rule{File: c.File, Line: c.Line, Record: c.Record, Field: c.Field, Kind: kind, Msg: c.Msg}
	}
	return rules
}

// CheckFirst checks that errs starts with the problem r describes.
func CheckFirst(t testing.TB, r Rule, errs []*layout.Error) {
	t.Helper()
	if len(errs) == 0 {
		t.Fatal("no problem reported")
	}
	e := errs[0]
	if e.File != r.File || e.Line != r.Line || e.Record != r.Record || e.Field != r.Field || !errors.Is(e, r.Kind) {
		t.Errorf("first problem %q: file %q line %d record %q field %q kind %v; want file %q line %d record %q field %q kind %v",
			e.Error(), e.File, e.Line, e.Record, e.Field, e.Err, r.File, r.Line, r.Record, r.Field, r.Kind)
	}
	if !strings.Contains(e.Error(), r.Msg) {
		t.Errorf("message %q does not say %q", e.Error(), r.Msg)
	}
}

var update = flag.Bool("update", false, "rewrite the golden files (testdata/*.jsonl) from what the code writes")

// Golden compares got with the file at path, or with -update writes it
// there (then read it before committing: it is what the code says, not
// what it should say).
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from what was written (-want +got):\n%s", path, cmp.Diff(string(want), string(got)))
	}
}

// CheckRules reads each rule's file from testdata with read and checks
// that its first problem is the one the rule says, a subtest a file.
func CheckRules(t *testing.T, rules []Rule, read func(t *testing.T, name string, data []byte) []*layout.Error) {
	t.Helper()
	for _, r := range rules {
		t.Run(strings.TrimSuffix(r.File, filepath.Ext(r.File)), func(t *testing.T) {
			CheckFirst(t, r, read(t, r.File, ReadFile(t, r.File)))
		})
	}
}

// AddSeeds adds every file of testdata matching pattern (a filepath.Glob
// pattern, "*.txt") to f's seed corpus, and fails when there is none: a
// fuzz target seeded from its testdata, as every reader's is.
func AddSeeds(f *testing.F, pattern string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(files) == 0 {
		f.Fatalf("no testdata/%s to seed the fuzz target with (%v)", pattern, err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// Valid is what a valid file holds: its header, records and trailer.
type Valid[H, R, T any] struct {
	Header  H
	Records []R
	Trailer T
}

// Want reads what a valid file holds, written out by hand in testdata as
// a JSON object {"Header": …, "Records": […], "Trailer": …} of the kind's
// types in encoding/json's own form (Go field names, RFC 3339 times,
// decimals as strings): a field added to a model is a key added to the
// fixture, not a line added to a test.
func Want[H, R, T any](t testing.TB, name string) Valid[H, R, T] {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var v Valid[H, R, T]
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("testdata/%s: %v", name, err)
	}
	return v
}

// FreeByte returns the first byte column after the last field of the
// record type rec in a fixed-width layout definition, as a string to put
// into it: where a test can add a field the kind does not have without
// it overlapping one the layout gains later.
func FreeByte(t testing.TB, def []byte, rec string) string {
	t.Helper()
	var l layout.Layout
	if err := json.Unmarshal(def, &l); err != nil {
		t.Fatal(err)
	}
	for _, r := range l.Records {
		if r.Type != rec {
			continue
		}
		end := 0
		for _, f := range r.Fields {
			end = max(end, f.End())
		}
		if end >= r.Length {
			t.Fatalf("record %s has no byte free for a field the kind does not have; the test needs another way to add one", rec)
		}
		return strconv.Itoa(end + 1)
	}
	t.Fatalf("no record %s", rec)
	return ""
}

// A kindLayout is a file kind's typed layout.
type kindLayout interface {
	JSON() []byte
	Markdown() string
}

// LoadsItsOwnJSON checks that a kind's default layout, written as JSON
// and loaded again with load (the kind's LoadLayout), is the same layout.
func LoadsItsOwnJSON[L kindLayout](t *testing.T, def L, load func(io.Reader) (L, error)) {
	t.Helper()
	l, err := load(bytes.NewReader(def.JSON()))
	if err != nil {
		t.Fatal(err)
	}
	if l.Markdown() != def.Markdown() {
		t.Fatal("the layout changed through its JSON")
	}
}

// AllocsPerRecord reads a file of n records to its end, five times, each
// time with a reader that open returns (its Read), and returns the
// allocations made per record; a problem read fails t.
func AllocsPerRecord[T any](t testing.TB, n int, open func() func() (T, error)) float64 {
	t.Helper()
	return testing.AllocsPerRun(5, func() {
		read := open()
		for {
			if _, err := read(); err != nil {
				if err != io.EOF {
					t.Fatal(err)
				}
				return
			}
		}
	}) / float64(n)
}

// A lineReader reads records and tells the line of the last one read.
type lineReader[T any] interface {
	All() iter.Seq2[T, error]
	Line() int
}

// EachOnItsLine reads every record of r, the reader of file (lines ended
// by eol), and checks that Line names each one's line: a line that starts
// with prefix and holds key(v). It returns how many records it read.
func EachOnItsLine[T any](t testing.TB, r lineReader[T], file []byte, eol, prefix string, key func(T) string) int {
	t.Helper()
	lines := strings.Split(string(file), eol)
	n := 0
	for v, err := range r.All() {
		if err != nil {
			t.Fatal(err)
		}
		n++
		l, at := r.Line(), ""
		if l >= 1 && l <= len(lines) {
			at = lines[l-1]
		}
		if !strings.HasPrefix(at, prefix) || !strings.Contains(at, key(v)) {
			t.Fatalf("record %d (%s): Line %d is %q", n, key(v), l, at)
		}
	}
	return n
}

// A writer of a file kind: each value, then Close.
type writer[T any] interface {
	Write(T) error
	Close() error
}

// WriteAll writes every value of vs with w and closes it, failing the test
// on the first refusal (naming the value) or a failure to close.
func WriteAll[T any](t testing.TB, w writer[T], vs []T) {
	t.Helper()
	for i, v := range vs {
		if err := w.Write(v); err != nil {
			t.Fatalf("the writer refused value %d, %+v: %v", i, v, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// errDisk is the failure ReadFailure's reader gives.
var errDisk = errors.New("layouttest: the disk went away")

// ReadFailure reads data through all, its reader failing half-way, and
// checks what a user is promised of a failure to read: it comes back
// holding the reader's error, it is not a problem of the data (isProblem,
// the kind's IsProblem, says false), and it ends the reading.
func ReadFailure[T any](t testing.TB, data []byte, all func(io.Reader) iter.Seq2[T, error], isProblem func(error) bool) {
	t.Helper()
	r := io.MultiReader(bytes.NewReader(data[:len(data)/2]), iotest.ErrReader(errDisk))
	var failed error
	for _, err := range all(r) {
		switch {
		case failed != nil:
			t.Fatalf("reading went on after the failure %v: %v", failed, err)
		case errors.Is(err, errDisk):
			if isProblem(err) {
				t.Fatalf("a failure to read taken for a problem of the data: %v", err)
			}
			failed = err
		case err != nil && !isProblem(err):
			t.Fatalf("an error that is neither the failure nor a problem: %v", err)
		}
	}
	if failed == nil {
		t.Fatal("the failure to read was not reported")
	}
}
