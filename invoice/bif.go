package invoice

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/seen"
	"github.com/shopspring/decimal"
)

// BIFRow is one row of Invoice Cloud's native Biller Invoice File
// (FORMATS §4): an invoice as the biller's BIF customization presents it.
type BIFRow struct {
	Account            string
	Number             string
	TypeID             int
	Customer           Customer
	InvoiceDate        time.Time
	DueDate            time.Time
	BalanceDue         decimal.Decimal
	MinimumDue         decimal.Decimal
	HasMinimum         bool // false: no minimum payment (the column is empty)
	AllowPartial       bool
	ExpireDate         time.Time   // zero: never expires
	AutoPayDate        time.Time   // zero: not on AutoPay
	NotifyDates        []time.Time // e-mail notification dates, ascending
	Paperless          bool
	AutoPay            bool
	PreviousBalance    decimal.Decimal
	Payments           decimal.Decimal
	Adjustments        decimal.Decimal
	CurrentCharges     decimal.Decimal
	PenaltyDate        time.Time
	AmountAfterPenalty decimal.Decimal
	Usage              []MonthUsage // newest first; empty unless history usage graphs are on
	BillImage          string       // the bill PDF's file name, or empty
}

// Bill is a bill Invoice Cloud presented — an invoice as the biller's
// BIF customization made it — and where it was read: what payments,
// adjustments and bill images are reconciled against.
type Bill struct {
	BIFRow
	File string
	// Line is a BIF row's line. For invoices of a Connect or Clarity
	// file, whose readers give no lines, it is the invoice's position in
	// the file (1 for the first); 0 when not read from a file.
	Line int
}

// ReadBills reads every row of a BIF as bills of file name.
func ReadBills(r io.Reader, name string) ([]Bill, error) {
	br := NewBIFReader(r, &BIFOptions{Name: name})
	var bills []Bill
	for {
		row, err := br.Read()
		if err == io.EOF {
			return bills, nil
		}
		if err != nil {
			return nil, err
		}
		bills = append(bills, Bill{BIFRow: row, File: name, Line: br.Line()})
	}
}

// Customization is a biller's BIF customization: how a Caselle invoice
// becomes a BIF row. Load it from JSON with LoadCustomization. The zero
// value is valid: balance-forward billing, no minimum payment, no partial
// payments, no e-mail notifications, AutoPay on the due date, bills that
// never expire.
type Customization struct {
	// BillingMode is "balance-forward" (or empty, the same); open-item
	// billing is not supported by the Caselle integration and is refused.
	BillingMode string `json:"billingMode"`
	// AutoPayDaysBeforeDue sets the AutoPay collection date of invoices on
	// AutoPay: that many days before the due date (0: on it).
	AutoPayDaysBeforeDue int `json:"autopayDaysBeforeDue"`
	// NotifyDaysBeforeDue and NotifyOnBillDate set the e-mail notification
	// schedule.
	NotifyDaysBeforeDue []int `json:"notifyDaysBeforeDue"`
	NotifyOnBillDate    bool  `json:"notifyOnBillDate"`
	// ExpireDaysAfterDue expires a bill for payment that many days after
	// its due date; 0: never.
	ExpireDaysAfterDue int `json:"expireDaysAfterDue"`
	// MinimumPayment is "source" (the invoice file's minimum due) or
	// "none" (or empty, the same).
	MinimumPayment string `json:"minimumPayment"`
	// AllowPartialPayments lets payers pay less than the balance due.
	AllowPartialPayments bool `json:"allowPartialPayments"`
	// UsageHistoryGraphs is advanced setting 109: usage history travels
	// into the BIF only when it is on.
	UsageHistoryGraphs bool `json:"usageHistoryGraphs"`
}

// ErrOpenItem reports open-item billing, which the integration does not
// support.
var ErrOpenItem = errors.New("open-item billing is not supported by the Caselle integration; only balance-forward billing is")

// Check says what is wrong with a customization, or nil.
func (c Customization) Check() error {
	switch {
	case c.BillingMode == "open-item":
		return fmt.Errorf("invoice: customization: %w", ErrOpenItem)
	case c.BillingMode != "balance-forward" && c.BillingMode != "":
		return fmt.Errorf("invoice: customization: billingMode %q: want \"balance-forward\"", c.BillingMode)
	case c.AutoPayDaysBeforeDue < 0 || c.AutoPayDaysBeforeDue > 60:
		return fmt.Errorf("invoice: customization: autopayDaysBeforeDue %d: want 0-60", c.AutoPayDaysBeforeDue)
	case c.ExpireDaysAfterDue < 0 || c.ExpireDaysAfterDue > 3650:
		return fmt.Errorf("invoice: customization: expireDaysAfterDue %d: want 0 (never) to 3650", c.ExpireDaysAfterDue)
	case c.MinimumPayment != "source" && c.MinimumPayment != "none" && c.MinimumPayment != "":
		return fmt.Errorf("invoice: customization: minimumPayment %q: want \"source\" or \"none\"", c.MinimumPayment)
	}
	for _, d := range c.NotifyDaysBeforeDue {
		if d < 0 || d > 60 {
			return fmt.Errorf("invoice: customization: notifyDaysBeforeDue %d: want 0-60", d)
		}
	}
	return nil
}

