package invoice

import (
	"bytes"
	"cmp"
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
// Its bif tags bind it to the BIF layout's columns (DefaultBIFLayout), as
// layout tags bind the Connect records; three columns are the reader's
// and writer's own (custom): a minimum that may be absent, and two lists.
type BIFRow struct {
	Account            string          `bif:"AccountNumber,A,json=account"`
	Number             string          `bif:"InvoiceNumber,A,json=invoice_number"`
	TypeID             int             `bif:"InvoiceTypeID,N,json=invoice_type"`
	Customer           Customer        `bif:"@,json=customer"`
	InvoiceDate        time.Time       `bif:"InvoiceDate,MDY,json=invoice_date"`
	DueDate            time.Time       `bif:"DueDate,MDY,json=due_date"`
	BalanceDue         decimal.Decimal `bif:"BalanceDue,M,json=balance_due"`
	MinimumDue         decimal.Decimal `bif:"MinimumDue,M,custom,json=minimum_due"` // with HasMinimum: the column may be empty
	HasMinimum         bool            // false: no minimum payment (the column is empty)
	AllowPartial       bool            `bif:"AllowPartialPayment,F,json=allow_partial_payment"`
	ExpireDate         time.Time       `bif:"ExpireDate,MDY,json=expire_date"`        // zero: never expires
	AutoPayDate        time.Time       `bif:"AutoPayDate,MDY,json=autopay_date"`      // zero: not on AutoPay
	NotifyDates        []time.Time     `bif:"NotifyDates,A,custom,json=notify_dates"` // e-mail notification dates, ascending: MM/DD/YYYY;…
	Paperless          bool            `bif:"Paperless,F,json=paperless"`
	AutoPay            bool            `bif:"AutoPay,F,json=autopay"`
	PreviousBalance    decimal.Decimal `bif:"PreviousBalance,M,json=previous_balance"`
	Payments           decimal.Decimal `bif:"Payments,M,json=payments"`
	Adjustments        decimal.Decimal `bif:"Adjustments,M,json=adjustments"`
	CurrentCharges     decimal.Decimal `bif:"CurrentCharges,M,json=current_charges"`
	PenaltyDate        time.Time       `bif:"PenaltyDate,MDY,json=penalty_date"`
	AmountAfterPenalty decimal.Decimal `bif:"AmountAfterPenalty,M,json=amount_after_penalty"`
	Usage              []MonthUsage    `bif:"UsageHistory,A,custom,json=usage"` // newest first; empty unless history usage graphs are on: YYYYMM:n;…
	BillImage          string          `bif:"BillImage,A,json=bill_image"`      // the bill PDF's file name, or empty
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

// BIFLayout is a BIF layout bound to the columns this package reads and
// writes. DefaultBIFLayout is FORMATS §4; LoadBIFLayout reads an edited
// copy (columns may move; none may be missing, renamed or retyped).
type BIFLayout struct {
	l   *layout.Layout        `layout:"layout"`
	row *layout.Codec[BIFRow] `layout:",bif"`
}

var defaultBIF = layout.MustBind(bifJSON, layout.BindNew[BIFLayout]) // loaded again by TestDefaultLayoutsLoad

// DefaultBIFLayout returns the reference layout of FORMATS §4.
func DefaultBIFLayout() *BIFLayout { return defaultBIF }

// LoadBIFLayout reads an edited copy of DefaultBIFLayout().JSON().
func LoadBIFLayout(r io.Reader) (*BIFLayout, error) {
	return layout.LoadBound(r, layout.BindNew[BIFLayout])
}

// JSON returns the layout's definition.
func (l *BIFLayout) JSON() []byte { return l.l.JSON() }

// Markdown documents the layout.
func (l *BIFLayout) Markdown() string { return l.l.Markdown() }

// column is the field of a rule's column, named by the rule (bifNames).
func (l *BIFLayout) column(name string) *layout.Field { return l.l.Records[0].Field(name) }

// BIFOptions configure a BIFReader or BIFWriter.
type BIFOptions struct {
	Name      string
	MaxErrors int
	Registry  *Registry
	Layout    *BIFLayout // nil: DefaultBIFLayout
}

// BIFReader reads a BIF file as a stream of rows, checking the header row
// exactly, the balance-forward identity, dates, lists and unique
// account/invoice pairs.
type BIFReader struct {
	l    *BIFLayout
	f    layout.File[BIFRow, struct{}, struct{}] // a BIF has no header or trailer record
	reg  *Registry
	seen *seen.Set
}

// NewBIFReader returns a reader of the BIF r.
func NewBIFReader(r io.Reader, opts *BIFOptions) *BIFReader {
	o := cmp.Or(opts, &BIFOptions{})
	br := &BIFReader{l: cmp.Or(o.Layout, defaultBIF), reg: o.Registry, seen: seen.New(0)}
	br.f.Open(br.l.l, r, o.Name, o.MaxErrors)
	return br
}

// Read returns the next row, or a problem, or io.EOF.
func (r *BIFReader) Read() (BIFRow, error) { return r.f.Out.Next(r.step) }

// Line returns the line the last row read starts on.
func (r *BIFReader) Line() int { return r.f.Out.Line() }

// All returns the rows as an iterator.
func (r *BIFReader) All() iter.Seq2[BIFRow, error] { return layout.All(r.Read) }

func (r *BIFReader) step() {
	row, err := r.f.Rows.Next()
	if err == io.EOF {
		if r.f.Rows.Lines() == 0 {
			r.f.Out.Fail(&Error{File: r.f.Name, Line: 1, Err: ErrInvalid, Msg: "the file is empty; want the BIF header row"}, 1)
		}
		r.f.Out.End()
		return
	}
	if err != nil {
		r.f.Fail(err)
		return
	}
	r.f.Line = row.Line
	l := r.l
	var b BIFRow
	l.row.ReadWith(row, &b, func(f *layout.Field) { // the columns the codec leaves to the reader
		switch f.Name {
		case "MinimumDue":
			b.MinimumDue, b.HasMinimum = row.Money(f), len(row.Raw(f)) > 0
		case "NotifyDates":
			b.NotifyDates = parseNotify(row, f, row.Text(f))
		case "UsageHistory":
			b.Usage = parseUsageList(row, f, row.Text(f))
		}
	})
	if row.Err() == nil {
		checkBIF(&b, r.reg, func(field, value string, kind error, format string, a ...any) {
			row.Fail(l.column(field), kind, format, a...)
		})
		if b.Account != "" && b.Number != "" {
			if first, dup := r.seen.Add(b.Account+"\x00"+b.Number, row.Line); dup {
				row.Fail(l.column("InvoiceNumber"), ErrDuplicate, "account %s invoice %s is already %s", b.Account, b.Number, seen.Where(first))
			}
		}
	}
	if err := row.Err(); err != nil {
		r.f.Out.Fail(err, row.Line)
		return
	}
	r.f.Out.Push(b, row.Line)
}

func parseNotify(row *layout.Row, f *layout.Field, s string) []time.Time {
	if s == "" {
		return nil
	}
	var out []time.Time
	for _, p := range strings.Split(s, ";") {
		t, err := time.Parse("01/02/2006", p)
		if err != nil {
			row.Fail(f, ErrSyntax, "want dates MM/DD/YYYY separated by ';', not %q", p)
			return nil
		}
		out = append(out, t)
	}
	return out
}

func parseUsageList(row *layout.Row, f *layout.Field, s string) []MonthUsage {
	if s == "" {
		return nil
	}
	var out []MonthUsage
	for _, p := range strings.Split(s, ";") {
		ym, cons, ok := strings.Cut(p, ":")
		v, err := strconv.ParseInt(cons, 10, 64)
		if !ok || len(ym) != 6 || err != nil || v < 0 || strings.HasPrefix(cons, "+") {
			row.Fail(f, ErrSyntax, "want YYYYMM:consumption entries separated by ';', not %q", p)
			return nil
		}
		n, err := strconv.Atoi(ym)
		if err != nil {
			row.Fail(f, ErrSyntax, "want YYYYMM:consumption entries separated by ';', not %q", p)
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
	l   *BIFLayout
	w   *layout.Writer
	reg *Registry
}

// NewBIFWriter returns a writer of a BIF to w. It has the form of every
// writer's constructor; a BIF has no header to check, so the error is nil.
func NewBIFWriter(w io.Writer, opts *BIFOptions) (*BIFWriter, error) {
	o := cmp.Or(opts, &BIFOptions{})
	l := cmp.Or(o.Layout, defaultBIF)
	return &BIFWriter{l: l, reg: o.Registry, w: layout.NewWriter(l.l, w, o.Name)}, nil
}

// Write checks b and writes it.
func (w *BIFWriter) Write(b BIFRow) error {
	l, bb := w.l, w.w.Begin("")
	checkBIF(&b, w.reg, func(field, value string, kind error, format string, a ...any) {
		bb.Fail(l.column(field), value, kind, format, a...)
	})
	l.row.Write(bb, &b)
	if b.HasMinimum {
		bb.Money(l.column("MinimumDue"), b.MinimumDue)
	} else {
		bb.Text(l.column("MinimumDue"), "")
	}
	var nd bytes.Buffer
	for i, t := range b.NotifyDates {
		if i > 0 {
			nd.WriteByte(';')
		}
		nd.WriteString(t.Format("01/02/2006"))
	}
	bb.Text(l.column("NotifyDates"), nd.String())
	var uh bytes.Buffer
	for i, m := range b.Usage {
		if i > 0 {
			uh.WriteByte(';')
		}
		fmt.Fprintf(&uh, "%04d%02d:%d", m.Month.Year, int(m.Month.Month), m.Consumption)
	}
	bb.Text(l.column("UsageHistory"), uh.String())
	return w.w.Commit()
}

// Close flushes (writing the header row of an empty BIF).
func (w *BIFWriter) Close() error { return w.w.Flush() }
