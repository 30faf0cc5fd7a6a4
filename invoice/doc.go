// Package invoice reads, checks and writes the invoice files Caselle sends
// to Invoice Cloud — the Connect fixed-width TXT (FORMATS §2) and the
// Clarity XML (§3) — and Invoice Cloud's native Biller Invoice File, the
// BIF (§4), made from either through the biller's BIF customization.
//
// The common task, a Caselle invoice file (Connect or Clarity, told apart
// by its content) into the BIF Invoice Cloud loads:
//
//	n, err := invoice.ToBIF(ctx, bif, f, "SPANFORK_INV_20261101_001.txt", invoice.Customization{})
//
// and to read one invoice at a time, invoice.NewReader(f, name): Header, then
// All or Read, and Line for where each invoice starts.
//
// One model serves all three: an Invoice with its customer, balances,
// charge lines, meter readings, usage history and messages. Both invoice
// formats are checked by the same rules: record order (Connect: IN, exactly
// one NA, then LI, MR, at most one UH per service, MS), the balance-forward
// identity (amount due = previous balance + payments + adjustments +
// current charges), charge lines adding up to current charges, usage
// newest first, and the trailer or summary's counts and total. A Registry
// of the biller's invoice types (up to 99; the seed's biller has 42) is
// checked when given. The Clarity reader has an XML tokenizer of its own
// (held to encoding/xml's by a differential fuzz target: the same tokens,
// the same refusals), decodes windows-1252 as golang.org/x/text does, and
// reads one Invoice element at a time, so files of hundreds of thousands
// of invoices stay at flat memory; it refuses an XML declaration anywhere
// but at the start of the file, and it reports any
// element or attribute it does not know, a second element where one is
// allowed, an element inside a text element, and a control character a
// windows-1252 file cannot hold, rather than drop or pass them.
//
// Customization turns an invoice into a BIFRow: the AutoPay collection
// date, the e-mail notification schedule, bill expiry, minimum payment
// and partial payments; usage history only with advanced setting 109.
// Open-item billing is not supported and is refused (ErrOpenItem).
//
// Memory: the strings in the values a ConnectReader or BIFReader returns
// share blocks of 4-32 KiB with the values read near them, so a string kept keeps its
// block alive; to keep a few strings of a large file for long, copy them
// (strings.Clone).
//
// The Connect layout is data (FORMATS §2; fixed width, 250 bytes a record,
// Windows-1252, CRLF): DefaultConnectLayout, embedded from connect.json,
// prints itself as tables with Markdown (as does `icbatch layout --kind
// connect`), and LoadConnectLayout reads an edited copy. The tags of
// Header, Invoice, Customer, Balances, Charge, Meter and Summary name the
// Connect field each value is kept in and its type code; usage history
// (UH) and messages (MS) are bound by the reader and writer. The BIF
// layout (DefaultBIFLayout, bif.json) is bound column by column in
// BIFLayout; Clarity's elements by its reader and writer.
package invoice
