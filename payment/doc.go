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
// The layout (DefaultLayout; LoadLayout reads an edited copy), fixed width,
// 250 bytes a record, Windows-1252, CRLF:
//
//	PH file header (250 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1-2 | 2 | A | `PH` |
//	| 3-12 | 10 | A | biller_code: biller code |
//	| 13-20 | 8 | D | file_date: file date |
//	| 21-26 | 6 | T | creation_time: creation time |
//	| 27-32 | 6 | N | sequence: file sequence number |
//	| 33-250 | 218 |  | spaces |
//
//	PD payment detail (250 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1-2 | 2 | A | `PD` |
//	| 3-5 | 3 | A | transaction_type: PMT payment, REV reversal, RFD refund |
//	| 6-41 | 36 | A | confirmation: confirmation number (Invoice Cloud payment GUID), unique |
//	| 42-77 | 36 | A | original_confirmation: original confirmation number: required for REV and RFD, blank for PMT |
//	| 78-97 | 20 | A | account: account number |
//	| 98-117 | 20 | A | invoice_number: invoice number |
//	| 118-119 | 2 | N | invoice_type: invoice type id 01-99 |
//	| 120-127 | 8 | D | payment_date: payment date |
//	| 128-133 | 6 | T | payment_time: payment time |
//	| 134-141 | 8 | D | settlement_date: settlement date |
//	| 142-153 | 12 | S | amount: payment amount: PMT > 0; REV, RFD < 0 |
//	| 154-165 | 12 | S | convenience_fee: convenience fee, >= 0, kept apart from the amount |
//	| 166-167 | 2 | A | method: CC, DC, AC, PP, VN, AP, GP |
//	| 168-171 | 4 | A | card_brand: VISA, MC, AMEX, DISC; blank unless a card |
//	| 172-174 | 3 | A | channel: WEB, IVR, OBD, TXT, APY, BPT, SWP |
//	| 175-214 | 40 | A | payer: payer name |
//	| 215-224 | 10 | A | deposit_batch: deposit batch id |
//	| 225-250 | 26 |  | spaces |
//
//	PT file trailer (250 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1-2 | 2 | A | `PT` |
//	| 3-10 | 8 | N | record_count: record count, PH and PT included |
//	| 11-18 | 8 | N | payment_count: PMT count |
//	| 19-32 | 14 | S | payment_total: PMT amount total |
//	| 33-40 | 8 | N | return_count: REV + RFD count |
//	| 41-54 | 14 | S | return_total: REV + RFD amount total |
//	| 55-68 | 14 | S | fee_total: convenience fee total |
//	| 69-250 | 182 |  | spaces |
package payment
