package payment

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrPosted reports a payment whose confirmation number was posted
// before, from this file or another. Caselle's interface module warns
// "Duplicate Confirmation Number" for it; the SDK reports it and never
// posts the payment again.
var ErrPosted = errors.New("duplicate confirmation number: posted before")

// Posting records that a payment was posted to Cash Receipting.
type Posting struct {
	Confirmation string
	File         string    // payment file it came from
	Line         int       // its line in that file
	Posted       time.Time // when it was posted
}

// Ledger remembers which confirmation numbers have been posted, across
// files and days. Implement it over the database that Cash Receipting
// posts into to post and record in one transaction; FileLedger is a
// file-backed implementation.
type Ledger interface {
	// Lookup returns the earlier posting of a confirmation number.
	Lookup(ctx context.Context, confirmation string) (Posting, bool, error)
	// Record remembers postings durably before it returns nil.
	Record(ctx context.Context, ps ...Posting) error
}

// ImportResult says what Import did.
type ImportResult struct {
	Header   Header
	Trailer  Trailer
	Posted   []Posting
	Skipped  []*Error // payments posted before, one ErrPosted each
	Payments int      // payments in the file
}

// Import posts the payments of a payment file exactly once. It reads and
// checks the whole file first and posts nothing unless every record is
// valid and the trailer adds up. Then, for each payment, it asks the
// ledger: a payment posted before is skipped and reported (ErrPosted);
// the others are passed to post and recorded one at a time.
//
// The file is held in memory between the two steps (a day's payments).
// A crash after post returns and before Record completes leaves that one
// payment unrecorded; to close that window, implement Ledger in the same
// transaction as post.
func Import(ctx context.Context, r *Reader, led Ledger, post func(context.Context, Payment) error) (ImportResult, error) {
	type item struct {
		p    Payment
		line int
	}
	var items []item
	var errs []error
	for {
		p, err := r.Read()
		if err != nil {
			if err != io.EOF {
				errs = append(errs, err)
				continue
			}
			break
		}
		items = append(items, item{p, r.Line()})
	}
	res := ImportResult{Payments: len(items)}
	if len(errs) > 0 {
		return res, errors.Join(errs...)
	}
	res.Header, _ = r.Header()
	res.Trailer, _ = r.Trailer()
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		earlier, posted, err := led.Lookup(ctx, it.p.Confirmation)
		if err != nil {
			return res, fmt.Errorf("payment: ledger lookup of %s: %w", it.p.Confirmation, err)
		}
		if posted {
			res.Skipped = append(res.Skipped, &Error{File: r.name, Line: it.line, Record: "PD", Field: "confirmation",
				Value: it.p.Confirmation, Err: ErrPosted,
				Msg: fmt.Sprintf("Duplicate Confirmation Number: posted %s from %s line %d; not posted again",
					earlier.Posted.Format("2006-01-02 15:04"), earlier.File, earlier.Line)})
			continue
		}
		if err := post(ctx, it.p); err != nil {
			return res, fmt.Errorf("payment: posting %s (line %d): %w", it.p.Confirmation, it.line, err)
		}
		pg := Posting{Confirmation: it.p.Confirmation, File: r.name, Line: it.line, Posted: time.Now().UTC()}
		if err := led.Record(ctx, pg); err != nil {
			return res, fmt.Errorf("payment: %s was posted but the ledger could not record it; record it by hand before importing again: %w", it.p.Confirmation, err)
		}
		res.Posted = append(res.Posted, pg)
	}
	return res, nil
}

// FileLedger is a Ledger kept in an append-only text file, one posting a
// line: confirmation, time (RFC 3339), line and file, tab-separated. It
// holds every confirmation number in memory; it is safe for concurrent use.
type FileLedger struct {
	mu   sync.Mutex
	f    *os.File
	path string
	m    map[string]Posting
}

// OpenFileLedger opens (or creates) the ledger file at path.
func OpenFileLedger(path string) (*FileLedger, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("payment: opening ledger: %w", err)
	}
	l := &FileLedger{f: f, path: path, m: make(map[string]Posting)}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		p, err := parsePosting(sc.Text())
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("payment: ledger %s:%d: %w", path, n, err)
		}
		if _, ok := l.m[p.Confirmation]; !ok {
			l.m[p.Confirmation] = p
		}
	}
	if err := sc.Err(); err != nil {
		f.Close()
		return nil, fmt.Errorf("payment: reading ledger %s: %w", path, err)
	}
	return l, nil
}

func parsePosting(s string) (Posting, error) {
	parts := strings.SplitN(s, "\t", 4)
	if len(parts) != 4 {
		return Posting{}, fmt.Errorf("want 4 tab-separated fields, got %d (a write cut short? remove the line only if that payment was not posted)", len(parts))
	}
	t, err := time.Parse(time.RFC3339, parts[1])
	if err != nil {
		return Posting{}, fmt.Errorf("bad time %q", parts[1])
	}
	line, err := strconv.Atoi(parts[2])
	if err != nil {
		return Posting{}, fmt.Errorf("bad line %q", parts[2])
	}
	file, err := strconv.Unquote(parts[3])
	if err != nil {
		return Posting{}, fmt.Errorf("bad file name %s", parts[3])
	}
	return Posting{Confirmation: parts[0], Posted: t, Line: line, File: file}, nil
}

// Lookup implements Ledger.
func (l *FileLedger) Lookup(_ context.Context, confirmation string) (Posting, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p, ok := l.m[confirmation]
	return p, ok, nil
}

// Record implements Ledger: it appends and syncs before returning.
func (l *FileLedger) Record(_ context.Context, ps ...Posting) error {
	var b strings.Builder
	for _, p := range ps {
		if p.Confirmation == "" || strings.ContainsAny(p.Confirmation, "\t\r\n") {
			return fmt.Errorf("payment: ledger: confirmation number %q cannot be recorded", p.Confirmation)
		}
		fmt.Fprintf(&b, "%s\t%s\t%d\t%s\n", p.Confirmation, p.Posted.UTC().Format(time.RFC3339), p.Line, strconv.Quote(p.File))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return errors.New("payment: ledger is closed")
	}
	if _, err := l.f.WriteString(b.String()); err != nil {
		return fmt.Errorf("payment: writing ledger %s: %w", l.path, err)
	}
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("payment: syncing ledger %s: %w", l.path, err)
	}
	for _, p := range ps {
		if _, ok := l.m[p.Confirmation]; !ok {
			l.m[p.Confirmation] = p
		}
	}
	return nil
}

// Close closes the ledger file.
func (l *FileLedger) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
