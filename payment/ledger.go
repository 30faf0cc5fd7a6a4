package payment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/icbatch/caselle/internal/durable"
	"github.com/icbatch/caselle/internal/flock"
)

// ErrPosted reports a payment whose confirmation number was posted
// before, from this file or another. Caselle's interface module warns
// "Duplicate Confirmation Number" for it; the SDK reports it and never
// posts the payment again.
var ErrPosted = errors.New("duplicate confirmation number: posted before")

// ErrInDoubt reports a payment that was claimed for posting but whose
// outcome the ledger does not know: the process stopped (or the ledger
// could not record the outcome) after posting began. It is never posted
// again by itself: someone checks Cash Receipting and resolves it
// (FileLedger.Resolve).
var ErrInDoubt = errors.New("posting in doubt: posting began but its outcome was never recorded")

// ErrLedgerInUse reports a ledger that another importer has open.
var ErrLedgerInUse = errors.New("ledger in use by another importer")

// Posting records that a payment was posted to Cash Receipting.
type Posting struct {
	Confirmation string
	File         string    // payment file it came from
	Line         int       // its line in that file
	Posted       time.Time // when it was posted (claimed, for one in doubt)
}

// Ledger posts each confirmation number at most once, across files, days
// and importers.
//
// Post posts pg by calling post, as one step with claiming the number and
// recording the posting: of any number of callers, in any number of
// processes, with the same confirmation number, at most one calls post.
//   - (pg, nil): post was called, returned nil, and the posting is recorded.
//   - (earlier, ErrPosted): the number was posted before; post not called.
//   - (claim, ErrInDoubt): an earlier attempt began and its outcome is
//     unknown; post not called. Also returned, wrapped, when post panicked
//     or returned nil but the ledger could not record it.
//   - (_, err): post returned err (nothing was posted, so the number is
//     free again), or the ledger failed before calling post.
//
// A ledger over the database that Cash Receipting posts into runs post
// inside its own transaction and needs no "in doubt" (see the sqliteledger
// package); FileLedger, which cannot, records a claim before calling post.
type Ledger interface {
	Post(ctx context.Context, pg Posting, post func(context.Context) error) (Posting, error)
}

// ImportResult says what Import did.
type ImportResult struct {
	Header   Header
	Trailer  Trailer
	Posted   []Posting
	Skipped  []*Error // payments posted before, one ErrPosted each
	InDoubt  []*Error // payments whose earlier posting is in doubt, one ErrInDoubt each
	Payments int      // payments in the file
}

