// Package gen holds the option rules and defaults every kind's generator
// (invoicetest, paymenttest, adjustmenttest, lockboxtest, optouttest)
// shares, so that they read their Options one way and the files they make
// for one day agree.
package gen

import "time"

// Biller is the biller code generated files carry unless told otherwise.
const Biller = "SPANFORK"

// Day is the day generated files are for unless told otherwise: the
// FORMATS examples' 2026-11-25.
var Day = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// Count is a generator's count option n: 0 takes def, below 0 is none.
func Count(n, def int) int {
	switch {
	case n == 0:
		return def
	case n < 0:
		return 0
	}
	return n
}

// Date is a generator's date option t, or def when t is unset (zero).
func Date(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t
}
