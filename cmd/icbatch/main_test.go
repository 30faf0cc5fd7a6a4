package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/payment"
)

func icbatch(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// mustRun runs icbatch with args, failing t unless it exits 0.
func mustRun(t *testing.T, args ...string) {
	t.Helper()
	if code, _, errs := icbatch(t, args...); code != 0 {
		t.Fatalf("icbatch %s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
}

const td = "../../payment/testdata/"

func TestValidateExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string // lines, exactly
		stderr string   // part of
	}{
		{"valid", []string{"validate", td + "valid.txt", td + "valid_utf8_bom.txt"}, 0, nil, ""},
		{"valid with kind", []string{"validate", "--kind", "payment", td + "valid.txt"}, 0, nil, ""},
		{"invalid", []string{"validate", td + "valid.txt", td + "amount_not_a_number.txt"}, 1, []string{
			td + `amount_not_a_number.txt:2: PD amount: not an amount: want a sign (+, - or space) then 11 digits (columns 142-153, value "+0000000A137")`,
		}, ""},
		{"invalid trailer", []string{"validate", td + "trailer_fee_total.txt"}, 1, []string{
			td + `trailer_fee_total.txt:6: PT fee_total: trailer says convenience fee total 2.95, the file adds up to 3.90 (columns 55-68, value "+0000000000295")`,
		}, ""},
		{"missing file", []string{"validate", td + "valid.txt", "no-such-file.txt"}, 2, nil, "no-such-file.txt: open: no such file or directory"},
		{"invalid and missing", []string{"validate", td + "missing_header.txt", "no-such-file.txt"}, 2, []string{
			td + "missing_header.txt:1: PD: a PD record before the PH header",
		}, "no-such-file.txt"},
		{"no files", []string{"validate"}, 2, nil, "no files given"},
		{"a folder", []string{"validate", td}, 2, nil, td + ": read: is a directory"}, // not "the file is empty"
		{"unknown kind", []string{"validate", "--kind", "nope", td + "valid.txt"}, 2, nil, `unknown kind "nope"`},
		{"unknown flag", []string{"validate", "--colour", td + "valid.txt"}, 2, nil, "flag provided but not defined"},
		{"unknown command", []string{"frobnicate"}, 2, nil, `unknown command "frobnicate"`},
		{"empty file with kind", []string{"validate", "--kind", "payment", td + "empty.txt"}, 1, []string{
			td + "empty.txt:1: the file is empty; want a PH header, PD records and a PT trailer",
		}, ""},
		{"flags after files", []string{"validate", td + "valid.txt", "--kind", "payment"}, 0, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := icbatch(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errs)
			}
			var lines []string
			if out != "" {
				lines = strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			}
			if strings.Join(lines, "\n") != strings.Join(tt.stdout, "\n") {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, strings.Join(tt.stdout, "\n"))
			}
			if !strings.Contains(errs, tt.stderr) {
				t.Errorf("stderr %q lacks %q", errs, tt.stderr)
			}
			if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
				t.Errorf("stack trace on stderr: %s", errs)
			}
		})
	}
}

func TestValidateEveryTestdataFile(t *testing.T) {
	files, _ := filepath.Glob(td + "*.txt")
	if len(files) < 40 {
		t.Fatalf("only %d testdata files", len(files))
	}
	for _, f := range files {
		code, out, errs := icbatch(t, "validate", "--kind", "payment", f)
		valid := strings.HasPrefix(filepath.Base(f), "valid")
		if valid && code != 0 || !valid && code != 1 {
			t.Errorf("%s: exit %d\n%s%s", f, code, out, errs)
		}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if line != "" && !strings.HasPrefix(line, f+":") {
				t.Errorf("%s: line does not start with FILE:LINE: %q", f, line)
			}
		}
	}
}

func TestGarbageNeverPanics(t *testing.T) {
	dir := t.TempDir()
	inputs := map[string][]byte{
		"binary": {0, 1, 2, 0xff, 0xfe, '\r', '\n', 'P', 'H', 0x81},
		"ph":     []byte("PH"),
		"long":   append([]byte("PH"), bytes.Repeat([]byte{'9'}, 1<<20)...),
	}
	for name, data := range inputs {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		code, _, errs := icbatch(t, "validate", "--kind", "payment", p)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1 (%s)", name, code, errs)
		}
		code, _, _ = icbatch(t, "convert", "--kind", "payment", "--to", "json", p)
		if code != 1 {
			t.Errorf("%s: convert exit %d, want 1", name, code)
		}
	}
}

