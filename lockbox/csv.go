package lockbox

import (
	"cmp"
	"fmt"
	"io"
	"iter"

	"github.com/icbatch/caselle/internal/layout"
	"github.com/icbatch/caselle/internal/seen"
)

// The orders CSV: a header row, then one row per item; rows with the same
// confirmation number form one order and must agree on payer, deposit date
// and store. Dates MM/DD/YYYY, amounts plain decimals (FORMATS §1).
//
//	Confirmation,Payer,DepositDate,StoreCode,ItemCode,Quantity,Amount,Description
//
// The GL map CSV: a header row, then one row per store item.
//
//	ItemCode,GLAccount
//
// ordersCSV and glCSV are the two CSV layouts bound to the fields read.
type ordersCSV struct {
	l            *layout.Layout `layout:"layout"`
	confirmation *layout.Field  `layout:",Confirmation,A"`
	payer        *layout.Field  `layout:",Payer,A"`
	deposit      *layout.Field  `layout:",DepositDate,MDY"`
	store        *layout.Field  `layout:",StoreCode,A"`
	itemCode     *layout.Field  `layout:",ItemCode,A"`
	quantity     *layout.Field  `layout:",Quantity,N"`
	amount       *layout.Field  `layout:",Amount,M"`
	description  *layout.Field  `layout:",Description,A"`
}

type glCSV struct {
	l         *layout.Layout `layout:"layout"`
	itemCode  *layout.Field  `layout:",ItemCode,A"`
	glAccount *layout.Field  `layout:",GLAccount,A"`
}

var (
	ordersFile = layout.MustBind([]byte(`{"name": "lockbox orders", "format": "delimited", "header": true,
  "records": [{"type": "", "fields": [
    {"name": "Confirmation", "column": 1, "type": "A"},
    {"name": "Payer", "column": 2, "type": "A"},
    {"name": "DepositDate", "column": 3, "type": "MDY"},
    {"name": "StoreCode", "column": 4, "type": "A"},
    {"name": "ItemCode", "column": 5, "type": "A"},
    {"name": "Quantity", "column": 6, "type": "N"},
    {"name": "Amount", "column": 7, "type": "M"},
    {"name": "Description", "column": 8, "type": "A"}]}]}`), layout.BindNew[ordersCSV])
	glFile = layout.MustBind([]byte(`{"name": "lockbox GL map", "format": "delimited", "header": true,
  "records": [{"type": "", "fields": [
    {"name": "ItemCode", "column": 1, "type": "A"},
    {"name": "GLAccount", "column": 2, "type": "A"}]}]}`), layout.BindNew[glCSV])
)

// maxCSVProblems caps the problems ReadOrders and ReadGLMap collect when
// Options.MaxErrors is 0.
const maxCSVProblems = 100

// eachRow calls row for each record of a header-row CSV file and fail
// for each problem (a record that cannot be read, or the problems row
// found in it); either returning false stops it. It returns a failure to
// read, which is not a record's problem.
func eachRow(l *layout.Layout, r io.Reader, name string, row func(*layout.Row) bool, fail func(error) bool) error {
	rd := layout.NewReader(l, r, name)
	records, problems := 0, 0
	for {
		rw, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !layout.IsProblem(err) {
				return err // reading failed
			}
			problems++
			if !fail(err) {
				return nil
			}
			continue
		}
		records++
		more := row(rw)
		if err := rw.Err(); err != nil {
			problems++
			more = fail(err) && more
		}
		if !more {
			return nil
		}
	}
	if records == 0 && problems == 0 && rd.Lines() == 0 {
		fail(&layout.Error{File: name, Line: 1, Err: ErrInvalid, Msg: "the file is empty; want a header row"})
	}
	return nil
}

