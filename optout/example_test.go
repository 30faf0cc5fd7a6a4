package optout_test

import (
	"fmt"
	"strings"

	"github.com/icbatch/caselle/optout"
)

func ExampleLatest() {
	log := "ChangeID,AccountNumber,InvoiceTypeID,Paperless,EffectiveDate,EmailAddress,ChangedBy\r\n" +
		"7,100-2345-01,01,Y,11/20/2026 08:00:00,jose@example.com,Payer\r\n" +
		"9,100-2345-01,01,N,11/22/2026 08:00:00,,Biller\r\n" +
		"8,100-2345-01,01,Y,11/22/2026 08:00:00,jose@example.com,Payer\r\n"
	r := optout.NewReader(strings.NewReader(log), &optout.Options{Name: "SPANFORK_OPTOUT_20261125_001.csv"})
	var changes []optout.Change
	for c, err := range r.All() {
		if err != nil {
			fmt.Println(err)
			return
		}
		changes = append(changes, c)
	}
	latest := optout.Latest(func(yield func(optout.Change) bool) {
		for _, c := range changes {
			if !yield(c) {
				return
			}
		}
	})
	for _, c := range latest {
		fmt.Println(c.Account, c.InvoiceType, "paperless:", c.Paperless, "change", c.ID)
	}
	// Output:
	// 100-2345-01 1 paperless: false change 9
}
