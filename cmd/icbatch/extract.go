package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	rtdebug "runtime/debug"
	"strings"

	"github.com/icbatch/caselle/billimage"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/folder"
)

// extractCmd finds the bills of print files: icbatch extract --template
// reference|FILE.json [--invoices FILE] [--split DIR] [--debug DIR] --index OUT.csv PRINT.pdf...
func extractCmd(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlags("extract")
	tmpl := fs.String("template", "reference", "template: reference, or a template JSON file")
	invFile := fs.String("invoices", "", "invoice file (Connect, Clarity or BIF) to tie every bill to its invoice")
	custom := fs.String("customization", "", "BIF customization JSON, for --invoices in Connect or Clarity form")
	split := fs.String("split", "", "folder to write one PDF a bill into (<account>_<invoice number>.pdf)")
	index := fs.String("index", "", "the bill image index (CSV, FORMATS §9) to write")
	debug := fs.String("debug", "", "folder to draw every page into, as the template sees it (one SVG a page)")
	if err := parse(fs, args); err != nil {
		return exitUsage, err
	}
	if *index == "" || fs.NArg() == 0 {
		return exitUsage, usagef("extract needs --index OUT.csv and at least one print file")
	}
	// Print files are read page by page; a soft limit keeps the garbage
	// collector from letting the heap grow to twice what is live. Not
	// when cutting: pdfcpu holds the whole file's objects, and a limit
	// under that would have the collector run without end.
	if *split == "" && rtdebug.SetMemoryLimit(-1) == math.MaxInt64 {
		rtdebug.SetMemoryLimit(48 << 20)
	}
	t, err := loadTemplate(*tmpl)
	if err != nil {
		return exitUsage, err
	}
	var rc *billimage.Reconciler
	if *invFile != "" {
		bills, err := readInvoiceBills(*invFile, *custom)
		if err != nil {
			return exitUsage, err
		}
		rc = billimage.NewReconciler(bills)
	}
	var dest *transport.FS // each bill's file put whole, never over another
	if *split != "" {
		if dest, err = folder.Open(*split); err != nil {
			return exitUsage, err
		}
		defer dest.Close()
	}
	w, done, err := output(*index, stdout)
	if err != nil {
		return exitUsage, err
	}
	iw := billimage.NewIndexWriter(w)
	bad := 0
	report := func(err error) {
		bad++
		fmt.Fprintln(stderr, err)
	}
	progress := newProgress(stderr, false)
	for _, name := range fs.Args() {
		code, err := extractFile(name, t, rc, dest, iw, report, progress, *debug)
		if err != nil {
			done(false)
			return code, err
		}
	}
	progress.done()
	if err := iw.Close(); err != nil {
		done(false)
		return exitUsage, err
	}
	if err := done(true); err != nil {
		return exitUsage, err
	}
	if rc != nil {
		for _, f := range rc.Finish() {
			report(errors.New(f.String()))
		}
	}
	if bad > 0 {
		return exitInvalid, nil
	}
	return exitOK, nil
}

func extractFile(name string, t *billimage.Template, rc *billimage.Reconciler, dest *transport.FS, iw *billimage.IndexWriter,
	report func(error), progress *progress, debug string) (int, error) {
	f, err := os.Open(name)
	if err != nil {
		return exitUsage, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return exitUsage, err
	}
	base := filepath.Base(name)
	// Read in place: a print file of any size is not held in memory
	// (cutting it, --split, does read it whole, with pdfcpu).
	d, err := billimage.OpenPDF(f, fi.Size(), base)
	if err != nil {
		report(err) // not a PDF, cut short, a password: one line
		return exitOK, nil
	}
	var sp *billimage.Splitter
	if dest != nil {
		if sp, err = billimage.NewSplitter(io.NewSectionReader(f, 0, fi.Size()), base); err != nil {
			report(err)
			return exitOK, nil
		}
	}
	if debug != "" {
		if err := os.MkdirAll(debug, 0o755); err != nil {
			return exitUsage, err
		}
	}
	onPage := func(p *billimage.Page, pages int) {
		progress.pages(base, p.Number, pages)
		if debug == "" {
			return
		}
		var svg bytes.Buffer
		t.DebugSVG(&svg, p)
		if err := os.WriteFile(filepath.Join(debug, fmt.Sprintf("%s-p%04d.svg", strings.TrimSuffix(base, filepath.Ext(base)), p.Number)), svg.Bytes(), 0o644); err != nil {
			report(err)
		}
	}
	for b, err := range t.Bills(d, onPage) {
		if err != nil {
			report(err)
			return exitOK, nil
		}
		for _, p := range b.Problems {
			report(p)
		}
		if len(b.Problems) > 0 {
			continue
		}
		if rc != nil {
			rc.Add(b)
		}
		billFile := ""
		if sp != nil {
			if billFile, err = billimage.FileName(b); err != nil {
				report(err)
				continue
			}
			var buf bytes.Buffer
			if err := sp.Write(&buf, b); err != nil {
				report(err)
				continue
			}
			if err := dest.Put(context.Background(), billFile, &buf); err != nil {
				report(fmt.Errorf("%s: page %d: %s: %w", base, b.First, billFile, err))
				continue
			}
		}
		if err := iw.Write(b, billFile); err != nil {
			report(err)
		}
	}
	return exitOK, nil
}

func loadTemplate(name string) (*billimage.Template, error) {
	if name == "reference" {
		return billimage.Reference(), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := billimage.LoadTemplate(f)
	if err != nil {
		return nil, usagef("--template %s: %v", name, err)
	}
	return t, nil
}

// readInvoiceBills reads the bills of a BIF, or presents a Connect or
// Clarity file's invoices through the customization.
func readInvoiceBills(name, custom string) ([]invoice.Bill, error) {
	c, err := loadCustomization(custom)
	if err != nil {
		return nil, err
	}
	var bills []invoice.Bill
	bif := func(r io.Reader) (err error) {
		bills, err = invoice.ReadBills(r, filepath.Base(name))
		return err
	}
	// Streamed: only what a bill is checked against is kept of each.
	err = eachInvoice(name, "--invoices (or a BIF)", bif, func(inv invoice.Invoice) error {
		row, err := c.BIF(inv, "")
		if err != nil {
			return err
		}
		row.Usage, row.NotifyDates = nil, nil
		bills = append(bills, invoice.Bill{BIFRow: row, File: filepath.Base(name), Line: len(bills) + 1})
		return nil
	})
	return bills, err
}
