// Package payment reads, checks and writes the payment file that Invoice
// Cloud sends to Caselle's interface module, which posts it into Cash
// Receipting (FORMATS §6), and keeps a ledger so that a payment imported
// before is reported, never posted again.
//
// The common task, posting a day's payment file exactly once:
//
//	led, err := payment.OpenFileLedger("payments.ledger") // or sqliteledger.Open
//	r := payment.NewReader(f, &payment.Options{Name: "SPANFORK_PMT_20261125_001.txt", Log: logger})
//	res, err := payment.Import(ctx, r, led, postToCashReceipting) // nothing posted unless the whole file is valid
//
// A Reader streams a file of any size and checks every rule:
// record order (PH, PD…, PT), the trailer's counts and totals, confirmation
// numbers unique in the file, reversals (REV) and refunds (RFD) that name
// the payment they undo and carry a negative amount, payments (PMT) with a
// positive one, fees never negative, known codes, real dates, and no card
// numbers. Each problem is an *Error naming file, line, record, field,
// byte columns and raw value. A Writer applies the same rules and fills the
// trailer itself, so it never writes a file the Reader would refuse.
//
// Summary adds a file up by deposit batch, settlement date and method, the
// way a biller reconciles the daily bank deposits (Invoice Cloud closes
// batches automatically each day). Import with a Ledger posts each payment
// once: a confirmation number posted from an earlier file is reported as
// "Duplicate Confirmation Number" (ErrPosted) and skipped.
//
// Times are wall-clock values as the file holds them, returned in UTC.
// Money is decimal.Decimal, exact; nothing is rounded or cut.
//
// Memory: the strings in the values a reader returns share blocks of
// 4-32 KiB with the values read near them, so a string kept keeps its
// block alive; to keep a few strings of a large file for long, copy them
// (strings.Clone).
//
// The layout is data (FORMATS §6; fixed width, 250 bytes a record,
// Windows-1252, CRLF): DefaultLayout, embedded from layout.json, prints
// itself as tables with Markdown (as does `icbatch layout --kind payment`),
// and LoadLayout reads an edited copy. The tags of Header, Payment and
// Trailer name the field each value is kept in and its type code.
package payment