func TestConvertJSONLines(t *testing.T) {
	code, out, errs := icbatch(t, "convert", "--to", "json", td+"valid.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 {
		t.Fatalf("got %d lines, want 6 (PH, 4 PD, PT)", len(lines))
	}
	var pd map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &pd); err != nil {
		t.Fatal(err)
	}
	if pd["record"] != "PD" || pd["amount"] != "61.37" || pd["convenience_fee"] != "2.95" || pd["payer"] != "José Peña" || pd["line"] != 2.0 {
		t.Fatalf("PD line: %v", pd)
	}
	var pt map[string]any
	json.Unmarshal([]byte(lines[5]), &pt)
	if pt["payment_total"] != "186.87" || pt["return_total"] != "-135.50" {
		t.Fatalf("PT line: %v", pt)
	}
	code, _, errs = icbatch(t, "convert", "--to", "json", td+"trailer_payment_total.txt")
	if code != 1 || !strings.Contains(errs, "trailer_payment_total.txt:6: PT payment_total") {
		t.Fatalf("invalid file: exit %d, %s", code, errs)
	}
	if code, _, _ := icbatch(t, "convert", "--to", "xml", td+"valid.txt"); code != 2 {
		t.Fatalf("--to xml: exit %d, want 2", code)
	}
}

func TestGenerateValidateLayout(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "p.txt")
	mustRun(t, "generate", "--kind", "payment", "--count", "500", "--seed", "9", "--out", out)
	if code, o, errs := icbatch(t, "validate", out); code != 0 {
		t.Fatalf("generated file invalid: %s %s", o, errs)
	}
	code, js, _ := icbatch(t, "layout", "--kind", "payment")
	if code != 0 {
		t.Fatal("layout failed")
	}
	if _, err := payment.LoadLayout(strings.NewReader(js)); err != nil {
		t.Fatalf("printed layout does not load: %v", err)
	}
	lf := filepath.Join(dir, "layout.json")
	os.WriteFile(lf, []byte(js), 0o644)
	if code, o, errs := icbatch(t, "validate", "--layout", lf, out); code != 0 {
		t.Fatalf("validate with --layout: %s %s", o, errs)
	}
	os.WriteFile(lf, []byte(strings.Replace(js, `"type": "S"`, `"type": "Z"`, 1)), 0o644)
	if code, _, errs := icbatch(t, "validate", "--layout", lf, out); code != 2 || !strings.Contains(errs, `unknown type "Z"`) {
		t.Fatalf("bad --layout: exit %d, %s", code, errs)
	}
}

func TestValidateEveryLockboxTestdataFile(t *testing.T) {
	files, _ := filepath.Glob("../../lockbox/testdata/*.txt")
	if len(files) < 30 {
		t.Fatalf("only %d testdata files", len(files))
	}
	for _, f := range files {
		code, out, errs := icbatch(t, "validate", "--kind", "lockbox", f)
		valid := strings.HasPrefix(filepath.Base(f), "valid") || filepath.Base(f) == "build_golden.txt"
		if valid && code != 0 || !valid && code != 1 {
			t.Errorf("%s: exit %d\n%s%s", f, code, out, errs)
		}
	}
	// Told from its first record without --kind.
	if code, out, _ := icbatch(t, "validate", "../../lockbox/testdata/valid.txt"); code != 0 {
		t.Fatalf("kind not told: %s", out)
	}
}

