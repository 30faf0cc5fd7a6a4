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

// A change log whose columns come in another order reads through an
// edited copy of the default layout.
func ExampleLoadLayout() {
	js := string(optout.DefaultLayout().JSON())
	js = strings.Replace(js, `"column": 6,`, `"column": 0,`, 1) // EmailAddress ...
	js = strings.Replace(js, `"column": 7,`, `"column": 6,`, 1) // ... and ChangedBy swap places
	js = strings.Replace(js, `"column": 0,`, `"column": 7,`, 1)
	l, err := optout.LoadLayout(strings.NewReader(js))
	if err != nil {
		fmt.Println(err)
		return
	}
	file := "ChangeID,AccountNumber,InvoiceTypeID,Paperless,EffectiveDate,ChangedBy,EmailAddress\r\n" +
		"1001,100-2345-01,01,Y,11/24/2026 08:15:00,Payer,jose@example.com\r\n"
	for c, err := range optout.NewReader(strings.NewReader(file), &optout.Options{Name: "swapped.csv", Layout: l}).All() {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(c.ID, c.Account, c.Paperless, c.Email, c.ChangedBy)
	}
	// Output:
	// 1001 100-2345-01 true jose@example.com Payer
}
