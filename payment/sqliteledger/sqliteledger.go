// Package sqliteledger is a payment.Ledger kept in a SQLite database,
// through the pure-Go driver modernc.org/sqlite (no C compiler needed).
//
// It shows the shape a ledger over Cash Receipting's own database takes:
// Post claims the confirmation number, runs post and records the posting
// in one database transaction. post gets that transaction from Tx(ctx);
// what it writes through it commits with the ledger's record or not at
// all, so a crash at any point leaves the payment either posted and
// recorded or neither, and the next import posts it exactly once. There
// is no "in doubt" as with payment.FileLedger.
//
// Any number of importers, in one process or many, may open the same
// database: transactions begin IMMEDIATE, so they queue for the write
// lock (BusyTimeout) instead of failing or posting twice.
//
// Keep this package out of builds that do not need it: payment itself
// imports no database code.
package sqliteledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/icbatch/caselle/payment"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// BusyTimeout is how long a transaction waits for another importer's.
const BusyTimeout = 30 * time.Second

const schema = `CREATE TABLE IF NOT EXISTS icbatch_postings (
	confirmation TEXT PRIMARY KEY NOT NULL,
	file         TEXT NOT NULL,
	line         INTEGER NOT NULL,
	posted       TEXT NOT NULL
)`

// Ledger is a payment.Ledger in a SQLite database. It is safe for
// concurrent use.
type Ledger struct {
	db   *sql.DB
	path string
}

// Open opens (or creates) the database at path and its postings table
// (icbatch_postings).
func Open(ctx context.Context, path string) (*Ledger, error) {
	q := url.Values{}
	q.Set("_txlock", "immediate")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqliteledger: opening %s: %w", path, err)
	}
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqliteledger: %s: creating the postings table: %w", path, err)
	}
	return &Ledger{db: db, path: path}, nil
}

// DB is the database, for the tables post writes to.
func (l *Ledger) DB() *sql.DB { return l.db }

type txKey struct{}

// Tx returns the transaction a Post runs post in, or nil outside one.
// Write the posting through it to have it commit with the ledger's record.
func Tx(ctx context.Context) *sql.Tx {
	tx, _ := ctx.Value(txKey{}).(*sql.Tx)
	return tx
}

// Post implements payment.Ledger. When post returns an error or panics,
// the transaction is rolled back: nothing it wrote through Tx stays, and
// the number is free for the next import.
func (l *Ledger) Post(ctx context.Context, pg payment.Posting, post func(context.Context) error) (payment.Posting, error) {
	if pg.Confirmation == "" {
		return payment.Posting{}, errors.New("sqliteledger: empty confirmation number")
	}
	if pg.Posted.IsZero() {
		pg.Posted = time.Now()
	}
	pg.Posted = pg.Posted.UTC()
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return payment.Posting{}, fmt.Errorf("sqliteledger: %s: %w", l.path, err)
	}
	defer tx.Rollback() // after Commit, a no-op
	if earlier, ok, err := lookup(ctx, tx, pg.Confirmation); err != nil {
		return payment.Posting{}, fmt.Errorf("sqliteledger: %s: looking up %s: %w", l.path, pg.Confirmation, err)
	} else if ok {
		return earlier, payment.ErrPosted
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO icbatch_postings (confirmation, file, line, posted) VALUES (?, ?, ?, ?)`,
		pg.Confirmation, pg.File, pg.Line, pg.Posted.Format(time.RFC3339Nano)); err != nil {
		return payment.Posting{}, fmt.Errorf("sqliteledger: %s: recording %s: %w", l.path, pg.Confirmation, err)
	}
	if err := callPost(context.WithValue(ctx, txKey{}, tx), post); err != nil {
		return payment.Posting{}, err
	}
	if err := tx.Commit(); err != nil {
		return payment.Posting{}, fmt.Errorf("sqliteledger: %s: committing %s (rolled back, not posted): %w", l.path, pg.Confirmation, err)
	}
	return pg, nil
}

func callPost(ctx context.Context, post func(context.Context) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("sqliteledger: posting panicked (rolled back): %v", v)
		}
	}()
	return post(ctx)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func lookup(ctx context.Context, q querier, confirmation string) (payment.Posting, bool, error) {
	pg := payment.Posting{Confirmation: confirmation}
	var posted string
	err := q.QueryRowContext(ctx, `SELECT file, line, posted FROM icbatch_postings WHERE confirmation = ?`, confirmation).Scan(&pg.File, &pg.Line, &posted)
	if errors.Is(err, sql.ErrNoRows) {
		return payment.Posting{}, false, nil
	}
	if err != nil {
		return payment.Posting{}, false, err
	}
	if pg.Posted, err = time.Parse(time.RFC3339Nano, posted); err != nil {
		return payment.Posting{}, false, fmt.Errorf("posted time %q of %s: %w", posted, confirmation, err)
	}
	return pg, true, nil
}

// Lookup returns the posting of a confirmation number, if it was posted.
func (l *Ledger) Lookup(ctx context.Context, confirmation string) (payment.Posting, bool, error) {
	pg, ok, err := lookup(ctx, l.db, confirmation)
	if err != nil {
		err = fmt.Errorf("sqliteledger: %s: looking up %s: %w", l.path, confirmation, err)
	}
	return pg, ok, err
}

// Close closes the database.
func (l *Ledger) Close() error { return l.db.Close() }