// Import posts the payments of a payment file exactly once. It reads and
// checks the whole file first and posts nothing unless every record is
// valid and the trailer adds up. Then it posts each payment through the
// ledger: a payment posted before is skipped and reported (ErrPosted);
// one whose earlier posting is in doubt is reported (ErrInDoubt) and left
// for someone to resolve, and Import goes on with the others and returns
// an error naming them at the end. An error from post stops the import;
// a rerun posts what was not posted.
//
// The file is held in memory between the two steps (a day's payments).
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
	log := r.log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("file", r.f.Name)
	stopped := func(err error) error {
		log.ErrorContext(ctx, "payment import stopped; a rerun posts what was not posted", "posted", len(res.Posted), "error", err.Error())
		return err
	}
	if len(errs) > 0 {
		log.ErrorContext(ctx, "payment file refused, nothing posted", "problems", len(errs), "first", errs[0].Error())
		return res, errors.Join(errs...)
	}
	res.Header, _ = r.Header()
	res.Trailer, _ = r.Trailer()
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return res, stopped(err)
		}
		called := false
		pg := Posting{Confirmation: it.p.Confirmation, File: r.f.Name, Line: it.line, Posted: time.Now().UTC()}
		got, err := led.Post(ctx, pg, func(ctx context.Context) error {
			called = true
			return post(ctx, it.p)
		})
		switch {
		case err == nil:
			res.Posted = append(res.Posted, got)
			log.InfoContext(ctx, "payment posted", "line", it.line, "confirmation", it.p.Confirmation, "account", it.p.Account, "amount", it.p.Amount.StringFixed(2))
			continue
		case errors.Is(err, ErrPosted) && !called:
			res.Skipped = append(res.Skipped, &Error{File: r.f.Name, Line: it.line, Record: "PD", Field: "confirmation",
				Value: it.p.Confirmation, Err: ErrPosted,
				Msg: fmt.Sprintf("Duplicate Confirmation Number: posted %s from %s line %d; not posted again",
					got.Posted.Format("2006-01-02 15:04"), got.File, got.Line)})
			log.WarnContext(ctx, "payment posted before, skipped", "line", it.line, "confirmation", it.p.Confirmation, "posted_from", got.File, "posted_line", got.Line)
		case errors.Is(err, ErrInDoubt) && !called:
			res.InDoubt = append(res.InDoubt, &Error{File: r.f.Name, Line: it.line, Record: "PD", Field: "confirmation",
				Value: it.p.Confirmation, Err: ErrInDoubt,
				Msg: fmt.Sprintf("posting began %s (from %s line %d) and its outcome was never recorded; check Cash Receipting, then resolve it in the ledger; not posted",
					got.Posted.Format("2006-01-02 15:04:05"), got.File, got.Line)})
			log.ErrorContext(ctx, "payment in doubt, not posted: check Cash Receipting, then resolve it in the ledger", "line", it.line, "confirmation", it.p.Confirmation)
		case called && errors.Is(err, ErrInDoubt):
			return res, stopped(fmt.Errorf("payment: posting %s (line %d): whether it was posted is not known; it stays in doubt until resolved: %w", it.p.Confirmation, it.line, err))
		case called:
			return res, stopped(fmt.Errorf("payment: posting %s (line %d): %w", it.p.Confirmation, it.line, err))
		default:
			return res, stopped(fmt.Errorf("payment: ledger, before posting %s (line %d): %w", it.p.Confirmation, it.line, err))
		}
	}
	log.InfoContext(ctx, "payment file imported", "payments", res.Payments, "posted", len(res.Posted), "skipped", len(res.Skipped), "in_doubt", len(res.InDoubt))
	if len(res.InDoubt) > 0 {
		errs := make([]error, len(res.InDoubt))
		for i, e := range res.InDoubt {
			errs[i] = e
		}
		return res, fmt.Errorf("payment: %d payments in doubt, not posted: %w", len(res.InDoubt), errors.Join(errs...))
	}
	return res, nil
}

// errPanicked marks a post that panicked: whether it posted is unknown.
var errPanicked = errors.New("posting panicked")

// callPost calls post, turning a panic into an error wrapping errPanicked.
func callPost(ctx context.Context, post func(context.Context) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("payment: %w: %v", errPanicked, v)
		}
	}()
	return post(ctx)
}

// FileLedger is a Ledger kept in an append-only text file, one line a
// step, tab-separated, each synced to disk before Post goes on:
//
//	claim  CONF  TIME  LINE  "FILE"   before post is called
//	posted CONF                        after post returned nil
//	free   CONF                        after post returned an error
//
// (A line of four fields, CONF TIME LINE "FILE", is a posting recorded by
// earlier versions.) A claim with no outcome, left by a crash while
// posting, is in doubt: Post refuses it with ErrInDoubt until Resolve says
// what happened. A last line cut short by a crash is dropped on opening
// (Recovered says so); it was never acted on, since nothing is posted
// before its claim is on disk.
//
// One FileLedger at a time may have a file open: a second opener, in this
// process or another, gets ErrLedgerInUse. The lock is the operating
// system's and ends with the process. A FileLedger holds every
// confirmation number in memory and is safe for concurrent use.
type FileLedger struct {
	mu        sync.Mutex
	f         *os.File
	path      string
	size      int64 // bytes of whole lines in the file
	broken    error // a write that could not be undone; no more writes
	m         map[string]*entry
	recovered []string
}

type entryState int

const (
	claimed entryState = iota // post running, or in doubt after a crash
	posted
)

type entry struct {
	pg      Posting
	state   entryState
	running chan struct{} // closed when the post in this process ends; nil when none runs
}

