// Package optout reads, checks and writes the paperless enrollment change
// log ("OptOut" file) that Invoice Cloud sends to Caselle, whose interface
// module imports it and updates each account (FORMATS §7).
//
// The common task, applying a day's paperless changes:
//
//	var changes []optout.Change
//	for c, err := range optout.NewReader(f, &optout.Options{Name: "SPANFORK_OPTOUT_20261125_001.csv"}).All() {
//		if err != nil { ... } // file, line, field and value
//		changes = append(changes, c)
//	}
//	for _, c := range optout.Latest(slices.Values(changes)) { ... } // one state per account and invoice type
//
// Several changes for one account and invoice type fold into one state
// with Latest: the latest EffectiveDate wins, then the highest ChangeID. A
// data conversion of paperless enrollments writes the same file with
// ChangedBy=Conversion (WriteConversion). The integration has no other
// change log: Supported says so for the phone-number, e-mail-address and
// AutoPay logs (ErrUnsupported).
//
// Memory: the strings in the values a reader returns share blocks of
// 4-32 KiB with the values read near them, so a string kept keeps its
// block alive; to keep a few strings of a large file for long, copy them
// (strings.Clone).
//
// The file is CSV (RFC 4180), Windows-1252, CRLF, with a header row of
// the column names, checked exactly; each record's errors name the line it
// starts on. The layout is data (FORMATS §7): DefaultLayout, embedded from
// layout.json, prints itself with Markdown (as does `icbatch layout --kind
// optout`), and LoadLayout reads an edited copy; Change's tags name the
// column each value is kept in and its type code.
package optout
