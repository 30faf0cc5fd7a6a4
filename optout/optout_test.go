package optout_test

import (
	"bytes"
	"errors"
	"io"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/layouttest"
	"github.com/icbatch/caselle/optout"
)

var readFile = layouttest.ReadFile

func readAll(t testing.TB, name string, data []byte) ([]optout.Change, []*optout.Error) {
	t.Helper()
	return layouttest.Drain(t, optout.NewReader(bytes.NewReader(data), &optout.Options{Name: name, MaxErrors: -1}).Read)
}

func at(day, h, m, s int) time.Time { return time.Date(2026, 11, day, h, m, s, 0, time.UTC) }

var wantValid = []optout.Change{
	{ID: 1001, Account: "100-2345-01", InvoiceType: 1, Paperless: true, Effective: at(24, 8, 15, 0), Email: "jose@example.com", ChangedBy: optout.Payer},
	{ID: 1002, Account: "100-7781-02", InvoiceType: 1, Paperless: false, Effective: at(24, 9, 30, 5), ChangedBy: optout.Biller},
	{ID: 1003, Account: "100-9001-03", InvoiceType: 2, Paperless: true, Effective: at(24, 17, 45, 59), Email: "ana.muñoz@example.com", ChangedBy: optout.Conversion},
}

func TestValidFiles(t *testing.T) {
	for _, name := range []string{"valid.txt", "valid_lf.txt", "valid_quoted_fields.txt"} {
		cs, errs := readAll(t, name, readFile(t, name))
		if len(errs) > 0 {
			t.Fatalf("%s: %v", name, errs)
		}
		if diff := cmp.Diff(wantValid, cs); diff != "" {
			t.Fatalf("%s (-want +got):\n%s", name, diff)
		}
	}
	if cs, errs := readAll(t, "h", readFile(t, "valid_header_only.txt")); len(cs) != 0 || len(errs) != 0 {
		t.Fatalf("header only: %v %v", cs, errs)
	}
}

