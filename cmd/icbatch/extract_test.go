package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/invoice/invoicetest"
)

func TestExtract(t *testing.T) {
	dir := t.TempDir()
	o := invoicetest.Options{Seed: 3, Invoices: 15}
	var inv, pdf bytes.Buffer
	invoicetest.WriteConnect(&inv, o)
	os.WriteFile(filepath.Join(dir, "inv.txt"), inv.Bytes(), 0o644)
	invs := invoicetest.Collect(o)
	billimagetest.Write(&pdf, billimagetest.Options{Seed: 3, Invoices: invs, Duplex: true})
	os.WriteFile(filepath.Join(dir, "print.pdf"), pdf.Bytes(), 0o644)
	index, split := filepath.Join(dir, "index.csv"), filepath.Join(dir, "PDFs")
	code, _, errs := icbatch(t, "extract", "--invoices", filepath.Join(dir, "inv.txt"), "--split", split, "--index", index, filepath.Join(dir, "print.pdf"))
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	data, _ := os.ReadFile(index)
	if n := strings.Count(string(data), "\r\n"); n != 16 {
		t.Fatalf("index: %d lines\n%s", n, data)
	}
	if _, err := os.Stat(filepath.Join(split, invs[4].Account+"_"+invs[4].Number+".pdf")); err != nil {
		t.Fatal(err)
	}
	// Invoices without bills, and a file that is not a PDF: exit 1, a line each.
	os.WriteFile(filepath.Join(dir, "notes.pdf"), []byte("hello"), 0o644)
	var few bytes.Buffer
	billimagetest.Write(&few, billimagetest.Options{Seed: 3, Invoices: invs[:13]})
	os.WriteFile(filepath.Join(dir, "few.pdf"), few.Bytes(), 0o644)
	code, _, errs = icbatch(t, "extract", "--invoices", filepath.Join(dir, "inv.txt"), "--index", filepath.Join(dir, "i2.csv"),
		filepath.Join(dir, "notes.pdf"), filepath.Join(dir, "few.pdf"))
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if code != 1 || len(lines) != 3 || !strings.HasPrefix(lines[0], "notes.pdf: not a PDF file") || !strings.Contains(lines[1], "invoice without a bill") {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	// A bill missing a field: named by file, page and field.
	invs[1].Number = ""
	var bad bytes.Buffer
	billimagetest.Write(&bad, billimagetest.Options{Seed: 3, Invoices: invs[:3]})
	os.WriteFile(filepath.Join(dir, "bad.pdf"), bad.Bytes(), 0o644)
	code, _, errs = icbatch(t, "extract", "--debug", filepath.Join(dir, "debug"), "--index", filepath.Join(dir, "i3.csv"), filepath.Join(dir, "bad.pdf"))
	svgs, _ := filepath.Glob(filepath.Join(dir, "debug", "bad-p*.svg"))
	if len(svgs) == 0 {
		t.Fatal("--debug drew no page")
	}
	if code != 1 || !strings.Contains(errs, "bad.pdf: page ") || !strings.Contains(errs, ": invoice_number: required field not found") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if code, _, errs := icbatch(t, "extract", filepath.Join(dir, "print.pdf")); code != 2 || !strings.Contains(errs, "--index") {
		t.Fatalf("no --index: exit %d: %s", code, errs)
	}
	os.WriteFile(filepath.Join(dir, "t.json"), []byte(`{"name": "t", "start": {"pattern": "("}}`), 0o644)
	if code, _, errs := icbatch(t, "extract", "--template", filepath.Join(dir, "t.json"), "--index", index, filepath.Join(dir, "print.pdf")); code != 2 || !strings.Contains(errs, "start.pattern") {
		t.Fatalf("a bad template: exit %d: %s", code, errs)
	}
}