func TestLockboxBuild(t *testing.T) {
	dir := t.TempDir()
	orders, gl, out := filepath.Join(dir, "orders.csv"), filepath.Join(dir, "gl.csv"), filepath.Join(dir, "lbx.txt")
	mustRun(t, "lockbox", "sample", "--orders", orders, "--gl", gl, "--count", "50")
	code, _, errs := icbatch(t, "lockbox", "build", "--orders", orders, "--gl", gl, "--biller", "SPANFORK",
		"--lockbox", "4400123", "--mask", "FF-SS-RRR", "--max-per-batch", "10", "--out", out, "--created", "2026-11-25T06:45")
	if code != 0 || !strings.Contains(errs, "50 orders → 50 payments") {
		t.Fatalf("build: exit %d: %s", code, errs)
	}
	if code, o, _ := icbatch(t, "validate", "--mask", "FF-SS-RRR", out); code != 0 {
		t.Fatalf("built file invalid: %s", o)
	}
	code, js, _ := icbatch(t, "convert", "--to", "json", out)
	if code != 0 || strings.Count(js, `"record":"6"`) != 50 {
		t.Fatalf("convert: exit %d, %d payments", code, strings.Count(js, `"record":"6"`))
	}
	// Without DOGLIC's account: exit 1, the code named, nothing written.
	glData, _ := os.ReadFile(gl)
	var kept []string
	for _, line := range strings.Split(string(glData), "\r\n") {
		if !strings.HasPrefix(line, "DOGLIC,") {
			kept = append(kept, line)
		}
	}
	os.WriteFile(gl, []byte(strings.Join(kept, "\r\n")), 0o644)
	out2 := filepath.Join(dir, "lbx2.txt")
	code, o, _ := icbatch(t, "lockbox", "build", "--orders", orders, "--gl", gl, "--biller", "SPANFORK", "--lockbox", "4400123", "--out", out2)
	if code != 1 || !strings.Contains(o, "DOGLIC (order") {
		t.Fatalf("unmapped: exit %d: %s", code, o)
	}
	if _, err := os.Stat(out2); err == nil {
		t.Fatal("a file was written despite the unmapped code")
	}
	// A bad orders file: each problem as FILE:LINE: FIELD: message.
	os.WriteFile(orders, []byte("Confirmation,Payer,DepositDate,StoreCode,ItemCode,Quantity,Amount,Description\r\nA1,Jo,11/25/2026,ANIMAL,DOGLIC,1,$15.00,Dog\r\n"), 0o644)
	code, o, _ = icbatch(t, "lockbox", "build", "--orders", orders, "--gl", gl, "--biller", "SPANFORK", "--lockbox", "4400123")
	if code != 1 || !strings.Contains(o, orders+":2: Amount: not an amount: currency symbols are not allowed") {
		t.Fatalf("bad orders: exit %d: %s", code, o)
	}
	if code, _, errs := icbatch(t, "lockbox", "build", "--orders", orders); code != 2 || !strings.Contains(errs, "needs --orders, --gl") {
		t.Fatalf("usage: exit %d %s", code, errs)
	}
}

func TestValidateEveryDelimitedTestdataFile(t *testing.T) {
	for _, kind := range []string{"adjustment", "optout"} {
		files, _ := filepath.Glob("../../" + kind + "/testdata/*.txt")
		if len(files) < 15 {
			t.Fatalf("%s: only %d testdata files", kind, len(files))
		}
		for _, f := range files {
			code, out, errs := icbatch(t, "validate", "--kind", kind, f)
			valid := strings.HasPrefix(filepath.Base(f), "valid")
			if valid && code != 0 || !valid && code != 1 {
				t.Errorf("%s: exit %d\n%s%s", f, code, out, errs)
			}
		}
		// Told from the first line without --kind.
		if code, out, errs := icbatch(t, "validate", "../../"+kind+"/testdata/valid.txt"); code != 0 {
			t.Errorf("%s: kind not told: %s %s", kind, out, errs)
		}
	}
	code, out, _ := icbatch(t, "validate", "../../adjustment/testdata/period_open.txt")
	if code != 1 || !strings.Contains(out, "close the billing period in Caselle first") {
		t.Fatalf("open period: exit %d: %s", code, out)
	}
	for _, log := range []string{"phone", "email", "autopay"} {
		code, _, errs := icbatch(t, "validate", "--kind", log, "x.csv")
		if code != 2 || !strings.Contains(errs, "change log") {
			t.Errorf("%s: exit %d: %s", log, code, errs)
		}
	}
}

func TestGenerateEveryKind(t *testing.T) {
	dir := t.TempDir()
	for _, kind := range kindNames() {
		for _, count := range []string{"0", "3"} {
			out := filepath.Join(dir, kind+count+".txt")
			mustRun(t, "generate", "--kind", kind, "--count", count, "--out", out)
			if code, o, errs := icbatch(t, "validate", "--kind", kind, out); code != 0 {
				t.Errorf("%s --count %s: generated file invalid: %s %s", kind, count, o, errs)
			}
		}
	}
}