func TestLatest(t *testing.T) {
	cs, errs := readAll(t, "l", readFile(t, "valid_latest.txt"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got := optout.Latest(slices.Values(cs))
	// 100-2345-01/01: three changes share the latest date; ChangeID 4 wins.
	// 100-2345-01/02: one change. 100-7781-02/01: the later date wins over
	// the higher ChangeID.
	want := []optout.Change{cs[2], cs[4], cs[5]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestRules(t *testing.T) {
	tests := layouttest.Rules(t, "rules.json", nil) // the bad files' cases, beside them
	layouttest.CheckRules(t, tests, func(t *testing.T, name string, data []byte) []*layout.Error {
		_, errs := readAll(t, name, data)
		return errs
	})
}

func TestUnsupportedLogs(t *testing.T) {
	if err := optout.Supported(optout.PaperlessLog); err != nil {
		t.Fatal(err)
	}
	for log, want := range map[optout.Log]string{
		optout.PhoneLog:   "phone-number change log is not supported",
		optout.EmailLog:   "e-mail-address change log is not supported",
		optout.AutoPayLog: "no AutoPay enrollment change log",
		"address":         "unknown change log",
	} {
		err := optout.Supported(log)
		if !errors.Is(err, optout.ErrUnsupported) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v", log, err)
		}
	}
}

func TestWriteIsByteIdentical(t *testing.T) {
	data := readFile(t, "valid.txt")
	cs, _ := readAll(t, "valid.txt", data)
	var buf bytes.Buffer
	w, _ := optout.NewWriter(&buf, nil)
	layouttest.WriteAll(t, w, cs)
	if !bytes.Equal(buf.Bytes(), data) {
		t.Fatalf("got:\n%s\nwant:\n%s", buf.Bytes(), data)
	}
	if err := w.Write(cs[0]); !errors.Is(err, optout.ErrDuplicate) {
		t.Fatalf("got %v, want ErrDuplicate", err)
	}
}

func TestConversion(t *testing.T) {
	es := []optout.Enrollment{
		{Account: "100-1", InvoiceType: 1, Paperless: true, Email: "a@example.com", Effective: at(1, 0, 0, 0)},
		{Account: "100-2", InvoiceType: 1, Paperless: false, Effective: at(1, 0, 0, 0)},
	}
	var buf bytes.Buffer
	if err := optout.WriteConversion(&buf, es, 5000, nil); err != nil {
		t.Fatal(err)
	}
	cs, errs := readAll(t, "conv", buf.Bytes())
	if len(errs) > 0 || len(cs) != 2 || cs[0].ID != 5000 || cs[1].ID != 5001 || cs[0].ChangedBy != optout.Conversion || cs[1].ChangedBy != optout.Conversion {
		t.Fatalf("%+v %v", cs, errs)
	}
	es[1].Paperless = true // no e-mail address
	buf.Reset()
	err := optout.WriteConversion(&buf, es, 5000, nil)
	if err == nil || !strings.Contains(err.Error(), "enrollment 2 (account 100-2)") || buf.Len() != 0 {
		t.Fatalf("got %v (%d bytes written)", err, buf.Len())
	}
}

// TestWriterRefusesATimeItCannotWrite: an effective time the file cannot
// hold (parts of a second, a year past 9999) is refused at its field, not
// rounded; a change without one is refused as missing.
func TestWriterRefusesATimeItCannotWrite(t *testing.T) {
	w, _ := optout.NewWriter(io.Discard, nil)
	c := optout.Change{ID: 1, Account: "100-1", InvoiceType: 1, Email: "a@example.com", Paperless: true, ChangedBy: optout.Payer}
	for want, when := range map[string]time.Time{
		"whole seconds":              at(1, 8, 30, 0).Add(time.Millisecond),
		"years 1-9999":               time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		"effective date is required": {},
	} {
		c.Effective = when
		err := w.Write(c)
		if es := optout.Flatten(err); len(es) != 1 || es[0].Field != "EffectiveDate" || !strings.Contains(es[0].Msg, want) {
			t.Errorf("%v: %v, want EffectiveDate saying %q", when, err, want)
		}
	}
	c.Effective = at(1, 8, 30, 0)
	if err := w.Write(c); err != nil {
		t.Fatalf("a whole second: %v", err)
	}
}

func FuzzReadWriteRead(f *testing.F) {
	layouttest.AddSeeds(f, "*.txt")
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, _ := readAll(t, "fuzz", data)
		var buf bytes.Buffer
		w, _ := optout.NewWriter(&buf, nil)
		layouttest.WriteAll(t, w, cs)
		cs2, errs := readAll(t, "again", buf.Bytes())
		if len(errs) > 0 {
			t.Fatalf("reading what the writer wrote: %v\n%q", errs, buf.Bytes())
		}
		if diff := cmp.Diff(cs, cs2); diff != "" {
			t.Fatalf("changes changed:\n%s", diff)
		}
	})
}

// TestUTF8File: an OptOut file that starts with a UTF-8 byte-order mark
// is UTF-8, so an address with characters outside Windows-1252 (RFC 6531)
// reads as it is; writing it to a Windows-1252 file is refused, naming
// the field.
func TestUTF8File(t *testing.T) {
	data := "\xef\xbb\xbfChangeID,AccountNumber,InvoiceTypeID,Paperless,EffectiveDate,EmailAddress,ChangedBy\r\n" +
		"1001,100-2345-01,01,Y,11/24/2026 08:15:00,łukasz@przykład.pl,Payer\r\n" +
		"1002,100-2345-02,01,Y,11/24/2026 08:16:00,josé@example.com,Payer\r\n"
	changes, errs := readAll(t, "utf8.csv", []byte(data))
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	if len(changes) != 2 || changes[0].Email != "łukasz@przykład.pl" || changes[1].Email != "josé@example.com" {
		t.Fatalf("got %+v", changes)
	}
	var out bytes.Buffer
	w, err := optout.NewWriter(&out, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = w.Write(changes[0])
	var e *optout.Error
	if !errors.As(err, &e) || e.Field != "EmailAddress" || !errors.Is(err, optout.ErrEncoding) {
		t.Fatalf("writing %q to Windows-1252: got %v", changes[0].Email, err)
	}
	if err := w.Write(changes[1]); err != nil {
		t.Fatalf("josé is Windows-1252: %v", err)
	}
}

// TestDefaultLayoutLoadsFromItsJSON: the default layout loads from its
// JSON, and an edited copy with two columns swapped reads a file whose
// columns are in that order as the same changes.
func TestDefaultLayoutLoadsFromItsJSON(t *testing.T) {
	js := string(optout.DefaultLayout().JSON())
	if l, err := optout.LoadLayout(strings.NewReader(js)); err != nil || l.Markdown() != optout.Markdown() {
		t.Fatalf("%v", err)
	}
	swapped := strings.Replace(strings.Replace(js, `"column": 6,`, `"column": 99,`, 1), `"column": 7,`, `"column": 6,`, 1)
	swapped = strings.Replace(swapped, `"column": 99,`, `"column": 7,`, 1)
	l, err := optout.LoadLayout(strings.NewReader(swapped))
	if err != nil {
		t.Fatal(err)
	}
	var data strings.Builder
	for _, line := range strings.Split(strings.TrimRight(string(readFile(t, "valid.txt")), "\r\n"), "\r\n") {
		cols := strings.Split(line, ",")
		cols[5], cols[6] = cols[6], cols[5]
		data.WriteString(strings.Join(cols, ",") + "\r\n")
	}
	got, errs := layouttest.Drain(t, optout.NewReader(strings.NewReader(data.String()), &optout.Options{Name: "swapped.csv", Layout: l}).Read)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	if diff := cmp.Diff(wantValid, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

// TestReadFailure: a failure to read half-way through is reported, is
// not a problem of the data, and ends the reading.
func TestReadFailure(t *testing.T) {
	layouttest.ReadFailure(t, layouttest.ReadFile(t, "valid.txt"), func(r io.Reader) iter.Seq2[optout.Change, error] {
		return optout.NewReader(r, &optout.Options{MaxErrors: -1}).All()
	}, optout.IsProblem)
}
