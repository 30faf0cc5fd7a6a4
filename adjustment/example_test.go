package adjustment_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/icbatch/caselle/adjustment"
	"github.com/shopspring/decimal"
)

func ExampleNewWriter() {
	var out strings.Builder
	h := adjustment.Header{BillerCode: "SPANFORK", Created: time.Date(2026, 11, 25, 6, 30, 0, 0, time.UTC),
		Period: adjustment.Period{Year: 2026, Month: 11}, PeriodClosed: true}
	w, _ := adjustment.NewWriter(&out, h, nil)
	w.Write(adjustment.Adjustment{Account: "100-2345-01", InvoiceNumber: "2026110001", InvoiceType: 1,
		Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Code: "LEAK", Description: "Leak credit, service line",
		Amount: decimal.RequireFromString("-25.00"), NewBalance: decimal.RequireFromString("36.37")})
	w.Close()
	fmt.Print(strings.ReplaceAll(out.String(), "\r\n", "\n"))

	// A period still open in Caselle is refused: its balances would
	// arrive in Invoice Cloud as $0.00.
	h.PeriodClosed = false
	_, err := adjustment.NewWriter(&out, h, nil)
	fmt.Println(errors.Is(err, adjustment.ErrPeriodOpen))
	// Output:
	// H,SPANFORK,20261125,063000,202611,Y
	// A,100-2345-01,2026110001,01,11/24/2026,LEAK,"Leak credit, service line",-25.00,36.37
	// T,3,1,-25.00
	// true
}