func TestSendAndFetch(t *testing.T) {
	dir := t.TempDir()
	out, remote, in := filepath.Join(dir, "out"), filepath.Join(dir, "stratus"), filepath.Join(dir, "in")
	os.MkdirAll(out, 0o755)
	var connect bytes.Buffer
	invoicetest.WriteConnect(&connect, invoicetest.Options{Invoices: 3})
	os.WriteFile(filepath.Join(out, "SPANFORK_INV_UB_20261125_001.txt"), connect.Bytes(), 0o644)
	os.WriteFile(filepath.Join(out, "notes.csv"), []byte("x"), 0o644)
	// What is not an Invoice Cloud file name, or does not validate, is
	// refused before anything is sent.
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(out, "SPANFORK_INV_UB_20261125_002.txt"), []byte("H1..."), 0o644)
	code, _, errs := icbatch(t, "send", "--from", out, "--ext", "txt", "--to", remote)
	if code != 1 || !strings.Contains(errs, "notes.txt: refused: transport:") || !strings.Contains(errs, "SPANFORK_INV_UB_20261125_002.txt: refused: it does not validate") || !strings.Contains(errs, "2 files refused, nothing sent") {
		t.Fatalf("garbage: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(remote); err == nil {
		t.Fatal("something was sent")
	}
	os.Remove(filepath.Join(out, "notes.txt"))
	os.Remove(filepath.Join(out, "SPANFORK_INV_UB_20261125_002.txt"))
	// A folder to send to that is not there is refused, not made: a
	// misspelt one would take the files and no one would read them.
	if code, _, errs := icbatch(t, "send", "--from", out, "--ext", "txt", "--to", remote); code != 2 || !strings.Contains(errs, "folder "+remote+": file does not exist") {
		t.Fatalf("send to a missing folder: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "SPANFORK_INV_UB_20261125_001.txt")); err != nil {
		t.Fatal("marked sent, though not sent")
	}
	os.Mkdir(remote, 0o755)
	code, o, errs := icbatch(t, "send", "--from", out, "--ext", "txt", "--to", remote, "--remote-dir", "ToInvoiceCloud/Invoices/UB")
	if code != 0 || !strings.Contains(o, "sent SPANFORK_INV_UB_20261125_001.txt") {
		t.Fatalf("send: exit %d: %s %s", code, o, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "SPANFORK_INV_UB_20261125_001.txt.snt")); err != nil {
		t.Fatal("not renamed to .snt")
	}
	if b, _ := os.ReadFile(filepath.Join(remote, "ToInvoiceCloud/Invoices/UB/SPANFORK_INV_UB_20261125_001.txt")); !bytes.Equal(b, connect.Bytes()) {
		t.Fatalf("remote holds %q", b)
	}
	if code, o, _ := icbatch(t, "send", "--from", out, "--ext", "txt", "--to", remote); code != 0 || o != "" {
		t.Fatalf("second send: exit %d: %q", code, o)
	}
	if code, _, errs := icbatch(t, "send", "--from", out, "--ext", "snt", "--to", remote); code != 2 || !strings.Contains(errs, "cannot be an upload extension") {
		t.Fatalf("snt: exit %d: %s", code, errs)
	}
	code, o, errs = icbatch(t, "fetch", "--from", remote, "--remote-dir", "ToInvoiceCloud/Invoices/UB", "--to", in)
	if code != 0 || !strings.Contains(o, "saved ToInvoiceCloud/Invoices/UB/SPANFORK_INV_UB_20261125_001.txt") {
		t.Fatalf("fetch: exit %d: %s %s", code, o, errs)
	}
	if code, _, errs := icbatch(t, "send", "--from", out, "--ext", "txt", "--to", "sftp://nobody"); code != 2 || !strings.Contains(errs, "want sftp://user@host:port/folder") {
		t.Fatalf("bad remote: exit %d: %s", code, errs)
	}
}

func TestInvoiceConversions(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	mustRun(t, "generate", "--kind", "connect", "--count", "30", "--out", p("c.txt"))
	for _, step := range [][]string{
		{"convert", "--to", "clarity", "--out", p("c.xml"), p("c.txt")},
		{"convert", "--to", "connect", "--out", p("c2.txt"), p("c.xml")},
		{"convert", "--to", "bif", "--out", p("c.bif"), p("c.xml")},
		{"validate", p("c.txt"), p("c.xml"), p("c2.txt"), p("c.bif")},
	} {
		if code, o, errs := icbatch(t, step...); code != 0 {
			t.Fatalf("%v: exit %d: %s %s", step, code, o, errs)
		}
	}
	a, _ := os.ReadFile(p("c.txt"))
	b, _ := os.ReadFile(p("c2.txt"))
	if !bytes.Equal(a, b) {
		t.Fatal("Connect → Clarity → Connect through icbatch is not byte-identical")
	}
	os.WriteFile(p("open.json"), []byte(`{"billingMode":"open-item","minimumPayment":"none"}`), 0o644)
	if code, _, errs := icbatch(t, "convert", "--to", "bif", "--customization", p("open.json"), p("c.txt")); code != 2 || !strings.Contains(errs, "open-item billing is not supported") {
		t.Fatalf("open item: exit %d: %s", code, errs)
	}
	if code, _, errs := icbatch(t, "convert", "--to", "clarity", td+"valid.txt"); code != 2 || !strings.Contains(errs, "takes a connect or clarity file") {
		t.Fatalf("payment to clarity: exit %d: %s", code, errs)
	}
}

// TestGenerateFrom: the day's other files are for the invoices of the
// file it starts from.
func TestGenerateFrom(t *testing.T) {
	dir := t.TempDir()
	inv := filepath.Join(dir, "inv.txt")
	mustRun(t, "generate", "--kind", "connect", "--count", "80", "--date", "2026-11-01", "--out", inv)
	invs, err := readInvoices(inv)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, i := range invs {
		known[i.Account] = true
	}
	for _, k := range []string{"payment", "adjustment", "optout"} {
		out := filepath.Join(dir, k+".txt")
		mustRun(t, "generate", "--kind", k, "--from", inv, "--count", "30", "--date", "2026-11-18", "--out", out)
		code, js, errs := icbatch(t, "convert", "--to", "json", out)
		if code != 0 {
			t.Fatalf("%s: %s", k, errs)
		}
		n := 0
		for _, line := range strings.Split(strings.TrimSpace(js), "\n") {
			var rec map[string]any
			json.Unmarshal([]byte(line), &rec)
			acct, _ := rec["account"].(string)
			if acct == "" {
				continue // header or trailer
			}
			n++
			if !known[acct] {
				t.Fatalf("%s: a record for account %s, not in the invoice file: %s", k, acct, line)
			}
		}
		if n == 0 {
			t.Fatalf("%s: no records read back:\n%s", k, js)
		}
	}
	if code, _, errs := icbatch(t, "generate", "--kind", "payment", "--from", filepath.Join(dir, "payment.txt")); code != 2 || !strings.Contains(errs, "want invoices in Connect or Clarity form") {
		t.Fatalf("--from a payment file: %d %s", code, errs)
	}
}

func TestAgentOnce(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "out"), 0o755)
	os.MkdirAll(filepath.Join(dir, "ic"), 0o755)
	os.WriteFile(filepath.Join(dir, "out", "SPANFORK_BAF_20261125_001.txt"), []byte("H,SPANFORK"), 0o644)
	tasks := filepath.Join(dir, "tasks.json")
	os.WriteFile(tasks, []byte(`{"transports": {"ic": {"type": "folder", "path": "ic"}},
	  "tasks": [{"name": "adjustments", "type": "upload", "every": "daily", "start": "2026-11-25 06:30",
	    "local_folder": "out", "extension": "txt", "transport": "ic", "remote_folder": "ToInvoiceCloud/Adjustments"}]}`), 0o644)
	code, _, logs := icbatch(t, "agent", "--tasks", tasks, "--once", "--log-format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, logs)
	}
	if _, err := os.Stat(filepath.Join(dir, "ic", "ToInvoiceCloud", "Adjustments", "SPANFORK_BAF_20261125_001.txt")); err != nil {
		t.Fatal(err)
	}
	sent := false
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("a log line that is not JSON: %q", line)
		}
		sent = sent || rec["msg"] == "sent" && rec["job"] == "adjustments"
	}
	if !sent {
		t.Fatalf("no 'sent' line for the job:\n%s", logs)
	}
	os.WriteFile(tasks, []byte(`{"tasks": [{"name": "x", "type": "upload"}]}`), 0o644)
	if code, _, errs := icbatch(t, "agent", "--tasks", tasks, "--once"); code != 2 || !strings.Contains(errs, `task 1 ("x")`) {
		t.Fatalf("a bad tasks file: exit %d: %s", code, errs)
	}
}