// LoadCustomization reads a customization from JSON; unknown keys are an
// error, as is open-item billing.
func LoadCustomization(r io.Reader) (Customization, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var c Customization
	if err := dec.Decode(&c); err != nil {
		return Customization{}, fmt.Errorf("invoice: customization: %w", err)
	}
	return c, c.Check()
}

// BIF turns an invoice into a BIF row under the customization.
func (c Customization) BIF(inv Invoice, billImage string) (BIFRow, error) {
	if err := c.Check(); err != nil {
		return BIFRow{}, err
	}
	b := inv.Balances
	row := BIFRow{Account: inv.Account, Number: inv.Number, TypeID: inv.TypeID, Customer: inv.Customer,
		InvoiceDate: inv.BillDate, DueDate: inv.DueDate, BalanceDue: b.AmountDue, AllowPartial: c.AllowPartialPayments,
		Paperless: inv.Paperless, AutoPay: inv.AutoPay, PreviousBalance: b.Previous, Payments: b.Payments,
		Adjustments: b.Adjustments, CurrentCharges: b.Current, PenaltyDate: inv.PenaltyDate, AmountAfterPenalty: b.AfterPenalty,
		BillImage: billImage}
	if c.MinimumPayment == "source" {
		row.MinimumDue, row.HasMinimum = b.MinimumDue, true
	}
	if c.ExpireDaysAfterDue > 0 {
		row.ExpireDate = inv.DueDate.AddDate(0, 0, c.ExpireDaysAfterDue)
	}
	if inv.AutoPay {
		row.AutoPayDate = inv.DueDate.AddDate(0, 0, -c.AutoPayDaysBeforeDue)
	}
	if c.NotifyOnBillDate {
		row.NotifyDates = append(row.NotifyDates, inv.BillDate)
	}
	for _, d := range c.NotifyDaysBeforeDue {
		row.NotifyDates = append(row.NotifyDates, inv.DueDate.AddDate(0, 0, -d))
	}
	slices.SortFunc(row.NotifyDates, func(a, b time.Time) int { return a.Compare(b) })
	row.NotifyDates = slices.CompactFunc(row.NotifyDates, func(a, b time.Time) bool { return a.Equal(b) })
	if c.UsageHistoryGraphs && len(inv.Usage) > 0 {
		row.Usage = inv.Usage[0].Months // the invoice's first service
	}
	return row, nil
}

//go:embed bif.json
var bifJSON []byte

var bifLayout = layout.MustParse(string(bifJSON))

func bifField(name string) *layout.Field { return bifLayout.Records[0].Field(name) }

// BIFOptions configure a BIFReader or BIFWriter.
type BIFOptions struct {
	Name      string
	MaxErrors int
	Registry  *Registry
}

// BIFReader reads a BIF file as a stream of rows, checking the header row
// exactly, the balance-forward identity, dates, lists and unique
// account/invoice pairs.
type BIFReader struct {
	rd   *layout.Reader
	name string
	reg  *Registry
	out  layout.Stream[BIFRow]
	seen *seen.Set
	line int
}

// NewBIFReader returns a reader of the BIF r.
func NewBIFReader(r io.Reader, opts *BIFOptions) *BIFReader {
	br := &BIFReader{seen: seen.New(0)}
	if opts != nil {
		br.name, br.reg = opts.Name, opts.Registry
		br.out.Policy = layout.Policy{Max: opts.MaxErrors, File: opts.Name}
	}
	br.rd = layout.NewReader(bifLayout, r, br.name)
	return br
}

// Read returns the next row, or a problem, or io.EOF.
func (r *BIFReader) Read() (BIFRow, error) { return r.out.Next(r.step) }

// Line returns the line the last row read starts on.
func (r *BIFReader) Line() int { return r.out.Line() }

// All returns the rows as an iterator.
func (r *BIFReader) All() iter.Seq2[BIFRow, error] { return layout.All(r.Read) }