// readCSV calls row for each record of a header-row CSV file, collecting
// problems (as many as opts allows).
func readCSV(l *layout.Layout, r io.Reader, opts *Options, row func(*layout.Row)) error {
	max := maxCSVProblems
	if opts != nil && opts.MaxErrors != 0 {
		max = opts.MaxErrors
	}
	var errs layout.Errors
	err := eachRow(l, r, cmp.Or(opts, &Options{}).Name, func(rw *layout.Row) bool { row(rw); return true }, func(err error) bool {
		errs = append(errs, layout.Flatten(err)...)
		return max < 0 || len(errs) < max
	})
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// orderRow reads one row of an orders CSV file: the order it belongs to
// (without items) and its item, or false when the row has a problem (noted
// on the row).
func orderRow(row *layout.Row) (Order, Item, bool) {
	f := ordersFile
	o := Order{
		Confirmation: row.Text(f.confirmation),
		Payer:        row.Text(f.payer),
		Deposit:      row.Date(f.deposit),
		Store:        row.Text(f.store),
	}
	it := Item{
		Code:        row.Text(f.itemCode),
		Quantity:    int(row.Number(f.quantity)),
		Amount:      row.Money(f.amount),
		Description: row.Text(f.description),
	}
	if row.Err() != nil {
		return o, it, false
	}
	if o.Confirmation == "" {
		row.Fail(f.confirmation, ErrInvalid, "confirmation number is required")
		return o, it, false
	}
	return o, it, true
}

// sameOrder checks that a later row of an order (o, from row) agrees with
// its first (prev, on line first), noting on the row where it does not.
func sameOrder(row *layout.Row, prev, o *Order, first int) bool {
	f := ordersFile
	switch {
	case prev.Payer != o.Payer:
		row.Fail(f.payer, ErrInvalid, "order %s has payer %q on line %d", o.Confirmation, prev.Payer, first)
	case !prev.Deposit.Equal(o.Deposit):
		row.Fail(f.deposit, ErrInvalid, "order %s has deposit date %s on line %d", o.Confirmation, prev.Deposit.Format("01/02/2006"), first)
	case prev.Store != o.Store:
		row.Fail(f.store, ErrInvalid, "order %s has store %q on line %d", o.Confirmation, prev.Store, first)
	default:
		return true
	}
	return false
}

// ReadOrders reads an orders CSV file. It reports every problem it finds
// (up to 100 unless opts.MaxErrors says otherwise), each naming file
// (opts.Name), line, column and value; opts may be nil. The rows of an
// order may be anywhere in the file; the orders are held in memory (see
// StreamOrders for a day too large for that).
func ReadOrders(r io.Reader, opts *Options) ([]Order, error) {
	var orders []Order
	byConf := map[string]int{} // confirmation → index in orders
	firstLine := map[string]int{}
	err := readCSV(ordersFile.l, r, opts, func(row *layout.Row) {
		o, it, ok := orderRow(row)
		if !ok {
			return
		}
		i, ok := byConf[o.Confirmation]
		if !ok {
			byConf[o.Confirmation] = len(orders)
			firstLine[o.Confirmation] = row.Line
			o.Items = []Item{it}
			orders = append(orders, o)
			return
		}
		if prev := &orders[i]; sameOrder(row, prev, &o, firstLine[o.Confirmation]) {
			prev.Items = append(prev.Items, it)
		}
	})
	if err != nil {
		return nil, err
	}
	return orders, nil
}

// StreamOrders reads an orders CSV file one order at a time, holding one
// order in memory, for BuildFiles. An order's rows must follow each other
// (as CloudStore writes them): a row of an order that ended earlier in the
// file is a problem naming the line the order began on. Each problem is
// yielded as an error (every one, as many as the file has; the consumer
// stops when it has enough), a failure to read the file as the last;
// opts may be nil.
func StreamOrders(r io.Reader, opts *Options) iter.Seq2[Order, error] {
	return func(yield func(Order, error) bool) {
		var cur Order
		curLine, have := 0, false
		done := seen.New(0) // the orders yielded, with their first lines
		emit := func() bool {
			if !have {
				return true
			}
			have = false
			done.Add(cur.Confirmation, curLine)
			return yield(cur, nil)
		}
		stopped := false
		err := eachRow(ordersFile.l, r, cmp.Or(opts, &Options{}).Name, func(row *layout.Row) bool {
			o, it, ok := orderRow(row)
			switch {
			case !ok:
				return true
			case have && o.Confirmation == cur.Confirmation:
				if sameOrder(row, &cur, &o, curLine) {
					cur.Items = append(cur.Items, it)
				}
				return true
			}
			if !emit() {
				stopped = true
				return false
			}
			if line, dup := done.Lookup(o.Confirmation); dup {
				row.Fail(ordersFile.confirmation, ErrOrder, "order %s began on line %d and another order came between; put an order's rows together", o.Confirmation, line)
				return true
			}
			o.Items = []Item{it}
			cur, curLine, have = o, row.Line, true
			return true
		}, func(err error) bool {
			for _, e := range layout.Flatten(err) {
				if !yield(Order{}, e) {
					stopped = true
					return false
				}
			}
			return true
		})
		if stopped {
			return
		}
		if err != nil {
			yield(Order{}, err)
			return
		}
		emit()
	}
}

// ReadGLMap reads a GL map CSV file. An item code given two different
// accounts is an error naming both lines. Problems are reported as by
// ReadOrders; opts may be nil.
func ReadGLMap(r io.Reader, opts *Options) (GLMap, error) {
	m := GLMap{}
	lines := map[string]int{}
	err := readCSV(glFile.l, r, opts, func(row *layout.Row) {
		code, acct := row.Text(glFile.itemCode), row.Text(glFile.glAccount)
		if row.Err() != nil {
			return
		}
		switch {
		case code == "":
			row.Fail(glFile.itemCode, ErrInvalid, "item code is required")
		case acct == "":
			row.Fail(glFile.glAccount, ErrUnmapped, "GL account is required for item %s", code)
		case m[code] != "" && m[code] != acct:
			row.Fail(glFile.glAccount, ErrDuplicate, "item %s is mapped to %s on line %d", code, m[code], lines[code])
		default:
			if _, ok := m[code]; !ok {
				m[code], lines[code] = acct, row.Line
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// WriteOrders writes orders as an orders CSV file.
func WriteOrders(w io.Writer, orders []Order) error {
	lw := layout.NewWriter(ordersFile.l, w, "orders")
	f := ordersFile
	for _, o := range orders {
		for _, it := range o.Items {
			b := lw.Begin("")
			b.Text(f.confirmation, o.Confirmation)
			b.Text(f.payer, o.Payer)
			b.Date(f.deposit, o.Deposit)
			b.Text(f.store, o.Store)
			b.Text(f.itemCode, it.Code)
			b.Int(f.quantity, int64(it.Quantity))
			b.Money(f.amount, it.Amount)
			b.Text(f.description, it.Description)
			if err := lw.Commit(); err != nil {
				return fmt.Errorf("lockbox: order %s: %w", o.Confirmation, err)
			}
		}
	}
	return lw.Flush()
}

// WriteGLMap writes a GL map CSV file, sorted by item code.
func WriteGLMap(w io.Writer, m GLMap) error {
	lw := layout.NewWriter(glFile.l, w, "gl map")
	for _, code := range sortedKeys(m) {
		b := lw.Begin("")
		b.Text(glFile.itemCode, code)
		b.Text(glFile.glAccount, m[code])
		if err := lw.Commit(); err != nil {
			return err
		}
	}
	return lw.Flush()
}
