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
// The Connect layout (DefaultConnectLayout; LoadConnectLayout reads an
// edited copy), fixed width, 250 bytes a record, Windows-1252, CRLF:
//
//	H1 file header (250 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1-2 | 2 | A | `H1` |
//	| 3-12 | 10 | A | biller_code: biller code |
//	| 13-20 | 8 | A | source_system: source system, CONNECT |
//	| 21-28 | 8 | D | creation_date: creation date |
//	| 29-34 | 6 | T | creation_time: creation time |
//	| 35-40 | 6 | N | billing_period: billing period YYYYMM |
//	| 41-42 | 2 | N | billing_cycle: billing cycle |
//	| 43-250 | 208 |  | spaces |
//
//	IN invoice (250 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1-2 | 2 | A | `IN` |
//	| 3-22 | 20 | A | account: account number |
//	| 23-42 | 20 | A | invoice_number: invoice number |
//	| 43-44 | 2 | N | invoice_type: invoice type id |
//	| 45-52 | 8 | D | bill_date: bill date |
//	| 53-60 | 8 | D | due_date: due date |
//	| 61-68 | 8 | D | penalty_date: penalty date (optional) |
//	| 69-80 | 12 | S | previous_balance: previous balance |
//	| 81-92 | 12 | S | payments: payments (negative when money was received) |
//	| 93-104 | 12 | S | adjustments: adjustments |
//	| 105-116 | 12 | S | current_charges: current charges |
//	| 117-128 | 12 | S | amount_due: amount due |
//	| 129-140 | 12 | S | minimum_due: minimum due |
//	| 141-152 | 12 | S | amount_after_penalty: amount due after the penalty date |
//	| 153 | 1 | F | paperless: paperless |
//	| 154 | 1 | F | autopay: AutoPay |
//	| 155-162 | 8 | D | service_from: service from |
//	| 163-170 | 8 | D | service_to: service to |
//	| 171-250 | 80 |  | spaces |
//
//	NA name and address (250 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1-2 | 2 | A | `NA` |
//	| 3-42 | 40 | A | name: customer name |
//	| 43-82 | 40 | A | address1: mailing address 1 |
//	| 83-122 | 40 | A | address2: mailing address 2 |
//	| 123-147 | 25 | A | city: city |
//	| 148-149 | 2 | A | state: state |
//	| 150-159 | 10 | A | zip: ZIP (84660 or 84660-1234) |
//	| 160-199 | 40 | A | service_address: service address |
//	| 200-249 | 50 | A | email: e-mail address |
//	| 250 | 1 |  | spaces |
//
//	LI charge line (250 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1-2 | 2 | A | `LI` |
//	| 3-8 | 6 | A | service: service code (WATER, SEWER, TRASH, STORM, PENLTY…) |
//	| 9-38 | 30 | A | description: description |
//	| 39-50 | 12 | Q | quantity: quantity |
//	| 51-62 | 12 | S | amount: amount |
//	| 63-250 | 188 |  | spaces |
//
//	MR meter reading (250 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1-2 | 2 | A | `MR` |
//	| 3-17 | 15 | A | meter: meter number |
//	| 18-23 | 6 | A | service: service code |
//	| 24-31 | 8 | D | previous_read_date: previous read date |
//	| 32-39 | 8 | D | current_read_date: current read date |
//	| 40-49 | 10 | N | previous_reading: previous reading |
//	| 50-59 | 10 | N | current_reading: current reading |
//	| 60-69 | 10 | N | consumption: consumption (rollover, multiplier: may differ from the difference) |
//	| 70-75 | 6 | A | unit: unit (GAL, KGAL, CCF, KWH) |
//	| 76-250 | 175 |  | spaces |
//
//	UH usage history (250 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1-2 | 2 | A | `UH` |
//	| 3-8 | 6 | A | service: service code |
//	| 9-14 | 6 | A | unit: unit |
//	| 15-20 | 6 | N | period_1: slot 1 period YYYYMM (newest first; all spaces = unused) |
//	| 21-30 | 10 | N | consumption_1: slot 1 consumption |
//	| 31-36 | 6 | N | period_2: slot 2 period YYYYMM (newest first; all spaces = unused) |
//	| 37-46 | 10 | N | consumption_2: slot 2 consumption |
//	| 47-52 | 6 | N | period_3: slot 3 period YYYYMM (newest first; all spaces = unused) |
//	| 53-62 | 10 | N | consumption_3: slot 3 consumption |
//	| 63-68 | 6 | N | period_4: slot 4 period YYYYMM (newest first; all spaces = unused) |
//	| 69-78 | 10 | N | consumption_4: slot 4 consumption |
//	| 79-84 | 6 | N | period_5: slot 5 period YYYYMM (newest first; all spaces = unused) |
//	| 85-94 | 10 | N | consumption_5: slot 5 consumption |
//	| 95-100 | 6 | N | period_6: slot 6 period YYYYMM (newest first; all spaces = unused) |
//	| 101-110 | 10 | N | consumption_6: slot 6 consumption |
//	| 111-116 | 6 | N | period_7: slot 7 period YYYYMM (newest first; all spaces = unused) |
//	| 117-126 | 10 | N | consumption_7: slot 7 consumption |
//	| 127-132 | 6 | N | period_8: slot 8 period YYYYMM (newest first; all spaces = unused) |
//	| 133-142 | 10 | N | consumption_8: slot 8 consumption |
//	| 143-148 | 6 | N | period_9: slot 9 period YYYYMM (newest first; all spaces = unused) |
//	| 149-158 | 10 | N | consumption_9: slot 9 consumption |
//	| 159-164 | 6 | N | period_10: slot 10 period YYYYMM (newest first; all spaces = unused) |
//	| 165-174 | 10 | N | consumption_10: slot 10 consumption |
//	| 175-180 | 6 | N | period_11: slot 11 period YYYYMM (newest first; all spaces = unused) |
//	| 181-190 | 10 | N | consumption_11: slot 11 consumption |
//	| 191-196 | 6 | N | period_12: slot 12 period YYYYMM (newest first; all spaces = unused) |
//	| 197-206 | 10 | N | consumption_12: slot 12 consumption |
//	| 207-212 | 6 | N | period_13: slot 13 period YYYYMM (newest first; all spaces = unused) |
//	| 213-222 | 10 | N | consumption_13: slot 13 consumption |
//	| 223-250 | 28 |  | spaces |
//
//	MS bill message (250 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1-2 | 2 | A | `MS` |
//	| 3-82 | 80 | A | message: message text |
//	| 83-250 | 168 |  | spaces |
//
//	T1 file trailer (250 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1-2 | 2 | A | `T1` |
//	| 3-10 | 8 | N | record_count: record count, H1 and T1 included |
//	| 11-18 | 8 | N | invoice_count: invoice count |
//	| 19-32 | 14 | S | total_amount_due: total amount due |
//	| 33-250 | 218 |  | spaces |
package invoice