// TestEveryCommandHelps: CMD -h prints the command's flags with their
// defaults and exits 0.
func TestEveryCommandHelps(t *testing.T) {
	for cmd, flag := range map[string]string{"validate": "--kind", "convert": "--to", "generate": "--from", "layout": "--kind",
		"send": "--journal", "fetch": "--remote-dir", "agent": "--once", "extract": "--debug", "summary": "--kind"} {
		for _, h := range []string{"-h", "--help"} {
			code, out, errs := icbatch(t, cmd, h)
			if code != 0 || !strings.Contains(out, "usage: icbatch "+cmd) || !strings.Contains(out, strings.TrimLeft(flag, "-")) || errs != "" {
				t.Errorf("%s %s: exit %d\n%s%s", cmd, h, code, out, errs)
			}
		}
	}
}

// TestLayoutWithoutJSONSaysSo: a kind with no editable layout (Clarity,
// XML) is refused with a reason, never an empty success.
func TestLayoutWithoutJSONSaysSo(t *testing.T) {
	for _, k := range []string{"clarity"} {
		code, out, errs := icbatch(t, "layout", "--kind", k)
		if code != 2 || out != "" || !strings.Contains(errs, "has no JSON layout") || strings.Count(errs, "\n") > 2 {
			t.Errorf("%s: exit %d, %q %q", k, code, out, errs)
		}
		if code, out, _ := icbatch(t, "layout", "--kind", k, "--format", "markdown"); code != 0 || out == "" {
			t.Errorf("%s --format markdown: exit %d, %q", k, code, out)
		}
	}
}

