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
// layout (DefaultLayout; LoadLayout reads an edited copy):
//
//	H header
//
//	| column | type | field |
//	| --- | --- | --- |
//	| 1 | A | `H` |
//	| 2 | A | biller_code: biller code |
//	| 3 | D | creation_date: creation date YYYYMMDD |
//	| 4 | T | creation_time: creation time HHMMSS |
//	| 5 | N | billing_period: billing period YYYYMM |
//	| 6 | F | period_closed: period closed in Caselle, Y or N |
//
//	A adjustment
//
//	| column | type | field |
//	| --- | --- | --- |
//	| 1 | A | `A` |
//	| 2 | A | account: account number |
//	| 3 | A | invoice_number: invoice number |
//	| 4 | N | invoice_type: invoice type id 01-99 |
//	| 5 | MDY | adjustment_date: adjustment date MM/DD/YYYY |
//	| 6 | A | code: adjustment code, up to 4 characters (LEAK, PENW, CORR, NSF) |
//	| 7 | A | description: description |
//	| 8 | M | amount: amount, negative for a credit |
//	| 9 | M | new_balance_due: balance due after the adjustment |
//
//	T trailer
//
//	| column | type | field |
//	| --- | --- | --- |
//	| 1 | A | `T` |
//	| 2 | N | record_count: record count, H and T included |
//	| 3 | N | adjustment_count: adjustment count |
//	| 4 | M | net_total: net adjustment total |
package adjustment