func (r *BIFReader) step() {
	row, err := r.rd.Next()
	if err == io.EOF {
		if r.rd.Lines() == 0 {
			r.out.Fail(&Error{File: r.name, Line: 1, Err: ErrInvalid, Msg: "the file is empty; want the BIF header row"}, 1)
		}
		r.out.End()
		return
	}
	if err != nil {
		r.out.Fail(err, r.line)
		return
	}
	r.line = row.Line
	f := bifField
	b := BIFRow{
		Account: row.Text(f("AccountNumber")), Number: row.Text(f("InvoiceNumber")), TypeID: int(row.Number(f("InvoiceTypeID"))),
		Customer: Customer{Name: row.Text(f("CustomerName")), Address1: row.Text(f("Address1")), Address2: row.Text(f("Address2")),
			City: row.Text(f("City")), State: row.Text(f("State")), Zip: row.Text(f("Zip")), ServiceAddress: row.Text(f("ServiceAddress")),
			Email: row.Text(f("EmailAddress"))},
		InvoiceDate: row.Date(f("InvoiceDate")), DueDate: row.Date(f("DueDate")), BalanceDue: row.Money(f("BalanceDue")),
		MinimumDue: row.Money(f("MinimumDue")), HasMinimum: len(row.Raw(f("MinimumDue"))) > 0,
		AllowPartial: row.Flag(f("AllowPartialPayment")), ExpireDate: row.Date(f("ExpireDate")), AutoPayDate: row.Date(f("AutoPayDate")),
		Paperless: row.Flag(f("Paperless")), AutoPay: row.Flag(f("AutoPay")), PreviousBalance: row.Money(f("PreviousBalance")),
		Payments: row.Money(f("Payments")), Adjustments: row.Money(f("Adjustments")), CurrentCharges: row.Money(f("CurrentCharges")),
		PenaltyDate: row.Date(f("PenaltyDate")), AmountAfterPenalty: row.Money(f("AmountAfterPenalty")), BillImage: row.Text(f("BillImage")),
	}
	b.NotifyDates = parseNotify(row, row.Text(f("NotifyDates")))
	b.Usage = parseUsageList(row, row.Text(f("UsageHistory")))
	if row.Err() == nil {
		checkBIF(&b, r.reg, func(field, value string, kind error, format string, a ...any) {
			row.Fail(f(field), kind, format, a...)
		})
		if b.Account != "" && b.Number != "" {
			if first, dup := r.seen.Add(b.Account+"\x00"+b.Number, row.Line); dup {
				row.Fail(f("InvoiceNumber"), ErrDuplicate, "account %s invoice %s is already on line %d", b.Account, b.Number, first)
			}
		}
	}
	if err := row.Err(); err != nil {
		r.out.Fail(err, row.Line)
		return
	}
	r.out.Push(b, row.Line)
}

func parseNotify(row *layout.Row, s string) []time.Time {
	if s == "" {
		return nil
	}
	var out []time.Time
	for _, p := range strings.Split(s, ";") {
		t, err := time.Parse("01/02/2006", p)
		if err != nil {
			row.Fail(bifField("NotifyDates"), ErrSyntax, "want dates MM/DD/YYYY separated by ';', not %q", p)
			return nil
		}
		out = append(out, t)
	}
	return out
}

func parseUsageList(row *layout.Row, s string) []MonthUsage {
	if s == "" {
		return nil
	}
	var out []MonthUsage
	for _, p := range strings.Split(s, ";") {
		ym, cons, ok := strings.Cut(p, ":")
		v, err := strconv.ParseInt(cons, 10, 64)
		if !ok || len(ym) != 6 || err != nil || v < 0 || strings.HasPrefix(cons, "+") {
			row.Fail(bifField("UsageHistory"), ErrSyntax, "want YYYYMM:consumption entries separated by ';', not %q", p)
			return nil
		}
		n, err := strconv.Atoi(ym)
		if err != nil {
			row.Fail(bifField("UsageHistory"), ErrSyntax, "want YYYYMM:consumption entries separated by ';', not %q", p)
			return nil
		}
		out = append(out, MonthUsage{Month: periodOf(uint64(n)), Consumption: v})
	}
	return out
}