// TestValidateEmptyAndOtherKind: one line each, exit 1.
func TestValidateEmptyAndOtherKind(t *testing.T) {
	dir := t.TempDir()
	empty, pay := filepath.Join(dir, "empty.txt"), filepath.Join(dir, "p.txt")
	os.WriteFile(empty, nil, 0o644)
	mustRun(t, "generate", "--kind", "payment", "--count", "40", "--out", pay)
	code, out, _ := icbatch(t, "validate", empty)
	if code != 1 || strings.TrimSpace(out) != empty+": the file is empty" {
		t.Errorf("empty: exit %d %q", code, out)
	}
	code, out, _ = icbatch(t, "validate", "--kind", "adjustment", pay)
	if code != 1 || strings.Count(out, "\n") != 1 || !strings.Contains(out, "looks like a payment file, not adjustment") {
		t.Errorf("another kind: exit %d %q", code, out)
	}
}

func TestSendNoCheck(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("x"), 0o644)
	os.Mkdir(filepath.Join(dir, "ic"), 0o755)
	if code, o, errs := icbatch(t, "send", "--no-check", "--from", out, "--ext", "txt", "--to", filepath.Join(dir, "ic")); code != 0 || !strings.Contains(o, "sent notes.txt") {
		t.Fatalf("--no-check: exit %d: %s %s", code, o, errs)
	}
	// Nothing checks the folder sent from then; a misspelt one is still
	// refused, not made and found empty.
	typo := filepath.Join(dir, "otu")
	if code, _, errs := icbatch(t, "send", "--no-check", "--from", typo, "--ext", "txt", "--to", filepath.Join(dir, "ic")); code != 2 || !strings.Contains(errs, "folder "+typo+": file does not exist") {
		t.Fatalf("--no-check from a missing folder: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(typo); err == nil {
		t.Fatal("the missing folder was made")
	}
}

// TestValidateJSON: one JSON object a problem, for programs and CI.
func TestValidateJSON(t *testing.T) {
	code, out, _ := icbatch(t, "validate", "--format", "json", filepath.Join("..", "..", "payment", "testdata", "trailer_payment_total.txt"))
	var p struct {
		File, Record, Field, Value, Kind, Message string
		Line                                      int
		Columns                                   struct{ Start, End int }
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &p); code != 1 || err != nil || p.Line != 6 || p.Record != "PT" ||
		p.Field != "payment_total" || p.Columns.Start != 19 || p.Value == "" || p.Kind == "" || p.Message == "" {
		t.Fatalf("exit %d: %v %+v\n%s", code, err, p, out)
	}
	if code, _, errs := icbatch(t, "validate", "--format", "xml", "x.txt"); code != 2 || !strings.Contains(errs, "want text or json") {
		t.Fatalf("--format xml: exit %d %s", code, errs)
	}
}

