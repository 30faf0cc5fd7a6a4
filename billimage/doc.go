// Package billimage cuts a biller's print file — the PDF Caselle printed,
// bill after bill — into bills, reads each bill's fields with a template,
// ties every bill to its invoice, and delivers the bill image index
// (FORMATS §9) and, when asked, one PDF per bill (FORMATS §10).
//
// The common task:
//
//	doc, err := billimage.OpenPDF(f, size, "SPANFORK_print.pdf") // not a PDF, cut short, a password: one clear error
//	rc := billimage.NewReconciler(bills)                          // invoice.ReadBills of the day's BIF
//	index := billimage.NewIndexWriter(out)
//	for bill, err := range billimage.Reference().Bills(doc, nil) {
//		// err: a page the PDF library cannot read; bill.Problems: a required
//		// field not found or a value that does not read, "FILE: page N: FIELD: message"
//		rc.Add(bill)
//		name, _ := billimage.FileName(bill) // <account>_<invoice number>.pdf, refused if unsafe
//		index.Write(bill, name)
//	}
//	findings := rc.Finish() // bills without invoices, invoices without bills, duplicates, amounts that disagree
//
// Text comes off each page with its position, through
// github.com/ledongthuc/pdf for parsing and this package's own text
// placement (glyph advances from the fonts' /Widths, or a CID font's /W
// and /DW, which the library does not read); pages are read in order
// from a cursor down the page tree, so a print file of any length is
// read at flat memory. %PDF-2.0 files are read, AES-256 files with an
// empty user password are decrypted (with pdfcpu), and any panic of the
// PDF libraries is an error naming the file and page.
//
// A Template is data (LoadTemplate, JSON): where a bill starts, where
// each field is (right of or below a label, in a rectangle, by pattern;
// on the first, last or any page), how to read it (text, dates, printed
// money), the invoice type, the required fields. Reference reads the
// FORMATS §10 reference bill from any producer; DebugSVG draws a page as
// a template sees it. Splitter cuts bills into PDFs of their own with
// pdfcpu. Only this package, and what imports it, pulls in PDF code.
package billimage
