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
// The layout is data (FORMATS §8; fixed width, 80 bytes a record,
// Windows-1252, CRLF; order: 1; per batch 5, per payment a 6 and its 4s,
// then 7; one 8; one 9): DefaultLayout, embedded from layout.json, prints
// itself as tables with Markdown (as does `icbatch layout --kind lockbox`),
// and LoadLayout reads an edited copy. The tags of Header, Batch, Payment,
// Distribution and Totals name the field each value is kept in and its
// type code.
package lockbox
