// Package lockbox builds, writes and reads the CloudStore lockbox file
// (FORMATS §8): Invoice Cloud's CloudStore sells items such as dog
// licenses and permits, and those payments reach Caselle Cash Receipting
// as a bank-lockbox shaped file in which every item carries its
// general-ledger account. The file travels through Stratus or by e-mail
// and is imported into Caselle by hand.
//
// The common task, a CloudStore day into a lockbox file:
//
//	orders, err := lockbox.ReadOrders(ordersCSV, &lockbox.Options{Name: "orders.csv"})
//	gl, err := lockbox.ReadGLMap(glCSV, &lockbox.Options{Name: "gl.csv"})
//	built, err := lockbox.Build(ctx, out, orders, lockbox.Config{Biller: "SPANFORK", Lockbox: 4400123, GL: gl, Mask: mask, Created: now})
//
// Build takes CloudStore orders and a GLMap (item code → Caselle GL
// account), checks every account against the biller's account mask (such
// as FF-SS-RRR), groups the orders into batches — one store and one
// deposit date a batch, at most a configurable number of payments — and
// writes the file with every total computed. Nothing is dropped: an item
// code without a GL account stops the build with an UnmappedError naming
// every such code and the orders that hold it, and every order becomes one
// payment. Orders and GL maps can be read from CSV files (ReadOrders,
// ReadGLMap; written by WriteOrders, WriteGLMap) as well as built in Go.
// Both start with a header row, checked exactly; dates are MM/DD/YYYY and
// amounts plain decimals:
//
//	Confirmation,Payer,DepositDate,StoreCode,ItemCode,Quantity,Amount,Description
//	ItemCode,GLAccount
//
// In the orders file each row is one item; rows with the same confirmation
// number form one order and must agree on payer, deposit date and store.
// Amount is the line's amount, not a unit price.
//
// A day too large to hold in memory — or one that passes a file's limits
// (MaxBatches, MaxPayments, MaxRecords, and the widths of the amounts) —
// goes through StreamOrders and BuildFiles, which stream the orders into as
// many files as they need, <BILLER>_LBX_<YYYYMMDD>_<NNN>.txt, at flat
// memory (a 100,000-order day in about 32 MB):
//
//	files, err := lockbox.BuildFiles(ctx, dir, lockbox.StreamOrders(ordersCSV, nil), cfg)
//
// What can never fit a lockbox file (an amount past 99,999,999.99, a
// quantity past 9999, more than 99 items) is refused as a problem of its
// order; a batch or a file that would pass a limit is simply closed and
// the next one begun.
//
// Reader checks record order and every total on read: distributions add up
// to their payment, the 7 to its batch, the 8 to the file, and the 9 counts
// every record. Writer is the low-level writer Build uses.
//
// Memory: the strings in the values a reader returns share blocks of
// 4-32 KiB with the values read near them, so a string kept keeps its
// block alive; to keep a few strings of a large file for long, copy them
// (strings.Clone).
//
// The layout (DefaultLayout; LoadLayout reads an edited copy), fixed width,
// 80 bytes a record, Windows-1252, CRLF. Order: 1; per batch 5, per payment
// a 6 and its 4s, then 7; one 8; one 9.
//
//	1 file header (80 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1 | 1 | A | `1` |
//	| 2-3 | 2 | N | priority: priority, 01 |
//	| 4-13 | 10 | A | destination: destination: the biller code |
//	| 14-23 | 10 | A | origin: origin, INVCLOUD |
//	| 24-29 | 6 | d | creation_date: creation date |
//	| 30-33 | 4 | T | creation_time: creation time |
//	| 34-80 | 47 |  | spaces |
//
//	5 batch header (80 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1 | 1 | A | `5` |
//	| 2-4 | 3 | N | batch: batch number |
//	| 5-11 | 7 | N | lockbox: lockbox number |
//	| 12-17 | 6 | d | deposit_date: deposit date |
//	| 18-27 | 10 | A | store: CloudStore code |
//	| 28-80 | 53 |  | spaces |
//
//	6 payment (80 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1 | 1 | A | `6` |
//	| 2-4 | 3 | N | batch: batch number |
//	| 5-7 | 3 | N | item: item number in the batch |
//	| 8-17 | 10 | U | amount: payment amount |
//	| 18-53 | 36 | A | confirmation: confirmation number |
//	| 54-80 | 27 | A | payer: payer name |
//
//	4 distribution (80 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1 | 1 | A | `4` |
//	| 2-4 | 3 | N | batch: batch number |
//	| 5-7 | 3 | N | item: item number of its payment |
//	| 8-9 | 2 | N | sequence: distribution sequence in the payment |
//	| 10-19 | 10 | A | item_code: store item code |
//	| 20-34 | 15 | A | gl_account: Caselle GL account, e.g. 10-41-110 |
//	| 35-38 | 4 | N | quantity: quantity |
//	| 39-48 | 10 | U | amount: amount |
//	| 49-80 | 32 | A | description: item description |
//
//	7 batch total (80 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1 | 1 | A | `7` |
//	| 2-4 | 3 | N | batch: batch number |
//	| 5-11 | 7 | N | lockbox: lockbox number |
//	| 12-17 | 6 | d | deposit_date: deposit date |
//	| 18-21 | 4 | N | item_count: payments in the batch |
//	| 22-31 | 10 | U | batch_amount: batch amount |
//	| 32-80 | 49 |  | spaces |
//
//	8 lockbox total (80 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1 | 1 | A | `8` |
//	| 2-8 | 7 | N | lockbox: lockbox number |
//	| 9-12 | 4 | N | batch_count: batches |
//	| 13-17 | 5 | N | item_count: payments |
//	| 18-29 | 12 | U | total_amount: total amount |
//	| 30-80 | 51 |  | spaces |
//
//	9 trailer (80 bytes)
//
//	| pos | len | type | field |
//	| --- | --- | --- | --- |
//	| 1 | 1 | A | `9` |
//	| 2-7 | 6 | N | record_count: record count, all records included |
//	| 8-80 | 73 |  | spaces |
package lockbox