// OpenFileLedger opens (or creates) the ledger file at path and locks it.
func OpenFileLedger(path string) (*FileLedger, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("payment: opening ledger: %w", err)
	}
	if err := flock.Lock(f); err != nil {
		f.Close()
		if errors.Is(err, flock.ErrHeld) {
			return nil, fmt.Errorf("payment: ledger %s: %w (another import is running; one importer at a time)", path, ErrLedgerInUse)
		}
		return nil, fmt.Errorf("payment: locking ledger %s: %w", path, err)
	}
	if err := durable.SyncParents(path); err != nil { // a ledger just made keeps its name
		f.Close()
		return nil, fmt.Errorf("payment: opening ledger: %w", err)
	}
	l := &FileLedger{f: f, path: path, m: make(map[string]*entry)}
	if err := l.load(); err != nil {
		f.Close()
		return nil, err
	}
	return l, nil
}

func (l *FileLedger) load() error {
	data, err := io.ReadAll(l.f)
	if err != nil {
		return fmt.Errorf("payment: reading ledger %s: %w", l.path, err)
	}
	whole := bytes.LastIndexByte(data, '\n') + 1
	if whole < len(data) {
		torn := data[whole:]
		if err := l.f.Truncate(int64(whole)); err != nil {
			return fmt.Errorf("payment: ledger %s: dropping a last line cut short: %w", l.path, err)
		}
		l.recovered = append(l.recovered, fmt.Sprintf("%s: dropped a last line cut short by a crash (%q); it was never acted on", l.path, torn))
	}
	l.size = int64(whole)
	for n, line := range bytes.Split(data[:whole], []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if err := l.apply(string(line)); err != nil {
			return fmt.Errorf("payment: ledger %s:%d: %w", l.path, n+1, err)
		}
	}
	return nil
}

// apply replays one line of the file.
func (l *FileLedger) apply(s string) error {
	fields := strings.Split(s, "\t")
	switch {
	case len(fields) == 4: // a posting from earlier versions
		pg, err := parsePosting(fields)
		if err != nil {
			return err
		}
		if _, ok := l.m[pg.Confirmation]; !ok {
			l.m[pg.Confirmation] = &entry{pg: pg, state: posted}
		}
	case len(fields) == 5 && fields[0] == "claim":
		pg, err := parsePosting(fields[1:])
		if err != nil {
			return err
		}
		if e, ok := l.m[pg.Confirmation]; ok {
			return fmt.Errorf("claim of %s, which is already %s", pg.Confirmation, e.state)
		}
		l.m[pg.Confirmation] = &entry{pg: pg, state: claimed}
	case len(fields) == 2 && (fields[0] == "posted" || fields[0] == "free"):
		e, ok := l.m[fields[1]]
		if !ok || e.state != claimed {
			return fmt.Errorf("%s %s with no claim before it", fields[0], fields[1])
		}
		if fields[0] == "posted" {
			e.state = posted
		} else {
			delete(l.m, fields[1])
		}
	default:
		return fmt.Errorf("cannot read %q (not a line this ledger writes)", s)
	}
	return nil
}

func (s entryState) String() string {
	if s == posted {
		return "posted"
	}
	return "claimed"
}

