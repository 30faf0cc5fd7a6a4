// Package adjustment reads, checks and writes the adjustment file (BAF)
// that Caselle sends to Invoice Cloud (FORMATS §5): leak credits, penalty
// waivers, corrections and fees against invoices already presented.
//
// The common task, writing the day's adjustments:
//
//	w, err := adjustment.NewWriter(out, adjustment.Header{BillerCode: "SPANFORK", Created: now, Period: period, PeriodClosed: true}, nil)
//	for _, a := range adjustments {
//		if err := w.Write(a); err != nil { ... } // a rule broken: the adjustment is named, nothing written for it
//	}
//	err = w.Close() // the T trailer: counts and net total
//
// The seed's rule: unless the biller has closed the current billing period
// in Caselle, the invoices close in Invoice Cloud and the adjustment
// balances arrive as $0.00. So a file whose header says the period is open
// is reported by the Reader with an error matching ErrPeriodOpen that says
// to close the billing period in Caselle first, and the Writer refuses to
// write one unless Options.AllowOpenPeriod forces it.
//
// Memory: the strings in the values a reader returns share blocks of
// 4-32 KiB with the values read near them, so a string kept keeps its
// block alive; to keep a few strings of a large file for long, copy them
// (strings.Clone).
//
// The file is comma-delimited (RFC 4180 quoting), Windows-1252, CRLF, with
// no header row; the first column is the record type. Money is a plain
// decimal ("-25.00"): "$25.00" and "1,234.50" are refused, saying why. The
// layout is data (FORMATS §5): DefaultLayout, embedded from layout.json,
// prints itself as tables with Markdown (as does `icbatch layout --kind
// adjustment`), and LoadLayout reads an edited copy. The tags of Header,
// Adjustment and Trailer name the field each value is kept in and its type
// code.
package adjustment
