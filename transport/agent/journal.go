package agent

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/icbatch/caselle/internal/durable"
)

// Identity says which file was sent: its size and the SHA-256 of its
// content. Two files of one name are the same file only when both agree.
type Identity struct {
	Size   int64
	SHA256 [sha256.Size]byte
}

func (id Identity) String() string {
	return fmt.Sprintf("%d bytes, SHA-256 %s", id.Size, hex.EncodeToString(id.SHA256[:]))
}

// Journal remembers which files an upload has committed remotely and not
// yet renamed locally, and what each of them was.
type Journal interface {
	// Sent returns the identity recorded for name when it was committed
	// remotely and its local rename is not yet done. A journal that knows
	// the name but not what was sent returns the zero Identity and true.
	Sent(name string) (Identity, bool, error)
	// MarkSent records, durably, that the file id was committed remotely
	// as name.
	MarkSent(name string, id Identity) error
	// MarkDone records that name's local rename is done.
	MarkDone(name string) error
}

// FileJournal is a Journal in an append-only text file, one event a line,
// synced before it returns:
//
//	sent <size> <sha256 hex> <name>
//	done <name>
//
// A last line cut short by a crash (no line end) is an event that never
// completed, so nothing depended on it: it is dropped when the journal is
// opened, and Recovered says so. Lines of the first format, "sent <name>"
// without size and hash, are read as names sent with nothing known of
// what was sent. Every open rewrites the file to the entries still
// pending once it holds many more lines than that.
type FileJournal struct {
	mu   sync.Mutex
	f    *os.File
	path string
	sent map[string]Identity
	// Recovered describes what opening the journal repaired, or is "".
	Recovered string
}

var _ Journal = (*FileJournal)(nil)

// OpenJournal opens (or creates) the journal file at path.
func OpenJournal(path string) (*FileJournal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("agent: journal: %w", err)
	}
	if err := durable.SyncParents(path); err != nil { // a journal just made keeps its name
		f.Close()
		return nil, fmt.Errorf("agent: journal: %w", err)
	}
	j := &FileJournal{f: f, path: path, sent: map[string]Identity{}}
	lines, err := j.load()
	if err == nil && lines > 4*len(j.sent)+256 {
		err = j.compact()
	}
	if err == nil {
		_, err = j.f.Seek(0, io.SeekEnd)
	}
	if err != nil {
		j.f.Close()
		return nil, err
	}
	return j, nil
}

// load reads the journal, drops a torn last line, and returns how many
// lines it holds.
func (j *FileJournal) load() (int, error) {
	r := bufio.NewReader(j.f)
	var good int64
	n := 0
	for {
		line, err := r.ReadString('\n')
		if err == io.EOF {
			if line != "" {
				if terr := j.f.Truncate(good); terr != nil {
					return n, fmt.Errorf("agent: journal %s: dropping a torn last line: %w", j.path, terr)
				}
				j.Recovered = fmt.Sprintf("journal %s: line %d was cut short by a crash (%q) and is dropped: the event it began never completed", j.path, n+1, line)
			}
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("agent: journal %s: %w", j.path, err)
		}
		n++
		if err := j.apply(strings.TrimSuffix(line, "\n")); err != nil {
			return n, fmt.Errorf("agent: journal %s:%d: %w", j.path, n, err)
		}
		good += int64(len(line))
	}
}

// apply takes one journal line into the pending map.
func (j *FileJournal) apply(line string) error {
	op, rest, _ := strings.Cut(line, " ")
	switch op {
	case "done":
		if rest != "" {
			delete(j.sent, rest)
			return nil
		}
	case "sent":
		size, hash, name, ok := parseSent(rest)
		if ok {
			j.sent[name] = Identity{Size: size, SHA256: hash}
			return nil
		}
		if rest != "" && !strings.Contains(rest, " ") { // the first format: a name only
			j.sent[rest] = Identity{}
			return nil
		}
	}
	return fmt.Errorf(`want "sent SIZE SHA256 NAME" or "done NAME", got %q`, line)
}

func parseSent(s string) (int64, [sha256.Size]byte, string, bool) {
	var hash [sha256.Size]byte
	sz, rest, ok := strings.Cut(s, " ")
	if !ok {
		return 0, hash, "", false
	}
	hx, name, ok := strings.Cut(rest, " ")
	size, err := strconv.ParseInt(sz, 10, 64)
	if !ok || err != nil || size < 0 || name == "" || len(hx) != 2*sha256.Size {
		return 0, hash, "", false
	}
	if _, err := hex.Decode(hash[:], []byte(hx)); err != nil {
		return 0, hash, "", false
	}
	return size, hash, name, true
}

func sentLine(name string, id Identity) string {
	return fmt.Sprintf("sent %d %s %s\n", id.Size, hex.EncodeToString(id.SHA256[:]), name)
}

// compact rewrites the journal to its pending entries, through a new file
// renamed over the old one.
func (j *FileJournal) compact() error {
	var b bytes.Buffer
	for name, id := range j.sent {
		b.WriteString(sentLine(name, id))
	}
	tmp := j.path + ".new"
	if err := writeSynced(tmp, b.Bytes()); err != nil {
		return fmt.Errorf("agent: compacting journal %s: %w", j.path, err)
	}
	if err := durable.Rename(tmp, j.path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("agent: compacting journal %s: %w", j.path, err)
	}
	f, err := os.OpenFile(j.path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("agent: journal: %w", err)
	}
	j.f.Close()
	j.f = f
	syncDir(filepath.Dir(j.path))
	return nil
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable, where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Sent implements Journal.
func (j *FileJournal) Sent(name string) (Identity, bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	id, ok := j.sent[name]
	return id, ok, nil
}

func (j *FileJournal) record(line, name string, apply func()) error {
	if strings.ContainsAny(name, "\n\r") || name == "" {
		return fmt.Errorf("agent: journal: name %q cannot be recorded", name)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return errors.New("agent: journal is closed")
	}
	if _, err := j.f.WriteString(line); err != nil {
		return fmt.Errorf("agent: journal %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("agent: journal %s: %w", j.path, err)
	}
	apply()
	return nil
}

// MarkSent implements Journal.
func (j *FileJournal) MarkSent(name string, id Identity) error {
	return j.record(sentLine(name, id), name, func() { j.sent[name] = id })
}

// MarkDone implements Journal.
func (j *FileJournal) MarkDone(name string) error {
	return j.record("done "+name+"\n", name, func() { delete(j.sent, name) })
}

// Close closes the journal file.
func (j *FileJournal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}
