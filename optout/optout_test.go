package optout_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/icbatch/caselle/optout"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readAll(t testing.TB, name string, data []byte) ([]optout.Change, []*optout.Error) {
	t.Helper()
	r := optout.NewReader(bytes.NewReader(data), &optout.Options{Name: name, MaxErrors: -1})
	var cs []optout.Change
	var errs []*optout.Error
	for {
		c, err := r.Read()
		if err == io.EOF {
			return cs, errs
		}
		if err != nil {
			var es optout.Errors
			var e *optout.Error
			switch {
			case errors.As(err, &es):
				errs = append(errs, es...)
			case errors.As(err, &e):
				errs = append(errs, e)
			default:
				t.Fatalf("%s: error of type %T: %v", name, err, err)
			}
			continue
		}
		cs = append(cs, c)
	}
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
	tests := []struct {
		file  string
		line  int
		field string
		kind  error
		msg   string
	}{
		{"header_misspelled.txt", 1, "", optout.ErrInvalid, "header row must be exactly ChangeID,AccountNumber,InvoiceTypeID,Paperless,EffectiveDate,EmailAddress,ChangedBy"},
		{"header_missing.txt", 1, "", optout.ErrInvalid, "header row must be exactly"},
		{"duplicate_change_id.txt", 3, "ChangeID", optout.ErrDuplicate, "already used on line 2"},
		{"change_id_zero.txt", 2, "ChangeID", optout.ErrInvalid, "positive"},
		{"change_id_not_a_number.txt", 2, "ChangeID", optout.ErrSyntax, "not a number"},
		{"paperless_not_yn.txt", 2, "Paperless", optout.ErrSyntax, "want Y or N"},
		{"changed_by_unknown.txt", 2, "ChangedBy", optout.ErrInvalid, "Payer, Biller or Conversion"},
		{"no_such_effective_date.txt", 2, "EffectiveDate", optout.ErrSyntax, "no such date"},
		{"effective_date_iso.txt", 2, "EffectiveDate", optout.ErrSyntax, "MM/DD/YYYY HH:MM:SS"},
		{"effective_date_missing.txt", 2, "EffectiveDate", optout.ErrInvalid, "required"},
		{"invoice_type_one_digit.txt", 2, "InvoiceTypeID", optout.ErrSyntax, "exactly 2 digits"},
		{"invoice_type_zero.txt", 2, "InvoiceTypeID", optout.ErrInvalid, "01-99"},
		{"enrollment_without_email.txt", 2, "EmailAddress", optout.ErrInvalid, "needs the e-mail address"},
		{"email_not_an_address.txt", 2, "EmailAddress", optout.ErrInvalid, "not an e-mail address"},
		{"missing_account.txt", 2, "AccountNumber", optout.ErrInvalid, "required"},
		{"column_count.txt", 2, "", optout.ErrInvalid, "6 columns, want 7"},
		{"empty.txt", 1, "", optout.ErrInvalid, "empty"},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".txt"), func(t *testing.T) {
			_, errs := readAll(t, tt.file, readFile(t, tt.file))
			if len(errs) == 0 {
				t.Fatal("no problem reported")
			}
			e := errs[0]
			if e.File != tt.file || e.Line != tt.line || e.Field != tt.field || !errors.Is(e, tt.kind) || !strings.Contains(e.Error(), tt.msg) {
				t.Errorf("got %q (line %d, field %q, kind %v); want line %d, field %q, %q", e.Error(), e.Line, e.Field, e.Err, tt.line, tt.field, tt.msg)
			}
		})
	}
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
	w := optout.NewWriter(&buf, nil)
	for _, c := range cs {
		if err := w.Write(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
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

func FuzzReadWriteRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, name := range files {
		f.Add(readFile(f, filepath.Base(name)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, _ := readAll(t, "fuzz", data)
		var buf bytes.Buffer
		w := optout.NewWriter(&buf, nil)
		for _, c := range cs {
			if err := w.Write(c); err != nil {
				t.Fatalf("writer refused a change the reader accepted %+v: %v", c, err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		cs2, errs := readAll(t, "again", buf.Bytes())
		if len(errs) > 0 {
			t.Fatalf("reading what the writer wrote: %v\n%q", errs, buf.Bytes())
		}
		if diff := cmp.Diff(cs, cs2); diff != "" {
			t.Fatalf("changes changed:\n%s", diff)
		}
	})
}
