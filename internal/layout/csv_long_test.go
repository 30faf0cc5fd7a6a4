package layout

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// TestDelimitedLongFields: a quoted field may take up to the record limit
// (1 MiB), on one line or several; a longer record is one problem at the
// line it starts on, and the reader goes on with the record after it —
// not from inside its quoted field.
func TestDelimitedLongFields(t *testing.T) {
	long := strings.Repeat("x", 200<<10)
	lines := strings.Repeat("a \"\"quoted\"\" line,\n", 10000) // 200 KiB over 10,000 lines
	data := "H,SPANFORK,20261125\n" +
		"A,100-1,11/24/2026,\"" + long + "\",1.00\n" +
		"A,100-2,11/24/2026,\"" + lines + "\",2.00\n" +
		"A,100-3,11/24/2026,x,3.00\n"
	got := readCSV(t, data)
	want := []csvRow{
		{Line: 1, Type: "H"},
		{Line: 2, Type: "A", Account: "100-1", Note: long, Amount: "1"},
		{Line: 3, Type: "A", Account: "100-2", Note: strings.ReplaceAll(lines, `""`, `"`), Amount: "2"},
		{Line: 10004, Type: "A", Account: "100-3", Note: "x", Amount: "3"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%.2000s", diff)
	}

	// Over the limit, on one line and over many lines, with quotes inside
	// that would read as fields were the reader to start again inside
	// the quote.
	for name, field := range map[string]string{
		"one line":   strings.Repeat("y", maxCSVRecord+10),
		"many lines": strings.Repeat("\"\"A,9,11/24/2026,\"\"not a record\"\",0\"\"\n", maxCSVRecord/30+10),
	} {
		t.Run(name, func(t *testing.T) {
			data := "H,SPANFORK,20261125\n" +
				"A,100-1,11/24/2026,\"" + field + "\",1.00\n" +
				"A,100-2,11/24/2026,after,2.00\n"
			got := readCSV(t, data)
			if len(got) != 3 || got[0].Type != "H" || got[2].Account != "100-2" || got[2].Err != "" {
				t.Fatalf("got %d rows, the last %+v", len(got), got[len(got)-1])
			}
			if !strings.HasPrefix(got[1].Err, "adj.txt:2: record is longer than 1048576 bytes") {
				t.Errorf("got %q", got[1].Err)
			}
		})
	}
}

// TestDelimitedUTF8: a file that starts with a UTF-8 byte-order mark is
// UTF-8: characters outside Windows-1252 are read as they are; bytes that
// are not UTF-8 and control characters are refused, naming the field.
func TestDelimitedUTF8(t *testing.T) {
	data := "\xef\xbb\xbfH,SPANFORK,20261125\n" +
		"A,100-1,11/24/2026,Ωmega Zoë Łódź 東京 ☃,1.00\n" +
		"A,100-2,11/24/2026,\"two\nlines ✓\",2.00\n" +
		"A,100-3,11/24/2026,bad \xff byte,3.00\n" +
		"A,100-4,11/24/2026,C1 \u0085 control,4.00\n"
	got := readCSV(t, data)
	want := []csvRow{
		{Line: 1, Type: "H"},
		{Line: 2, Type: "A", Account: "100-1", Note: "Ωmega Zoë Łódź 東京 ☃", Amount: "1"},
		{Line: 3, Type: "A", Account: "100-2", Note: "two\nlines ✓", Amount: "2"},
		{Err: "adj.txt:5: the file starts with a UTF-8 byte-order mark but this line is not valid UTF-8 (column 24, value \"\\\\xFF by\")"},
		{Line: 6, Type: "A", Account: "100-4", Amount: "4", Err: "adj.txt:6: A note: character U+0085 at position 4 is a control character, not text (column 4, value \"C1 \\u0085 control\")"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

// TestScannerDropsALineCutByAReadFailure: when reading fails in the
// middle of a line, the lines before it come out and then the failure;
// the part of a line read before it is not a line of the file.
func TestScannerDropsALineCutByAReadFailure(t *testing.T) {
	broken := errors.New("connection reset")
	sc := NewScanner(io.MultiReader(strings.NewReader("one\r\ntwo\r\nthr"), iotest.ErrReader(broken)), 100)
	var lines []string
	for {
		ln, err := sc.Scan()
		if err != nil {
			if !errors.Is(err, broken) {
				t.Fatalf("got %v, want the read failure", err)
			}
			break
		}
		lines = append(lines, string(ln.Bytes))
	}
	if strings.Join(lines, ",") != "one,two" {
		t.Fatalf("got lines %q", lines)
	}
}