// TestLockboxBuildDir: --dir streams the orders into as many lockbox
// files as the format's limits need (here 999 batches a file), each
// valid and named <BILLER>_LBX_<YYYYMMDD>_<NNN>.txt; a bad orders file
// leaves nothing in the folder.
func TestLockboxBuildDir(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	orders, gl := filepath.Join(dir, "orders.csv"), filepath.Join(dir, "gl.csv")
	mustRun(t, "lockbox", "sample", "--orders", orders, "--gl", gl, "--count", "1200")
	code, _, errs := icbatch(t, "lockbox", "build", "--orders", orders, "--gl", gl, "--biller", "SPANFORK",
		"--lockbox", "4400123", "--max-per-batch", "1", "--dir", out, "--created", "2026-11-25T06:45")
	if code != 0 || !strings.Contains(errs, "1200 orders → 2 files, 1200 batches") {
		t.Fatalf("build: exit %d: %s", code, errs)
	}
	payments := 0
	for _, name := range []string{"SPANFORK_LBX_20261125_001.txt", "SPANFORK_LBX_20261125_002.txt"} {
		f := filepath.Join(out, name)
		if code, o, _ := icbatch(t, "validate", f); code != 0 {
			t.Fatalf("%s: %s", name, o)
		}
		_, js, _ := icbatch(t, "convert", "--to", "json", f)
		payments += strings.Count(js, `"record":"6"`)
	}
	if payments != 1200 {
		t.Fatalf("%d payments in the files, want 1200", payments)
	}
	data, _ := os.ReadFile(orders)
	os.WriteFile(orders, append(data, "A1,Jo,11/25/2026,ANIMAL,DOGLIC,1,$15.00,Dog\r\n"...), 0o644)
	empty := t.TempDir()
	code, o, _ := icbatch(t, "lockbox", "build", "--orders", orders, "--gl", gl, "--biller", "SPANFORK", "--lockbox", "4400123", "--dir", empty)
	if code != 1 || !strings.Contains(o, orders+":") || !strings.Contains(o, ": Amount: not an amount: currency symbols are not allowed") {
		t.Fatalf("bad orders: exit %d: %s", code, o)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Fatalf("%d entries left in the folder", len(entries))
	}
	if code, _, errs := icbatch(t, "lockbox", "build", "--orders", orders, "--gl", gl, "--biller", "X", "--lockbox", "1", "--dir", empty, "--out", "x"); code != 2 || !strings.Contains(errs, "not both") {
		t.Fatalf("--out and --dir: exit %d %s", code, errs)
	}
}

// TestLayoutReadsItsKind: for every fixed-width and delimited kind, the
// layout icbatch layout prints reads that kind's files through --layout,
// and one with a column renamed is refused, naming it.
func TestLayoutReadsItsKind(t *testing.T) {
	dir := t.TempDir()
	for kind, field := range map[string]string{"payment": "amount", "adjustment": "amount", "optout": "EmailAddress",
		"lockbox": "payer", "connect": "amount_due", "bif": "BalanceDue"} {
		t.Run(kind, func(t *testing.T) {
			data, lay := filepath.Join(dir, kind+".txt"), filepath.Join(dir, kind+".json")
			mustRun(t, "generate", "--kind", kind, "--count", "30", "--out", data)
			code, js, errs := icbatch(t, "layout", "--kind", kind, "--format", "json")
			if code != 0 || !strings.Contains(js, `"name": "`+field+`"`) {
				t.Fatalf("layout: exit %d %s", code, errs)
			}
			os.WriteFile(lay, []byte(js), 0o644)
			if code, out, errs := icbatch(t, "validate", "--kind", kind, "--layout", lay, data); code != 0 {
				t.Fatalf("validate --layout: exit %d %s%s", code, out, errs)
			}
			os.WriteFile(lay, []byte(strings.Replace(js, `"name": "`+field+`"`, `"name": "`+field+`X"`, 1)), 0o644)
			if code, _, errs := icbatch(t, "validate", "--kind", kind, "--layout", lay, data); code != 2 || !strings.Contains(errs, field) {
				t.Fatalf("renamed %s: exit %d %s", field, code, errs)
			}
		})
	}
}