func parsePosting(parts []string) (Posting, error) {
	t, err := time.Parse(time.RFC3339Nano, parts[1])
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

// Recovered lists what opening the ledger repaired.
func (l *FileLedger) Recovered() []string { return l.recovered }

// Lookup returns the posting of a confirmation number: wasPosted says whether
// it was posted, ok whether the ledger knows the number at all (a number
// known but not posted is in doubt, or being posted now).
func (l *FileLedger) Lookup(confirmation string) (pg Posting, wasPosted, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.m[confirmation]
	if !ok {
		return Posting{}, false, false
	}
	return e.pg, e.state == posted, true
}

// InDoubt lists the postings whose outcome is unknown, oldest first.
func (l *FileLedger) InDoubt() []Posting {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Posting
	for _, e := range l.m {
		if e.state == claimed && e.running == nil {
			out = append(out, e.pg)
		}
	}
	sortPostings(out)
	return out
}

func sortPostings(ps []Posting) {
	slices.SortFunc(ps, func(a, b Posting) int {
		if c := a.Posted.Compare(b.Posted); c != 0 {
			return c
		}
		return strings.Compare(a.Confirmation, b.Confirmation)
	})
}

// Resolve records what happened to a posting in doubt, as found in Cash
// Receipting: wasPosted true marks it posted (never posted again), false
// frees the number so that the next import posts it.
func (l *FileLedger) Resolve(confirmation string, wasPosted bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.m[confirmation]
	switch {
	case !ok:
		return fmt.Errorf("payment: ledger %s: %s is not in the ledger", l.path, confirmation)
	case e.state == posted:
		return fmt.Errorf("payment: ledger %s: %s is posted, not in doubt", l.path, confirmation)
	case e.running != nil:
		return fmt.Errorf("payment: ledger %s: %s is being posted now, not in doubt", l.path, confirmation)
	}
	return l.outcome(e, wasPosted)
}

// outcome writes and applies the end of a claim. l.mu is held.
func (l *FileLedger) outcome(e *entry, wasPosted bool) error {
	word := "free"
	if wasPosted {
		word = "posted"
	}
	if err := l.append(word + "\t" + e.pg.Confirmation + "\n"); err != nil {
		return err
	}
	if wasPosted {
		e.state = posted
	} else {
		delete(l.m, e.pg.Confirmation)
	}
	return nil
}

// Post implements Ledger.
func (l *FileLedger) Post(ctx context.Context, pg Posting, post func(context.Context) error) (Posting, error) {
	if pg.Confirmation == "" || strings.ContainsAny(pg.Confirmation, "\t\r\n") {
		return Posting{}, fmt.Errorf("payment: ledger: confirmation number %q cannot be recorded", pg.Confirmation)
	}
	if pg.Posted.IsZero() {
		pg.Posted = time.Now()
	}
	pg.Posted = pg.Posted.UTC()
	l.mu.Lock()
	for {
		e, ok := l.m[pg.Confirmation]
		if !ok {
			break
		}
		if e.state == posted {
			l.mu.Unlock()
			return e.pg, ErrPosted
		}
		if e.running == nil {
			l.mu.Unlock()
			return e.pg, ErrInDoubt
		}
		// Posted now by another goroutine: wait for its outcome.
		wait := e.running
		l.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return Posting{}, ctx.Err()
		}
		l.mu.Lock()
	}
	line := fmt.Sprintf("claim\t%s\t%s\t%d\t%s\n", pg.Confirmation, pg.Posted.Format(time.RFC3339Nano), pg.Line, strconv.Quote(pg.File))
	if err := l.append(line); err != nil {
		l.mu.Unlock()
		return Posting{}, err
	}
	e := &entry{pg: pg, state: claimed, running: make(chan struct{})}
	l.m[pg.Confirmation] = e
	l.mu.Unlock()

	postErr := callPost(ctx, post)

	l.mu.Lock()
	defer l.mu.Unlock()
	defer func() { close(e.running); e.running = nil }()
	if errors.Is(postErr, errPanicked) {
		return pg, fmt.Errorf("%w: %v", ErrInDoubt, postErr)
	}
	if err := l.outcome(e, postErr == nil); err != nil {
		// The claim stays on disk without an outcome: in doubt.
		if postErr == nil {
			return pg, fmt.Errorf("%w: %v", ErrInDoubt, err)
		}
		return pg, fmt.Errorf("%w (and the ledger could not free the number, so it is now in doubt: %v)", postErr, err)
	}
	if postErr != nil {
		return Posting{}, postErr
	}
	return pg, nil
}

// append writes s at the end of the file and syncs it. A write that fails
// part way is cut off again, so the next line starts on a line of its own;
// when even that fails, the ledger refuses further writes. l.mu is held.
func (l *FileLedger) append(s string) error {
	if l.f == nil {
		return errors.New("payment: ledger is closed")
	}
	if l.broken != nil {
		return l.broken
	}
	_, err := l.f.WriteAt([]byte(s), l.size)
	if err == nil {
		err = l.f.Sync()
	}
	if err != nil {
		err = fmt.Errorf("payment: writing ledger %s: %w", l.path, err)
		if terr := l.f.Truncate(l.size); terr != nil {
			l.broken = fmt.Errorf("%v; and cutting off the part written failed, so the ledger takes no more writes until reopened: %v", err, terr)
		}
		return err
	}
	l.size += int64(len(s))
	return nil
}

// Close closes the ledger file, releasing its lock.
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