// checkBIF applies the BIF row rules; field is a BIF column name.
func checkBIF(b *BIFRow, reg *Registry, fail func(field, value string, kind error, format string, a ...any)) {
	inv := Invoice{Account: b.Account, Number: b.Number, TypeID: b.TypeID, BillDate: b.InvoiceDate, DueDate: b.DueDate,
		Balances: Balances{Previous: b.PreviousBalance, Payments: b.Payments, Adjustments: b.Adjustments, Current: b.CurrentCharges, AmountDue: b.BalanceDue}}
	checkInvoiceRules(&inv, reg, nil, func(r rule, value string, kind error, format string, a ...any) {
		fail(bifNames[r], value, kind, format, a...)
	})
	checkUsageRules(&Usage{Service: "BIF", Months: b.Usage}, func(_, value string, kind error, format string, a ...any) {
		fail("UsageHistory", value, kind, format, a...)
	})
	for i := 1; i < len(b.NotifyDates); i++ {
		if !b.NotifyDates[i-1].Before(b.NotifyDates[i]) {
			fail("NotifyDates", "", ErrOrder, "notification dates must be ascending and distinct")
			break
		}
	}
	if !b.ExpireDate.IsZero() && b.ExpireDate.Before(b.DueDate) {
		fail("ExpireDate", "", ErrInvalid, "a bill cannot expire before it is due")
	}
	if b.AutoPay != !b.AutoPayDate.IsZero() {
		fail("AutoPayDate", "", ErrInvalid, "an AutoPay collection date goes with AutoPay=Y, and only with it")
	}
}

// bifNames names the BIF column each rule speaks of.
var bifNames = map[rule]string{
	ruleAccount:   "AccountNumber",
	ruleNumber:    "InvoiceNumber",
	ruleType:      "InvoiceTypeID",
	ruleBillDate:  "InvoiceDate",
	ruleDueDate:   "DueDate",
	ruleAmountDue: "BalanceDue",
	ruleCurrent:   "CurrentCharges",
}

// BIFWriter writes a BIF: the header row, then each row.
type BIFWriter struct {
	w   *layout.Writer
	reg *Registry
}

// NewBIFWriter returns a writer of a BIF to w. It has the form of every
// writer's constructor; a BIF has no header to check, so the error is nil.
func NewBIFWriter(w io.Writer, opts *BIFOptions) (*BIFWriter, error) {
	bw := &BIFWriter{}
	name := ""
	if opts != nil {
		name, bw.reg = opts.Name, opts.Registry
	}
	bw.w = layout.NewWriter(bifLayout, w, name)
	return bw, nil
}

// Write checks b and writes it.
func (w *BIFWriter) Write(b BIFRow) error {
	f := bifField
	bb := w.w.Begin("")
	checkBIF(&b, w.reg, func(field, value string, kind error, format string, a ...any) {
		bb.Fail(f(field), value, kind, format, a...)
	})
	bb.Text(f("AccountNumber"), b.Account)
	bb.Text(f("InvoiceNumber"), b.Number)
	bb.Int(f("InvoiceTypeID"), int64(b.TypeID))
	c := b.Customer
	bb.Text(f("CustomerName"), c.Name)
	bb.Text(f("Address1"), c.Address1)
	bb.Text(f("Address2"), c.Address2)
	bb.Text(f("City"), c.City)
	bb.Text(f("State"), c.State)
	bb.Text(f("Zip"), c.Zip)
	bb.Text(f("ServiceAddress"), c.ServiceAddress)
	bb.Text(f("EmailAddress"), c.Email)
	bb.Date(f("InvoiceDate"), b.InvoiceDate)
	bb.Date(f("DueDate"), b.DueDate)
	bb.Money(f("BalanceDue"), b.BalanceDue)
	if b.HasMinimum {
		bb.Money(f("MinimumDue"), b.MinimumDue)
	} else {
		bb.Text(f("MinimumDue"), "")
	}
	bb.Flag(f("AllowPartialPayment"), b.AllowPartial)
	bb.Date(f("ExpireDate"), b.ExpireDate)
	bb.Date(f("AutoPayDate"), b.AutoPayDate)
	var nd bytes.Buffer
	for i, t := range b.NotifyDates {
		if i > 0 {
			nd.WriteByte(';')
		}
		nd.WriteString(t.Format("01/02/2006"))
	}
	bb.Text(f("NotifyDates"), nd.String())
	bb.Flag(f("Paperless"), b.Paperless)
	bb.Flag(f("AutoPay"), b.AutoPay)
	bb.Money(f("PreviousBalance"), b.PreviousBalance)
	bb.Money(f("Payments"), b.Payments)
	bb.Money(f("Adjustments"), b.Adjustments)
	bb.Money(f("CurrentCharges"), b.CurrentCharges)
	bb.Date(f("PenaltyDate"), b.PenaltyDate)
	bb.Money(f("AmountAfterPenalty"), b.AmountAfterPenalty)
	var uh bytes.Buffer
	for i, m := range b.Usage {
		if i > 0 {
			uh.WriteByte(';')
		}
		fmt.Fprintf(&uh, "%04d%02d:%d", m.Month.Year, int(m.Month.Month), m.Consumption)
	}
	bb.Text(f("UsageHistory"), uh.String())
	bb.Text(f("BillImage"), b.BillImage)
	return w.w.Commit()
}

// Close flushes (writing the header row of an empty BIF).
func (w *BIFWriter) Close() error { return w.w.Flush() }