// TestValidateManyFilesKeepsOrder: files validated on several cores
// print their problems in the order given, each file's together, the
// same as one at a time; a file that cannot be read is said in its turn.
func TestValidateManyFilesKeepsOrder(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	mustRun(t, "generate", "--kind", "payment", "--count", "20000", "--out", big)
	files, _ := filepath.Glob(td + "*.txt")
	files = append([]string{big, filepath.Join(dir, "missing.txt")}, files...)
	var want strings.Builder
	wantCode := 0
	var wantErr []string
	for _, f := range files {
		code, out, errs := icbatch(t, append([]string{"validate", "--kind", "payment"}, f)...)
		want.WriteString(out)
		wantCode = max(wantCode, code)
		if errs != "" {
			wantErr = append(wantErr, errs)
		}
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	code, out, errs := icbatch(t, append([]string{"validate", "--kind", "payment"}, files...)...)
	if code != wantCode || out != want.String() || errs != strings.Join(wantErr, "") {
		t.Fatalf("exit %d (want %d)\nstdout differs: %v\nstderr %q, want %q", code, wantCode, out != want.String(), errs, strings.Join(wantErr, ""))
	}
	if strings.Count(out, "\n") < 20 {
		t.Fatalf("only %d problems: the test needs files with problems", strings.Count(out, "\n"))
	}
}

// TestSendMinAge: with --min-age, a file modified just now is left for a
// later run, said so on standard error, and not marked sent.
func TestSendMinAge(t *testing.T) {
	dir := t.TempDir()
	out, ic := filepath.Join(dir, "out"), filepath.Join(dir, "ic")
	os.MkdirAll(out, 0o755)
	os.Mkdir(ic, 0o755)
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("x"), 0o644)
	code, o, errs := icbatch(t, "send", "--no-check", "--min-age", "1h", "--from", out, "--ext", "txt", "--to", ic)
	if code != 0 || o != "" || !strings.Contains(errs, "notes.txt: left for a later run") {
		t.Fatalf("a file modified just now: exit %d: %q %q", code, o, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "notes.txt")); err != nil {
		t.Fatal("marked sent, though left")
	}
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(filepath.Join(out, "notes.txt"), old, old)
	if code, o, errs := icbatch(t, "send", "--no-check", "--min-age", "1h", "--from", out, "--ext", "txt", "--to", ic); code != 0 || !strings.Contains(o, "sent notes.txt") {
		t.Fatalf("a file quiet for two hours: exit %d: %q %q", code, o, errs)
	}
}

// TestOutNeverDestroysItsInput: --out is written aside and given its name
// once whole. It may name the command's own input (a file larger than any
// buffer is converted in place), and a command that fails leaves a file
// of that name as it was; nothing partial is left behind.
func TestOutNeverDestroysItsInput(t *testing.T) {
	dir := t.TempDir()
	pay := filepath.Join(dir, "day.txt")
	mustRun(t, "generate", "--kind", "payment", "--count", "3000", "--out", pay)
	if fi, err := os.Stat(pay); err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("a new --out file: %v %v, want mode 0644 as os.Create makes", fi.Mode(), err)
	}
	orig, _ := os.ReadFile(pay)
	os.Chmod(pay, 0o640)
	mustRun(t, "convert", "--to", "json", "--out", pay, pay)
	if fi, err := os.Stat(pay); err != nil || fi.Mode().Perm() != 0o640 {
		t.Fatalf("a replaced --out file: %v %v, want the mode it had, 0640", fi.Mode(), err)
	}
	converted, _ := os.ReadFile(pay)
	if n := strings.Count(string(converted), "\n"); n != 3002 || !strings.HasPrefix(string(converted), `{"record":"PH"`) {
		t.Fatalf("in place: %d lines, starting %.40q", n, converted)
	}
	bad := append(append([]byte(nil), orig...), "XX garbage\r\n"...)
	os.WriteFile(pay, bad, 0o644)
	if code, _, _ := icbatch(t, "convert", "--to", "json", "--out", pay, pay); code != 1 {
		t.Fatalf("a bad file converted in place: exit %d", code)
	}
	if got, _ := os.ReadFile(pay); !bytes.Equal(got, bad) {
		t.Fatal("a failed convert changed the file it was to write")
	}
	orders, gl := filepath.Join(dir, "orders.csv"), filepath.Join(dir, "gl.csv")
	mustRun(t, "lockbox", "sample", "--orders", orders, "--gl", gl)
	os.WriteFile(gl, []byte("ItemCode,GLAccount\r\n"), 0o644) // maps nothing: the build fails
	before, _ := os.ReadFile(orders)
	if code, _, _ := icbatch(t, "lockbox", "build", "--orders", orders, "--gl", gl, "--biller", "SPANFORK", "--lockbox", "1", "--out", orders); code != 1 {
		t.Fatalf("a failed build: exit %d", code)
	}
	if got, _ := os.ReadFile(orders); !bytes.Equal(got, before) {
		t.Fatal("a failed lockbox build removed or changed --out")
	}
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		if strings.Contains(e.Name(), ".partial-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
